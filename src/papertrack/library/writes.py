"""The rows one round of `add` changes, gathered and then written table by table with
executemany: new papers in bulk, stored papers re-merged with their new records, papers that
turned out to be one absorbed into the other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from operator import itemgetter

from .. import dedup
from ..dedup.keys import MatchRecord
from ..model import Paper
from ..normalize import title_key
from ..people import person_key
from ..record_json import record_json
from . import schema
from .schema import key_hash, load_record, search_text
from .tally import Tally


def source_identity(paper: Paper) -> tuple:
    """A source is (format, file, line); a fetched page is one source whatever line a paper
    moved to since the last fetch."""
    return tuple((s.format, s.file, None if "://" in s.file else s.line) for s in paper.sources)


class Incoming:
    """A record to add: its JSON (merged form, as the paper it may alone become), the keys it
    is matched by, and their hashes."""

    __slots__ = ("digest", "hashes", "id", "keys", "paper", "rec", "text")

    def __init__(self, paper: Paper):
        self.paper = paper
        # The standard encoder's bytes for to_dict (the JSON of every library made so far),
        # written by orjson field by field, without a dict per record.
        self.id, self.text = paper.id, record_json(paper, True)
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
class Stored:
    pk: int
    paper: int
    rec: MatchRecord
    """dedup.prepare(record)."""
    alone: bool
    """Stored without JSON of its own: its paper's only record."""


class Writes:
    """The rows one round changes, written table by table with executemany."""

    def __init__(self, db: sqlite3.Connection, fts: bool, remember: Callable[[Iterable[tuple[int, MatchRecord]]], None],
                 stamp: str, indexed: bool = True):
        """`remember` keeps (record pk, prepared record) pairs for later rounds' matching;
        `indexed`: the name indexes are there (a first import builds them at the end)."""
        self.db, self.fts, self.remember, self.stamp, self.indexed = db, fts, remember, stamp, indexed
        self.next_pk = (self.db.execute("SELECT max(pk) FROM papers").fetchone()[0] or 0) + 1
        self.next_record = (self.db.execute("SELECT max(pk) FROM records").fetchone()[0] or 0) + 1
        self.paper_rows: list[tuple] = []  # stored papers, re-merged: UPDATE_PAPER rows
        self.paper_moves: list[tuple] = []  # ... whose indexed columns changed: MOVE_PAPER rows
        self.new_rows: list[tuple] = []
        self.dropped: list[int] = []
        self.moved: list[tuple[int, int]] = []
        self.record_rows: list[tuple] = []
        self.record_updates: list[tuple] = []
        self.key_rows: list[tuple[int, int]] = []
        self.key_drops: list[tuple[int, int]] = []
        self.reindexed: list[int] = []  # stored papers whose authors or profile owners changed
        self.author_rows: list[tuple] = []
        self.profile_rows: list[tuple] = []
        self.search_rows: list[tuple] = []
        self.search_drops: list[tuple] = []  # (pk, title, abstract, authors) as indexed

    def new_papers(self, items: list[Incoming], tally: Tally) -> None:
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
        self.remember(zip(records, (i.rec for i in items)))
        tally.added.update(dict.fromkeys(pks))
        for pk, i in zip(pks, items):
            self._index(pk, i.paper)

    def paper(self, old: list[Stored], incoming: list[Incoming], merged_json: dict[int, str], tally: Tally) -> None:
        """Re-merge one paper from its stored records and the new ones. A new record from a
        source the paper already has replaces that source's record."""
        members = [s.rec.paper for s in old]
        slots: dict[tuple, list[int]] = {}
        for k, s in enumerate(old):
            slots.setdefault(source_identity(s.rec.paper), []).append(k)
        replaced: dict[int, Incoming] = {}
        appended: list[Incoming] = []
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
        alone = len(members) == 1  # the one record's JSON is the paper's: not stored twice
        tkey = (incoming[0].rec.tkey if alone else title_key(merged.title or "")) or None
        if owners:
            pk = min(owners)
            for other in owners:
                if other != pk:
                    self._absorb(other, pk, old, tally, load_record(merged_json[other]))
            if pk not in tally.added:
                tally.updated.add(pk)
            # Only what changed is written: an index is touched only where its columns change,
            # and most repeats change no author, title or abstract of the paper they join.
            was = load_record(merged_json[pk])
            self.paper_rows.append((merged.id, merged.doi, tkey, int(merged.has_code), self.stamp, text, pk))
            if (was["arxiv_id"], was["date"], was["category"]) != (merged.arxiv_id, merged.date, merged.category):
                self.paper_moves.append((merged.arxiv_id, merged.date, merged.category, pk))
            self._reindex(pk, was, merged)
        else:
            pk, self.next_pk = self.next_pk, self.next_pk + 1
            tally.added[pk] = None
            self.new_rows.append((pk, merged.id, merged.arxiv_id, merged.doi, tkey, merged.date, merged.category,
                                  int(merged.has_code), self.stamp, self.stamp, text))
            self._index(pk, merged)
        for s in old:
            if s.pk in replaced:
                item = replaced[s.pk]
                self.record_updates.append((item.digest, None if alone else item.text, s.pk))
                self.remember([(s.pk, item.rec)])
            elif s.alone and not alone:  # no longer its paper's only record: give it its JSON
                self.record_updates.append((key_hash(merged_json[s.paper]), merged_json[s.paper], s.pk))
        for item in appended:
            self.record_rows.append((self.next_record, pk, item.digest, None if alone else item.text))
            self.remember([(self.next_record, item.rec)])
            self.next_record += 1
        for item in incoming:
            self.key_rows += [(h, pk) for h in item.hashes]

    def _absorb(self, absorbed: int, pk: int, old: list[Stored], tally: Tally, was: dict) -> None:
        """Another stored paper turned out to be the same: its records move to `pk`. `was` is
        its stored JSON."""
        self.dropped.append(absorbed)
        if self.fts:
            self.search_drops.append((absorbed, *search_text(was)))
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
        self._index_people(pk, p)
        if self.fts:
            self.search_rows.append((pk, *_search_text(p)))

    def _index_people(self, pk: int, p: Paper) -> None:
        self.author_rows += [(pk, position, name, person_key(name)) for position, name in enumerate(p.authors)]
        if p.profile_of:
            self.profile_rows += [(pk, name, person_key(name)) for name in p.profile_of]

    def _reindex(self, pk: int, was: dict, p: Paper) -> None:
        """A stored paper re-merged: its author, profile and search rows made again where they
        differ from what was indexed for `was`, its stored JSON."""
        if was["authors"] != p.authors or was["profile_of"] != p.profile_of:
            self.reindexed.append(pk)
            self._index_people(pk, p)
        if self.fts:
            indexed, now = search_text(was), _search_text(p)
            if indexed != now:
                self.search_drops.append((pk, *indexed))
                self.search_rows.append((pk, *now))

    def flush(self) -> None:
        db = self.db
        # A paper keeps the time it first came in, also when another stored paper joins it.
        if self.moved:
            added_at = dict(schema.select_in(db, "SELECT pk, added_at FROM papers WHERE pk IN",
                                             [p for pair in self.moved for p in pair]))
            for pk, absorbed in self.moved:
                added_at[pk] = min(added_at[pk], added_at[absorbed])
            db.executemany("UPDATE papers SET added_at = ? WHERE pk = ? AND added_at != ?",
                           [(added_at[pk], pk, added_at[pk]) for pk, _ in self.moved])
        gone = [(p,) for p in self.dropped + self.reindexed]
        for table in ("authors", "profiles"):
            db.executemany(f"DELETE FROM {table} WHERE paper = ?", gone)
        if self.fts:
            db.executemany(schema.DELETE_SEARCH, self.search_drops)
        db.executemany("DELETE FROM papers WHERE pk = ?", [(p,) for p in self.dropped])
        db.executemany("DELETE FROM match_keys WHERE hash = ? AND paper = ?", self.key_drops)
        db.executemany("UPDATE records SET paper = ? WHERE paper = ?", self.moved)
        db.executemany(schema.UPDATE_PAPER, self.paper_rows)
        db.executemany(schema.MOVE_PAPER, self.paper_moves)
        db.executemany(schema.INSERT_PAPER, self.new_rows)
        db.executemany("UPDATE records SET digest = ?, record = ? WHERE pk = ?", self.record_updates)
        db.executemany(schema.INSERT_RECORD, self.record_rows)
        self.key_rows.sort()  # in key order the index takes them in one sweep
        db.executemany(schema.INSERT_MATCH_KEY, self.key_rows)
        if self.indexed:  # in name order the name index takes them in one sweep (else in paper order)
            self.author_rows.sort(key=itemgetter(3))
            self.profile_rows.sort(key=itemgetter(2))
        db.executemany(schema.INSERT_AUTHOR, self.author_rows)
        db.executemany(schema.INSERT_PROFILE, self.profile_rows)
        if self.fts:
            db.executemany(schema.INSERT_SEARCH, self.search_rows)


def _search_text(p: Paper) -> tuple[str, str, str]:
    """What the search index holds of a paper: schema.search_text of its JSON, from the object."""
    return p.title or "", p.abstract or "", "; ".join(p.authors)


def _merged(members: list[Paper], incoming: list[Incoming]) -> tuple[Paper, str]:
    """dedup.merge of the members, each source named once, and its JSON."""
    if len(members) == 1:  # one record (new, or replacing the only one): the paper as it shows it
        return incoming[0].paper, incoming[0].text
    merged = dedup.merge(members)
    names = [(s.format, s.file, s.line) for s in merged.sources]
    if len(set(names)) < len(names):
        merged = replace(merged, sources=list(dict(zip(names, merged.sources)).values()))
    return merged, record_json(merged, True)
