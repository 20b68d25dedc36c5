"""CSV for spreadsheets: a header row, then one row a paper; list fields joined with `; `."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..model import FIELD_ORDER, Paper

CSV_COLUMNS = FIELD_ORDER + ("sources",)


def write_csv(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    """One row a paper; lists joined with "; " so a spreadsheet shows them in one cell."""
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    n = 0
    for paper in records:
        n += 1
        d = paper.to_dict(merged=True)
        d["sources"] = "; ".join(f"{s['file']}:{s['line']}" if s["line"] else s["file"] for s in d["sources"])
        w.writerow(["; ".join(v) if isinstance(v, list) else ("" if v is None else v)
                    for v in (d[c] for c in CSV_COLUMNS)])
    return n
