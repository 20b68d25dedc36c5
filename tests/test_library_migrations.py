"""Libraries of every schema revision: each fixture in tests/fixtures/library/ is a library as
some papertrack made it; opened by today's code it is migrated to the latest schema, takes
records that merge into its papers and new ones, and answers search, author and show."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import papertrack.library.schema as schema
from papertrack import dedup
from papertrack.cli import app, register_commands
from papertrack.library import Library, LibraryError
from papertrack.model import Paper, SourceRef

from .conftest import FIXTURES

register_commands([])

LIBRARIES = FIXTURES / "library"
REVISIONS = ["v1-contentless", "v1-fts-with-content"]


def build(tmp_path: Path, name: str) -> Path:
    """A library file made from a fixture's SQL, as that revision of papertrack left it."""
    path = tmp_path / f"{name}.db"
    con = sqlite3.connect(path)
    con.executescript((LIBRARIES / f"{name}.sql").read_text(encoding="utf-8"))
    con.close()
    return path


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def records(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def one_value(path: Path, sql: str):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def search_sql(path: Path) -> str:
    return one_value(path, "SELECT sql FROM sqlite_master WHERE name = 'search'")


def user_version(path: Path) -> int:
    return one_value(path, "PRAGMA user_version")


@pytest.mark.parametrize("name", REVISIONS)
def test_each_fixture_holds_the_rows_papertrack_writes_for_its_records(tmp_path, name):
    """The fixtures are honest: digests, match keys, authors and indexed text follow from the JSON."""
    con = sqlite3.connect(build(tmp_path, name))
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    merged = dict(con.execute("SELECT pk, record FROM papers"))
    keys: set[tuple[int, int]] = set()
    for digest, paper, text in con.execute("SELECT digest, paper, coalesce(record, "
                                           "(SELECT record FROM papers WHERE pk = paper)) FROM records"):
        assert digest == schema.key_hash(text)
        keys |= {(schema.key_hash(k), paper) for k in dedup.match_keys(dedup.prepare(Paper.from_dict(json.loads(text))))}
    assert set(con.execute("SELECT hash, paper FROM match_keys")) == keys
    authors = {(pk, i, a) for pk, text in merged.items() for i, a in enumerate(json.loads(text)["authors"])}
    assert set(con.execute("SELECT paper, position, name FROM authors")) == authors
    if not schema.is_contentless(search_sql(tmp_path / f"{name}.db")):
        assert {r[0]: r[1:] for r in con.execute("SELECT rowid, * FROM search")} == {
            pk: schema.search_text(json.loads(text)) for pk, text in merged.items()}
    con.close()


def incoming(tmp_path: Path) -> Path:
    """The arXiv API's record of a stored paper (new abstract, one more author) and a new paper."""
    path = tmp_path / "incoming.jsonl"
    merging = Paper(title="Zebrafish Gadgets at Scale", authors=["Alan Turing", "Joan Clarke"], date="2025-02-03",
                    category="q-bio.NC", arxiv_id="2502.00002", abstract="Gadgets that tally the spots of zebrafish.",
                    sources=[SourceRef("arxiv-atom", "api.xml", 1)])
    new = Paper(title="Lighthouse Scheduling with Kelp", authors=["Hedy Lamarr"], date="2025-03-01",
                category="cs.DS", arxiv_id="2503.00003", abstract="Kelp-inspired schedules for lighthouse keepers.",
                sources=[SourceRef("arxiv-atom", "api.xml", 2)])
    path.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in (merging, new)), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", REVISIONS)
def test_a_library_of_every_revision_is_migrated_and_takes_adds(tmp_path, name):
    db = build(tmp_path, name)
    added = invoke("add", str(incoming(tmp_path)), "--db", str(db))
    assert added.exit_code == 0, added.stderr
    assert added.stderr.startswith("added 1, updated 1, unchanged 0 in ")
    assert user_version(db) == schema.LATEST
    assert schema.is_contentless(search_sql(db))

    def found(*words: str) -> list[str]:
        result = invoke("search", *words, "--db", str(db))
        assert result.exit_code == 0, result.stderr
        return [p["id"] for p in records(result)]

    assert found("zebrafish") == found("Clarke") == ["arxiv:2502.00002"]
    assert found("stripes") == []  # the merged paper's old abstract left the index
    assert found("kelp") == ["arxiv:2503.00003"]
    assert found("quixotic") == ["arxiv:2501.00001"] and found("marmalade") == ["doi:10.1234/jam.5"]
    [by] = records(invoke("author", "Joan Clarke", "--no-fetch", "--db", str(db)))
    assert by["arxiv_id"] == "2502.00002" and by["authors"] == ["Alan Turing", "Joan Clarke"]
    assert [p["id"] for p in records(invoke("author", "Ada Lovelace", "--no-fetch", "--db", str(db)))] == [
        "arxiv:2501.00001"]
    [shown] = records(invoke("show", "2502.00002", "--db", str(db)))
    assert [s["format"] for s in shown["sources"]] == ["arxiv-listing", "arxiv-atom"]
    assert len(records(invoke("list", "--db", str(db)))) == 4
    con = sqlite3.connect(db)
    con.execute("INSERT INTO search (search) VALUES ('integrity-check')")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


@pytest.mark.parametrize("name", REVISIONS)
def test_a_migrated_library_has_the_schema_of_a_new_one(tmp_path, name):
    def shape(path: Path) -> set[tuple[str, str]]:
        con = sqlite3.connect(path)
        try:
            return set(con.execute("SELECT name, sql FROM sqlite_master"))
        finally:
            con.close()

    old = build(tmp_path, name)
    Library(old).close()
    Library(tmp_path / "new.db").close()
    assert shape(old) == shape(tmp_path / "new.db")
    assert "papers_category" in {name for name, _ in shape(old)}


def test_a_contentless_search_table_is_not_rebuilt(tmp_path):
    db = build(tmp_path, "v1-contentless")
    con = sqlite3.connect(db)  # a row only the index holds: a rebuild from papers would lose it
    con.execute("INSERT INTO search (rowid, title, abstract, authors) VALUES (99, 'unicorn', '', '')")
    con.commit()
    con.close()
    with Library(db) as lib:
        assert lib.db.execute("SELECT rowid FROM search WHERE search MATCH 'unicorn'").fetchall() == [(99,)]
        assert lib.db.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST


def test_the_migrations_of_one_open_land_together_or_not_at_all(tmp_path, monkeypatch):
    db = build(tmp_path, "v1-fts-with-content")
    before = search_sql(db)
    broken = (*schema.MIGRATIONS, ("CREATE INDEX nowhere ON no_such_table(x);",))
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    monkeypatch.setattr(schema, "LATEST", len(broken))
    with pytest.raises(LibraryError, match="no_such_table"):
        Library(db)
    assert user_version(db) == 1 and search_sql(db) == before  # migrations 2 and 3 were rolled back too
    monkeypatch.undo()
    Library(db).close()
    assert user_version(db) == schema.LATEST


def test_every_migration_is_a_script_or_a_function():
    for steps in schema.MIGRATIONS:
        assert steps and all((isinstance(s, str) and sqlite3.complete_statement(s)) or callable(s) for s in steps)


@pytest.mark.parametrize("name", REVISIONS)
def test_readers_answer_from_an_older_schema_without_upgrading_it(tmp_path, name):
    db = build(tmp_path, name)
    before = db.read_bytes()
    searched = invoke("search", "zebrafish", "--db", str(db))
    assert searched.exit_code == 0 and [p["id"] for p in records(searched)] == ["arxiv:2502.00002"]
    listed = invoke("list", "--category", "cs.LG", "--db", str(db))
    assert [p["id"] for p in records(listed)] == ["arxiv:2501.00001"]
    assert [p["title"] for p in records(invoke("author", "Grace Hopper", "--no-fetch", "--db", str(db)))] == [
        "Marmalade Sorting Networks"]
    assert records(invoke("show", "doi:10.1234/jam.5", "--db", str(db)))[0]["journal_ref"] == "J. Preserves 5 (2024)"
    new = invoke("new", "--db", str(db))  # since the last run the fixture's meta names: nothing
    assert new.exit_code == 0 and new.stdout == ""
    assert db.read_bytes() == before and user_version(db) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.db"]
