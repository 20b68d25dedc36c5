"""BibTeX for bibtex and biber: `@article` when the record has a journal reference, else arXiv's
own `@misc` form (`eprint`, `archivePrefix`, `primaryClass`); stable unique keys; values
brace-balanced and escaped (see `latex`), letters outside ASCII as TeX accents (`{\\'{e}}`), so
the file works with 8-bit bibtex and any LaTeX."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..model import Paper
from .bibentry import MONTHS, bib_authors, bib_entry, verbatim
from .citation import CitationKeys, date_parts, paper_url
from .latex import tex_value


def write_bibtex(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    keys = CitationKeys()
    n = 0
    for p in records:
        n += 1
        out.write(bibtex_entry(p, keys.key(p)))
    return n


def bibtex_entry(p: Paper, key: str) -> str:
    date = date_parts(p)
    fields = [
        ("author", bib_authors(p, accents=True)),
        # Double braces keep the title's case: styles that lower-case titles would spoil acronyms.
        ("title", "{" + tex_value(p.title or "", accents=True) + "}"),
        ("journal", tex_value(p.journal_ref, accents=True) if p.journal_ref else None),
        ("year", str(date[0]) if date else None),
        ("month", MONTHS[date[1] - 1] if len(date) > 1 else None),
        # BibTeX has no day: biblatex's `date` carries it (bibtex ignores the field, biber reads it),
        # so that the day comes back when the file is parsed again.
        ("date", "{:04d}-{:02d}-{:02d}".format(*date) if len(date) == 3 else None),
        ("eprint", verbatim(p.arxiv_id)),
        ("archivePrefix", "arXiv" if p.arxiv_id else None),
        ("primaryClass", verbatim(p.category) if p.arxiv_id else None),
        ("doi", verbatim(p.doi)),
        ("url", verbatim(paper_url(p))),
        ("abstract", tex_value(p.abstract, accents=True) if p.abstract else None),
    ]
    return bib_entry("article" if p.journal_ref else "misc", key, fields)
