"""Adding records to the library: each new record is matched by dedup's own rules against the
records already stored (found through the index of dedup's match keys) and its paper re-merged
from all of its records; exact repeats are recognized by a digest and change nothing.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterable
from itertools import islice

from .. import dedup
from ..dedup.keys import MatchRecord
from ..model import Paper
from .schema import DEFERRED_INDEXES, load_record, now, select_in
from .tally import Tally
from .writes import Incoming, Stored, Writes

# Records matched and written per round: fewer rounds mean fewer candidate look-ups; a round
# holds its records, JSON and rows in memory.
CHUNK = 50_000
# Records kept prepared in memory while one command runs (about 2 kB each): most candidates
# of a large import are records it added itself.
CACHED_RECORDS = 250_000

class Ingest:
    """One command's adding to one library: the prepared records it holds in memory and the
    digests of the records it wrote."""

    def __init__(self, db: sqlite3.Connection, fts: bool):
        self.db, self.fts = db, fts
        self.cache: dict[int, MatchRecord] = {}  # record pk -> dedup.prepare(record)
        self.digests: set[int] = set()
        self.stored_before: bool | None = None  # did the library hold records before this command?
        self.warn: dedup.Warn | None = None

    def forget(self) -> None:
        """After a rollback: the rows the cache names are gone, their ids free again."""
        self.cache.clear()

    def remember(self, pairs: Iterable[tuple[int, MatchRecord]]) -> None:
        self.cache.update(pairs)
        while len(self.cache) > CACHED_RECORDS:
            del self.cache[next(iter(self.cache))]

    def run(self, records: Iterable[Paper], tally: Tally, warn: dedup.Warn | None = None) -> None:
        """Add the records; `warn` hears of each new record kept apart from one with its id."""
        self.warn = warn
        # The cyclic garbage collector would walk every record, row and key held here again and
        # again (a quarter of the time of a large import); none of them form cycles.
        collecting = gc.isenabled()
        gc.disable()
        try:
            deferred: list[str] = []
            if self.stored_before is None:
                self.stored_before = self.db.execute("SELECT 1 FROM records LIMIT 1").fetchone() is not None
                deferred = [] if self.stored_before else self._drop_indexes()
            it = iter(records)
            while chunk := list(islice(it, CHUNK)):
                self._chunk(chunk, tally)
            for sql in deferred:  # an error before this rolls the drop back with the rest
                self.db.execute(sql)
        finally:
            if collecting:
                gc.enable()

    def _drop_indexes(self) -> list[str]:
        """Drop the deferred indexes; the statements that make them again."""
        marks = ",".join("?" * len(DEFERRED_INDEXES))
        found = self.db.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
                                DEFERRED_INDEXES).fetchall()
        for name, _ in found:
            self.db.execute(f"DROP INDEX {name}")
        return [sql for _, sql in found]

    def _chunk(self, chunk: list[Paper], tally: Tally) -> None:
        items = [Incoming(p) for p in chunk]
        # A first import into an empty library need only look for repeats of what it wrote itself.
        asked = [i.digest for i in items if self.stored_before or i.digest in self.digests]
        repeats: dict[int, list[tuple[int, str]]] = {}
        for digest, paper, text in select_in(self.db,
                "SELECT r.digest, r.paper, coalesce(r.record, p.record) FROM records r "
                "JOIN papers p ON p.pk = r.paper WHERE r.digest IN", asked) if asked else ():
            repeats.setdefault(digest, []).append((paper, text))
        fresh = []
        for item in items:
            same = next((pk for pk, text in repeats.get(item.digest, ()) if text == item.text), None)
            if same is None:
                item.prepare()
                fresh.append(item)
            else:
                tally.unchanged.add(same)
        if not fresh:
            return
        stored, merged_json = self._candidates({h for i in fresh for h in i.lookups()})
        # A stored paper's records are one paper from the start, so that no new record splits them.
        first: dict[int, int] = {}
        known = [(first[s.paper], k) for k, s in enumerate(stored) if first.setdefault(s.paper, k) != k]
        writes, n, new = Writes(self.db, self.fts, self.remember, now(), bool(self.stored_before)), len(stored), []
        recs = [s.rec for s in stored] + [i.rec for i in fresh]
        apart: list[tuple[int, int, str, str]] = []
        for group in dedup.groups(recs, known, apart):
            if len(group) == 1 and group[0] >= n:
                new.append(fresh[group[0] - n])
            elif group[-1] >= n:
                writes.paper([stored[i] for i in group if i < n], [fresh[i - n] for i in group if i >= n],
                             merged_json, tally)
        if self.warn:  # of the new records only: a clash between stored papers was told when it came in
            for where, line, what in dedup.clashes(recs, [c for c in apart if c[1] >= n]):
                self.warn(where, line, what)
        writes.new_papers(new, tally)
        writes.flush()
        self.digests.update(i.digest for i in fresh)

    def _candidates(self, hashes: set[int]) -> tuple[list[Stored], dict[int, str]]:
        """The stored records of every paper that shares a match key with the new records, in the
        order they were added; like dedup, only the latest MAX_BLOCK papers of a crowded key."""
        by_hash: dict[int, list[int]] = {}
        for h, paper in select_in(self.db, "SELECT hash, paper FROM match_keys WHERE hash IN", hashes):
            by_hash.setdefault(h, []).append(paper)
        papers = {p for found in by_hash.values() for p in sorted(found)[-dedup.MAX_BLOCK:]}
        if not papers:
            return [], {}
        rows = sorted(select_in(self.db, "SELECT pk, paper, record IS NULL FROM records WHERE paper IN", papers))
        merged = dict(select_in(self.db, "SELECT pk, record FROM papers WHERE pk IN", papers))
        # Taken from the cache before it is refilled: remembering the missing ones may evict
        # some of the others this round needs.
        prepared = {pk: self.cache[pk] for pk, _, _ in rows if pk in self.cache}
        missing = [pk for pk, _, _ in rows if pk not in prepared]
        loaded = [(pk, dedup.prepare(Paper.from_dict(load_record(text or merged[paper]))))
                  for pk, paper, text in select_in(self.db, "SELECT pk, paper, record FROM records WHERE pk IN",
                                                   missing)]
        prepared.update(loaded)
        self.remember(loaded)
        return [Stored(pk, paper, prepared[pk], bool(alone)) for pk, paper, alone in rows], merged


