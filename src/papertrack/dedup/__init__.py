"""De-duplication: records from any mix of layouts in, one merged record per paper out.

Matching runs in tiers, strongest first: the same arXiv id or DOI is the same paper, and
different ones never are; then the same title key; then a fuzzy title match; then, for records
with no title, a strong abstract match. Fuzzy tiers are guarded (numbers and parts agree, dates
within about a year, a shared author surname) and only compare records that share a blocking
key, so the cost grows about linearly with the input. `keys` computes what matching needs,
`match` groups, `merge_rules` makes one record of each group.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from ..model import Paper
from .keys import MatchRecord, match_keys, prepare
from .match import MAX_BLOCK, groups, match as match_records
from .merge_rules import merge, source_authority

__all__ = ["MAX_BLOCK", "clashes", "deduplicate", "groups", "match_keys", "merge", "prepare"]

Explain = Callable[[str], None]
Warn = Callable[[str, int | None, str], None]
"""Told (file, line, what) of a record kept apart from another that has its id."""


def deduplicate(records: Iterable[Paper], explain: Explain | None = None, warn: Warn | None = None) -> Iterator[Paper]:
    """Merged records, one per distinct paper, in order of first appearance; `warn` hears of
    each record kept apart from another that has its arXiv id or DOI."""
    # The records and keys held here form no reference cycles; the cyclic garbage collector
    # would only rescan an ever larger heap, which was half of the run time at 250,000 records.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        recs = [MatchRecord(i, p) for i, p in enumerate(records)]
        g = match_records(recs)
        # What is held until the last group is merged stays out of the collector's passes
        # (frozen): full passes over millions of records were a quarter of a large dedup,
        # while the merged records, made and written one by one, are collected as usual.
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    try:
        by_root: dict[int, list[int]] = defaultdict(list)
        for r in recs:
            by_root[g.find(r.i)].append(r.i)
        for where, line, what in clashes(recs, g.apart):
            if warn:
                warn(where, line, what)
            if explain:
                explain(f"kept apart: {where}:{line} ({what})" if line else f"kept apart: {where} ({what})")
        joins: dict[int, list] = defaultdict(list)
        for a, b, rule, score in g.why if explain else ():
            joins[g.find(a)].append((a, b, rule, score))
        for root in sorted(by_root):
            paper = merge([recs[i].paper for i in by_root[root]])
            if explain and root in joins:
                _explain(paper, recs, joins[root], explain)
            yield paper
    finally:
        gc.unfreeze()
    if explain:
        merged = len(recs) - len(by_root)
        explain(f"dedup: {len(recs)} records -> {len(by_root)} papers ({merged} joined to another)")


def clashes(recs: list[MatchRecord], apart: list[tuple[int, int, str, str]]) -> Iterator[tuple[str, int | None, str]]:
    """(file, line, what) of each record kept apart from one with its id: the less
    authoritative of the two (the later on a tie) is named, with the other's title."""
    for a, b, kind, key in apart:
        first, second = recs[a].paper, recs[b].paper
        flagged, other = (first, second) if source_authority(first) > source_authority(second) else (second, first)
        source = flagged.sources[0] if flagged.sources else None
        title = (other.title or "")[:80]
        why = [text for shown, text in ((first.title and second.title, "the titles are unalike"),
                                         (first.authors and second.authors, "no author is in both")) if shown]
        yield (source.file if source else "-", source.line if source else None,
               f'{kind} {key} also names "{title}"; kept apart: {" and ".join(why)}')


def _where(p: Paper) -> str:
    return ", ".join(f"{s.file}:{s.line}" if s.line else s.file for s in p.sources)


def _explain(paper: Paper, recs: list[MatchRecord], joins: list, say: Explain) -> None:
    """One group: the merged paper, then each join with its rule, score and both places."""
    label = paper.title or (paper.abstract or "")[:60]
    say(f"{paper.id}: {len(joins) + 1} records, {label[:70]!r}")
    for a, b, rule, score in joins:
        extra = f" {score:.1f}" if score is not None else ""
        say(f"  {rule}{extra}: {_where(recs[a].paper)} + {_where(recs[b].paper)}")
