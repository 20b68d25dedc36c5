"""Laying out the table's cells (plain strings, one row per paper) in a terminal's width.

Two layouts. A table when the title column can get at least `TITLE_MIN` cells: the fixed
columns (id, date, counts) take their widest cell, the flexible ones (title, authors, match)
share the rest by weight, the title wraps at most once and every cell ends with an ellipsis
where it is cut. Below that, two lines per paper: the id and the title, then the other cells
joined by ` · `. The text is measured in terminal cells (wide characters count two), drawn
without rich's Table, which takes seconds for ten thousand rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

GAP = 2
"""Spaces between two columns."""
TITLE_MIN = 36
"""Below this width a title wrapped once holds too little: the two-line view is used instead."""

# Characters a title from an untrusted page must not send to a terminal: C0 and C1 controls
# (escape sequences) and the bidirectional overrides that reorder what is shown.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    """The key of the cell in a row, and the header."""
    flex: float = 0
    """Share of the width left by the fixed columns; 0 for a fixed column (its widest cell)."""
    minimum: int = 0
    """Fewest cells a flexible column needs for the table layout."""
    lines: int = 1
    """Lines a cell may wrap over."""
    right: bool = False
    """Aligned right (numbers)."""


def clean(text: str) -> str:
    return _UNSAFE.sub(" ", text) if not text.isprintable() else text


def cell_len(text: str) -> int:
    if text.isascii():
        return len(text)
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


def fit(text: str, width: int, ellipsis: str = "…") -> str:
    """`text` cut to `width` cells, the cut marked with an ellipsis."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    if text.isascii():
        return text[:width - len(ellipsis)].rstrip() + ellipsis
    from rich.cells import set_cell_size

    return set_cell_size(text, width - cell_len(ellipsis)).rstrip() + ellipsis


def wrap(text: str, width: int, lines: int, ellipsis: str = "…") -> list[str]:
    """`text` over at most `lines` lines of `width` cells, broken between words where it can;
    the last line cut with an ellipsis when the text is longer."""
    out: list[str] = []
    rest = text
    while rest and len(out) < lines - 1 and cell_len(rest) > width:
        head = _head(rest, width)
        out.append(head.rstrip())
        rest = rest[len(head):].lstrip()
    if rest or not out:
        out.append(fit(rest, width, ellipsis))
    return out


def _head(text: str, width: int) -> str:
    """The longest start of `text` that fits `width` and ends before a space (or, for one long
    word, just the cells that fit)."""
    if text.isascii():
        cut = text[:width + 1]
        space = cut.rfind(" ")
        return cut[:space + 1] if space > 0 else text[:width]
    from rich.cells import set_cell_size

    fitting = set_cell_size(text, width).rstrip()
    nxt = text[len(fitting):len(fitting) + 1]
    space = fitting.rfind(" ")
    if nxt in ("", " ") or space <= 0:
        return fitting
    return fitting[:space + 1]


Row = dict[str, "str | tuple[str, ...]"]
"""A row: each column's text, or its texts longest first (`David D. Yao, ...` / `Yao, ...`), of
which the longest that fits is shown."""


def text_in(value: str | tuple[str, ...], width: int, ellipsis: str = "…") -> str:
    """The text of a cell in `width` cells: the longest of its forms that fits, else the
    shortest cut with an ellipsis."""
    if isinstance(value, str):
        return fit(value, width, ellipsis)
    for form in value:
        if cell_len(form) <= width:
            return form
    return fit(value[-1], width, ellipsis)


def longest(value: str | tuple[str, ...]) -> str:
    return value if isinstance(value, str) else value[0]


def widths(columns: Sequence[Column], rows: Sequence[Row], total: int) -> dict[str, int] | None:
    """Each column's width for the table layout in `total` cells, or None when the flexible
    columns cannot all get their minimum (the two-line view is then used)."""
    natural = {c.name: max([cell_len(c.name), *(cell_len(longest(r.get(c.name, ""))) for r in rows)])
               for c in columns}
    fixed = sum(natural[c.name] for c in columns if not c.flex) + GAP * (len(columns) - 1)
    flexible = [c for c in columns if c.flex]
    left = total - fixed
    got = {c.name: min(natural[c.name], c.minimum) for c in flexible}
    if sum(got.values()) > left:
        return None
    left -= sum(got.values())
    # What is left goes to the flexible columns in order of weight (the title first): each up to
    # what its longest cell needs over its lines, then, if any is still left, up to one line.
    by_weight = sorted(flexible, key=lambda c: -c.flex)
    for target in ({c.name: -(-natural[c.name] * 11 // (10 * c.lines)) for c in flexible}, natural):
        for c in by_weight:
            add = max(0, min(target[c.name], natural[c.name]) - got[c.name])
            add = min(add, left)
            got[c.name] += add
            left -= add
    return {c.name: got.get(c.name, natural[c.name]) for c in columns}


Style = Callable[[str, str], str]
"""`style(text, name)`: the text with the terminal codes of the style called `name`."""


def table_lines(columns: Sequence[Column], rows: Sequence[Row], width_of: dict[str, int],
                style: Style, rule: str = "─", ellipsis: str = "…") -> Iterator[str]:
    """The header, a rule under it, then each row over as many lines as its tallest cell."""
    def line(cells: Sequence[str], names: Sequence[str]) -> str:
        parts = []
        for column, text, name in zip(columns, cells, names):
            pad = " " * (width_of[column.name] - cell_len(text))
            parts.append(style(text, name) + pad if not column.right else pad + style(text, name))
        return (" " * GAP).join(parts).rstrip()

    names = [c.name for c in columns]
    yield line([c.name for c in columns], ["header"] * len(columns))
    yield line([rule * width_of[c.name] for c in columns], ["rule"] * len(columns))
    for row in rows:
        cells = [wrap(value, width_of[c.name], c.lines, ellipsis) if isinstance(value := row.get(c.name, ""), str)
                 else [text_in(value, width_of[c.name], ellipsis)] for c in columns]
        for i in range(max(map(len, cells))):
            yield line([cell[i] if i < len(cell) else "" for cell in cells], names)


def two_line_rows(rows: Sequence[Row], first: str, second: Sequence[str], total: int,
                  style: Style, ellipsis: str = "…", joiner: str = " · ") -> Iterator[str]:
    """Each row as two lines: `id  title`, then the `second` cells joined, under the title (the
    last of them in the longest of its forms that fits); one line when they are all empty."""
    id_width = max(cell_len(longest(r["id"])) for r in rows)
    indent = " " * (id_width + GAP)
    room = max(total - id_width - GAP, 8)
    for row in rows:
        row_id = longest(row["id"])
        head = style(row_id, "id") + " " * (id_width - cell_len(row_id) + GAP)
        yield head + style(text_in(row.get(first, ""), room, ellipsis), "heading")
        texts = [value for name in second if (value := row.get(name, ""))]
        lead = "".join(longest(t) + joiner for t in texts[:-1])
        rest = lead + text_in(texts[-1], room - cell_len(lead), ellipsis) if texts else ""
        if rest:  # a paper with nothing but an id and a title takes one line
            yield indent + fit(rest, room, ellipsis)
