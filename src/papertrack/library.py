"""The library: merged paper records in an embedded SQLite file, grown by `add` and `fetch --save`,
read by `list`, `show`, `search`, `author`, `export` and `new`.

The schema (versioned with PRAGMA user_version, migrated on open), WAL, write transactions, and
the queries. Every record ever added is kept beside its merged paper; library_ingest matches
new records against them.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .library_ingest import Ingest, key_hash, now  # noqa: F401  (now: for the commands)
from .model import Paper
from .names import PersonName, key_range, parse_name, same_person
from .normalize import title_key

_SCHEMA_V1 = """
CREATE TABLE papers (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL,             -- arxiv:..., doi:..., title:... (Paper.id)
    arxiv_id TEXT, doi TEXT, title_key TEXT, date TEXT, category TEXT,
    has_code INTEGER NOT NULL,
    added_at TEXT NOT NULL,       -- UTC, ISO 8601: when the paper first came in
    updated_at TEXT NOT NULL,
    record TEXT NOT NULL          -- Paper.to_dict(merged=True) as JSON
);
-- DOIs and title keys are found through match_keys, which indexes them already.
CREATE INDEX papers_arxiv ON papers(arxiv_id) WHERE arxiv_id IS NOT NULL;
CREATE INDEX papers_date ON papers(date);
CREATE INDEX papers_added ON papers(added_at);
-- Each record as it was added (one source each, or a merged record read back), as JSON in the
-- merged form; NULL while it is its paper's only record, whose JSON it then is.
CREATE TABLE records (
    pk INTEGER PRIMARY KEY,
    paper INTEGER NOT NULL,
    digest INTEGER NOT NULL,      -- hash of the record's JSON: an exact repeat is found at once
    record TEXT
);
CREATE INDEX records_paper ON records(paper);
CREATE INDEX records_digest ON records(digest);
-- dedup.match_keys of every record, hashed to 64 bits: a collision only adds a candidate.
CREATE TABLE match_keys (hash INTEGER NOT NULL, paper INTEGER NOT NULL, PRIMARY KEY (hash, paper)) WITHOUT ROWID;
CREATE TABLE authors (
    paper INTEGER NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
    name_key TEXT NOT NULL,       -- names.PersonName.key: `yao david d`
    PRIMARY KEY (paper, position)
) WITHOUT ROWID;
CREATE INDEX authors_name ON authors(name_key);
-- The owners of the profile pages that listed a paper (Paper.profile_of).
CREATE TABLE profiles (
    paper INTEGER NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL, PRIMARY KEY (paper, name)
) WITHOUT ROWID;
CREATE INDEX profiles_name ON profiles(name_key);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
MIGRATIONS = (_SCHEMA_V1,)
# Contentless: the text is in papers.record already; a paper's old text is given back to delete it.
_SEARCH_TABLE = ("CREATE VIRTUAL TABLE search USING fts5(title, abstract, authors, content = '', "
                 "tokenize = 'unicode61 remove_diacritics 2')")


class LibraryError(Exception):
    """The library cannot be opened or used; the message is one line for the user."""


def default_path() -> Path:
    if os.environ.get("PAPERTRACK_DB"):
        return Path(os.environ["PAPERTRACK_DB"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("papertrack")) / "papertrack.db"


@dataclass
class Tally:
    """What an ingest did, by paper; `added` lists the papers that are new to the library."""

    added: dict[int, None] = field(default_factory=dict)  # ordered set
    updated: set[int] = field(default_factory=set)
    unchanged: set[int] = field(default_factory=set)
    joined: int = 0

    def copy(self) -> "Tally":
        return Tally(dict(self.added), set(self.updated), set(self.unchanged), self.joined)

    def counts(self) -> tuple[int, int, int]:
        updated = self.updated - self.added.keys()
        return len(self.added), len(updated), len(self.unchanged - self.added.keys() - updated)

    def line(self) -> str:
        added, updated, unchanged = self.counts()
        joined = f" ({self.joined} stored papers joined others)" if self.joined else ""
        return f"added {added}, updated {updated}, unchanged {unchanged}{joined}"


class Library:
    """One open library file. Use `transaction()` around `ingest`; readers need nothing."""

    def __init__(self, path: Path):
        self.path = path
        self._ingest: Ingest | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, timeout=10.0)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # with WAL: a crash loses no committed data
            self.db.execute("PRAGMA cache_size=-262144")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"{path}: not a usable papertrack library ({exc}); "
                               "name another file with --db or PAPERTRACK_DB") from None
        except OSError as exc:
            raise LibraryError(f"{path}: cannot open the library ({exc.strerror})") from None
        self.fts = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'search'").fetchone() is not None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ schema

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise LibraryError(f"{self.path}: made by a newer papertrack (schema {version}); upgrade papertrack")
        if version == len(MIGRATIONS):
            return
        with self.transaction():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
            for number in range(version, len(MIGRATIONS)):
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                if number == 0 and _has_fts5(self.db):
                    self.db.execute(_SEARCH_TABLE)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: all of it lands, or (error, kill) none of it."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            self._forget()
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        self.db.execute("SAVEPOINT part")
        try:
            yield
        except BaseException:
            self._forget()
            self.db.execute("ROLLBACK TO part")
            self.db.execute("RELEASE part")
            raise
        self.db.execute("RELEASE part")

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------ ingest

    def ingest(self, records: Iterable[Paper], tally: Tally) -> None:
        """Add records, each matched by dedup's rules against the library; call inside a transaction."""
        if self._ingest is None:
            self._ingest = Ingest(self)
        self._ingest.run(records, tally)

    def _forget(self) -> None:
        if self._ingest is not None:
            self._ingest.forget()

    def select_in(self, sql: str, values) -> list[tuple]:
        """Rows of `sql ... IN (values)`, the values passed as one JSON array."""
        return self.db.execute(f"{sql} (SELECT value FROM json_each(?))", (json.dumps(list(values)),)).fetchall()

    # ------------------------------------------------------------ queries

    def papers(self, where: str = "", params: tuple = (), order: str = "date IS NULL, date DESC, pk DESC",
               limit: int | None = None) -> Iterator[Paper]:
        sql = f"SELECT record FROM papers {'WHERE ' + where if where else ''} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        for (text,) in self.db.execute(sql, params):
            yield Paper.from_dict(json.loads(text))

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM papers").fetchone()[0]

    def find(self, ref: str) -> list[Paper]:
        """Papers named by `arxiv:ID` or any written arXiv id, `doi:DOI` or a bare `10.` DOI, `title:TITLE`
        (the title as any of its sources wrote it)."""
        from .normalize import arxiv_id_from_doi, normalize_doi, parse_arxiv_id

        ref = ref.strip()
        kind, colon, value = ref.partition(":")
        kind = kind.lower() if colon else ""
        if kind == "title":
            key = title_key(value)
            return self._by_key(f"t:{key}") if key else []
        if kind == "doi" or ref.startswith("10."):
            doi = normalize_doi(value if kind == "doi" else ref)
            if doi and arxiv_id_from_doi(doi):
                return list(self.papers("arxiv_id = ?", (arxiv_id_from_doi(doi),)))
            return self._by_key(f"d:{doi}") if doi else []
        arxiv_id, _ = parse_arxiv_id(value if kind == "arxiv" else ref)
        return list(self.papers("arxiv_id = ?", (arxiv_id,))) if arxiv_id else []

    def _by_key(self, key: str) -> list[Paper]:
        """Papers one of whose records has this match key (dedup.match_keys): `t:` a title key,
        `d:` a DOI; a paper is found by any title its sources gave it."""
        return list(self.papers("pk IN (SELECT paper FROM match_keys WHERE hash = ?)", (key_hash(key),)))

    def author_pks(self, name: str, loose: bool = False) -> set[int]:
        """Papers with this person among the authors, or listed on this person's profile page."""
        query = parse_name(name)
        if query is None:
            return set()
        start, end = key_range(query)
        found = set()
        for table in ("authors", "profiles"):
            for paper, key in self.db.execute(f"SELECT paper, name_key FROM {table} "
                                              "WHERE name_key >= ? AND name_key < ?", (start, end)):
                if paper not in found and same_person(query, PersonName.from_key(key), loose):
                    found.add(paper)
        return found

    def by_pks(self, pks: Iterable[int], order: str = "date IS NULL, date DESC, pk DESC") -> list[Paper]:
        return list(self.papers("pk IN (SELECT value FROM json_each(?))", (json.dumps(list(pks)),), order))

    def search(self, text: str, limit: int = 20) -> list[Paper]:
        """Best matches first: FTS5's bm25 with titles weighing most; LIKE without FTS5."""
        if self.fts:
            # Rank inside FTS5 first: joined before the LIMIT, every match's record would be read.
            rows = self.db.execute(
                "SELECT p.record FROM (SELECT rowid, bm25(search, 10.0, 1.0, 3.0) AS score FROM search "
                "WHERE search MATCH ? ORDER BY score LIMIT ?) AS hit JOIN papers p ON p.pk = hit.rowid "
                "ORDER BY hit.score", (fts_query(text), limit))
        else:
            words = text.split() or [""]
            like = " AND ".join("record LIKE ?" for _ in words)
            rows = self.db.execute(f"SELECT record FROM papers WHERE {like} ORDER BY date DESC LIMIT ?",
                                   (*(f"%{w}%" for w in words), limit))
        return [Paper.from_dict(json.loads(text)) for (text,) in rows]

    def known_arxiv_ids(self, ids: Iterable[str]) -> set[str]:
        return {row[0] for row in self.select_in("SELECT arxiv_id FROM papers WHERE arxiv_id IN", set(ids))}


def _statements(script: str) -> Iterator[str]:
    """The statements of a script, for execute() one at a time inside our own transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""


def _has_fts5(db: sqlite3.Connection) -> bool:
    try:
        db.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
        db.execute("DROP TABLE temp.fts5_probe")
        return True
    except sqlite3.OperationalError:
        return False


def fts_query(text: str) -> str:
    """User words as an FTS5 query that cannot be a syntax error: each word or "phrase" quoted,
    `word*` a prefix, OR / NOT kept as operators; the rest must all match."""
    parts = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', text):
        phrase, word = m.group(1), m.group(2)
        if word in ("OR", "NOT", "AND") and parts:
            parts.append(word)
        elif phrase is not None:
            if phrase.strip():
                parts.append('"' + phrase.replace('"', "") + '"')
        else:
            star = word.endswith("*") and len(word) > 1
            core = word.rstrip("*").replace('"', "")
            if core:
                parts.append(f'"{core}"' + ("*" if star else ""))
    while parts and parts[-1] in ("OR", "NOT", "AND"):
        parts.pop()
    return " ".join(parts) or '""'
