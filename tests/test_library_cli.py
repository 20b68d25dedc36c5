"""The library commands end to end: add, list, show, search, author, export, new, track, and
fetch --save; arXiv is a local server (tests/fetch_server.py) on a fake clock, never the internet.
Reliability: a kill -9 during `add`, a bad input among good ones, readers beside a writer."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import tomllib

import bibtexparser
import feedparser
import pytest
from typer.testing import CliRunner

import papertrack.fetch.client
from papertrack.cli import app, register_commands
from papertrack.library import Library, Tally
from papertrack.model import Paper, SourceRef

from .conftest import PARSE_FIXTURES, SRC, run_cli
from .fetch_server import FakeClock, Reply, Server, arxiv_paging, atom_feed

register_commands([])  # fetch and library commands, as `papertrack --help` sees them

AS_OF = "2026-11-23"
SEEDS = [str(PARSE_FIXTURES / name) for name in (
    "profile/hanyang-zhao.txt", "profile/david-d-yao.txt", "profile/glued-lines.txt",
    "hf-daily/daily-papers.txt", "arxiv-trailing-ids/trailing-ids.txt")]


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def records(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERTRACK_DB", str(tmp_path / "library.db"))
    monkeypatch.setenv("PAPERTRACK_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("PAPERTRACK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture
def seeded(env):
    result = invoke("add", *SEEDS, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return env


def cli_env(tmp_path) -> dict:
    return {"PAPERTRACK_DB": str(tmp_path / "library.db"), "PAPERTRACK_CONFIG": str(tmp_path / "config.toml")}


# ---------------------------------------------------------------- add

def test_add_reports_on_stderr_and_adding_again_changes_nothing(tmp_path):
    first = run_cli("add", *SEEDS, "--as-of", AS_OF, env=cli_env(tmp_path))
    assert first.returncode == 0 and first.stdout == b""
    where = f" in {tmp_path / 'library.db'}"  # the counts, and where the library is
    assert first.stderr.decode().strip() == "added 80, updated 0, unchanged 0" + where
    again = run_cli("add", *SEEDS, "--as-of", AS_OF, env=cli_env(tmp_path))
    assert again.returncode == 0 and again.stderr.decode().strip() == "added 0, updated 0, unchanged 80" + where
    quiet = run_cli("add", *SEEDS, "--as-of", AS_OF, "-q", env=cli_env(tmp_path))
    assert quiet.returncode == 0 and quiet.stderr == b""


def test_add_reads_records_from_stdin(env):
    parsed = invoke("parse", SEEDS[0], "--as-of", AS_OF, "--format", "jsonl").stdout
    result = invoke("add", "-", input=parsed)
    assert result.exit_code == 0 and "added 15," in result.stderr
    assert len(records(invoke("list"))) == 15


def test_a_bad_input_among_good_ones_is_reported_and_the_rest_added(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing here looks like a listing of papers\n" * 3)
    result = run_cli("add", SEEDS[3], str(bad), SEEDS[4], str(tmp_path / "missing.txt"), "--as-of", AS_OF,
                     env=cli_env(tmp_path))
    err = result.stderr.decode()
    assert result.returncode == 1
    assert f"{bad}:" in err and "missing.txt: no such file" in err
    assert err.strip().splitlines()[-1].startswith("added 72, updated 0, unchanged 0 in ")
    listed = run_cli("list", "--format", "jsonl", env=cli_env(tmp_path))
    assert len(listed.stdout.splitlines()) == 72


def test_db_option_wins_over_the_environment(env):
    other = env / "other.db"
    assert invoke("add", SEEDS[0], "--db", str(other), "--as-of", AS_OF).exit_code == 0
    assert len(records(invoke("list", "--db", str(other)))) == 15
    assert records(invoke("list")) == []


def other_programs_files(tmp_path):
    """Files a --db may name by mistake: another program's SQLite database, and a text file."""
    sqlite_file = tmp_path / "notes.sqlite"
    con = sqlite3.connect(sqlite_file)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('buy milk')")
    con.commit()
    con.close()
    text_file = tmp_path / "notes.db"
    text_file.write_text("my notes\n" * 500)
    return sqlite_file, text_file


@pytest.mark.parametrize("command", [["add", SEEDS[0], "--as-of", AS_OF], ["list"]], ids=["add", "list"])
def test_a_file_that_is_not_a_library_is_refused_untouched(tmp_path, command):
    for path, why in zip(other_programs_files(tmp_path), ("an SQLite database with the tables notes",
                                                          "not an SQLite database")):
        before = path.read_bytes()
        result = run_cli(*command, "--db", str(path), env=cli_env(tmp_path))
        lines = result.stderr.decode().strip().splitlines()
        assert result.returncode == 1 and result.stdout == b""
        assert lines == [f"papertrack: {path}: not a papertrack library ({why}); "
                         "name another file with --db or PAPERTRACK_DB"]
        assert path.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db", "notes.sqlite"]  # no -wal, no -shm
    con = sqlite3.connect(tmp_path / "notes.sqlite")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()


READERS = [["list"], ["list", "--category", "LG"], ["search", "reward"], ["show", "2510.02212"],
           ["author", "Hanyang Zhao", "--no-fetch"], ["export"], ["new"]]


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c))
def test_a_reader_where_there_is_no_library_says_so_and_makes_none(env, command):
    db = env / "nowhere" / "library.db"
    result = invoke(*command, "--db", str(db))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [f"papertrack: {db}: no library here; add papers with `papertrack add` "
                                          "first (or name another library with --db or PAPERTRACK_DB)"]
    assert not (env / "nowhere").exists()


def test_a_writer_where_there_is_no_library_makes_one(env):
    db = env / "somewhere" / "library.db"
    assert invoke("add", SEEDS[0], "--as-of", AS_OF, "--db", str(db)).exit_code == 0
    assert len(records(invoke("list", "--db", str(db)))) == 15


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c))
def test_readers_open_the_library_read_only(seeded, monkeypatch, command):
    import papertrack.library

    tries: list[str] = []

    class Probed(Library):
        """The library, and what came of writing through its connection."""

        def __init__(self, path, readonly=False):
            super().__init__(path, readonly)
            try:
                self.db.execute("CREATE TABLE probe (x)")
                self.db.execute("DROP TABLE probe")
                tries.append("written")
            except sqlite3.OperationalError as exc:
                tries.append(str(exc))

    monkeypatch.setattr(papertrack.library, "Library", Probed)
    result = invoke(*command)
    assert result.exit_code == 0, result.stderr
    assert tries == ["attempt to write a readonly database"]
    tries.clear()
    assert invoke("add", SEEDS[0], "--as-of", AS_OF).exit_code == 0  # a writer can
    assert tries == ["written"]


@pytest.mark.parametrize("folder", ["read-only", "my lib #1 ?mode=rw&x=%20"])
def test_readers_work_on_a_library_they_may_not_write(seeded, folder):
    """Folder and file read-only (root writes anyway: test_readers_open_the_library_read_only
    shows the connection cannot); a folder name that means something in a URI is only a name."""
    place = seeded / folder
    place.mkdir()
    db = place / "library.db"
    db.write_bytes((seeded / "library.db").read_bytes())  # every commit is in the file: no -wal left
    before = db.read_bytes()
    db.chmod(0o444)
    place.chmod(0o555)
    try:
        listed = run_cli("list", "--format", "jsonl", "--db", str(db))
        searched = run_cli("search", "reward", "model", "--db", str(db))
    finally:
        place.chmod(0o755)
        db.chmod(0o644)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 80, listed.stderr
    assert searched.returncode == 0 and searched.stdout, searched.stderr
    assert db.read_bytes() == before


# ---------------------------------------------------------------- author

@pytest.mark.parametrize("name, count", [
    ("Hanyang Zhao", 15), ("David D. Yao", 8),
    ("Zhao, Hanyang", 15), ("hanyang zhao", 15), ("David Yao", 8), ("Yao, David D.", 8), ("DAVID YAO", 8),
])
def test_author_papers_from_the_library(seeded, name, count):
    result = invoke("author", name)
    assert result.exit_code == 0, result.stderr
    got = records(result)
    assert len(got) == count
    assert all(any("Zhao" in a or "Yao" in a for a in p["authors"] + p["profile_of"]) for p in got)


def test_author_never_on_initials_alone_unless_loose(seeded):
    result = invoke("author", "D. Yao", "--no-fetch")
    assert result.exit_code == 0 and records(result) == [] and "no papers by 'D. Yao'" in result.stderr
    assert len(records(invoke("author", "D. Yao", "--loose"))) == 8


def test_author_in_files_given_without_storing_them(env):
    result = invoke("author", "Hanyang Zhao", *SEEDS, "--as-of", AS_OF, "--no-fetch")
    assert result.exit_code == 0, result.stderr
    assert len(records(result)) == 15
    assert not (env / "library.db").exists()
    nobody = invoke("author", "Grace Hopper", SEEDS[0], "--as-of", AS_OF, "--no-fetch")
    assert nobody.exit_code == 0 and nobody.stdout == ""
    assert nobody.stderr == f"papertrack: no papers by 'Grace Hopper' in the files; no library at {env / 'library.db'}\n"


def test_author_combines_library_and_files(env):
    assert invoke("add", SEEDS[3], SEEDS[4], "--as-of", AS_OF).exit_code == 0
    from_library = records(invoke("author", "Hanyang Zhao", "--no-fetch"))
    both = records(invoke("author", "Hanyang Zhao", SEEDS[0], SEEDS[1], SEEDS[2], "--as-of", AS_OF, "--no-fetch"))
    assert len(from_library) < len(both) == 15
    again = records(invoke("author", "Hanyang Zhao", *SEEDS, "--as-of", AS_OF, "--no-fetch"))
    assert len(again) == 15
    assert all(len(p["sources"]) == len({(s["file"], s["line"]) for s in p["sources"]}) for p in again)


def test_a_name_that_finds_nothing_suggests_the_names_the_library_has(seeded):
    result = invoke("author", "Zhao", "--no-fetch")
    assert result.exit_code == 0 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("papertrack: no papers by 'Zhao' in the library of 80; did you mean ")
    assert "Hanyang Zhao" in line.split("did you mean ")[1]
    typo = invoke("list", "--author", "Hanyan Zhao")
    assert typo.stdout == "" and "did you mean Hanyang Zhao" in typo.stderr


def test_family_name_first_is_tried_when_the_name_finds_nothing(seeded):
    result = invoke("author", "Zhao Hanyang", "--no-fetch")
    assert result.exit_code == 0 and len(records(result)) == 15
    assert "reading it family name first: Hanyang Zhao" in result.stderr
    assert len(records(invoke("list", "--author", "Yao David"))) == 8


def test_short_category_codes_are_taken(seeded):
    full = records(invoke("list", "--category", "cs.LG"))
    assert full and records(invoke("list", "--category", "LG")) == full == records(invoke("list", "--category", "lg"))
    assert records(invoke("list", "--category", "cs")) != []


def test_author_on_an_empty_library_when_arxiv_fails_says_one_thing(server):
    server.add("/api/query", Reply(503, "Service Unavailable", "text/plain"))
    result = invoke("author", "Ada Lovelace")
    assert result.exit_code == 3 and result.stdout == ""
    *waits, line = result.stderr.splitlines()  # one line per wait before a retry, then the failure
    assert waits and all(w.startswith("arXiv: 503, retrying in ") for w in waits)
    assert line.startswith("papertrack: ") and "503" in line


def test_a_failed_fetch_with_save_reports_the_failure_and_no_empty_counts(server):
    server.add("/api/query", Reply(503, "Service Unavailable", "text/plain"))
    result = invoke("fetch", "arxiv", "--category", "cs.LG", "--save", "-f", "table")
    assert result.exit_code == 3 and result.stdout == ""  # no empty table either
    assert "added 0" not in result.stderr and "503" in result.stderr


# ---------------------------------------------------------------- list, show, search

def test_list_filters(seeded):
    everything = records(invoke("list"))
    assert len(everything) == 80
    dated = [p["date"] for p in everything if p["date"]]
    assert dated == sorted(dated, reverse=True)
    window = records(invoke("list", "--since", "2025-10-01", "--until", "2025-12-31"))
    assert window and all("2025-10-01" <= p["date"] <= "2025-12-31" for p in window)
    assert len(window) == sum(1 for d in dated if "2025-10-01" <= d <= "2025-12-31")
    lg = records(invoke("list", "--category", "cs.LG"))
    assert lg and all(p["category"] == "cs.LG" for p in lg)
    cs = records(invoke("list", "--category", "cs"))
    assert len(cs) >= len(lg) and all(p["category"].startswith("cs.") for p in cs)
    coded = records(invoke("list", "--has-code"))
    uncoded = records(invoke("list", "--no-code"))
    assert coded and all(p["has_code"] for p in coded) and len(coded) + len(uncoded) == 80
    assert len(records(invoke("list", "--limit", "5"))) == 5
    assert len(records(invoke("list", "--author", "David D. Yao"))) == 8


def test_list_rejects_a_bad_date(seeded):
    result = invoke("list", "--since", "last week")
    assert result.exit_code == 2


def test_show(seeded):
    for ref in ("arxiv:2510.02212", "2510.02212v3", "https://arxiv.org/pdf/2510.02212"):
        [p] = records(invoke("show", ref))
        assert p["arxiv_id"] == "2510.02212" and p["sources"]
    [p] = records(invoke("show", "title:OPD+: Rethinking the Advantage Design for On-Policy Distillation"))
    assert p["id"].startswith("title:opd rethinking")
    table = invoke("show", "2510.02212", "--format", "table")
    assert table.exit_code == 0 and "DiFFPO" in table.stdout
    missing = invoke("show", "arxiv:2101.00001")
    assert missing.exit_code == 1 and "no paper 'arxiv:2101.00001' in the library" in missing.stderr


def test_search_ranks_and_limits(seeded):
    result = invoke("search", "reward", "model", "--limit", "3")
    got = records(result)
    assert result.exit_code == 0 and len(got) == 3
    assert "reward model" in got[0]["title"].lower()
    assert records(invoke("search", "qqqzzz")) == []


# ---------------------------------------------------------------- export

def test_export_bibtex_parses_back_with_unique_keys(seeded):
    result = invoke("export", "--format", "bibtex")
    assert result.exit_code == 0
    parsed = bibtexparser.parse_string(result.stdout)
    assert not parsed.failed_blocks
    stored = records(invoke("list"))
    untitled = [p["id"] for p in stored if not p["title"]]
    assert untitled and len(parsed.entries) == 80 - len(untitled)  # each said on stderr, not written empty
    assert [line.split(": ")[-1] for line in result.stderr.splitlines()] == [f"{i} has no title" for i in untitled]
    keys = [e.key for e in parsed.entries]
    assert len(set(keys)) == len(keys)
    by_arxiv_id = {p["arxiv_id"]: p for p in stored if p["arxiv_id"] and p["title"]}
    with_eprint = [{f.key: f.value for f in e.fields} for e in parsed.entries if "eprint" in e.fields_dict]
    assert sorted(f["eprint"] for f in with_eprint) == sorted(by_arxiv_id)
    for fields in with_eprint:
        paper = by_arxiv_id[fields["eprint"]]
        assert fields["archivePrefix"] == "arXiv"
        assert fields.get("primaryClass") == paper["category"]
        assert fields["url"] == f"https://arxiv.org/abs/{paper['arxiv_id']}"


def test_export_csv_reads_back_square(seeded):
    result = invoke("export", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) == 81 and len({len(r) for r in rows}) == 1
    assert rows[0][0] == "id" and "sources" in rows[0]


def test_export_markdown_and_filters(seeded):
    result = invoke("export", "--format", "markdown", "--author", "David D. Yao")
    lines = result.stdout.splitlines()
    assert len(lines) == 8 and all(line.startswith("- ") for line in lines)
    linked = [line for line in lines if "](https://arxiv.org/abs/" in line]
    assert linked and all("[arXiv:" in line for line in linked)
    assert any("**" in line and "David D. Yao" in line for line in lines)


def test_export_converts_records_from_stdin(env):
    parsed = invoke("parse", SEEDS[0], "--as-of", AS_OF, "--format", "jsonl").stdout
    result = invoke("export", "-", "--format", "markdown", input=parsed)
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 15
    assert records(invoke("list")) == []  # nothing stored


# ---------------------------------------------------------------- arXiv: author --fetch, track, fetch --save

@pytest.fixture
def clock(monkeypatch, env):
    fake = FakeClock()
    monkeypatch.setattr(papertrack.fetch.client, "Clock", lambda: fake)
    return fake


@pytest.fixture
def server(clock, monkeypatch):
    s = Server(clock)
    monkeypatch.setenv("PAPERTRACK_ARXIV_API", s.base + "/api/query")
    monkeypatch.setenv("PAPERTRACK_ARXIV_FEEDS", s.base + "/a")
    yield s
    s.close()


def numbers(got: list[dict]) -> list[int]:
    return sorted(int(p["arxiv_id"].split(".")[1]) - 10000 for p in got)


def test_author_asks_arxiv_when_the_library_knows_nothing(server):
    server.add("/api/query", arxiv_paging(4))
    result = invoke("author", "Ada Lovelace")
    assert result.exit_code == 0, result.stderr
    assert numbers(records(result)) == [0, 1, 2, 3]
    [asked] = server.requests("/api/query")
    assert asked.query["search_query"] == 'au:"Ada Lovelace"' and asked.query["sortBy"] == "submittedDate"
    assert "added 4" in result.stderr
    # Stored: the next question is answered from the library, without asking again.
    assert numbers(records(invoke("author", "Lovelace, Ada"))) == [0, 1, 2, 3]
    assert len(server.requests("/api/query")) == 1


def test_author_fetch_asks_even_when_the_library_knows(seeded, server):
    server.add("/api/query", atom_feed([], 0))
    result = invoke("author", "Hanyang Zhao", "--fetch")
    assert result.exit_code == 0 and len(records(result)) == 15 and len(server.requests()) == 1


def test_author_fetch_failure_still_answers_and_exits_3(seeded, server):
    server.add("/api/query", Reply(503, "Service Unavailable", "text/plain"))
    result = invoke("author", "Hanyang Zhao", "--fetch")
    assert result.exit_code == 3 and len(records(result)) == 15 and "HTTP 503" in result.stderr


def test_track_add_list_remove(env):
    assert invoke("track", "list").stdout == ""
    assert invoke("track", "add", "Hanyang Zhao").exit_code == 0
    assert invoke("track", "add", 'Zoë "Z" Back\\slash', "--author-id", "back_z_1").exit_code == 0
    again = invoke("track", "add", "Zhao, Hanyang")
    assert again.exit_code == 0 and "already tracking Hanyang Zhao" in again.stderr
    assert invoke("track", "list").stdout == 'Hanyang Zhao\nZoë "Z" Back\\slash\tback_z_1\n'
    config = env / "config" / "config.toml"
    assert tomllib.loads(config.read_text(encoding="utf-8"))["track"][1] == {
        "name": 'Zoë "Z" Back\\slash', "author_id": "back_z_1"}
    assert invoke("track", "remove", "hanyang zhao").exit_code == 0
    assert invoke("track", "list").stdout == 'Zoë "Z" Back\\slash\tback_z_1\n'
    missing = invoke("track", "remove", "Nobody")
    assert missing.exit_code == 1 and "not tracked" in missing.stderr


def test_a_broken_settings_file_is_one_line(env):
    config = env / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text("[[track]\nname = \n")
    result = invoke("track", "list")
    assert result.exit_code == 1 and "cannot read the settings" in result.stderr


def test_track_run_fetches_newest_first_and_stops_at_a_known_paper(server, clock):
    newest_first = list(range(10))

    def route(query):
        start, size = int(query["start"]), int(query["max_results"])
        return atom_feed(newest_first[start:start + size], len(newest_first), start)

    server.add("/api/query", route)
    assert invoke("track", "add", "Ada Lovelace").exit_code == 0
    first = invoke("track", "run", "--page-size", "4")
    assert first.exit_code == 0, first.stderr
    assert numbers(records(first)) == list(range(10))
    assert len(server.requests()) == 3  # 4 + 4 + 2
    assert "Ada Lovelace: 10 fetched, 10 new" in first.stderr
    assert numbers(records(invoke("new"))) == list(range(10))

    newest_first[:0] = [11, 10]  # two papers appear on top
    soon = invoke("track", "run", "--page-size", "4")  # within the hour: arXiv's answer from the cache
    assert soon.exit_code == 0 and records(soon) == [] and len(server.requests()) == 3
    clock.t += 3601
    second = invoke("track", "run", "--page-size", "4")
    assert numbers(records(second)) == [10, 11]
    asked = server.requests()[3:]
    assert len(asked) == 1 and asked[0].query["sortBy"] == "submittedDate"  # page 1 held known papers
    assert asked[0].query["sortOrder"] == "descending"
    assert numbers(records(invoke("new"))) == [10, 11]
    assert len(records(invoke("new", "--added-since", "2000-01-01"))) == 12
    assert records(invoke("new", "--since", "2999-01-01")) == []

    third = invoke("track", "run", "--page-size", "4", "--refresh")
    assert third.exit_code == 0 and records(third) == [] and len(server.requests()) == 5


def test_track_run_and_new_make_an_atom_digest(server, tmp_path):
    server.add("/api/query", atom_feed([0, 1, 2], 3))
    assert invoke("track", "add", "Ada Lovelace").exit_code == 0
    run = invoke("track", "run", "-f", "atom")
    assert run.exit_code == 0, run.stderr
    feed = feedparser.parse(run.stdout)
    assert feed.bozo == 0 and feed.version == "atom10" and len(feed.entries) == 3
    assert all(e.link.startswith("https://arxiv.org/abs/") and e.title and e.authors for e in feed.entries)
    digest = tmp_path / "feed.xml"
    assert invoke("new", "-f", "atom", "-o", str(digest)).exit_code == 0
    again = feedparser.parse(digest.read_text(encoding="utf-8"))
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]  # a reader shows each paper once


def test_track_run_with_an_author_id_reads_the_author_feed(server):
    server.add("/a/lovelace_a_1.atom", atom_feed([0, 1, 2], 3))
    assert invoke("track", "add", "Ada Lovelace", "--author-id", "lovelace_a_1").exit_code == 0
    result = invoke("track", "run")
    assert result.exit_code == 0, result.stderr
    assert numbers(records(result)) == [0, 1, 2] and [r.path for r in server.requests()] == ["/a/lovelace_a_1.atom"]


def test_track_run_without_authors_says_so(env):
    result = invoke("track", "run")
    assert result.exit_code == 0 and "no authors tracked" in result.stderr


def test_new_before_any_run_shows_everything(seeded):
    result = invoke("new")
    assert len(records(result)) == 80 and "no `papertrack track run` yet" in result.stderr


def test_fetch_save_adds_what_was_fetched(server):
    server.add("/api/query", arxiv_paging(5))
    result = invoke("fetch", "arxiv", "--category", "cs.LG", "--save", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert len(records(result)) == 5 and "added 5, updated 0, unchanged 0" in result.stderr
    assert numbers(records(invoke("list"))) == [0, 1, 2, 3, 4]
    again = invoke("fetch", "arxiv", "--category", "cs.LG", "--save", "--no-cache", "--format", "jsonl")
    assert "added 0, updated 0, unchanged 5" in again.stderr


# ---------------------------------------------------------------- reliability

def big_records(path, n: int, seed: int = 1) -> None:
    """n records: made-up papers, a tenth of them seen twice with a case or version change."""
    rng = random.Random(seed)
    words = ("learning diffusion policy graph robust sparse attention kernel bandit causal neural "
             "optimal transport reward model scaling laws agents memory vision language").split()
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            k = rng.randrange(i + 1) if i and rng.random() < 0.1 else i
            r = random.Random(k)
            title = " ".join(r.choice(words).capitalize() for _ in range(6)) + f" {k}"
            paper = Paper(title=title.upper() if k != i else title, authors=[f"Author{k % 97} Surname{k % 13}"],
                          date=f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}", arxiv_id=f"2501.{k:05d}",
                          abstract=" ".join(r.choice(words) for _ in range(40)),
                          sources=[SourceRef("arxiv-listing", "big.txt", i + 1)])
            out.write(json.dumps(paper.to_dict(), ensure_ascii=False) + "\n")


def library_contents(db) -> list[str]:
    con = sqlite3.connect(db)
    rows = sorted(r[0] for r in con.execute("SELECT record FROM papers"))
    con.close()
    return rows


def writing(db) -> bool:
    """Does some process hold the library's write lock (an `add` inside its transaction)?"""
    con = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        con.close()


def start_add(command, big, db, env) -> tuple[subprocess.Popen, float]:
    """Start `add big` and return once it is inside its write transaction."""
    proc = subprocess.Popen(command + [str(big), "--db", str(db)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not writing(db):
        assert proc.poll() is None and time.monotonic() < deadline, "add never began writing"
        time.sleep(0.005)
    return proc, time.monotonic()


def test_kill_9_during_add_leaves_a_consistent_library(tmp_path):
    big = tmp_path / "big.jsonl"
    big_records(big, 8000)
    env = {**os.environ, "PYTHONPATH": SRC}
    command = [sys.executable, "-m", "papertrack", "add", "--as-of", AS_OF]

    def seeded_library(name):
        for leftover in tmp_path.glob(name + "*"):
            leftover.unlink()
        subprocess.run(command + SEEDS + ["--db", str(tmp_path / name)], env=env, check=True, capture_output=True)
        return tmp_path / name

    clean = seeded_library("clean.db")
    seeds_only = library_contents(clean)
    proc, began = start_add(command, big, clean, env)
    assert proc.wait() == 0
    window = time.monotonic() - began
    complete = library_contents(clean)

    killed_inside = 0
    for share in (0.3, 0.7, 0.95):  # reading and matching, writing, committing
        db = seeded_library("killed.db")
        proc, began = start_add(command, big, db, env)
        time.sleep(window * share)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed_inside += 1
        proc.wait()
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        assert library_contents(db) in (seeds_only, complete)  # all of an add, or none of it
    assert killed_inside, "every add finished before it could be killed"

    rerun = subprocess.run(command + [str(big), "--db", str(db)], env=env, capture_output=True)
    assert rerun.returncode == 0, rerun.stderr
    assert library_contents(db) == complete


def test_readers_work_while_a_writer_writes(tmp_path):
    db = tmp_path / "library.db"
    subprocess.run([sys.executable, "-m", "papertrack", "add", SEEDS[3], "--as-of", AS_OF, "--db", str(db)],
                   env={**os.environ, "PYTHONPATH": SRC}, check=True, capture_output=True)
    with Library(db) as writer, writer.transaction():
        from datetime import date

        from papertrack.parse.read import read_file

        writer.ingest(read_file(SEEDS[0], date.fromisoformat(AS_OF), lambda *a: None), Tally())
        started = time.monotonic()
        listed = run_cli("list", "--format", "jsonl", "--db", str(db))
        searched = run_cli("search", "reward", "--db", str(db))
        assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 62
        assert searched.returncode == 0 and searched.stdout
        assert time.monotonic() - started < 9  # not waiting out the writer's lock (10 s)
