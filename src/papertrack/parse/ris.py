"""RIS (Research Information Systems) files, as Zotero, Mendeley, EndNote and publishers export
them: `TY  - ` opens a record and `ER  - ` closes it; `AU`/`A1` (`Last, First[, Suffix]`),
`TI`/`T1`, `DA`/`PY`/`Y1` (`YYYY/MM/DD/other`), `T2`/`JO`/`JF`/`JA`, `AB`/`N2`, `DO`, `UR`, `M3`.
A line without a tag continues the value before it. CRLF, a byte-order mark and a missing space
after the dash are read alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..lazy_regex import lazy_compile
from ..names import citation_name
from ..normalize import is_partial_date, normalize_date, parse_arxiv_id
from .context import ParseContext, Skipped

NAME = "ris"
DESCRIPTION = "RIS citations (.ris): Zotero, Mendeley, EndNote and publisher exports"
EXAMPLE = "TY  - JOUR / TI  - Attention Is All You Need / AU  - Vaswani, Ashish / PY  - 2017 / ER  - "

_TAG = lazy_compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$")
_OPENS = lazy_compile(r"^\s*TY {1,2}- ", re.MULTILINE)
# Tags whose continuation lines keep their line breaks (Zotero), so their words are not glued.
_PROSE = {"AB", "N2", "N1", "KW"}
# Web pages: their T2 is the website's name, not a venue.
_WEB_TYPES = {"ELEC", "WEB", "BLOG", "ICOMM"}
_PLACEHOLDER_VENUE = lazy_compile(r"^(?:arxiv(?:\s+e-prints|\.org|\s+preprint\b.*)?|corr|preprint)\.?$",
                                  re.IGNORECASE)


def detect(sample: str) -> float:
    head = "\n".join(sample.lstrip("\ufeff").splitlines()[:30])
    return 0.95 if _OPENS.search(head) else 0.0


def _first(tags: dict[str, list[str]], *names: str) -> str | None:
    return next((tags[n][0] for n in names if tags.get(n) and tags[n][0]), None)


def _date(tags: dict[str, list[str]]) -> str | None:
    """`DA`, else `PY`/`Y1`, when it names a day: `2000/03/16/`, `2024/10/14`, `2023/06/29/Spring`,
    also `2024-10-14`; a year alone (`2023`, `1998///Spring`) is no day."""
    for name in ("DA", "PY", "Y1"):
        for value in tags.get(name, []):
            parts = [p.strip() for p in value.split("/")]
            if len(parts) >= 3 and all(p.isdigit() for p in parts[:3]):
                return normalize_date("-".join(parts[:3])) or value  # unreadable: make reports it
            if "/" not in value and not is_partial_date(value) and (day := normalize_date(value)):
                return day
    return None


def _arxiv(tags: dict[str, list[str]]) -> str | None:
    for name in ("UR", "M3", "L1", "L2", "DO"):
        for value in tags.get(name, []):
            for part in value.split(";"):
                arxiv_id, version = parse_arxiv_id(part)
                if arxiv_id:
                    return f"{arxiv_id}v{version}" if version else arxiv_id
    return None


def _paper(tags: dict[str, list[str]], first: int, last: int, ctx: ParseContext) -> Any:
    kind = _first(tags, "TY") or ""
    venue = None if kind in _WEB_TYPES else _first(tags, "T2", "JO", "JF", "JA", "BT")
    if venue and _PLACEHOLDER_VENUE.match(venue):
        venue = None
    authors = tags.get("AU") or tags.get("A1") or []
    return ctx.make(
        first, last,
        title=_first(tags, "TI", "T1"),
        authors=[n for n in (citation_name(a) for a in authors if a.strip()) if n],
        date=_date(tags),
        arxiv_id=_arxiv(tags),
        doi=_first(tags, "DO"),
        abstract=_first(tags, "AB", "N2"),
        journal_ref=venue,
    )


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator[Any]:
    tags: dict[str, list[str]] | None = None
    first = last_tag_line = 0
    last_tag = ""
    for n, line in enumerate(lines, 1):
        m = _TAG.match(line)
        if m:
            tag, value = m[1], (m[2] or "").strip()
            if tag == "TY":
                if tags is not None:  # no ER before the next record: it ended all the same
                    yield _paper(tags, first, n - 1, ctx)
                tags, first = {"TY": [value]}, n
            elif tags is None:
                continue  # text before the first record
            elif tag == "ER":
                yield _paper(tags, first, n, ctx)
                tags = None
            else:
                tags.setdefault(tag, []).append(value)
            last_tag, last_tag_line = tag, n
        elif tags is not None and line.strip() and last_tag in tags and last_tag != "TY":
            # A wrapped value: the line continues the tag before it.
            joiner = "\n" if last_tag in _PROSE else " "
            tags[last_tag][-1] = (tags[last_tag][-1] + joiner + line.strip()).strip()
    if tags is not None:
        yield Skipped(first, f"record cut off: the file ends before its ER line (last tag on line {last_tag_line})")
