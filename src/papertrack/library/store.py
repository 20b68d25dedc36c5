"""The library store: one SQLite file, opened read-only by the commands that only read, or
checked, migrated and put in WAL mode by those that write; write transactions, and the queries
of `list`, `show`, `search`, `author`, `export` and `new`. The schema is in `schema`; `add`
matches new records against the stored ones.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LibraryError
from ..model import Paper, is_short_hash, short_hash
from ..normalize import title_key
from ..people import PersonName, key_range, parse_name, same_person
from . import schema
from .access import NoLibrary, examine, refuse_newer, table_names
from .schema import key_hash, load_record
from .tally import Tally

if TYPE_CHECKING:  # the add path (and dedup, rapidfuzz) loads only when a command adds
    from ..dedup import Warn
    from .add import Ingest

# The order of every listing: newest first, undated last (SQLite sorts NULL lowest, so DESC puts
# it last), and the latest added first within a day. Written exactly so, the (category, date)
# and (date) indexes give it without sorting: `list --category cs.LG --limit 20` reads 20 rows.
NEWEST_FIRST = "date DESC, pk DESC"

class Library:
    """One open library file. Use `transaction()` around `ingest`; readers need nothing.

    `readonly=True` (the commands that only read) opens the file read-only: it must be a
    library already, of this schema or an older one (no migration is run; the queries work on
    every schema), and nothing about the file is changed. Otherwise the file is made when
    missing, migrated to the latest schema and put in WAL mode; before any of that, a file
    that is not a papertrack library is refused untouched."""

    def __init__(self, path: Path, readonly: bool = False):
        self.path, self.readonly = path, readonly
        self._ingest: Ingest | None = None
        try:
            if readonly:
                self.db = self._open_readonly()
            else:
                if (probe := examine(path)) is not None:
                    probe.close()
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(path, isolation_level=None, timeout=10.0)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")  # with WAL: a crash loses no committed data
            self.db.execute("PRAGMA cache_size=-262144")
            if not readonly:
                self._migrate()
        except sqlite3.DatabaseError as exc:
            if "readonly" in str(exc):  # a library we may read but not write
                raise LibraryError(f"{path}: cannot write to the library here ({exc})") from None
            raise LibraryError(f"{path}: not a usable papertrack library ({exc}); "
                               "name another file with --db or PAPERTRACK_DB") from None
        except OSError as exc:
            raise LibraryError(f"{path}: cannot open the library ({exc.strerror})") from None
        self.version = self.db.execute("PRAGMA user_version").fetchone()[0]
        self.fts = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'search'").fetchone() is not None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ schema

    def _open_readonly(self) -> sqlite3.Connection:
        db = examine(self.path)
        if db is not None and table_names(db):
            return db
        if db is not None:
            db.close()
        raise NoLibrary(self.path)

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        refuse_newer(self.path, version)
        if version == schema.LATEST:
            return
        with self.transaction():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
            schema.migrate(self.db, version)

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

    def ingest(self, records: Iterable[Paper], tally: Tally, warn: Warn | None = None) -> None:
        """Add records, each matched by dedup's rules against the library; call inside a
        transaction. `warn(file, line, what)` hears of records kept apart from one with their id."""
        if self._ingest is None:
            from .add import Ingest

            self._ingest = Ingest(self.db, self.fts)
        self._ingest.run(records, tally, warn)

    def _forget(self) -> None:
        if self._ingest is not None:
            self._ingest.forget()

    def select_in(self, sql: str, values) -> list[tuple]:
        """Rows of `sql ... IN (values)`, the values passed as one JSON array."""
        return schema.select_in(self.db, sql, values)

    # ------------------------------------------------------------ queries

    def papers(self, where: str = "", params: tuple = (), order: str | None = None,
               limit: int | None = None) -> Iterator[Paper]:
        sql = f"SELECT record FROM papers {'WHERE ' + where if where else ''} ORDER BY {order or NEWEST_FIRST}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        for (text,) in self.db.execute(sql, params):
            yield Paper.from_dict(load_record(text))

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM papers").fetchone()[0]

    def find(self, ref: str) -> list[Paper]:
        """Papers named by `arxiv:ID` or any written arXiv id, `doi:DOI` or a bare `10.` DOI, `title:TITLE`
        (the title as any of its sources wrote it), or the short id `t:XXXXXXXX` of a table."""
        from ..normalize import arxiv_id_from_doi, normalize_doi, parse_arxiv_id

        ref = ref.strip()
        if is_short_hash(ref.lower()):
            return self._by_short_id(ref.lower())
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

    def _by_short_id(self, short: str) -> list[Paper]:
        """Papers without arXiv id or DOI whose `Paper.short_id` is `short` (a table's id column)."""
        pks = [pk for pk, paper_id in self.db.execute("SELECT pk, id FROM papers WHERE arxiv_id IS NULL "
                                                      "AND doi IS NULL") if short_hash(paper_id) == short]
        return self.by_pks(pks)

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

    def author_names(self) -> list[str]:
        """Every name the library holds, as written: authors and profile owners (for suggestions)."""
        return [name for (name,) in self.db.execute("SELECT name FROM authors UNION SELECT name FROM profiles")]

    def by_pks(self, pks: Iterable[int], order: str | None = None) -> list[Paper]:
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
        return [Paper.from_dict(load_record(text)) for (text,) in rows]

    def known_arxiv_ids(self, ids: Iterable[str]) -> set[str]:
        return {row[0] for row in self.select_in("SELECT arxiv_id FROM papers WHERE arxiv_id IN", set(ids))}


def fts_query(text: str) -> str:
    """User words as an FTS5 query that cannot be a syntax error: each word or "phrase" quoted,
    `word*` a prefix, OR / NOT kept as operators; the rest must all match."""
    parts: list[str] = []
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
