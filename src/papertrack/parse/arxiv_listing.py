"""arXiv list pages copied as text: /list/<cat>/new, /recent, /pastweek and monthly pages.

Shape: page chrome, listing-day headers (`Showing new listings for Friday, 21 November 2025`,
`Fri, 21 Nov 2025 (showing 50 of 219 entries )`), section headers on /new pages, then per
paper `[n] arXiv:ID [pdf, html, other]`, `Title: ...`, the authors, optional `Comments:` and
`Journal-ref:`, `Subjects: Name (code); ...` and, on /new pages only, the abstract.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..lazy_regex import lazy_compile, may_contain
from ..normalize import MONTH_PATTERN, collapse_ws, find_project_url, normalize_doi, parse_arxiv_id, parse_date
from .context import ParseContext, Skipped
from .listing_authors import author_list, author_start, join_wrapped

NAME = "arxiv-listing"
DESCRIPTION = "arXiv list page (new, recent, pastweek, monthly): [n] arXiv:ID [pdf, ...]; Title; authors; Subjects"
EXAMPLE = ("[1] arXiv:2511.16012 [pdf, html, other] | Title: ... | Ana Ruiz, Tom Berg | "
           "Subjects: Machine Learning (cs.LG)")

_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Za-z]{2})?/\d{7})(?:v\d+)?"
_LINK = r"(?:pdf|ps|html|other|src)"
# The `[n]` index or the download-links bracket tells an entry's id line from an id in prose.
_ID_LINE = (rf"^(?:\[(?P<index>\d+)\]\s*)?arXiv:\s*(?P<ref>{_ID})\s*"
            r"(?:\((?:cross-list from [^)]*|replaced)\)\s*)?"
            rf"(?P<links>\[\s*{_LINK}(?:\s*,\s*{_LINK})*\s*\])?$")
ID_LINE = lazy_compile(_ID_LINE, re.IGNORECASE)
# An indexed entry whose id cannot be read: reported, and its lines kept out of the entry before.
_BROKEN_ID_LINE = r"^\[\d+\]\s*arXiv:"
BROKEN_ID_LINE = lazy_compile(_BROKEN_ID_LINE, re.IGNORECASE)
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*"
# Older pages print two-digit years (`Fri, 17 Nov 23`).
_DAY = rf"(?P<day>\d{{1,2}}) (?P<month>{MONTH_PATTERN})\.?,? (?P<year>\d{{4}}|\d{{2}})\b"
DAY_IN_TEXT = lazy_compile(_DAY)
_DAY_HEADER = rf"^{_WEEKDAY},? {_DAY}\s*(?:\((?:continued, )?showing [^)]*\))?$"
DAY_HEADER = lazy_compile(_DAY_HEADER)
_SECTION_HEADER = (r"^(?:Showing new listings for .*|(?:New submissions|Cross submissions|Cross-lists"
                   r"|Replacement submissions|Replacements)(?: for [^(]*)?\s*(?:\([^)]*\))?)$")
SECTION_HEADER = lazy_compile(_SECTION_HEADER, re.IGNORECASE)
# Paging lines and the site footer: they end the last entry (whose abstract would absorb them).
_CHROME = (r"^\[?\s*(?:total of \d+ entries|showing (?:up to )?\d+ entries per page|authors and titles for "
           r"|see (?:today's new changes|recent articles)|no updates (?:today|for this time period)"
           r"|contact arxiv|subscribe to arxiv mailings|get status notifications"
           r"|(?:about|help|contact|subscribe|copyright|privacy policy|web accessibility assistance"
           r"|arxiv operational status)$)")
CHROME = lazy_compile(_CHROME, re.IGNORECASE)
# The kinds of line above in one match, since most lines are none of them (and five matches a
# line were a fifth of the parse): the first alternative that matches names the kind, in the
# order the page walk asks; an id line is an entry's only with its index or links (the
# conditionals fail the alternative otherwise, and the others are tried).
LINE_KIND = lazy_compile(
    rf"(?P<entry>(?i:{_ID_LINE})(?(index)|(?(links)|(?!))))|(?P<broken>(?i:{_BROKEN_ID_LINE}))"
    rf"|(?P<header>{_DAY_HEADER}|(?i:{_SECTION_HEADER}))|(?P<chrome>(?i:{_CHROME}))"
)
LABEL = lazy_compile(
    r"^(?P<label>Title|Authors?|Comments|Journal[- ]ref|Subjects|Report[- ]no|MSC[- ]class"
    r"|ACM[- ]class|DOI)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
FIELD_OF_LABEL = {
    "title": "title", "author": "authors", "authors": "authors", "comments": "comment",
    "journal-ref": "journal_ref", "subjects": "subjects", "report-no": "report_no",
    "msc-class": "msc_class", "acm-class": "acm_class", "doi": "doi",
}
_SUBJECT_CODE = lazy_compile(r"\(([A-Za-z][A-Za-z\-]*(?:\.[A-Za-z\-]+)?)\)$")
# A wrapped Subjects line is joined until it ends in a `(code)`; never past this many lines.
_SUBJECT_LINES_MAX = 4


def detect(sample: str) -> float:
    """Id lines with an index or download links mark the layout; Subjects lines confirm it."""
    if not may_contain(sample, "arxiv:"):  # no id line: not this layout, and no pattern compiled
        return 0.0
    ids = subjects = headers = 0
    for line in sample.splitlines():
        text = line.strip()
        if (m := ID_LINE.match(text)) and (m["index"] or m["links"]):
            ids += 1
        elif text.startswith("Subjects:"):
            subjects += 1
        elif DAY_HEADER.match(text) or SECTION_HEADER.match(text):
            headers += 1
    if not ids:
        return 0.0
    return min(0.98, 0.6 + 0.1 * min(ids, 3) + (0.15 if subjects else 0) + (0.05 if headers else 0))


def listing_day(text: str, as_of) -> str | None:
    """`Friday, 21 November 2025` or `Fri, 17 Nov 23` inside a header, as "YYYY-MM-DD"."""
    m = DAY_IN_TEXT.search(text)
    if not m:
        return None
    year = int(m["year"])
    if year < 100:
        year += 1900 if year >= 91 else 2000  # arXiv began in 1991
    return parse_date(f"{m['day']} {m['month']} {year}", as_of)


def subject_codes(text: str) -> list[str]:
    """`Machine Learning (cs.LG); Artificial Intelligence (cs.AI)` -> ['cs.LG', 'cs.AI']."""
    codes: list[str] = []
    for part in text.split(";"):
        m = _SUBJECT_CODE.search(part.strip())
        if m and m[1] not in codes:
            codes.append(m[1])
    return codes


def split_block(lines: list[str]) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """(title-and-author lines, labelled fields, abstract lines) of the lines after an id line."""
    head: list[str] = []
    fields: dict[str, list[str]] = {}
    abstract: list[str] = []
    current: str | None = None
    for text in lines:
        if current == "abstract":
            abstract.append(text)
            continue
        m = LABEL.match(text)
        if m:
            label = FIELD_OF_LABEL[m["label"].lower().replace(" ", "-")]
            if label == "title" and current is None and not head:
                # Kept whole: its length tells whether the line was wrapped (see author_start).
                if m["value"]:
                    head.append(text)
                continue
            if label != "title":
                current = label
                fields.setdefault(label, [])
                if m["value"]:
                    fields[label].append(m["value"])
                continue
        if current is None:
            head.append(text)
        elif current == "subjects" and _subjects_done(fields["subjects"]) and not text.startswith(";"):
            current = "abstract"
            abstract.append(text)
        else:
            fields[current].append(text)
    return head, fields, abstract


def _subjects_done(parts: list[str]) -> bool:
    text = join_wrapped(parts).rstrip()
    return len(parts) >= _SUBJECT_LINES_MAX or (text.endswith(")") and bool(parts))


class _Page:
    """Walks the page: tracks the listing day and gathers each entry's lines."""

    def __init__(self, ctx: ParseContext):
        self.ctx = ctx
        self.listed_on: str | None = None
        # The longest entry line so far approximates the wrap width of a hard-wrapped copy
        # (id lines and headers are indented differently, so they do not count).
        self.width = 0
        self.entry: tuple[int, re.Match, list[tuple[int, str]]] | None = None

    def feed(self, n: int, text: str) -> Iterator:
        m = LINE_KIND.match(text)
        if m is None:
            if self.entry:
                self.entry[2].append((n, text))
                self.width = max(self.width, len(text))
            return
        yield from self.flush()
        kind = m.lastgroup
        if kind == "entry":
            self.entry = (n, m, [])
        elif kind == "broken":
            yield Skipped(n, "list entry with an unreadable arXiv id")
        elif kind == "header":
            self.listed_on = listing_day(text, self.ctx.as_of) or self.listed_on

    def flush(self) -> Iterator:
        if self.entry:
            yield self.record(*self.entry)
            self.entry = None

    def record(self, first: int, m: re.Match, block: list[tuple[int, str]]):
        head, fields, abstract_lines = split_block([text for _, text in block])
        authors = None
        if "authors" in fields:
            title_lines, author_lines = head, fields["authors"]
        else:
            k, authors = author_start(head, self.width)
            title_lines, author_lines = head[:k], head[k:]
        if title_lines and (t := LABEL.match(title_lines[0])) and t["label"].lower() == "title":
            title_lines = [t["value"], *title_lines[1:]]
        if not title_lines:
            return Skipped(first, "arXiv id line with no title after it")
        names, truncated, count, affiliations = authors or author_list(join_wrapped(author_lines))
        codes = subject_codes(join_wrapped(fields.get("subjects", [])))
        arxiv_id, version = parse_arxiv_id(m["ref"])
        comment = join_wrapped(fields.get("comment", []))
        abstract = join_wrapped(abstract_lines)
        return self.ctx.make(
            first, block[-1][0] if block else first,
            title=join_wrapped(title_lines),
            authors=names,
            authors_truncated=truncated,
            author_count=count,
            affiliations=affiliations,
            category=codes[0] if codes else None,
            categories=codes,
            arxiv_id=arxiv_id,
            arxiv_version=version,
            doi=normalize_doi(join_wrapped(fields.get("doi", []))),
            comment=comment,
            journal_ref=join_wrapped(fields.get("journal_ref", [])),
            abstract=abstract,
            project_url=find_project_url(comment, abstract),
            listed_on=self.listed_on,
        )


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    page = _Page(ctx)
    for n, raw in enumerate(lines, 1):
        # Collapsed, so double spaces and no-break spaces of a browser copy match the patterns.
        text = collapse_ws(raw)
        if text:
            yield from page.feed(n, text)
    yield from page.flush()
