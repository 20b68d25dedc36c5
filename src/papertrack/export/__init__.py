"""The export stage: records to text other tools read, from one table of writers.

Every writer but the table streams: a record is written as soon as it arrives, so a pipe sees
output at once and memory stays flat. A writer's module is imported only when it is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TextIO

from ..model import Paper

Writer = Callable[[Iterable[Paper], TextIO, bool], int]

# format name -> (module, function, what it is for). The order is the order help lists them in.
WRITERS: dict[str, tuple[str, str, str]] = {
    "jsonl": ("jsonl", "write_jsonl", "one JSON object per line (default when stdout is not a terminal)"),
    "json": ("jsonl", "write_json", "one JSON array"),
    "csv": ("delimited", "write_csv", "a header row, then one row per paper; list fields joined with `; `"),
    "bibtex": ("bibtex", "write_bibtex", "BibTeX entries with stable keys and arXiv eprint fields"),
    "markdown": ("markdown", "write_markdown", "a bulleted reading list with links"),
    "table": ("table", "write_table", "a table that fits the terminal (default on a terminal)"),
}
FORMATS = tuple(WRITERS)


def writer(fmt: str) -> Writer:
    module, function, _ = WRITERS[fmt]
    return getattr(importlib.import_module(f"{__package__}.{module}"), function)


def write(records: Iterable[Paper], fmt: str, out: TextIO, merged: bool = False) -> int:
    """Write records in `fmt` to `out`; return how many were written."""
    return writer(fmt)(records, out, merged)
