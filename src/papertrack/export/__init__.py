"""The export stage: records to text other tools read, from one table of writers.

Every writer but the table streams: a record is written as soon as it arrives, so a pipe sees
output at once and memory stays flat. A writer's module is imported only when it is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..model import Paper

WriteFunction = Callable[[Iterable[Paper], TextIO, bool], int]


@dataclass(frozen=True, slots=True)
class Writer:
    module: str
    """Its module in this package."""
    function: str
    """`function(records, out, merged) -> count`."""
    description: str
    """What it is and who reads it (help and README)."""
    suffixes: tuple[str, ...] = ()
    """File name endings that choose it for `-o FILE` without `--format`."""


# The order is the order help lists them in.
WRITERS: dict[str, Writer] = {
    "jsonl": Writer("jsonl", "write_jsonl", "one JSON object per line (default when stdout is not a terminal)",
                    (".jsonl", ".ndjson")),
    "json": Writer("jsonl", "write_json", "one JSON array", (".json",)),
    "csv": Writer("delimited", "write_csv", "a header row, then one row per paper; list fields joined with `; `",
                  (".csv",)),
    "bibtex": Writer("bibtex", "write_bibtex", "BibTeX entries with stable keys and arXiv eprint fields", (".bib",)),
    "markdown": Writer("markdown", "write_markdown", "a bulleted reading list with links", (".md", ".markdown")),
    "table": Writer("table", "write_table", "a table that fits the terminal (default on a terminal)", (".txt",)),
}
FORMATS = tuple(WRITERS)


def writer(fmt: str) -> WriteFunction:
    entry = WRITERS[fmt]
    return getattr(importlib.import_module(f"{__package__}.{entry.module}"), entry.function)


def write(records: Iterable[Paper], fmt: str, out: TextIO, merged: bool = False) -> int:
    """Write records in `fmt` to `out`; return how many were written."""
    return writer(fmt)(records, out, merged)


def format_for_path(path: Path) -> str | None:
    """The format a file name asks for by its ending (`papers.bib` -> bibtex), or None."""
    name = path.name.lower()
    return next((fmt for fmt, entry in WRITERS.items() if entry.suffixes and name.endswith(entry.suffixes)), None)
