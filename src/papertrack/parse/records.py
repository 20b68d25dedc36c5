"""papertrack's own output read back: JSONL (one record a line) or a JSON array of records.

Round trip: `parse` of `parse` output gives the same records, provenance included, so
records can be filtered with jq and fed to `dedup` or `add`. Only input carrying papertrack's
own marks is claimed (a `source`/`sources` provenance object, or an `arxiv:`/`doi:`/`title:` id
beside `authors_truncated`); other tools' JSON records are `json-records`. The records are
checked as any layout's are: identifiers, dates and authors in the record's forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Paper, SourceRef
from ..names import is_no_name
from .canonical import canonical_values
from .context import ParseContext, Skipped
from .json_lines import json_values

NAME = "records"
DESCRIPTION = "papertrack records: JSONL, or a JSON array (--format json)"
EXAMPLE = '{"id": "arxiv:2510.02212", "title": "DiFFPO: ...", "authors": [...], ..., "source": {...}}'

# The provenance object papertrack writes first-key-first: {"format": ..., "file": ..., "line": ...}.
_PROVENANCE = re.compile(r'"sources?"\s*:\s*\[?\s*\{\s*"format"\s*:')
_OWN_ID = re.compile(r'"id"\s*:\s*"(?:arxiv|doi|title):')


def is_own_record(obj: Any) -> bool:
    """papertrack's own records carry their provenance, or (filtered with jq) their own id
    form beside a field only papertrack writes."""
    if not isinstance(obj, dict):
        return False
    source, sources = obj.get("source"), obj.get("sources")
    if (isinstance(source, dict) and "format" in source) or (
            isinstance(sources, list) and sources and all(isinstance(s, dict) and "format" in s for s in sources)):
        return True
    ident = obj.get("id")
    return isinstance(ident, str) and ident.split(":", 1)[0] in ("arxiv", "doi", "title") and "authors_truncated" in obj


def detect(sample: str) -> float:
    head = sample.lstrip("\ufeff \t\r\n")
    if not head.startswith(("{", "[")):
        return 0.0
    window = head[:20000]
    if _PROVENANCE.search(window) or (_OWN_ID.search(window) and '"authors_truncated"' in window):
        return 1.0
    return 0.0


def _record(obj: Any, n: int, ctx: ParseContext) -> Paper | Skipped:
    if not isinstance(obj, dict):
        return Skipped(n, "not a JSON object")
    if problems := canonical_values(obj):
        ctx.notes.extend((n, problem) for problem in problems)
    try:
        paper = Paper.from_dict(obj)
    except (ValueError, TypeError) as exc:
        return Skipped(n, str(exc))
    if not (paper.title or paper.abstract or paper.arxiv_id):
        return Skipped(n, "no title, abstract or arXiv id")
    if any(map(is_no_name, paper.authors)):  # `:` and the like, in records written before they were dropped
        paper.authors = [a for a in paper.authors if not is_no_name(a)]
    for ref in paper.sources:
        if not isinstance(ref.line, int) or isinstance(ref.line, bool):
            ref.line = None  # provenance is untrusted input too
    if not paper.sources:
        paper.sources = [SourceRef(ctx.format, ctx.file, n)]
    return paper


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator[Paper | Skipped]:
    for item in json_values(lines):
        if isinstance(item, Skipped):
            yield item
            continue
        first, last, obj = item
        if ctx.damaged and (why := ctx.damage_of(first, last, obj)):
            yield Skipped(first, why)
            continue
        yield _record(obj, first, ctx)
