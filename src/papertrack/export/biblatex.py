"""BibLaTeX for biber: `@article` with `journaltitle` when the record has a journal reference,
else `@online` (`@misc` without any link) with `eprint`, `eprinttype = {arxiv}`, `eprintclass`;
full ISO dates; the same keys, names and escapes as BibTeX, but letters outside ASCII kept
in UTF-8, since biber reads and writes Unicode."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..model import Paper
from .bibentry import bib_authors, bib_entry, verbatim
from .citation import CitationKeys, date_parts, paper_url
from .latex import tex_value


def write_biblatex(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    keys = CitationKeys()
    n = 0
    for p in records:
        n += 1
        out.write(biblatex_entry(p, keys.key(p)))
    return n


def biblatex_entry(p: Paper, key: str) -> str:
    date = date_parts(p)
    url = paper_url(p)
    fields = [
        ("author", bib_authors(p, accents=False)),
        ("title", "{" + tex_value(p.title or "", accents=False) + "}"),
        ("journaltitle", tex_value(p.journal_ref, accents=False) if p.journal_ref else None),
        ("date", "-".join(f"{part:02d}" for part in date) or None),
        ("eprint", verbatim(p.arxiv_id)),
        ("eprinttype", "arxiv" if p.arxiv_id else None),
        ("eprintclass", verbatim(p.category) if p.arxiv_id else None),
        ("doi", verbatim(p.doi)),
        ("url", verbatim(url)),
        ("keywords", tex_value(", ".join(p.categories), accents=False) if p.categories else None),
        ("abstract", tex_value(p.abstract, accents=False) if p.abstract else None),
    ]
    kind = "article" if p.journal_ref else "online" if url else "misc"
    return bib_entry(kind, key, fields)
