"""The library store: ingest follows dedup's rules against what is stored, adding twice changes
nothing, a source's newer record replaces its older one, papers that turn out to be one are
joined; lookups by id, author and text; schema versions; readers beside a writer."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import papertrack.library.schema as schema
from papertrack.dedup import deduplicate
from papertrack.library import Library, LibraryError, Tally
from papertrack.library.store import fts_query
from papertrack.model import Paper, SourceRef
from papertrack.parse.read import read_file

from .conftest import AS_OF, PARSE_FIXTURES

SEEDS = ["profile/hanyang-zhao.txt", "profile/david-d-yao.txt", "profile/glued-lines.txt",
         "hf-daily/daily-papers.txt", "arxiv-trailing-ids/trailing-ids.txt"]


def parsed(name: str) -> list[Paper]:
    return list(read_file(str(PARSE_FIXTURES / name), AS_OF, lambda *a: None))


SEED_RECORDS = {name: parsed(name) for name in SEEDS}


def add(lib: Library, records) -> Tally:
    tally = Tally()
    with lib.transaction():
        lib.ingest(records, tally)
    return tally


def contents(lib: Library) -> list[str]:
    return sorted(json.dumps(p.to_dict(merged=True), sort_keys=True) for p in lib.papers())


def as_dedup(records) -> list[str]:
    return sorted(json.dumps(p.to_dict(merged=True), sort_keys=True) for p in deduplicate(records))


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "library.db") as opened:
        yield opened


def paper(title=None, line=1, file="a.txt", fmt="hf-daily", **fields) -> Paper:
    return Paper(title=title, sources=[SourceRef(fmt, file, line)], **fields)


# ---------------------------------------------------------------- ingest follows dedup

@pytest.mark.parametrize("order", [SEEDS, SEEDS[::-1]], ids=["forward", "reverse"])
def test_seeds_file_by_file_make_the_papers_dedup_makes(lib, order):
    records = [r for name in order for r in SEED_RECORDS[name]]
    for name in order:
        add(lib, SEED_RECORDS[name])
    assert lib.count() == 80
    assert contents(lib) == as_dedup(records)


def test_seeds_at_once_report_80_added(lib):
    tally = add(lib, [r for name in SEEDS for r in SEED_RECORDS[name]])
    assert tally.counts() == (80, 0, 0)
    assert tally.line() == "added 80, updated 0, unchanged 0"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.integers(min_value=1, max_value=197), max_size=6))
def test_any_split_into_batches_gives_the_dedup_result(tmp_path_factory, cuts):
    records = [r for name in SEEDS for r in SEED_RECORDS[name]]
    bounds = [0, *sorted(set(cuts)), len(records)]
    with Library(tmp_path_factory.mktemp("split") / "library.db") as lib:
        for a, b in zip(bounds, bounds[1:]):
            add(lib, records[a:b])
        assert contents(lib) == as_dedup(records)


def test_adding_the_same_records_again_changes_nothing(lib):
    records = [r for name in SEEDS for r in SEED_RECORDS[name]]
    add(lib, records)
    before = contents(lib)
    stamps = lib.db.execute("SELECT pk, added_at, updated_at FROM papers ORDER BY pk").fetchall()
    assert add(lib, records).counts() == (0, 0, 80)
    assert contents(lib) == before
    assert lib.db.execute("SELECT pk, added_at, updated_at FROM papers ORDER BY pk").fetchall() == stamps
    assert lib.db.execute("SELECT count(*) FROM records").fetchone()[0] == len(records)


def test_a_record_nothing_can_match_is_still_found_again(lib):
    # No title, no id, an abstract too short for dedup's abstract blocks: only the exact repeat finds it.
    lone = Paper(abstract="A short abstract.", sources=[SourceRef("hf-daily", "x.txt", 3)])
    assert add(lib, [lone]).counts() == (1, 0, 0)
    assert add(lib, [lone]).counts() == (0, 0, 1)
    assert lib.count() == 1


def test_a_sources_newer_record_replaces_its_older_one(lib):
    add(lib, [paper("Scores as Actions", upvotes=3, arxiv_id="2510.02212")])
    tally = add(lib, [paper("Scores as Actions", upvotes=9, arxiv_id="2510.02212")])
    assert tally.counts() == (0, 1, 0)
    [p] = lib.papers()
    assert p.upvotes == 9 and len(p.sources) == 1
    assert lib.db.execute("SELECT count(*) FROM records").fetchone()[0] == 1


def test_a_fetched_page_is_one_source_whatever_line(lib):
    url = "https://export.arxiv.org/api/query?search_query=au:x"
    add(lib, [paper("Scores as Actions", line=10, file=url, fmt="arxiv-atom", arxiv_id="2510.02212")])
    add(lib, [paper("Scores as Actions", line=40, file=url, fmt="arxiv-atom", arxiv_id="2510.02212")])
    [p] = lib.papers()
    assert [(s.file, s.line) for s in p.sources] == [(url, 40)]


def test_other_sources_of_one_paper_are_merged_with_provenance(lib):
    add(lib, [paper("Scores as Actions: a framework", arxiv_id="2510.02212", upvotes=3)])
    add(lib, [paper("Scores as actions: A Framework", file="b.txt", fmt="profile", profile_of=["Ada Lovelace"])])
    [p] = lib.papers()
    assert p.arxiv_id == "2510.02212" and p.profile_of == ["Ada Lovelace"] and p.upvotes == 3
    assert [s.file for s in p.sources] == ["a.txt", "b.txt"]


def test_a_record_that_bridges_two_stored_papers_joins_them(lib):
    add(lib, [paper("Policy Optimization for Continuous Reinforcement Learning", line=1)])
    add(lib, [paper("Continuous-time RL policy optimization", line=2, arxiv_id="2305.18901")])
    assert lib.count() == 2
    first_added = lib.db.execute("SELECT min(added_at) FROM papers").fetchone()[0]
    bridge = paper("Policy Optimization for Continuous Reinforcement Learning", line=3, file="c.txt",
                   arxiv_id="2305.18901")
    tally = add(lib, [bridge])
    assert tally.counts() == (0, 1, 0) and tally.joined == 1
    assert "1 stored papers joined others" in tally.line()
    [p] = lib.papers()
    assert p.arxiv_id == "2305.18901" and len(p.sources) == 3
    assert lib.db.execute("SELECT added_at FROM papers").fetchone()[0] == first_added
    assert lib.db.execute("SELECT count(DISTINCT paper) FROM records").fetchone()[0] == 1
    assert len(lib.find("title:Continuous-time RL policy optimization")) == 1  # a source's title finds it
    assert len(lib.find("2305.18901")) == 1


def test_an_untitled_record_joins_by_its_abstract(lib):
    abstract = " ".join(f"word{i}" for i in range(40))
    add(lib, [paper("A Titled Paper About Words", abstract=abstract)])
    tally = add(lib, [paper(None, abstract=abstract, file="b.txt", upvotes=5)])
    assert tally.counts() == (0, 1, 0)
    [p] = lib.papers()
    assert p.title == "A Titled Paper About Words" and p.upvotes == 5


def test_different_arxiv_ids_stay_apart(lib):
    add(lib, [paper("Scaling Laws for Everything", arxiv_id="2501.00001")])
    add(lib, [paper("Scaling Laws for Everything", arxiv_id="2501.00002", file="b.txt")])
    assert lib.count() == 2


@pytest.mark.parametrize("cached", [1, 4, 7])
def test_an_add_larger_than_the_record_cache_completes(lib, monkeypatch, cached):
    """The cache of prepared records holds fewer than one round needs: what it drops is read
    back from the file, and every record still finds its paper (issue 10: a KeyError at 250k)."""
    import papertrack.library.add as library_add

    monkeypatch.setattr(library_add, "CACHED_RECORDS", cached)
    monkeypatch.setattr(library_add, "CHUNK", 5)
    firsts = [paper(f"Paper number {n} about topic {n}", line=n, arxiv_id=f"2501.{n:05d}",
                    authors=[f"Author{n} Surname{n}"]) for n in range(1, 23)]
    seconds = [paper(f"Paper number {n} about topic {n}", line=n, file="b.txt", fmt="arxiv-atom",
                     arxiv_id=f"2501.{n:05d}", authors=[f"Author{n} Surname{n}"], category="cs.LG")
               for n in range(22, 0, -1)]
    assert add(lib, firsts + seconds).counts() == (22, 0, 0)
    assert add(lib, seconds + firsts).counts() == (0, 0, 22)
    stored = list(lib.papers())
    assert len(stored) == 22 and all(len(p.sources) == 2 and p.category == "cs.LG" for p in stored)
    assert contents(lib) == as_dedup(firsts + seconds)


def test_a_failing_input_leaves_nothing_behind(lib):
    add(lib, SEED_RECORDS["hf-daily/daily-papers.txt"])
    before = contents(lib)

    def broken():
        yield from SEED_RECORDS["profile/hanyang-zhao.txt"]
        raise RuntimeError("the reader failed half-way")

    with pytest.raises(RuntimeError), lib.transaction():
        lib.ingest(broken(), Tally())
    assert contents(lib) == before
    # The in-memory candidates were dropped with the rollback: adding again works from the file.
    add(lib, SEED_RECORDS["profile/hanyang-zhao.txt"])
    records = SEED_RECORDS["hf-daily/daily-papers.txt"] + SEED_RECORDS["profile/hanyang-zhao.txt"]
    assert contents(lib) == as_dedup(records)


def test_savepoint_rolls_back_one_input_only(lib):
    tally = Tally()
    with lib.transaction():
        with lib.savepoint():
            lib.ingest(SEED_RECORDS["hf-daily/daily-papers.txt"], tally)
        with pytest.raises(ValueError), lib.savepoint():
            lib.ingest(SEED_RECORDS["profile/glued-lines.txt"], tally.copy())
            raise ValueError("bad input")
    assert lib.count() == 62 and tally.counts() == (62, 0, 0)


# ---------------------------------------------------------------- lookups

@pytest.fixture
def seeded(lib):
    add(lib, [r for name in SEEDS for r in SEED_RECORDS[name]])
    return lib


@pytest.mark.parametrize("name, loose, count", [
    ("Hanyang Zhao", False, 15), ("Zhao, Hanyang", False, 15), ("HANYANG ZHAO", False, 15),
    ("David D. Yao", False, 8), ("David Yao", False, 8), ("Yao, David", False, 8), ("Dávid Yao", False, 8),
    ("D. Yao", False, 0), ("D. Yao", True, 8), ("Nobody Known", False, 0),
])
def test_author_papers(seeded, name, loose, count):
    assert len(seeded.by_pks(seeded.author_pks(name, loose))) == count


def test_author_papers_come_newest_first(seeded):
    dates = [p.date for p in seeded.by_pks(seeded.author_pks("Hanyang Zhao"))]
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True) and dates[:len(known)] == known


@pytest.mark.parametrize("ref", ["arxiv:2510.02212", "2510.02212", "arXiv:2510.02212v2",
                                 "https://arxiv.org/abs/2510.02212v1", "doi:10.48550/arXiv.2510.02212",
                                 "10.48550/arXiv.2510.02212"])
def test_find_by_any_written_arxiv_id(seeded, ref):
    [p] = seeded.find(ref)
    assert p.arxiv_id == "2510.02212"


def test_find_by_title_and_doi(seeded, lib):
    [p] = seeded.find("title:OPD+: Rethinking the Advantage Design for On-Policy Distillation")
    assert p.title.startswith("OPD+")
    assert seeded.find("title:no such paper") == [] and seeded.find("nonsense") == []
    add(lib, [paper("A Journal Paper", doi="10.1109/tit.2020.1234567", file="j.txt")])
    assert [p.title for p in lib.find("doi:10.1109/TIT.2020.1234567")] == ["A Journal Paper"]


def test_search_ranks_title_matches_first(seeded):
    found = seeded.search("reward model", 5)
    assert found and all("reward" in (p.title + " " + (p.abstract or "")).lower() for p in found)
    assert "reward model" in found[0].title.lower()
    assert seeded.search('"diffusion policy"', 50) == list(seeded.search('"diffusion policy"', 50))
    assert seeded.search("zzzqqq") == []


def test_search_folds_case_and_accents(lib):
    add(lib, [paper("Réseaux de neurones profonds", authors=["Élodie Durand"])])
    assert len(lib.search("reseaux")) == 1 and len(lib.search("ELODIE")) == 1


@pytest.mark.parametrize("text", ['"', "OR", "NOT", "a AND", '"unclosed phrase', "x*", "*", "(", "col:x", "^x"])
def test_search_never_fails_on_odd_input(seeded, text):
    seeded.search(text)


def test_fts_query_quotes_words_and_keeps_operators():
    assert fts_query('diffusion "policy gradient" rl*') == '"diffusion" "policy gradient" "rl"*'
    assert fts_query("a OR b NOT c") == '"a" OR "b" NOT "c"'
    assert fts_query("OR") == '"OR"' and fts_query("a OR") == '"a"'


def test_without_fts5_search_falls_back_to_substrings(tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "has_fts5", lambda db: False)
    with Library(tmp_path / "plain.db") as lib:
        assert not lib.fts
        add(lib, SEED_RECORDS["hf-daily/daily-papers.txt"])
        found = lib.search("reward model", 100)
        texts = [json.dumps(p.to_dict()).lower() for p in found]
        assert texts and all("reward" in t and "model" in t for t in texts)


# ---------------------------------------------------------------- the file

def test_schema_is_versioned_and_in_wal_mode(lib):
    assert lib.db.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    assert lib.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert lib.fts


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS) + 1}")
    con.close()
    with pytest.raises(LibraryError, match="newer papertrack"):
        Library(path)


def test_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(LibraryError, match=r"notes\.db: not a papertrack library"):
        Library(path)


def test_an_empty_file_or_database_becomes_a_library(tmp_path):
    (tmp_path / "empty.db").touch()
    con = sqlite3.connect(tmp_path / "no-tables.db")
    con.executescript("CREATE TABLE t (x); DROP TABLE t;")  # an SQLite file, without tables
    con.close()
    assert (tmp_path / "no-tables.db").read_bytes().startswith(b"SQLite format 3\0")
    for name in ("empty.db", "no-tables.db"):
        with Library(tmp_path / name) as lib:
            assert lib.db.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
            add(lib, SEED_RECORDS["profile/hanyang-zhao.txt"])
            assert lib.count() == 15


def test_a_library_with_a_table_of_its_owners_own_still_opens(tmp_path):
    with Library(tmp_path / "library.db") as lib:
        add(lib, SEED_RECORDS["profile/hanyang-zhao.txt"])
        lib.db.execute("CREATE TABLE my_reading_notes (paper INTEGER, note TEXT)")
    with Library(tmp_path / "library.db") as lib:
        assert lib.count() == 15


def test_readers_see_the_last_commit_while_a_writer_writes(tmp_path):
    path = tmp_path / "library.db"
    with Library(path) as writer, Library(path) as reader:
        add(writer, SEED_RECORDS["hf-daily/daily-papers.txt"])
        with writer.transaction():
            writer.ingest(SEED_RECORDS["profile/hanyang-zhao.txt"], Tally())
            assert reader.count() == 62  # not blocked, and not shown half a write
            assert len(reader.by_pks(reader.author_pks("Hanyang Zhao"))) == 0
        assert reader.count() == writer.count() > 62


def test_meta_values(lib):
    assert lib.get_meta("last_run") is None
    with lib.transaction():
        lib.set_meta("last_run", "2026-11-23T10:00:00+00:00")
    assert lib.get_meta("last_run") == "2026-11-23T10:00:00+00:00"


def index_names(lib: Library) -> set[str]:
    return {r[0] for r in lib.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_a_first_import_builds_its_indexes_at_the_end(lib):
    indexes = index_names(lib)
    assert {"authors_name", "papers_date", "papers_category", "records_digest"} <= indexes

    def failing():
        yield from SEED_RECORDS["hf-daily/daily-papers.txt"]
        raise RuntimeError("the reader failed half-way")

    with pytest.raises(RuntimeError), lib.transaction():
        lib.ingest(failing(), Tally())
    assert index_names(lib) == indexes and lib.count() == 0  # the drop was rolled back too
    add(lib, SEED_RECORDS["profile/hanyang-zhao.txt"])
    assert index_names(lib) == indexes
    assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(lib.by_pks(lib.author_pks("Hanyang Zhao"))) == 15


def test_search_follows_a_paper_whose_title_changed(lib):
    add(lib, [paper("Quixotic Widgets for Everyone", fmt="profile", file="p.txt", authors=["Ada Lovelace", "Charles Babbage"],
                    arxiv_id="2501.00042")])
    assert [p.title for p in lib.search("quixotic")] == ["Quixotic Widgets for Everyone"]
    # The arXiv API's record is more authoritative: its title and authors win, the old words leave the index.
    add(lib, [paper("Zebrafish Gadgets", fmt="arxiv-atom", file="q.xml", authors=["Alan Turing", "Charles Babbage"],
                    arxiv_id="2501.00042")])
    [p] = lib.papers()
    assert p.title == "Zebrafish Gadgets"
    assert lib.search("zebrafish") == [p] and lib.search("turing") == [p]
    assert lib.search("quixotic") == [] and lib.search("lovelace") == []
    lib.db.execute("INSERT INTO search (search) VALUES ('integrity-check')")


def test_a_re_merged_paper_is_found_by_what_changed_and_only_once(lib):
    # A stored paper takes a date, a category and an author from a new record: the indexed
    # columns and the author rows follow; a later repeat that changes none of them leaves them be.
    add(lib, [paper("Quixotic Widgets for Everyone", fmt="profile", file="p.txt", authors=["Ada Lovelace"])])
    add(lib, [paper("Quixotic Widgets for Everyone", fmt="arxiv-atom", file="q.xml", arxiv_id="2501.00042",
                    date="2025-01-02", category="cs.LG", authors=["Ada Lovelace", "Alan Turing"])])
    [p] = lib.papers()
    assert (p.date, p.category, p.arxiv_id) == ("2025-01-02", "cs.LG", "2501.00042")
    assert [q.title for q in lib.papers("category = ? AND date >= ?", ("cs.LG", "2025-01-01"))] == [p.title]
    assert len(lib.find("2501.00042")) == 1
    assert len(lib.by_pks(lib.author_pks("Alan Turing"))) == 1
    add(lib, [paper("Quixotic widgets for everyone", fmt="hf-daily", file="r.txt", upvotes=4,
                    authors=["Ada Lovelace", "Alan Turing"])])
    [p] = lib.papers()
    assert p.upvotes == 4 and len(p.sources) == 3
    assert lib.db.execute("SELECT count(*) FROM authors").fetchone()[0] == 2
    assert lib.search("turing") == [p] and lib.search("quixotic") == [p]
    assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    lib.db.execute("INSERT INTO search (search) VALUES ('integrity-check')")


@pytest.mark.parametrize("text", ['{"title": "Caf\\u00e9 \\ud83d\\ude00", "score": 1.5, "authors": []}',
                                  '{"title": "lone \\ud800 half"}'])
def test_stored_json_decodes_as_json_does(text):
    assert schema.load_record(text) == json.loads(text)


def test_listings_come_newest_first_undated_last_and_need_no_sort(lib):
    add(lib, [paper("Undated Widgets", line=1, category="cs.LG"),
              paper("Old Widgets", line=2, date="2020-01-01", category="cs.LG"),
              paper("New Widgets", line=3, date="2025-01-01", category="cs.LG"),
              paper("Other Gadgets", line=4, date="2024-01-01", category="math.PR")])
    assert [p.title for p in lib.papers("category = ?", ("cs.LG",))] == ["New Widgets", "Old Widgets", "Undated Widgets"]
    assert [p.title for p in lib.papers()][-1] == "Undated Widgets"
    from papertrack.library.store import NEWEST_FIRST
    for where in ("category = ?", ""):
        plan = lib.db.execute(f"EXPLAIN QUERY PLAN SELECT record FROM papers {'WHERE ' + where if where else ''} "
                              f"ORDER BY {NEWEST_FIRST} LIMIT 20", ("cs.LG",) if where else ()).fetchall()
        assert not any("TEMP B-TREE" in row[-1] for row in plan), plan
