"""arXiv pages saved as HTML: an abstract page (arxiv.org/abs/ID) or a listing page
(arxiv.org/list/ARCHIVE/new, /recent, /pastweek): `<dt>` id links with `<dd>` metadata under
`<h3>` day and section headers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..names import citation_name, split_authors
from ..normalize import (
    MONTH_PATTERN,
    find_code_url,
    find_project_url,
    normalize_category,
    normalize_doi,
    parse_arxiv_id,
    parse_date,
)
from .context import ParseContext, Skipped
from .html_doc import (
    Page,
    element_text,
    link_targets,
    looks_like_html,
    meta_values,
    read_page,
)

NAME = "arxiv-html"
DESCRIPTION = "arXiv abstract page (arxiv.org/abs/ID) or listing page (arxiv.org/list/...) saved as HTML"
EXAMPLE = '<h1 class="title mathjax"><span class="descriptor">Title:</span>...</h1>'

# Class names only arXiv's abstract and listing templates use.
_MARKS = [re.compile(rf"class=[\"']{c}", re.IGNORECASE) for c in (
    r"title mathjax", r"abstract mathjax", r"submission-history", r"primary-subject",
    r"list-title", r"list-authors", r"tablecell subjects", r"dateline",
)]
_SUBJECT_CODE = re.compile(r"\(([a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?)\)")
_HISTORY_ENTRY = re.compile(r"\[v(\d+)\]\s*(?:[A-Za-z]{3},\s*)?(\d{1,2} [A-Za-z]{3} \d{4})")
_SUBMITTED_ON = re.compile(r"Submitted on (\d{1,2} [A-Za-z]{3} \d{4})")
_THIS_VERSION = re.compile(r"this version, v(\d+)")
_DAY_HEADER = re.compile(rf"\b(\d{{1,2}}) ({MONTH_PATTERN})[a-z]*\.? (\d{{4}}|\d{{2}})\b")
_NOT_SHOWN = re.compile(r"(\d+)\s+additional authors? not shown")
_ABS_HREF = re.compile(r"/abs/([^?#\s\"']+)")
_DATACITE = "10.48550/"


def detect(sample: str) -> float:
    if not looks_like_html(sample) or "SVELTE_HYDRATER" in sample or "arxiv" not in sample.lower():
        return 0.0
    hits = sum(1 for mark in _MARKS if mark.search(sample))
    return 0.0 if not hits else 0.95 if hits >= 2 else 0.8


def _subject_codes(tag) -> tuple[str | None, list[str]]:
    """(primary, all) category codes of a Subjects cell: `Machine Learning (cs.LG); ...`."""
    if tag is None:
        return None, []
    primary_tag = tag.select_one(".primary-subject")
    codes = _SUBJECT_CODE.findall(tag.get_text())
    primary = _SUBJECT_CODE.findall(primary_tag.get_text()) if primary_tag else []
    primary_code = normalize_category((primary or codes or [None])[0])
    ordered = [primary_code] if primary_code else []
    for code in map(normalize_category, codes):
        if code and code not in ordered:
            ordered.append(code)
    return primary_code, ordered


def _author_names(tag) -> tuple[list[str], bool, int | None]:
    """(names, truncated, count) of an authors element; arXiv cuts long lists to
    `A, B, ... et al. (25 additional authors not shown)`."""
    if tag is None:
        return [], False, None
    for descriptor in tag.select(".descriptor"):
        descriptor.decompose()
    links = [a for a in tag.find_all("a") if not a.get("href", "").startswith("javascript")]
    text = tag.get_text()
    names = [n for n in (element_text(a) for a in links) if n and "authors not shown" not in n]
    if not names:
        names = split_authors(re.sub(r"\bet al\..*$", "", text, flags=re.DOTALL))[0]
    not_shown = _NOT_SHOWN.search(text)
    truncated = bool(not_shown) or bool(re.search(r"\bet al\b", text))
    count = len(names) + int(not_shown[1]) if not_shown else None
    return names, truncated, count


def _doi(cell) -> str | None:
    """The related DOI of a DOI cell; arXiv's own DataCite DOI only restates the id."""
    if cell is None:
        return None
    for link in cell.find_all("a"):
        doi = normalize_doi(link.get("data-doi") or link.get("href") or link.get_text())
        if doi and not doi.startswith(_DATACITE):
            return doi
    return None


def _first(meta: dict[str, list[str]], key: str) -> str | None:
    values = meta.get(key)
    return values[0] if values else None


def _abstract_page(page: Page, ctx: ParseContext):
    soup = page.soup
    meta = meta_values(soup)
    title_tag = soup.select_one("h1.title")
    line, _ = page.line_of(title_tag, re.compile(r"<h1[^>]*class=[\"']?title"))
    names, truncated, count = _author_names(soup.select_one("div.authors"))
    meta_authors = [n for n in (citation_name(a) for a in meta.get("citation_author", [])) if n]
    if truncated and len(meta_authors) > len(names):
        names, truncated, count = meta_authors, False, None  # the head lists every author
    abstract_tag = soup.select_one("blockquote.abstract")
    comment_tag = soup.select_one("td.comments")
    abstract = element_text(abstract_tag) or _first(meta, "citation_abstract")
    comment = element_text(comment_tag)

    history = soup.select_one("div.submission-history")
    versions = {int(v): d for v, d in _HISTORY_ENTRY.findall(history.get_text() if history else "")}
    dateline = element_text(soup.select_one("div.dateline")) or ""
    first_day = versions.get(min(versions)) if versions else None
    if not first_day and (m := _SUBMITTED_ON.search(dateline)):
        first_day = m[1]
    date = parse_date(first_day, ctx.as_of)
    if not date and (cited := meta.get("citation_date")):
        date = parse_date(cited[0].replace("/", "-"), ctx.as_of)

    arxiv_id, version = None, None
    cite_link = soup.select_one("td.arxivid a")
    for candidate in (*meta.get("citation_arxiv_id", []), cite_link.get_text() if cite_link else None,
                      *meta.get("citation_pdf_url", [])):
        arxiv_id, version = parse_arxiv_id(candidate)
        if arxiv_id:
            break
    if versions:
        version = max(versions)
    elif m := _THIS_VERSION.search(dateline):
        version = int(m[1])

    category, categories = _subject_codes(soup.select_one("td.subjects"))
    hrefs = link_targets(abstract_tag, comment_tag)
    return ctx.make(
        line,
        title=element_text(title_tag) or _first(meta, "citation_title"),
        authors=names,
        authors_truncated=truncated,
        author_count=count,
        date=date,
        category=category,
        categories=categories,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=_doi(soup.select_one("td.doi")),
        code_url=find_code_url(abstract, comment, hrefs),
        project_url=find_project_url(abstract, comment, hrefs),
        abstract=abstract,
        comment=comment,
        journal_ref=element_text(soup.select_one("td.jref")),
    )


def _listing(page: Page, ctx: ParseContext, items: list) -> Iterator:
    """Records of a listing page; `items` are its `<h3>` and `<dt>` tags in page order."""
    listed_on = None
    starts: list[tuple[int | None, Any, str | None]] = []
    cursor = 0
    for tag in items:
        if tag.name == "h3":
            if m := _DAY_HEADER.search(tag.get_text()):
                year = m[3] if len(m[3]) == 4 else f"20{m[3]}"  # old pages: `Tue, 12 Mar 24`
                listed_on = parse_date(f"{m[1]} {m[2]} {year}", ctx.as_of)
            continue
        link = tag.find("a", href=_ABS_HREF)
        ref = _ABS_HREF.search(link["href"])[1]  # type: ignore[index]  # find() matched the same pattern
        line, cursor = page.line_of(tag, re.compile(rf"href\s*=\s*[\"']?/abs/{re.escape(ref)}"), cursor)
        starts.append((line, tag, listed_on))
    for i, (line, dt, listed_on) in enumerate(starts):
        following = starts[i + 1][0] if i + 1 < len(starts) else None
        last = following - 1 if line and following and following > line else line
        yield _listing_entry(dt, line, last, listed_on, ctx)


def _listing_entry(dt, line: int | None, last: int | None, listed_on: str | None, ctx: ParseContext):
    href = dt.find("a", href=_ABS_HREF)["href"]  # a listing's <dt> was found by this link
    arxiv_id, version = parse_arxiv_id(_ABS_HREF.search(href)[1])  # type: ignore[index]
    dd = dt.find_next_sibling(["dd", "dt"])
    if dd is None or dd.name != "dd":
        return ctx.make(line, last, arxiv_id=arxiv_id, arxiv_version=version, listed_on=listed_on)
    names, truncated, count = _author_names(dd.select_one(".list-authors"))
    category, categories = _subject_codes(dd.select_one(".list-subjects"))
    abstract_tag = dd.select_one("p.mathjax")
    comment_tag = dd.select_one(".list-comments")
    abstract, comment = element_text(abstract_tag), element_text(comment_tag)
    hrefs = link_targets(abstract_tag, comment_tag)
    return ctx.make(
        line, last,
        title=element_text(dd.select_one(".list-title")),
        authors=names,
        authors_truncated=truncated,
        author_count=count,
        category=category,
        categories=categories,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        code_url=find_code_url(abstract, comment, hrefs),
        project_url=find_project_url(abstract, comment, hrefs),
        abstract=abstract,
        comment=comment,
        journal_ref=element_text(dd.select_one(".list-journal-ref")),
        listed_on=listed_on,
    )


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    page = read_page(lines)
    if isinstance(page, Skipped):
        yield page
        return
    items = [t for t in page.soup.find_all(["h3", "dt"])
             if t.name == "h3" or t.find("a", href=_ABS_HREF)]
    if any(t.name == "dt" for t in items):
        yield from _listing(page, ctx, items)
    elif page.soup.select_one("h1.title, blockquote.abstract, div.submission-history"):
        yield _abstract_page(page, ctx)
    else:
        yield Skipped(None, "no arXiv abstract or listing entries in the page")
