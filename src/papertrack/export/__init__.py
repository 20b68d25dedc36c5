"""The export stage: records to text other tools read, from one table of writers.

Every writer but the table streams: a record is written as soon as it arrives, so a pipe sees
output at once and memory stays flat. A writer's module is imported only when it is used. A
format that cannot hold a record without a title (BibTeX, BibLaTeX) leaves it out, and says
so through `warn`, never silently.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple, TextIO

from ..model import Paper

WriteFunction = Callable[[Iterable[Paper], TextIO, bool], int]
Warn = Callable[[str], None]


class Writer(NamedTuple):
    """One row of WRITERS (a named tuple, not a dataclass: it is built on every start-up, and a
    frozen dataclass costs 1 ms to define)."""

    module: str
    """Its module in this package."""
    function: str
    """`function(records, out, merged) -> count`."""
    description: str
    """What it is and who reads it (help and README)."""
    suffixes: tuple[str, ...] = ()
    """File name endings that choose it for `-o FILE` without `--format` (the longest match wins:
    `refs.csl.json` is CSL-JSON, `refs.json` JSON)."""
    needs_title: bool = False
    """Records without a title are left out (with a warning): the format has no entry without one."""


# The order is the order help lists them in.
WRITERS: dict[str, Writer] = {
    "jsonl": Writer("jsonl", "write_jsonl", "one JSON object per line (default when stdout is not a terminal)",
                    (".jsonl", ".ndjson")),
    "json": Writer("jsonl", "write_json", "one JSON array", (".json",)),
    "csv": Writer("delimited", "write_csv", "spreadsheets: a header row, then one row per paper; list fields "
                  "joined with `; `, cells that would start a formula prefixed with `'`", (".csv",)),
    "tsv": Writer("delimited", "write_tsv", "the same columns tab-separated, for `cut`, awk and databases; "
                  "no quoting (tabs and line breaks in a cell become spaces)", (".tsv", ".tab")),
    "bibtex": Writer("bibtex", "write_bibtex", "BibTeX for bibtex and biber: stable keys, arXiv eprint fields, "
                     "TeX accents", (".bib",), needs_title=True),
    "biblatex": Writer("biblatex", "write_biblatex", "BibLaTeX for biber: @online with eprinttype arxiv, "
                       "ISO dates, UTF-8", (".biblatex.bib", ".bltx.bib"), needs_title=True),
    "csl-json": Writer("csljson", "write_csl_json", "CSL-JSON items for pandoc, Zotero and citeproc processors",
                       (".csl.json", ".csljson")),
    "ris": Writer("ris", "write_ris", "RIS for Zotero, Mendeley, EndNote and reference managers", (".ris",)),
    "atom": Writer("atom", "write_atom", "an Atom feed for feed readers: one entry per paper, stable ids",
                   (".atom",)),
    "markdown": Writer("markdown", "write_markdown", "a bulleted reading list with links", (".md", ".markdown")),
    "table": Writer("table", "write_table", "a table that fits the terminal (default on a terminal)", (".txt",)),
}
FORMATS = tuple(WRITERS)


def writer(fmt: str) -> WriteFunction:
    entry = WRITERS[fmt]
    return getattr(importlib.import_module(f"{__package__}.{entry.module}"), entry.function)


def write(records: Iterable[Paper], fmt: str, out: TextIO, merged: bool = False, warn: Warn | None = None) -> int:
    """Write records in `fmt` to `out`; return how many were written. `warn` hears of each
    record the format had to leave out."""
    if WRITERS[fmt].needs_title:
        records = _titled(records, fmt, warn)
    return writer(fmt)(records, out, merged)


def _titled(records: Iterable[Paper], fmt: str, warn: Warn | None) -> Iterator[Paper]:
    from .citation import where

    for paper in records:
        if paper.title:
            yield paper
        else:
            (warn or _to_stderr)(f"{where(paper)}: left out of the {fmt} output: {paper.id} has no title")


def _to_stderr(message: str) -> None:
    import sys

    print(message, file=sys.stderr)


def format_for_path(path: Path) -> str | None:
    """The format a file name asks for by its ending (`papers.bib` -> bibtex), or None; the
    longest ending that fits wins (`papers.csl.json` -> csl-json)."""
    name = path.name.lower()
    fits = [(len(suffix), fmt) for fmt, entry in WRITERS.items() for suffix in entry.suffixes if name.endswith(suffix)]
    return max(fits)[1] if fits else None
