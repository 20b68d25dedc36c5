"""papertrack's own output read back: JSONL (one record a line) or a JSON array of records.

Round trip: `parse` of `parse` output gives the same records, provenance included, so
records can be filtered with jq and fed to `dedup` or `add`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from ..model import Paper, SourceRef
from .context import ParseContext, Skipped

NAME = "records"
DESCRIPTION = "papertrack records: JSONL, or a JSON array (--format json)"
EXAMPLE = '{"id": "arxiv:2510.02212", "title": "DiFFPO: ...", "authors": [...], ...}'

_RECORD_KEYS = {"title", "arxiv_id", "abstract", "authors", "doi"}


def _is_record(obj) -> bool:
    """papertrack's own records carry an `id` with its prefix, or their provenance."""
    if not isinstance(obj, dict):
        return False
    ident = obj.get("id")
    own_id = isinstance(ident, str) and ident.split(":", 1)[0] in ("arxiv", "doi", "title")
    return own_id or "source" in obj or "sources" in obj


def detect(sample: str) -> float:
    first = next((line.strip() for line in sample.splitlines() if line.strip()), "")
    if first.startswith("{"):
        try:
            obj = json.loads(first)
        except ValueError:
            return 0.4 if '"sources"' in first or '"source"' in first else 0.0
        if _is_record(obj):
            return 1.0
        # Records without provenance (hand-written or filtered): below any API layout's score.
        return 0.5 if isinstance(obj, dict) and _RECORD_KEYS & obj.keys() else 0.0
    if first.startswith("[") and ('"source' in sample or '"authors_truncated"' in sample):
        return 0.9
    return 0.0


def _record(obj, n: int, ctx: ParseContext):
    if not isinstance(obj, dict):
        return Skipped(n, "not a JSON object")
    try:
        paper = Paper.from_dict(obj)
    except (ValueError, TypeError) as exc:
        return Skipped(n, str(exc))
    if not (paper.title or paper.abstract or paper.arxiv_id):
        return Skipped(n, "no title, abstract or arXiv id")
    if not paper.sources:
        paper.sources = [SourceRef(ctx.format, ctx.file, n)]
    return paper


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    it = iter(enumerate(lines, 1))
    for n, raw in it:
        text = raw.strip()
        if not text:
            continue
        if text.startswith("["):
            # A JSON array is one document: read the rest of it whole.
            doc = "\n".join([raw, *(line for _, line in it)])
            try:
                items = json.loads(doc)
            except ValueError as exc:
                yield Skipped(n, f"invalid JSON array: {exc}")
                return
            for item in items if isinstance(items, list) else [items]:
                yield _record(item, n, ctx)
            return
        if why := ctx.damage_in(n, n):
            yield Skipped(n, why)
            continue
        try:
            obj = json.loads(text)
        except ValueError as exc:
            yield Skipped(n, f"invalid JSON: {exc.args[0] if exc.args else exc}")
            continue
        yield _record(obj, n, ctx)
