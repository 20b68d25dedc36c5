"""CSL-JSON (citation-style-language/schema, csl-data.json), what Zotero, Better BibTeX, Pandoc
and citation processors exchange: an array of items with `type`, `title` (rich-text markup such
as `<i>` and `<span class="nocase">` dropped), `author` (`given`, `family`, particles, `suffix`,
or `literal`), `issued` (`date-parts`, `raw` or an EDTF string; a year or month alone is no day),
`DOI`, `URL`, `number`/`note` with the arXiv id Zotero writes there, and `container-title`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..arxiv_taxonomy import is_category
from ..normalize import normalize_date, parse_arxiv_id
from .context import ParseContext, Skipped
from .json_doc import clean_text
from .json_lines import json_values

NAME = "csl-json"
DESCRIPTION = "CSL-JSON items (Zotero, Better BibTeX, Pandoc, citeproc): a JSON array of {id, type, title, author, ...}"
EXAMPLE = '[{"id": "vaswani2017", "type": "article", "title": "Attention Is All You Need", "author": [...]}]'

_TYPES = frozenset("""article article-journal article-magazine article-newspaper bill book broadcast chapter classic
collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview
legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference patent performance
periodical personal_communication post post-weblog regulation report review review-book software song speech
standard thesis treaty webpage""".split())
_CSL_KEYS = ("issued", "container-title", "citation-key", "author", "DOI", "URL")
_PLACEHOLDER_VENUE = re.compile(r"^(?:arxiv(?:\s+e-prints|\.org|\s+preprint\b.*)?|corr)\.?$", re.IGNORECASE)
_BRACKETED_CLASS = re.compile(r"arxiv:\s*\S+\s*\[([A-Za-z.\-]+)\]", re.IGNORECASE)


def _is_item(obj: Any) -> bool:
    return isinstance(obj, dict) and obj.get("type") in _TYPES and "id" in obj and any(k in obj for k in _CSL_KEYS)


def detect(sample: str) -> float:
    head = sample.lstrip("\ufeff \t\r\n")
    if not head.startswith(("[", "{")):
        return 0.0
    for item in json_values(head.splitlines()[:5000]):
        return 0.9 if not isinstance(item, Skipped) and _is_item(item[2]) else 0.0
    return 0.0


def _issued(value: Any) -> str | None:
    """The day of `issued`: the first of `date-parts` (a range starts there), `raw`, or EDTF."""
    if isinstance(value, str):
        return value  # EDTF (`2024-05-17`); make reads it, and reports it when it cannot
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        numbers = [int(p) for p in parts[0][:3] if isinstance(p, int) or (isinstance(p, str) and p.strip().isdigit())]
        return normalize_date(f"{numbers[0]:04d}-{numbers[1]:02d}-{numbers[2]:02d}") if len(numbers) == 3 else None
    raw = value.get("raw") or value.get("literal")
    return normalize_date(raw) if isinstance(raw, str) else None


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return clean_text(value) if isinstance(value, str) and value.strip() else None


def _paper(item: Any, first: int, last: int, ctx: ParseContext) -> Any:
    if not isinstance(item, dict):
        return Skipped(first, "not a CSL item (a JSON object)")
    note = _text(item, "note") or ""
    arxiv_id = next((found for key in ("number", "URL", "note", "archive_location")
                     if (found := _arxiv_written(_text(item, key)))), None)
    bracketed = _BRACKETED_CLASS.search(note)
    category = bracketed[1] if bracketed and is_category(bracketed[1]) else None
    venue = _text(item, "container-title")
    return ctx.make(
        first, last,
        title=_text(item, "title"),
        authors=item.get("author") if isinstance(item.get("author"), list) else [],
        date=_issued(item.get("issued")),
        category=category,
        categories=[category] if category else [],
        arxiv_id=arxiv_id,
        doi=_text(item, "DOI"),
        abstract=_text(item, "abstract"),
        journal_ref=None if venue and _PLACEHOLDER_VENUE.match(venue) else venue,
    )


def _arxiv_written(text: str | None) -> str | None:
    arxiv_id, version = parse_arxiv_id(text)
    return (f"{arxiv_id}v{version}" if version else arxiv_id) if arxiv_id else None


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator[Any]:
    for item in json_values(lines):
        if isinstance(item, Skipped):
            yield item
        else:
            yield _paper(item[2], item[0], item[1], ctx)
