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
from ..names import looks_like_name, split_authors
from ..normalize import MONTH_PATTERN, collapse_ws, find_project_url, normalize_doi, parse_arxiv_id, parse_date
from .arxiv_authors import is_nickname
from .context import ParseContext, Skipped

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
_WRAPPED_HYPHEN = lazy_compile(r"[^\W\d_]-\Z")
_PAREN_GROUP = lazy_compile(r"\s*\(([^()]*)\)")
_NO_AUTHORS = "(author list is unavailable)"
# No title wraps to more lines than this; it bounds the search for where the authors start.
_TITLE_LINES_MAX = 8
# `et al. (460 additional authors not shown)` closes a long author list.
_MORE_AUTHORS = lazy_compile(
    r",?\s*\bet\.? al\.?\s*\((?P<more>\d+)\+? additional authors? not shown\)"
    r"(?:\s*You must enable JavaScript.*)?$",
    re.IGNORECASE,
)
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


def join_wrapped(parts: Iterable[str]) -> str:
    """Join hard-wrapped lines; a line broken after a word's hyphen (`Vision-`) is glued back."""
    pieces: list[str] = []
    for part in parts:
        if pieces and not _WRAPPED_HYPHEN.search(pieces[-1]):
            pieces.append(" ")
        pieces.append(part)
    return "".join(pieces)


def subject_codes(text: str) -> list[str]:
    """`Machine Learning (cs.LG); Artificial Intelligence (cs.AI)` -> ['cs.LG', 'cs.AI']."""
    codes: list[str] = []
    for part in text.split(";"):
        m = _SUBJECT_CODE.search(part.strip())
        if m and m[1] not in codes:
            codes.append(m[1])
    return codes


def author_list(text: str) -> tuple[list[str], bool, int | None, list[str]]:
    """(names, truncated, stated author count, affiliations) of an author line.

    `(MIT)` after a name is its affiliation, `(Richard)` inside one a nickname; `et al. (N
    additional authors not shown)` after the names states how many more there are.
    """
    if text.strip() == _NO_AUTHORS:
        return [], True, None, []
    more = None
    affiliations: list[str] = []
    if "(" not in text:  # no count, affiliation or nickname: each of them is in parentheses
        names, truncated = split_authors(text)
        return names, truncated or not names, None, affiliations
    if m := _MORE_AUTHORS.search(text):
        more, text = int(m["more"]), text[: m.start()]

    def take(m: re.Match) -> str:
        aff = " ".join(m[1].split())
        if is_nickname(aff, m.string[m.end():]):
            return f" ({aff}) "  # part of the name, spaced as names are: `Qiuyi (Richard) Zhang`
        if re.search(r"[^\W\d_]", aff) and aff not in affiliations:
            affiliations.append(aff)
        return ""

    # Innermost groups first: numbered lists (`A (1), B (2) ((1) MIT, (2) ETH)`) lose their
    # markers and keep the outer group as one; deeper nesting is not an affiliation.
    for _ in range(3):
        text = _PAREN_GROUP.sub(take, text)
    names, truncated = split_authors(text)
    count = len(names) + more if more and names else None
    return names, truncated or bool(more) or not names, count, affiliations


Authors = tuple[list[str], bool, int | None, list[str]]


def _names_only(text: str) -> Authors | None:
    """author_list of `text` when every name in it reads as a name, else None."""
    parsed = author_list(text)
    return parsed if parsed[0] and all(looks_like_name(n) for n in parsed[0]) else None


def author_start(head: list[str], width: int) -> tuple[int, Authors | None]:
    """Index of the first author line in unlabelled title-then-authors lines, and the
    author_list of the lines from there when it was read on the way (None when not).

    The author block is a tail that reads as names. A line ending in a comma continues the
    author list, and a line that was full (the next line's first word would not have fitted
    within the page's wrap width) continues its paragraph, so neither ends the title.
    """
    if len(head) < 2:
        return len(head), None
    ends = range(1, min(len(head), _TITLE_LINES_MAX + 1))
    named = {k: parsed for k in ends
             if not head[k - 1].endswith(",") and (parsed := _names_only(join_wrapped(head[k:])))}
    short = [k for k in named if len(head[k - 1]) + 1 + len(head[k].split()[0]) <= width]
    k = (short or list(named) or [ends[-1]])[0]
    return k, named.get(k)


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
