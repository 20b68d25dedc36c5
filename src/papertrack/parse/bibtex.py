"""BibTeX and BibLaTeX files, as arXiv's "Export BibTeX citation", Google Scholar, dblp, Zotero
(Better BibTeX), JabRef and `papertrack --format bibtex` write them: `eprint` with
`archivePrefix`/`eprinttype` and `primaryClass`/`eprintclass`, `arXiv preprint arXiv:ID` in
`journal`, CoRR's `volume = {abs/ID}`, `doi`, `Last, First and ...` names with von parts and
suffixes, TeX markup to Unicode, `date` (a year or month alone is no day: no date).

bibtexparser v2 splits the file into blocks; a broken entry is skipped with its line and the
rest is read. Math (`$O(n \\log n)$`) stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..lazy_regex import lazy_compile
from .context import ParseContext, Skipped

NAME = "bibtex"
DESCRIPTION = "BibTeX or BibLaTeX (.bib): arXiv, Google Scholar, dblp, Zotero exports and papertrack's own"
EXAMPLE = "@misc{vaswani2017attention, title={Attention Is All You Need}, eprint={1706.03762}, archivePrefix={arXiv}}"

_ENTRY = lazy_compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*\{", re.MULTILINE)
_NOT_ENTRY = ("comment", "string", "preamble")


def detect(sample: str) -> float:
    if "@" not in sample:  # no entry can open without one
        return 0.0
    entries = [m.group(0) for m in _ENTRY.finditer(sample)]
    kinds = {e.split("@", 1)[1].strip(" \t{").lower() for e in entries}
    return 0.95 if kinds - set(_NOT_ENTRY) else 0.0


def _line(block) -> int:
    return (block.start_line or 0) + 1  # bibtexparser counts lines from 0


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator[Any]:
    import logging

    import bibtexparser
    from bibtexparser.model import DuplicateFieldKeyBlock, Entry, ParsingFailedBlock, String

    from .bibtex_entry import BadValue, paper, resolve

    # bibtexparser logs each broken block at WARNING level; they are reported here as skips instead.
    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
    logging.getLogger("bibtexparser").propagate = False

    # The raw values: strings, `#` and broken values are read by bibtex_values.
    library = bibtexparser.parse_string("\n".join(lines), parse_stack=[])
    strings: dict[str, str] = {}
    for block in library.blocks:
        if isinstance(block, String):
            try:
                strings[block.key.lower()] = resolve(block.value, strings)
            except BadValue as exc:
                yield Skipped(_line(block), f"@string{{{block.key}: {exc}")
        elif isinstance(block, DuplicateFieldKeyBlock):
            yield paper(block.ignore_error_block, strings, ctx)
        elif isinstance(block, ParsingFailedBlock):
            why = getattr(block.error, "abort_reason", None) or str(block.error) or "not BibTeX"
            head = (block.raw or "").split("\n", 1)[0].strip().rstrip(",")[:60]
            yield Skipped(_line(block), f"{head}: {' '.join(why.split())}")
        elif isinstance(block, Entry):
            yield paper(block, strings, ctx)
