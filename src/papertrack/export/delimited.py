"""CSV for spreadsheets and TSV for line tools: a header row, then one row a paper; list fields
joined with `; `. A text cell that a spreadsheet would run as a formula (starting with `=`, `+`,
`-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP advises against CSV injection."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Any, TextIO

from ..model import FIELD_ORDER, Paper

CSV_COLUMNS = FIELD_ORDER + ("sources",)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BREAKS = str.maketrans("\t\r\n", "   ")


def write_csv(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    """One row a paper; lists joined with "; " so a spreadsheet shows them in one cell. Rows end in
    CR LF (RFC 4180), so a cell holding either is quoted and stays one cell. The bytes are those of
    csv.writer(lineterminator="\r\n") (a test holds them so); joined here, since csv.writer took
    half of a parse to CSV scanning long abstracts character by character."""
    n = -1  # the header row is no paper
    write = out.write
    for row in _rows(records):
        n += 1
        write(",".join(map(csv_cell, row)) + "\r\n")
    return n


def csv_cell(cell: str) -> str:
    """A cell as csv's excel dialect writes it (QUOTE_MINIMAL): quoted when it holds a comma, a
    quote (doubled) or a line break."""
    if '"' in cell:
        return '"' + cell.replace('"', '""') + '"'
    if "," in cell or "\n" in cell or "\r" in cell:
        return '"' + cell + '"'
    return cell


def write_tsv(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    """Tab-separated, unquoted (as `cut` and `sort` read it): a tab or line break inside a cell
    becomes a space, the one change that keeps every row on one line."""
    n = -1  # the header row is no paper
    for row in _rows(records):
        n += 1
        out.write("\t".join(cell.translate(_BREAKS) for cell in row) + "\n")
    return n


# Every field of FIELD_ORDER read in one call: the row needs no dict of the record.
_FIELDS = attrgetter(*FIELD_ORDER)


def _rows(records: Iterable[Paper]) -> Iterator[list[str]]:
    yield list(CSV_COLUMNS)
    for paper in records:
        row = [*map(_cell, _FIELDS(paper))]
        row.append(_cell("; ".join(f"{s.file}:{s.line}" if s.line else s.file for s in paper.sources)))
        yield row


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    elif not isinstance(value, str):
        return str(value)  # numbers and flags: `-1` is a number, not a formula
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
