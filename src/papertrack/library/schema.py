"""The library's SQLite schema: every table, column list and index, the migrations that build
and upgrade it (versioned with PRAGMA user_version), and the statements the store and the add
path write rows with, so no column list is written anywhere else.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

try:  # hashlib's own BLAKE2, without hashlib loading OpenSSL for its other digests (3 ms of every start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

_orjson_loads: Callable[[str], Any] | None
try:
    from orjson import loads as _orjson_loads
except ImportError:  # pragma: no cover - no wheel for this platform
    _orjson_loads = None

# The SQL text of each schema is what the libraries made with it hold in sqlite_master, word for
# word (a migrated library is held to a new one's text): it is never edited, comments included
# (`names.PersonName` is people.PersonName today).
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
# Contentless: the text is in papers.record already; a paper's old text is given back to delete it.
SEARCH_TABLE = ("CREATE VIRTUAL TABLE search USING fts5(title, abstract, authors, content = '', "
                "tokenize = 'unicode61 remove_diacritics 2')")
# The tables every papertrack library has had since schema 1: a file with tables, but not these,
# is another program's.
LIBRARY_TABLES = frozenset({"papers", "records", "match_keys", "authors", "profiles", "meta"})


def _search_table(db: sqlite3.Connection) -> None:
    """The full-text index, where this SQLite has FTS5 (else `search` finds by substring)."""
    if has_fts5(db):
        db.execute(SEARCH_TABLE)


def _contentless_search(db: sqlite3.Connection) -> None:
    """An older papertrack made the search table with the same user_version 1 but storing its
    own copy of the text, where today's deletes (the contentless 'delete' command) fail: such a
    table is made again, contentless, from papers.record. A contentless one stays as it is."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search'").fetchone()
    if row is None or is_contentless(row[0]):
        return
    db.execute("DROP TABLE search")
    db.execute(SEARCH_TABLE)
    db.executemany(INSERT_SEARCH, ((pk, *search_text(load_record(text)))
                                   for pk, text in db.execute("SELECT pk, record FROM papers")))


def search_text(record: dict) -> tuple[str, str, str]:
    """What the search index holds of a stored paper, from its JSON: exactly what was indexed
    (a contentless index deletes a paper's row only when given back the same text)."""
    return record["title"] or "", record["abstract"] or "", "; ".join(record["authors"])


def is_contentless(create_sql: str) -> bool:
    """Does this CREATE VIRTUAL TABLE ... fts5(...) make a contentless table (`content = ''`)?"""
    return re.search(r"\bcontent\s*=\s*(''|\"\")", create_sql, re.IGNORECASE) is not None


# A migration is a SQL script (run one statement at a time inside the migrating transaction) or
# a function given the connection; it must not commit.
Step = str | Callable[[sqlite3.Connection], None]
# Schema version N is made by the steps of MIGRATIONS[N - 1], run after those of every version
# before it; a change of schema is one more entry here, never an edit of an entry a released
# papertrack has run (libraries made by it would never get the change).
MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    (_SCHEMA_V1, _search_table),                                  # 1: the tables
    (_contentless_search,),                                       # 2: the search table without text
    ("CREATE INDEX papers_category ON papers(category, date);",),  # 3: list --category
)
LATEST = len(MIGRATIONS)
# Indexes no add reads: a first import into an empty library builds them once at the end,
# which is several times cheaper than keeping them up to date row by row.
DEFERRED_INDEXES = ("authors_name", "profiles_name", "papers_arxiv", "papers_date", "papers_added",
                    "papers_category", "records_digest")

# Column lists, in table order: rows are tuples in exactly this order.
PAPER_COLUMNS = ("pk", "id", "arxiv_id", "doi", "title_key", "date", "category", "has_code", "added_at",
                 "updated_at", "record")
RECORD_COLUMNS = ("pk", "paper", "digest", "record")
MATCH_KEY_COLUMNS = ("hash", "paper")
AUTHOR_COLUMNS = ("paper", "position", "name", "name_key")
PROFILE_COLUMNS = ("paper", "name", "name_key")
SEARCH_COLUMNS = ("title", "abstract", "authors")


def insert(table: str, columns: tuple[str, ...], verb: str = "INSERT") -> str:
    """`INSERT INTO table (a, b) VALUES (?, ?)` with every column named."""
    return f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


INSERT_PAPER = insert("papers", PAPER_COLUMNS)
# A stored paper re-merged: its columns no index reads, and apart, only when they change, those
# that indexes read (an UPDATE touches every index on a column it sets).
UPDATE_PAPER = "UPDATE papers SET id = ?, doi = ?, title_key = ?, has_code = ?, updated_at = ?, record = ? WHERE pk = ?"
MOVE_PAPER = "UPDATE papers SET arxiv_id = ?, date = ?, category = ? WHERE pk = ?"
INSERT_RECORD = insert("records", RECORD_COLUMNS)
INSERT_MATCH_KEY = insert("match_keys", MATCH_KEY_COLUMNS, "INSERT OR IGNORE")
INSERT_AUTHOR = insert("authors", AUTHOR_COLUMNS)
INSERT_PROFILE = insert("profiles", PROFILE_COLUMNS, "INSERT OR IGNORE")
INSERT_SEARCH = insert("search", ("rowid", *SEARCH_COLUMNS))
# Contentless FTS5 deletes by being given back the text it indexed.
DELETE_SEARCH = insert("search", ("search", "rowid", *SEARCH_COLUMNS)).replace("(?, ", "('delete', ", 1)


def now() -> str:
    """The time stamps of `added_at` and `updated_at`: UTC, ISO 8601, microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def load_record(text: str) -> dict:
    """A stored paper's or record's JSON, decoded; orjson where it is installed (several times
    faster than json, and every add and listing decodes thousands), json where orjson refuses."""
    if _orjson_loads is not None:
        try:
            return _orjson_loads(text)
        except ValueError:  # what json alone accepts (a lone surrogate escape) still reads
            pass
    return json.loads(text)


def key_hash(text: str) -> int:
    """64 bits of a key, as SQLite stores integers (match keys, record digests)."""
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "little", signed=True)


def select_in(db: sqlite3.Connection, sql: str, values) -> list[tuple]:
    """Rows of `sql ... IN (values)`, the values passed as one JSON array."""
    return db.execute(f"{sql} (SELECT value FROM json_each(?))", (json.dumps(list(values)),)).fetchall()


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Every migration after `version`, in order, each setting user_version to its number;
    inside the caller's transaction, so all of them land or none."""
    for number in range(version + 1, LATEST + 1):
        for step in MIGRATIONS[number - 1]:
            if callable(step):
                step(db)
            else:
                for statement in statements(step):
                    db.execute(statement)
        db.execute(f"PRAGMA user_version = {number}")


def statements(script: str) -> Iterator[str]:
    """The statements of a script, for execute() one at a time inside our own transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""


def has_fts5(db: sqlite3.Connection) -> bool:
    try:
        db.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
        db.execute("DROP TABLE temp.fts5_probe")
        return True
    except sqlite3.OperationalError:
        return False
