"""A table on the terminal: the columns each kind of command shows (a listing, the library, search
results with where they matched), filled from the records and laid out by `table_layout` in the
terminal's width. Columns empty on every row are left out; every row has an id `show` takes.

The layout needs every row (widths, empty columns), so the rows are kept as short strings until
the last record is read; drawing them is cheap (ten thousand rows in well under a second).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import TextIO

from ..model import Paper
from .table_layout import Column, Row, clean, table_lines, two_line_rows, widths

ID, DATE, CAT = Column("id"), Column("date"), Column("cat")
VOTES = Column("votes", right=True)
SCORE = Column("score", right=True)
TITLE = Column("title", flex=3, minimum=36, lines=2)
AUTHORS = Column("authors", flex=1, minimum=16)
CODE = Column("code")
SEEN = Column("seen", right=True)
MATCH = Column("match", flex=2, minimum=24, lines=2)

VIEWS: dict[str, tuple[Column, ...]] = {
    # parse, dedup, fetch, track run: what a listing shows of each paper
    "listing": (ID, DATE, CAT, VOTES, SCORE, TITLE, AUTHORS, CODE),
    # list, author, new, show: merged papers, with how many records each was merged from (seen)
    "library": (ID, DATE, CAT, VOTES, SCORE, TITLE, AUTHORS, CODE, SEEN),
    # search: where the words were found (the title, an author, the abstract) instead of the authors
    "search": (ID, DATE, CAT, TITLE, MATCH),
}
# How the two-line view labels a cell on its second line.
SECOND_LINE = {"votes": "▲ {}", "score": "score {}", "code": "code", "seen": "{} sources"}


def write_table(records: Iterable[Paper], out: TextIO, merged: bool, view: str = "listing",
                words: Sequence[str] = ()) -> int:
    """The records as the `view`'s table, in the width of the terminal (or $COLUMNS, or 80
    columns when `out` is a file); nothing at all for no records."""
    terms = [fold(w) for w in words if w.strip()]
    rows = [cells(p, terms) for p in records]
    if not rows:
        return 0
    from rich.console import Console

    console = Console(file=out)  # honours NO_COLOR, FORCE_COLOR, $COLUMNS
    unicode = console.encoding.lower().startswith("utf")
    ellipsis, rule = ("…", "─") if unicode else ("...", "-")
    style = styler(console)
    columns = [c for c in VIEWS[view] if any(r.get(c.name) for r in rows)]
    width_of = widths(columns, rows, console.width)
    if width_of is not None:
        lines = table_lines(columns, rows, width_of, style, rule, ellipsis)
    else:
        labels = {**SECOND_LINE, **({} if unicode else {"votes": "{} votes"})}
        for row in rows:
            if row.get("seen") == "1":  # worth saying only of a paper merged from several records
                row["seen"] = ""
            for name, label in labels.items():
                if row.get(name):
                    row[name] = label.format(row[name])
        # The short cells first, the one long cell (authors or match) last, where it may be cut.
        second = [c.name for c in columns if not c.flex] + [c.name for c in columns if c.flex and c is not TITLE]
        second.remove("id")
        lines = two_line_rows(rows, "title", second, console.width, style, ellipsis)
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= 512:
            out.write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        out.write("\n".join(chunk) + "\n")
    return len(rows)


def cells(p: Paper, terms: Sequence[str] = ()) -> Row:
    """One row: each column's text, terminal controls removed."""
    row: Row = {"id": p.short_id, "date": p.date or "", "cat": p.category or "",
           "title": p.title or p.abstract or "", "authors": authors_text(p),
           "votes": "" if p.upvotes is None else str(p.upvotes),
           "score": "" if p.score is None else f"{p.score:g}",
           "code": "yes" if p.has_code else "", "seen": str(len(p.sources)) if p.sources else ""}
    if terms:
        row["match"] = match_text(p, terms)
    return {name: clean(text) if isinstance(text, str) else tuple(map(clean, text)) for name, text in row.items()}


def authors_text(p: Paper) -> str | tuple[str, ...]:
    """The first three names and `et al.` when there are more; shorter, the surnames; shortest,
    the first surname and `et al.`. A stated count when no name is shown."""
    if not p.authors:
        return f"{p.author_count} authors" if p.author_count else ""
    more = p.authors_truncated or len(p.authors) > 3
    tail = " et al." if more else ""
    surnames = [name.split()[-1] for name in p.authors[:3]]
    forms = (", ".join(p.authors[:3]) + tail, ", ".join(surnames) + tail,
             surnames[0] + (" et al." if len(p.authors) > 1 or more else ""))
    return tuple(dict.fromkeys(forms))


def match_text(p: Paper, terms: Sequence[str]) -> str:
    """Where the search words are: `in the title`, `by NAME`, or the abstract (or comment) from
    a little before the first word found there. `terms` are folded (`fold`)."""
    def count(text: str) -> int:
        return sum(term in text for term in terms)

    title = count(fold(p.title or ""))
    authors = [(count(fold(name)), name) for name in p.authors]
    best_author = max(authors, default=(0, ""))
    abstract, comment = fold(p.abstract or ""), fold(p.comment or "")
    if title and title >= max(best_author[0], count(abstract)):
        return "in the title"
    if best_author[0] and best_author[0] >= count(abstract):
        return f"by {best_author[1]}"
    for folded, text in ((abstract, p.abstract), (comment, p.comment)):
        found = [i for i in (folded.find(term) for term in terms) if i >= 0]
        if found and text:
            return snippet(text, min(found))
    return ""


def snippet(text: str, at: int, before: int = 12) -> str:
    """`text` from a word start about `before` characters ahead of position `at`."""
    if at <= before:
        return text
    start = text.find(" ", at - before, at)
    return "…" + text[(start + 1 if start >= 0 else at):]


def fold(text: str) -> str:
    """Lower case without diacritics, one character for each of `text` (so positions agree)."""
    if text.isascii():
        return text.lower()
    return "".join((unicodedata.normalize("NFKD", ch)[:1].lower() or " ")[:1] for ch in text)


def styler(console):
    """`style(text, name)` for the table's few styles, in the colours the console may use."""
    from rich.style import Style

    if console.color_system is None:
        return lambda text, name: text
    styles = {"header": Style(bold=True), "rule": Style(dim=True), "id": Style(color="cyan"),
              "heading": Style(bold=True)}
    codes = {}
    for name, s in styles.items():
        s = s.without_color if console.no_color else s
        before, _, after = s.render("\0", color_system=console.color_system).partition("\0")
        codes[name] = (before, after)

    def style(text: str, name: str) -> str:
        if not text or name not in codes:
            return text
        before, after = codes[name]
        return before + text + after

    return style
