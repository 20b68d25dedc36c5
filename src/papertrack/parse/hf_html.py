"""Hugging Face paper pages (huggingface.co/papers/ID) and Daily Papers listings
(huggingface.co/papers?date=..., /papers/date/YYYY-MM-DD) saved as HTML. Both carry their
papers as JSON in the `data-props` attribute of a Svelte hydrater div; that JSON is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from ..json_values import dig
from ..normalize import clean_url, find_code_url, find_project_url, parse_arxiv_id, parse_date
from .context import ParseContext, Skipped
from .html_doc import Page, looks_like_html, read_page

NAME = "hf-html"
DESCRIPTION = "Hugging Face paper page or Daily Papers listing saved as HTML (data-props JSON)"
EXAMPLE = '<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;:...'

_PROPS_TARGET = re.compile(r"data-target=[\"']?(?:DailyPapers|PaperContent)\b")
_PAPERS_URL = re.compile(r"huggingface\.co/papers\b")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\b")
_PAGE_DAY = re.compile(r"huggingface\.co/papers(?:/date/|\?date=)(\d{4}-\d{2}-\d{2})")


def detect(sample: str) -> float:
    if not looks_like_html(sample):
        return 0.0
    if _PROPS_TARGET.search(sample):
        return 0.95
    return 0.85 if "SVELTE_HYDRATER" in sample and _PAPERS_URL.search(sample) else 0.0


def _text(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _count(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _author_names(value) -> list[str]:
    """Names of the author objects, in order. `"hidden": true` only keeps the paper off that
    author's own profile page: the person is still an author and is kept."""
    if not isinstance(value, list):
        return []
    return [a["name"] for a in value if isinstance(a, dict) and _text(a.get("name"))]


def _paper(paper: dict, entry: dict, page_day: str | None, line: int | None, ctx: ParseContext):
    """One record from a `paper` object (and, on a listing, its surrounding entry)."""
    arxiv_id, version = parse_arxiv_id(_text(paper.get("id")))
    authors = _author_names(paper.get("authors"))
    summary = _text(paper.get("summary")) or _text(entry.get("summary"))
    code_url = clean_url(_text(paper.get("githubRepo")))
    project_url = clean_url(_text(paper.get("projectPage")))
    if project_url and find_code_url(project_url):  # a repository given as the project page
        code_url, project_url = code_url or find_code_url(project_url), None
    org = entry.get("organization") or paper.get("organization")
    org_slug = _text(dig(org, "name"))
    org_name = _text(dig(org, "fullname")) or org_slug
    date = parse_date(_text(paper.get("publishedAt")), ctx.as_of)
    # A listing entry's own publishedAt is the day Daily Papers showed the paper.
    listed_on = (parse_date(_text(entry.get("publishedAt")) or _text(paper.get("submittedOnDailyAt")),
                            ctx.as_of) or page_day)
    return ctx.make(
        line,
        title=_text(paper.get("title")) or _text(entry.get("title")),
        authors=authors,
        authors_truncated=not authors,
        date=date,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        code_url=code_url or find_code_url(summary),
        project_url=project_url or find_project_url(summary),
        abstract=summary,
        org=org_name,
        org_slug=org_slug,
        upvotes=_count(paper.get("upvotes")) if "upvotes" in paper else _count(entry.get("upvotes")),
        listed_on=listed_on if listed_on != date else None,
    )


def _page_day(page: Page, props: dict, ctx: ParseContext) -> str | None:
    """The listing's own day: from its props, else from the page's canonical URL."""
    for key in ("date", "dateString"):
        value = _text(props.get(key))
        if value and _ISO_DAY.match(value):  # "Oct 18" would need a year guessed
            return parse_date(value[:10], ctx.as_of)
    m = _PAGE_DAY.search(page.text[:100_000])
    return parse_date(m[1], ctx.as_of) if m else None


def _records(page: Page, ctx: ParseContext) -> Iterator:
    seen: set[str] = set()
    found_props = False
    cursor = 0
    for div in page.soup.find_all(attrs={"data-props": True}):
        raw = div["data-props"]
        if '"paper"' not in raw and '"dailyPapers"' not in raw:
            continue  # headers, theme monitors and other widgets
        target = div.get("data-target") or ""
        line, cursor = page.line_of(div, re.compile(rf"data-target=[\"']?{re.escape(target)}\b"), cursor)
        try:
            props = json.loads(raw)
        except ValueError as exc:
            yield Skipped(line, f"the {target or 'data-props'} JSON is broken ({exc})")
            found_props = True
            continue
        if not isinstance(props, dict):
            continue
        if isinstance(props.get("dailyPapers"), list):
            found_props = True
            entries = props["dailyPapers"]
            if not entries:
                yield Skipped(line, "the Daily Papers list on this page is empty")
            day = _page_day(page, props, ctx)
        elif isinstance(props.get("paper"), dict):
            found_props = True
            entries, day = [{"paper": props["paper"]}], None
        else:
            continue
        for entry in entries:
            paper = dig(entry, "paper", kind=dict)
            if paper is None:
                yield Skipped(line, "a Daily Papers entry without a paper object")
                continue
            key = _text(paper.get("id")) or _text(paper.get("title")) or ""
            if key in seen:  # the same paper in a second widget of the page
                continue
            seen.add(key)
            offset = page.find(key, max(cursor - 1, 0)) if key else -1
            yield _paper(paper, entry, day, page.line_at(offset) or line, ctx)
    if not found_props:
        yield Skipped(None, "no paper data in the page (no DailyPapers or PaperContent data-props JSON)")


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    page = read_page(lines)
    if isinstance(page, Skipped):
        yield page
        return
    yield from _records(page, ctx)
