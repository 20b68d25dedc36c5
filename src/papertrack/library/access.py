"""Getting at the library file without changing it: what is there before anything writes to
it (`examine`: not SQLite, another program's tables, a newer schema are refused), and the
read-only connections of the commands that only read.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import LibraryError
from . import schema


class NoLibrary(LibraryError):
    """A command that only reads was pointed at a file that is not there (or holds nothing)."""

    def __init__(self, path: Path):
        super().__init__(f"{path}: no library here; add papers with `papertrack add` first "
                         "(or name another library with --db or PAPERTRACK_DB)")


SQLITE_HEADER = b"SQLite format 3\0"


def file_has_content(path: Path) -> bool:
    """Is there a file of at least one byte? (A directory is an OSError, said as one.)"""
    try:
        return path.stat().st_size > 0 or path.is_dir()
    except FileNotFoundError:
        return False


def examine(path: Path) -> sqlite3.Connection | None:
    """A look at the file before anything writes to it, reading only: None when there is no file
    or it is empty; else a read-only connection to it, refused (LibraryError) when it is not
    SQLite, holds another program's tables, or was made by a newer papertrack."""
    if not file_has_content(path):
        return None
    with open(path, "rb") as f:
        header = f.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise LibraryError(f"{path}: not a papertrack library (not an SQLite database); "
                           "name another file with --db or PAPERTRACK_DB")
    db = connect_readonly(path)
    try:
        refuse_newer(path, db.execute("PRAGMA user_version").fetchone()[0])
        refuse_other_tables(path, table_names(db))
    except BaseException:
        db.close()
        raise
    return db


def refuse_newer(path: Path, version: int) -> None:
    if version > schema.LATEST:
        raise LibraryError(f"{path}: made by a newer papertrack (schema {version}); upgrade papertrack")


def refuse_other_tables(path: Path, tables: set[str]) -> None:
    if tables and not tables >= schema.LIBRARY_TABLES:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise LibraryError(f"{path}: not a papertrack library (an SQLite database with the tables {shown}); "
                           "name another file with --db or PAPERTRACK_DB")


def table_names(db: sqlite3.Connection) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to the file (`mode=ro`). A WAL library in a folder we may
    not write needs its -shm file to be readable: when it is not there and there is no -wal
    file either (every commit is in the file itself), the file is read as immutable."""
    uri = path.absolute().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=10.0)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc) or Path(f"{path}-wal").exists():
            db.close()
            raise
        db.close()
        db = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
    return db
