"""Hugging Face Daily Papers (and its paper search), copied from the browser as text.

Shape: page chrome, then per paper the title, the abstract, and usually three metadata
lines: `• N authors` or an organization (`ucdavis UC Davis`: account slug, display name),
a lone `·`, and the date with an optional upvote count (`Nov 10, 2025 7`, `Feb 17 3`).
Some papers have no metadata lines at all. The page names no authors.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..lazy_regex import lazy_compile
from ..normalize import MONTH_PATTERN, collapse_ws, parse_date
from .context import ParseContext, Skipped

NAME = "hf-daily"
DESCRIPTION = "Hugging Face Daily Papers page (title; abstract; N authors or org; ·; date upvotes)"
EXAMPLE = "Stratified GRPO: ... | Large language model (LLM) agents ... | • 5 authors | · | Oct 7, 2025"

AUTHOR_COUNT = lazy_compile(r"^[•·*\-]?\s*(\d+)\s+authors?$")
# `\s`, not a space: pages put no-break spaces in dates (`Nov\xa010, 2025`).
DATE_LINE = lazy_compile(rf"^(?P<date>{MONTH_PATTERN}\s\d{{1,2}}(?:,\s\d{{4}})?)(?:\s+(?P<up>\d+))?$")
DOT = "·"
# Navigation and footer text of the page, never a paper.
CHROME = {
    "new", "get trending papers in your email inbox!", "subscribe", "daily papers",
    "byak and the research community", "submit", "submit paper", "search", "trending",
    "daily", "weekly", "monthly", "previous", "next", "load more", "papers", "models",
    "datasets", "spaces", "community", "docs", "enterprise", "pricing", "log in", "sign up",
    "system theme", "company", "tos", "privacy", "about", "jobs", "careers", "website",
    "resources", "learn", "discord", "forum", "github", "status", "blog",
}


def detect(sample: str) -> float:
    lines = [" ".join(line.split()) for line in sample.splitlines()]
    # No `author` anywhere, no author-count line: the pattern need not be compiled to know it.
    count_line = AUTHOR_COUNT.match if "author" in sample else lambda line: None
    metas = sum(1 for line in lines if line == DOT or count_line(line))
    chrome = any(line.lower() in ("daily papers", "get trending papers in your email inbox!") for line in lines)
    if not metas:
        return 0.3 if chrome else 0.0
    return min(0.9, 0.5 + 0.05 * metas + (0.2 if chrome else 0))


# Links an abstract may end in, with no period after them: `... synthesis. Code: https://...`.
_TRAILING_LINKS = lazy_compile(r"(?:\s+\(?(?:https?://|www\.)\S+)+$")


def _is_abstract(text: str) -> bool:
    """Abstracts are long, or full sentences; titles are short and carry no final period, and
    never end in a link (a short abstract may: `... synthesis. Code: https://github.com/...`)."""
    if len(text) >= 200:
        return True
    if "/" in text and (m := _TRAILING_LINKS.search(text)):
        return len(text[:m.start()].split()) >= 8
    return text.endswith(".") and len(text.split()) >= 8


class _Page:
    """Accumulates the lines between metadata blocks and turns them into records."""

    def __init__(self, ctx: ParseContext):
        self.ctx = ctx
        self.listed_on: str | None = None
        self.seen_paper = False

    def papers(self, lines: list[tuple[int, str]], meta: dict) -> Iterator:
        """Titles and abstracts in `lines`; the last paper of them owns `meta`."""
        i = 0
        while i < len(lines) and (lines[i][1].lower() in CHROME or DATE_LINE.match(lines[i][1])):
            if not self.seen_paper and (m := DATE_LINE.match(lines[i][1])) and not m["up"]:
                self.listed_on = parse_date(m["date"], self.ctx.as_of)  # the page's own day
            i += 1
        groups: list[list[tuple[int, str]]] = []
        for n, text in lines[i:]:
            if groups and _is_abstract(text):
                groups[-1].append((n, text))
            else:
                groups.append([(n, text)])
        for k, group in enumerate(groups):
            last = k == len(groups) - 1
            if len(group) == 1 and not (last and meta):
                if group[0][1].lower() not in CHROME:
                    yield Skipped(group[0][0], "a title-like line with no abstract or metadata")
                continue
            self.seen_paper = True
            yield self._record(group, meta if last else {})

    def _record(self, group: list[tuple[int, str]], meta: dict):
        ctx = self.ctx
        date = parse_date(meta.get("date"), ctx.as_of)
        return ctx.make(
            group[0][0], meta.get("last", group[-1][0]),
            title=group[0][1],
            abstract=" ".join(t for _, t in group[1:]),
            authors=[],
            authors_truncated=True,  # the listing never names the authors
            author_count=meta.get("count"),
            date=date,
            upvotes=meta.get("upvotes"),
            org=meta.get("org"),
            org_slug=meta.get("org_slug"),
            listed_on=self.listed_on if self.listed_on != date else None,
        )


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    page = _Page(ctx)
    pending: list[tuple[int, str]] = []
    meta: dict = {}
    want_date = False
    for n, raw in enumerate(lines, 1):
        text = collapse_ws(raw) or ""  # also turns no-break spaces and tabs into plain spaces
        if not text:
            continue
        if want_date:
            want_date = False
            if m := DATE_LINE.match(text):
                meta.update(date=m["date"], last=n)
                if m["up"]:
                    meta["upvotes"] = int(m["up"])
                yield from page.papers(pending, meta)
                pending, meta = [], {}
                continue
            yield from page.papers(pending, meta)
            pending, meta = [], {}
        if m := AUTHOR_COUNT.match(text):
            if meta:  # a count with no `·` and date after it still closes its paper
                yield from page.papers(pending, meta)
                pending = []
            meta = {"count": int(m[1]), "last": n}
        elif text == DOT:
            if not meta and pending and not _is_abstract(pending[-1][1]) and len(pending[-1][1]) <= 100:
                # The line before the dot is the organization: account slug, then display name.
                _, org_line = pending.pop()
                slug, _, display = " ".join(org_line.split()).partition(" ")
                meta = {"org": display.strip() or slug, "org_slug": slug if display.strip() else None}
            want_date = True
        else:
            if meta:
                yield from page.papers(pending, meta)
                pending, meta = [], {}
            pending.append((n, text))
    yield from page.papers(pending, meta)
