"""RIS for Zotero, Mendeley, EndNote and other reference managers: `TY  - ` to `ER  - ` a paper,
`JOUR` with a journal reference, else `UNPB` (a preprint); each author as `Family, Given` on an
`AU` line, `PY`/`DA` dates, `DO`, `UR`, `AB`, `KW` per category. Lines end in CR LF as the
format's specification asks; every value is one line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from ..model import Paper
from ..names import name_parts
from .citation import date_parts, paper_url

_LINE_BREAKS = re.compile(r"\s+")


def write_ris(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    n = 0
    for p in records:
        n += 1
        out.write(ris_record(p))
    return n


def ris_record(p: Paper) -> str:
    date = date_parts(p)
    lines: list[tuple[str, str | None]] = [("TY", "JOUR" if p.journal_ref else "UNPB")]
    lines += [("AU", ris_name(name)) for name in p.authors]
    lines += [
        ("TI", p.title),
        ("PY", str(date[0]) if date else None),
        ("DA", "/".join([f"{date[0]:04d}", *(f"{part:02d}" for part in date[1:])]) + ("/" * (3 - len(date)))
         if date else None),
        ("JO" if p.journal_ref else "PB", p.journal_ref or ("arXiv" if p.arxiv_id else None)),
        ("DO", p.doi),
        ("UR", paper_url(p)),
        ("AB", p.abstract),
    ]
    lines += [("KW", category) for category in p.categories]
    body = "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines if value)
    return body + "ER  - \r\n\r\n"


def ris_name(name: str) -> str | None:
    """`Family, Given[, Suffix]`, the particle leading the family (`van der Meer, Élodie`)."""
    parts = name_parts(name)
    if parts is None:
        return None
    family = f"{parts.particle} {parts.family}" if parts.particle else parts.family
    if parts.suffix:
        return f"{family}, {parts.given or ''}, {parts.suffix}"
    return f"{family}, {parts.given}" if parts.given else family


def _one_line(value: str) -> str:
    # A line break would end the value: the rest would read as a tag of its own.
    return _LINE_BREAKS.sub(" ", value).strip()
