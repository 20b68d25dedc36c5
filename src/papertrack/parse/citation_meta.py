"""Any paper landing page saved as HTML that carries Google Scholar (Highwire) `citation_*`
meta tags: OpenReview, ACL Anthology, PMLR, publishers, arXiv. The generic fallback: the
site-specific HTML sources score higher on their own pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date as Date

from ..names import citation_name, split_authors
from ..normalize import arxiv_id_from_doi, collapse_ws, normalize_doi, parse_arxiv_id, parse_date
from .context import ParseContext, Skipped
from .html_doc import Page, element_text, looks_like_html, meta_values, read_page

NAME = "citation-meta"
DESCRIPTION = "any paper landing page saved as HTML with citation_* meta tags (OpenReview, ACL, PMLR, ...)"
EXAMPLE = '<meta name="citation_title" content="..."><meta name="citation_author" content="Last, First">'

_TITLE_TAG = re.compile(r"<meta\b[^>]*\bname\s*=\s*[\"']?citation_title\b", re.IGNORECASE)
_ANY_TAG = re.compile(r"<meta\b[^>]*\bname\s*=\s*[\"']?citation_[a-z_]+", re.IGNORECASE)
_SLASH_DATE = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
_DATE_KEYS = ("citation_publication_date", "citation_date", "citation_online_date")
# Where landing pages without citation_abstract show the abstract (ACL Anthology, PMLR).
_ABSTRACT_BODY = ("div.acl-abstract", "#abstract", ".abstract")
_ABSTRACT_HEADING = re.compile(r"^\s*abstract\b[:.]?\s*", re.IGNORECASE)


def detect(sample: str) -> float:
    """Citation tags are on nearly every scholarly page, so they only ever make a fallback."""
    if not looks_like_html(sample):
        return 0.0
    if _TITLE_TAG.search(sample):
        return 0.5
    return 0.4 if _ANY_TAG.search(sample) else 0.0


def full_date(text: str | None, as_of: Date) -> str | None:
    """`2024/05/07`, `2024-05-07`, `2024/5/7` and other full dates; a bare year or year and
    month (`2024`, `2024/8`) names no day and gives None."""
    if not text:
        return None
    if m := _SLASH_DATE.match(text.strip()):
        try:
            return Date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    return parse_date(text, as_of)


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    return next((meta[k][0] for k in keys if meta.get(k)), None)


def _plain(text: str | None) -> str | None:
    """Some publishers put markup (`<p>`, `<i>`) inside citation_abstract."""
    if text and "<" in text:
        from bs4 import BeautifulSoup

        text = BeautifulSoup(text, "lxml").get_text(" ")
    return collapse_ws(text)


def _description(meta: dict[str, list[str]], authors: list[str]) -> str | None:
    """og:description as an abstract, unless it is a citation line naming the authors
    (ACL Anthology's is `A, B. Proceedings of ...`)."""
    text = _first(meta, "og:description", "description")
    if not text or len(text.split()) < 8:
        return None
    head = text[:120]
    if any(name.split()[-1] in head for name in authors if name.split()):
        return None
    return text


def _body_abstract(page: Page) -> str | None:
    for selector in _ABSTRACT_BODY:
        if tag := page.soup.select_one(selector):
            text = _ABSTRACT_HEADING.sub("", element_text(tag) or "")
            if len(text.split()) >= 8:
                return text
    return None


def _arxiv(meta: dict[str, list[str]], doi: str | None) -> tuple[str | None, int | None]:
    for candidate in (*meta.get("citation_arxiv_id", []), *meta.get("citation_pdf_url", [])):
        arxiv_id, version = parse_arxiv_id(candidate)
        if arxiv_id:
            return arxiv_id, version
    return arxiv_id_from_doi(doi), None


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    page = read_page(lines)
    if isinstance(page, Skipped):
        yield page
        return
    meta = meta_values(page.soup)
    if not any(key.startswith("citation_") for key in meta):
        yield Skipped(None, "no citation_* meta tags: not a paper landing page")
        return
    line, _ = page.line_of(None, _TITLE_TAG if meta.get("citation_title") else _ANY_TAG)
    authors = [n for n in (citation_name(a) for a in meta.get("citation_author", [])) if n]
    if not authors and (joined := _first(meta, "citation_authors")):
        authors = [n for n in (citation_name(a) for a in joined.split(";")) if n] or split_authors(joined)[0]
    doi = normalize_doi(_first(meta, "citation_doi"))
    arxiv_id, version = _arxiv(meta, doi)
    if doi and arxiv_id_from_doi(doi):
        doi = None  # arXiv's DataCite DOI restates the arXiv id
    date = next((d for k in _DATE_KEYS for v in meta.get(k, []) if (d := full_date(v, ctx.as_of))), None)
    abstract = (_plain(_first(meta, "citation_abstract")) or _body_abstract(page)
                or _description(meta, authors))
    yield ctx.make(
        line,
        title=_first(meta, "citation_title", "og:title"),
        authors=authors,
        date=date,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=doi,
        abstract=abstract,
        journal_ref=_first(meta, "citation_journal_title", "citation_conference_title"),
    )
