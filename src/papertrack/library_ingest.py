"""Adding records to the library: each new record is matched by dedup's own rules against the
records already stored (found through the index of dedup's match keys) and its paper re-merged
from all of its records; exact repeats are recognized by a digest and change nothing.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from . import dedup
from .model import Paper
from .names import parse_name
from .normalize import title_key

if TYPE_CHECKING:
    from .library import Library, Tally

# Records matched and written per round: fewer rounds mean fewer candidate look-ups; a round
# holds its records, JSON and rows in memory.
CHUNK = 50_000
# Indexes no ingest reads: a first import into an empty library builds them once at the end,
# which is several times cheaper than keeping them up to date row by row.
DEFERRED_INDEXES = ("authors_name", "profiles_name", "papers_arxiv", "papers_date", "papers_added",
                    "records_digest")
# Records kept prepared in memory while one command runs (about 2 kB each): most candidates
# of a large import are records it added itself.
CACHED_RECORDS = 250_000

_json = json.JSONEncoder(ensure_ascii=False).encode


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def key_hash(text: str) -> int:
    """64 bits of a key, as SQLite stores integers."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little", signed=True)


def source_identity(paper: Paper) -> tuple:
    """A source is (format, file, line); a fetched page is one source whatever line a paper
    moved to since the last fetch."""
    return tuple((s.format, s.file, None if "://" in s.file else s.line) for s in paper.sources)


@lru_cache(maxsize=1 << 17)  # a library names the same people again and again
def name_key(name: str) -> str:
    parsed = parse_name(name)
    return parsed.key if parsed else ""


class _Incoming:
    """A record to add: its JSON (merged form, as the paper it may alone become), the keys it
    is matched by, and their hashes."""

    __slots__ = ("paper", "id", "text", "digest", "rec", "keys", "hashes")

    def __init__(self, paper: Paper):
        self.paper = paper
        data = paper.to_dict(merged=True)
        self.id, self.text = data["id"], _json(data)
        self.digest = key_hash(self.text)

    def prepare(self) -> None:
        self.rec = dedup.prepare(self.paper)
        self.keys = dedup.match_keys(self.rec)
        self.hashes = [key_hash(k) for k in self.keys]

    def lookups(self) -> list[int]:
        """Hashes of the stored keys that can join this record: abstract blocks join only where
        one side is untitled (dedup.match_keys marks untitled ones with `u`)."""
        if not self.paper.abstract:
            return self.hashes
        out = []
        for key, h in zip(self.keys, self.hashes):
            if key.startswith(("ap:", "as:")):
                out.append(key_hash("u" + key))
            else:
                out.append(h)
                if key.startswith(("uap:", "uas:")):
                    out.append(key_hash(key[1:]))
        return out


@dataclass(slots=True)
class _Stored:
    pk: int
    paper: int
    rec: object
    """dedup.prepare(record)."""
    alone: bool
    """Stored without JSON of its own: its paper's only record."""


class Ingest:
    """One command's adding to one library: the prepared records it holds in memory and the
    digests of the records it wrote."""

    def __init__(self, lib: Library):
        self.lib, self.db = lib, lib.db
        self.cache: dict[int, object] = {}  # record pk -> dedup.prepare(record)
        self.digests: set[int] = set()
        self.stored_before: bool | None = None  # did the library hold records before this command?

    def forget(self) -> None:
        """After a rollback: the rows the cache names are gone, their ids free again."""
        self.cache.clear()

    def remember(self, pairs: Iterable[tuple[int, object]]) -> None:
        self.cache.update(pairs)
        while len(self.cache) > CACHED_RECORDS:
            del self.cache[next(iter(self.cache))]

    def run(self, records: Iterable[Paper], tally: Tally) -> None:
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
        items = [_Incoming(p) for p in chunk]
        # A first import into an empty library need only look for repeats of what it wrote itself.
        asked = [i.digest for i in items if self.stored_before or i.digest in self.digests]
        repeats: dict[int, list[tuple[int, str]]] = {}
        for digest, paper, text in self.lib.select_in(
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
        writes, n, new = _Writes(self, now()), len(stored), []
        for group in dedup.groups([s.rec for s in stored] + [i.rec for i in fresh], known):
            if len(group) == 1 and group[0] >= n:
                new.append(fresh[group[0] - n])
            elif group[-1] >= n:
                writes.paper([stored[i] for i in group if i < n], [fresh[i - n] for i in group if i >= n],
                             merged_json, tally)
        writes.new_papers(new, tally)
        writes.flush()
        self.digests.update(i.digest for i in fresh)

    def _candidates(self, hashes: set[int]) -> tuple[list[_Stored], dict[int, str]]:
        """The stored records of every paper that shares a match key with the new records, in the
        order they were added; like dedup, only the latest MAX_BLOCK papers of a crowded key."""
        by_hash: dict[int, list[int]] = {}
        for h, paper in self.lib.select_in("SELECT hash, paper FROM match_keys WHERE hash IN", hashes):
            by_hash.setdefault(h, []).append(paper)
        papers = {p for found in by_hash.values() for p in sorted(found)[-dedup.MAX_BLOCK:]}
        if not papers:
            return [], {}
        rows = sorted(self.lib.select_in("SELECT pk, paper, record IS NULL FROM records WHERE paper IN", papers))
        merged = dict(self.lib.select_in("SELECT pk, record FROM papers WHERE pk IN", papers))
        missing = [pk for pk, _, _ in rows if pk not in self.cache]
        self.remember((pk, dedup.prepare(Paper.from_dict(json.loads(text or merged[paper]))))
                      for pk, paper, text in self.lib.select_in("SELECT pk, paper, record FROM records WHERE pk IN",
                                                                missing))
        return [_Stored(pk, paper, self.cache[pk], bool(alone)) for pk, paper, alone in rows], merged


class _Writes:
    """The rows one round changes, written table by table with executemany."""

    def __init__(self, ingest: Ingest, stamp: str):
        self.ingest, self.db, self.fts, self.stamp = ingest, ingest.db, ingest.lib.fts, stamp
        self.next_pk = (self.db.execute("SELECT max(pk) FROM papers").fetchone()[0] or 0) + 1
        self.next_record = (self.db.execute("SELECT max(pk) FROM records").fetchone()[0] or 0) + 1
        self.paper_rows: list[tuple] = []  # stored papers, re-merged
        self.new_rows: list[tuple] = []
        self.dropped: list[int] = []
        self.moved: list[tuple[int, int]] = []
        self.record_rows: list[tuple] = []
        self.record_updates: list[tuple] = []
        self.key_rows: list[tuple[int, int]] = []
        self.key_drops: list[tuple[int, int]] = []
        self.reindexed: list[int] = []
        self.author_rows: list[tuple] = []
        self.profile_rows: list[tuple] = []
        self.search_rows: list[tuple] = []
        self.search_drops: list[tuple] = []  # (pk, title, abstract, authors) as indexed

    def new_papers(self, items: list[_Incoming], tally: Tally) -> None:
        """The common case, in bulk: records of papers the library does not have."""
        pks = range(self.next_pk, self.next_pk + len(items))
        records = range(self.next_record, self.next_record + len(items))
        self.next_pk += len(items)
        self.next_record += len(items)
        stamp = self.stamp
        self.new_rows += [(pk, i.id, i.paper.arxiv_id, i.paper.doi, i.rec.tkey or None, i.paper.date,
                           i.paper.category, int(i.paper.has_code), stamp, stamp, i.text) for pk, i in zip(pks, items)]
        self.record_rows += [(r, pk, i.digest, None) for r, pk, i in zip(records, pks, items)]
        self.key_rows += [(h, pk) for pk, i in zip(pks, items) for h in i.hashes]
        self.ingest.remember(zip(records, (i.rec for i in items)))
        tally.added.update(dict.fromkeys(pks))
        for pk, i in zip(pks, items):
            self._index(pk, i.paper)

    def paper(self, old: list[_Stored], incoming: list[_Incoming], merged_json: dict[int, str], tally: Tally) -> None:
        """Re-merge one paper from its stored records and the new ones. A new record from a
        source the paper already has replaces that source's record."""
        members = [s.rec.paper for s in old]
        slots: dict[tuple, list[int]] = {}
        for k, s in enumerate(old):
            slots.setdefault(source_identity(s.rec.paper), []).append(k)
        replaced: dict[int, _Incoming] = {}
        appended: list[_Incoming] = []
        for item in incoming:
            free = slots.get(source_identity(item.paper))
            if free:
                k = free.pop(0)
                members[k] = item.paper
                replaced[old[k].pk] = item
            else:
                members.append(item.paper)
                appended.append(item)
        merged, text = _merged(members, incoming)
        owners = list(dict.fromkeys(s.paper for s in old))
        if len(owners) == 1 and merged_json.get(owners[0]) == text:
            tally.unchanged.add(owners[0])
            return
        if owners:
            pk = min(owners)
            for other in owners:
                if other != pk:
                    self._absorb(other, pk, old, tally)
            self.reindexed.append(pk)
            self.search_drops += [(p, *search_text(json.loads(merged_json[p]))) for p in owners]
            if pk not in tally.added:
                tally.updated.add(pk)
        else:
            pk, self.next_pk = self.next_pk, self.next_pk + 1
            tally.added[pk] = None
        alone = len(members) == 1  # the one record's JSON is the paper's: not stored twice
        tkey = (incoming[0].rec.tkey if alone else title_key(merged.title or "")) or None
        (self.paper_rows if owners else self.new_rows).append(
            (pk, merged.id, merged.arxiv_id, merged.doi, tkey, merged.date, merged.category,
             int(merged.has_code), self.stamp, self.stamp, text))
        for s in old:
            if s.pk in replaced:
                item = replaced[s.pk]
                self.record_updates.append((item.digest, None if alone else item.text, s.pk))
                self.ingest.remember([(s.pk, item.rec)])
            elif s.alone and not alone:  # no longer its paper's only record: give it its JSON
                self.record_updates.append((key_hash(merged_json[s.paper]), merged_json[s.paper], s.pk))
        for item in appended:
            self.record_rows.append((self.next_record, pk, item.digest, None if alone else item.text))
            self.ingest.remember([(self.next_record, item.rec)])
            self.next_record += 1
        for item in incoming:
            self.key_rows += [(h, pk) for h in item.hashes]
        self._index(pk, merged)

    def _absorb(self, absorbed: int, pk: int, old: list[_Stored], tally: Tally) -> None:
        """Another stored paper turned out to be the same: its records move to `pk`."""
        self.dropped.append(absorbed)
        self.moved.append((pk, absorbed))
        for s in old:
            if s.paper == absorbed:
                for key in dedup.match_keys(s.rec):
                    self.key_drops.append((key_hash(key), absorbed))
                    self.key_rows.append((key_hash(key), pk))
        tally.joined += absorbed not in tally.added
        tally.added.pop(absorbed, None)
        tally.updated.discard(absorbed)
        tally.unchanged.discard(absorbed)

    def _index(self, pk: int, p: Paper) -> None:
        self.author_rows += [(pk, position, name, name_key(name)) for position, name in enumerate(p.authors)]
        if p.profile_of:
            self.profile_rows += [(pk, name, name_key(name)) for name in p.profile_of]
        if self.fts:
            self.search_rows.append((pk, p.title or "", p.abstract or "", "; ".join(p.authors)))

    def flush(self) -> None:
        db = self.db
        # A paper keeps the time it first came in, also when another stored paper joins it.
        added_at = dict(self.ingest.lib.select_in("SELECT pk, added_at FROM papers WHERE pk IN",
                                                  [row[0] for row in self.paper_rows] + self.dropped))
        for pk, absorbed in self.moved:
            added_at[pk] = min(added_at[pk], added_at[absorbed])
        gone = [(p,) for p in self.dropped + self.reindexed]
        for table in ("authors", "profiles"):
            db.executemany(f"DELETE FROM {table} WHERE paper = ?", gone)
        if self.fts:
            db.executemany("INSERT INTO search (search, rowid, title, abstract, authors) "
                           "VALUES ('delete', ?, ?, ?, ?)", self.search_drops)
        db.executemany("DELETE FROM papers WHERE pk = ?", [(p,) for p in self.dropped])
        db.executemany("DELETE FROM match_keys WHERE hash = ? AND paper = ?", self.key_drops)
        db.executemany("UPDATE records SET paper = ? WHERE paper = ?", self.moved)
        db.executemany("REPLACE INTO papers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [row[:8] + (added_at[row[0]],) + row[9:] for row in self.paper_rows])
        db.executemany("INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.new_rows)
        db.executemany("UPDATE records SET digest = ?, record = ? WHERE pk = ?", self.record_updates)
        db.executemany("INSERT INTO records VALUES (?, ?, ?, ?)", self.record_rows)
        self.key_rows.sort()  # in key order the index takes them in one sweep
        db.executemany("INSERT OR IGNORE INTO match_keys VALUES (?, ?)", self.key_rows)
        db.executemany("INSERT INTO authors VALUES (?, ?, ?, ?)", self.author_rows)
        db.executemany("INSERT OR IGNORE INTO profiles VALUES (?, ?, ?)", self.profile_rows)
        if self.fts:
            db.executemany("INSERT INTO search (rowid, title, abstract, authors) VALUES (?, ?, ?, ?)",
                           self.search_rows)


def _merged(members: list[Paper], incoming: list[_Incoming]) -> tuple[Paper, str]:
    """dedup.merge of the members, each source named once, and its JSON."""
    if len(members) == 1:  # one record (new, or replacing the only one): the paper as it shows it
        return incoming[0].paper, incoming[0].text
    merged = dedup.merge(members)
    names = [(s.format, s.file, s.line) for s in merged.sources]
    if len(set(names)) < len(names):
        merged = replace(merged, sources=list(dict(zip(names, merged.sources)).values()))
    return merged, _json(merged.to_dict(merged=True))


def search_text(record: dict) -> tuple[str, str, str]:
    """What the search index holds of a stored paper, from its JSON: exactly what was indexed."""
    return record["title"] or "", record["abstract"] or "", "; ".join(record["authors"])
