"""`papertrack fetch` end to end against a local server: the requests each service builds, its
pagination, author resolution, the failures it reports, and the records it writes. The Fetcher
runs on a fake clock, so arXiv's 3-second pacing is asserted without waiting for it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import papertrack.fetch.client
from papertrack.cli import app, register_commands

from .conftest import run_cli
from .fetch_server import (
    FakeClock,
    Reply,
    Server,
    arxiv_id,
    arxiv_paging,
    atom_feed,
    dblp_hit,
    dblp_result,
    hf_items,
    json_reply,
    openalex_work,
    s2_paper,
)

register_commands([])  # fetch and library commands, as `papertrack --help` sees them


@pytest.fixture
def clock(monkeypatch, tmp_path):
    fake = FakeClock()
    monkeypatch.setattr(papertrack.fetch.client, "Clock", lambda: fake)
    monkeypatch.setenv("PAPERTRACK_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("S2_API_KEY", "OPENALEX_API_KEY", "PAPERTRACK_OPENALEX_MAILTO"):
        monkeypatch.delenv(name, raising=False)
    return fake


@pytest.fixture
def server(clock):
    s = Server(clock)
    yield s
    s.close()


def fetch(*args: str):
    result = CliRunner().invoke(app, ["fetch", *args, "--format", "jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result, records


def numbers(records) -> list[int]:
    return [int(r["arxiv_id"].split(".")[1]) - 10000 for r in records]


def assert_arxiv_paced(server, path="/api/query"):
    times = [r.at for r in server.requests(path)]
    assert all(b - a >= 3.0 for a, b in zip(times, times[1:])), f"arXiv requests closer than 3 s: {times}"


def test_arxiv_three_pages(server, clock):
    server.add("/api/query", arxiv_paging(7))
    result, records = fetch("arxiv", "--api", server.base + "/api/query", "--author", "Ada Lovelace",
                            "--category", "cs.LG", "--since", "2025-10-01", "--until", "2025-10-31",
                            "--page-size", "3")
    assert result.exit_code == 0, result.stderr
    assert numbers(records) == list(range(7))
    asked = server.requests("/api/query")
    assert [(q.query["start"], q.query["max_results"]) for q in asked] == [("0", "3"), ("3", "3"), ("6", "3")]
    assert asked[0].query["search_query"] == \
        'au:"Ada Lovelace" AND cat:cs.LG AND submittedDate:[202510010000 TO 202510312359]'
    assert asked[0].query["sortBy"] == "submittedDate" and asked[0].query["sortOrder"] == "descending"
    assert records[0]["source"]["format"] == "arxiv-atom"
    assert records[0]["source"]["file"].startswith(server.base + "/api/query?search_query=")
    assert_arxiv_paced(server)
    assert result.stderr == ""  # no progress bar off a terminal, nothing else to say


def test_arxiv_stops_at_max_and_at_total(server, clock):
    server.add("/api/query", arxiv_paging(100))
    result, records = fetch("arxiv", "--api", server.base + "/api/query", "--query", "ti:robot",
                            "--max", "5", "--page-size", "3", "--sort", "relevance")
    assert result.exit_code == 0 and len(records) == 5
    assert [q.query["max_results"] for q in server.requests()] == ["3", "2"]
    assert server.requests()[0].query["search_query"] == "ti:robot"


def test_arxiv_empty_page_inside_the_result_is_retried(server, clock):
    pages = arxiv_paging(7)
    empty_once = []

    def flaky(query):
        if query["start"] == "3" and not empty_once:
            empty_once.append(1)
            return atom_feed([], 7, 3)
        return pages(query)
    server.add("/api/query", flaky)
    result, records = fetch("arxiv", "--api", server.base + "/api/query", "--category", "cs.LG", "--page-size", "3")
    assert result.exit_code == 0, result.stderr
    assert numbers(records) == list(range(7))
    assert [q.query["start"] for q in server.requests()] == ["0", "3", "3", "6"]
    assert_arxiv_paced(server)


def test_arxiv_empty_last_page_is_the_end(server, clock):
    server.add("/api/query", atom_feed([], 0))
    result, records = fetch("arxiv", "--api", server.base + "/api/query", "--query", "ti:nothing")
    assert result.exit_code == 0 and records == [] and len(server.requests()) == 1
    assert "no papers found" in result.stderr


def test_arxiv_failure_keeps_fetched_records_and_exits_3(server, clock):
    pages = arxiv_paging(9)
    server.add("/api/query", lambda q: pages(q) if q["start"] == "0" else Reply(503, "Service Unavailable",
                                                                                "text/plain"))
    result, records = fetch("arxiv", "--api", server.base + "/api/query", "--category", "cs.LG",
                            "--page-size", "3", "--retries", "2")
    assert result.exit_code == 3
    assert numbers(records) == [0, 1, 2]
    lines = result.stderr.strip().splitlines()
    assert lines[:2] == ["arXiv: 503, retrying in 3 s (2/3)", "arXiv: 503, retrying in 6 s (3/3)"]
    assert len(lines) == 3 and lines[2].startswith(f"papertrack: {server.host}: ") and "HTTP 503" in lines[2]
    assert len(server.requests()) == 4
    assert_arxiv_paced(server)


def test_arxiv_persistent_empty_page_is_a_failure(server, clock):
    pages = arxiv_paging(9)
    server.add("/api/query", lambda q: pages(q) if q["start"] == "0" else atom_feed([], 9, int(q["start"])))
    result, records = fetch("arxiv", "--api", server.base + "/api/query", "--category", "cs.LG",
                            "--page-size", "3", "--retries", "2")
    assert result.exit_code == 3 and numbers(records) == [0, 1, 2]
    assert "came back empty" in result.stderr and len(server.requests()) == 4


def test_arxiv_rate_exceeded_then_answer(server, clock):
    server.add("/api/query", Reply(503, "Rate exceeded.", "text/plain"), atom_feed([4], 1))
    result, records = fetch("arxiv", "--api", server.base + "/api/query", "--ids", arxiv_id(4))
    assert result.exit_code == 0 and numbers(records) == [4]
    assert_arxiv_paced(server)


def test_arxiv_ids_are_batched(server, clock):
    def by_ids(query):
        listed = query["id_list"].split(",")
        return atom_feed([int(i.split(".")[1].split("v")[0]) - 10000 for i in listed], len(listed))
    server.add("/api/query", by_ids)
    ids = [f"arXiv:{arxiv_id(n)}v2" if n % 2 else f"https://arxiv.org/abs/{arxiv_id(n)}" for n in range(150)]
    result, records = fetch("arxiv", "--api", server.base + "/api/query", "--ids", ",".join(ids[:80]),
                            "--ids", ",".join(ids[80:]))
    assert result.exit_code == 0, result.stderr
    assert numbers(records) == list(range(150))
    batches = [q.query["id_list"].split(",") for q in server.requests()]
    assert [len(b) for b in batches] == [100, 50]
    assert batches[0][:2] == [arxiv_id(0), arxiv_id(1) + "v2"]
    assert "sortBy" not in server.requests()[0].query
    assert_arxiv_paced(server)


def test_arxiv_needs_something_to_search(server, clock):
    result, _ = fetch("arxiv", "--api", server.base + "/api/query")
    assert result.exit_code == 2 and not server.requests()
    result, _ = fetch("arxiv", "--api", server.base + "/api/query", "--ids", "not-an-id")
    assert result.exit_code == 2 and "not an arXiv id" in result.stderr
    result, _ = fetch("arxiv", "--api", server.base + "/api/query", "--since", "2025-10-02", "--until", "2025-10-01")
    assert result.exit_code == 2 and "is after --until" in result.stderr and not server.requests()


def test_arxiv_base_url_from_environment(server, clock, monkeypatch):
    monkeypatch.setenv("PAPERTRACK_ARXIV_API", server.base + "/mirror/query")
    server.add("/mirror/query", atom_feed([1], 1))
    result, records = fetch("arxiv", "--ids", arxiv_id(1))
    assert result.exit_code == 0 and numbers(records) == [1]


def test_hf_day_week_month_and_search(server, clock):
    server.add("/api/daily_papers", lambda q: json_reply(hf_items([1, 2, 3])))
    server.add("/api/papers/search", json_reply(hf_items([9])))
    api = server.base + "/api"
    for option, value in (("--date", "2025-10-02"), ("--week", "2025-W40"), ("--month", "2025-10")):
        result, records = fetch("hf", "--api", api, option, value, "--no-cache")
        assert result.exit_code == 0, result.stderr
        assert [r["upvotes"] for r in records] == [1, 2, 3] and records[0]["listed_on"] == "2025-10-02"
        asked = server.requests()[-1].query
        assert asked == {option[2:]: value, "p": "0", "limit": "100"}
    result, records = fetch("hf", "--api", api, "--query", "diffusion policy")
    assert numbers(records) == [9] and server.requests()[-1].query == {"q": "diffusion policy", "limit": "100"}
    result, _ = fetch("hf", "--api", api, "--week", "2025-40")
    assert result.exit_code == 2


def test_hf_pages_until_a_short_page(server, clock):
    server.add("/api/daily_papers", lambda q: json_reply(hf_items(list(range(100)) if q["p"] == "0" else [100, 101])))
    result, records = fetch("hf", "--api", server.base + "/api", "--month", "2025-10", "--max", "1000")
    assert result.exit_code == 0 and len(records) == 102
    assert [q.query["p"] for q in server.requests()] == ["0", "1"]


def test_hf_html_error_page_is_a_network_failure(server, clock):
    server.add("/api/daily_papers", Reply(200, "<!doctype html><html><title>502 Bad Gateway</title></html>",
                                          "text/html"))
    result, records = fetch("hf", "--api", server.base + "/api", "--date", "2025-10-02", "--retries", "1")
    assert result.exit_code == 3 and records == [] and len(server.requests()) == 1
    assert result.stderr == f"papertrack: {server.host}: HTTP 200 but got an HTML page: 502 Bad Gateway (expected JSON)\n"


def test_s2_ambiguous_author_lists_candidates(server, clock, monkeypatch):
    monkeypatch.setenv("S2_API_KEY", "k3y")
    server.add("/graph/v1/author/search", json_reply({"total": 3, "offset": 0, "data": [
        {"authorId": "1741101", "name": "Ada Lovelace", "affiliations": ["University of London"], "paperCount": 12},
        {"authorId": "2262347", "name": "Ada Lovelace", "affiliations": [], "paperCount": 2},
        {"authorId": "3000000", "name": "Ada L. Byron", "affiliations": [], "paperCount": 1}]}))
    result, records = fetch("s2", "--api", server.base + "/graph/v1", "--author", "ada lovelace")
    assert result.exit_code == 2 and records == []
    assert "2 authors on Semantic Scholar match 'ada lovelace'" in result.stderr
    assert "Ada Lovelace | University of London | 12 papers | --author-id 1741101" in result.stderr
    assert "--author-id 2262347" in result.stderr and "3000000" not in result.stderr
    assert server.requests()[0].headers.get("x-api-key") == "k3y"


def test_s2_author_papers_follow_next(server, clock):
    server.add("/graph/v1/author/search", json_reply({"data": [
        {"authorId": "1741101", "name": "Ada Lovelace", "paperCount": 3},
        {"authorId": "9", "name": "Ada Lovelace-Smith", "paperCount": 1}]}))
    server.add("/graph/v1/author/1741101/papers", lambda q: json_reply(
        {"offset": 0, "next": 2, "data": [s2_paper(0), s2_paper(1)]} if q["offset"] == "0"
        else {"offset": 2, "data": [s2_paper(2)]}))
    result, records = fetch("s2", "--api", server.base + "/graph/v1", "--author", "Ada Lovelace")
    assert result.exit_code == 0, result.stderr
    assert numbers(records) == [0, 1, 2] and records[0]["source"]["format"] == "s2"
    asked = server.requests("/graph/v1/author/1741101/papers")
    assert [q.query["offset"] for q in asked] == ["0", "2"] and "externalIds" in asked[0].query["fields"]


def test_openalex_by_id_with_cursor_and_mailto(server, clock, monkeypatch):
    monkeypatch.setenv("PAPERTRACK_OPENALEX_MAILTO", "me@example.org")
    monkeypatch.setenv("OPENALEX_API_KEY", "s3cret")
    server.add("/works", lambda q: json_reply(
        {"meta": {"count": 3, "next_cursor": "Ic3"}, "results": [openalex_work(0), openalex_work(1)]}
        if q["cursor"] == "*" else {"meta": {"count": 3, "next_cursor": None}, "results": [openalex_work(2)]}))
    result, records = fetch("openalex", "--api", server.base, "--author-id", "https://openalex.org/A5000000001")
    assert result.exit_code == 0, result.stderr
    assert numbers(records) == [0, 1, 2] and records[0]["abstract"] == "We study problem 0."
    asked = server.requests("/works")
    assert [q.query["cursor"] for q in asked] == ["*", "Ic3"]
    assert asked[0].query["filter"] == "author.id:A5000000001" and asked[0].query["mailto"] == "me@example.org"
    assert all("s3cret" not in r["source"]["file"] for r in records)


def test_openalex_resolves_a_unique_name(server, clock):
    server.add("/authors", json_reply({"meta": {"count": 1}, "results": [
        {"id": "https://openalex.org/A5000000001", "display_name": "Ada Lovelace", "works_count": 1,
         "last_known_institutions": [{"display_name": "University of London"}]}]}))
    server.add("/works", json_reply({"meta": {"count": 1, "next_cursor": None}, "results": [openalex_work(5)]}))
    result, records = fetch("openalex", "--api", server.base, "--author", "Ada Lovelace")
    assert result.exit_code == 0 and numbers(records) == [5]
    assert server.requests("/works")[0].query["filter"] == "author.id:A5000000001"


def test_dblp_author_and_paging(server, clock):
    server.add("/search/author/api", dblp_result([
        {"info": {"author": "Ada Lovelace 0001", "url": "https://dblp.org/pid/00/1",
                  "notes": {"note": {"@type": "affiliation", "text": "University of London"}}}},
        {"info": {"author": "Ada Lovelace 0002", "url": "https://dblp.org/pid/00/2"}}], 2))
    hits = [dblp_hit(n, "Ada Lovelace 0001") for n in range(3)]
    server.add("/search/publ/api", lambda q: dblp_result(hits[int(q["f"]):int(q["f"]) + int(q["h"])], 3, int(q["f"])))
    result, _ = fetch("dblp", "--api", server.base, "--author", "Ada Lovelace")
    assert result.exit_code == 2 and "Ada Lovelace 0001 | University of London" in result.stderr
    result, records = fetch("dblp", "--api", server.base, "--author-id", "Ada Lovelace 0001", "--max", "3")
    assert result.exit_code == 0, result.stderr
    assert numbers(records) == [0, 1, 2] and records[0]["authors"] == ["Ada Lovelace"]
    assert server.requests("/search/publ/api")[0].query["q"] == "author:Ada_Lovelace_0001:"


def test_unknown_author_is_bad_input(server, clock):
    server.add("/graph/v1/author/search", json_reply({"total": 0, "offset": 0}))
    result, _ = fetch("s2", "--api", server.base + "/graph/v1", "--author", "Nobody Atall")
    assert result.exit_code == 1 and "knows no author named 'Nobody Atall'" in result.stderr


LANDING_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Paper number 7 | OpenReview</title>
<meta name="citation_title" content="Paper number 7">
<meta name="citation_author" content="Lovelace, Ada">
<meta name="citation_online_date" content="2025/10/02">
<meta name="citation_pdf_url" content="https://arxiv.org/pdf/2510.10007">
<meta name="citation_abstract" content="We study problem 7.">
</head><body><h1>Paper number 7</h1></body></html>
"""


def test_url_parses_each_page_and_reports_failures(server, clock):
    server.add("/feed.atom", atom_feed([1, 2], 2))
    server.add("/daily.json", json_reply(hf_items([3])))
    server.add("/forum", Reply(200, LANDING_PAGE, "text/html; charset=utf-8"))
    result, records = fetch("url", server.base + "/feed.atom", server.base + "/missing", server.base + "/daily.json",
                            server.base + "/forum?id=abc")
    assert result.exit_code == 3
    assert numbers(records) == [1, 2, 3, 7]
    assert [r["source"]["format"] for r in records] == ["arxiv-atom"] * 2 + ["hf-api", "citation-meta"]
    assert records[3]["source"]["file"] == server.base + "/forum?id=abc"
    assert "HTTP 404" in result.stderr and "/missing" not in records[0]["source"]["file"]


def test_url_page_no_parser_knows(server, clock):
    server.add("/page", Reply(200, "just some words\nnothing like a paper\n", "text/plain"))
    result, records = fetch("url", server.base + "/page")
    assert result.exit_code == 1 and records == [] and "not recognized" in result.stderr


def test_cache_and_save_raw_round_trip(server, clock, tmp_path):
    server.add("/api/query", arxiv_paging(5))
    args = ("arxiv", "--api", server.base + "/api/query", "--category", "cs.LG", "--page-size", "2")
    first, records = fetch(*args, "--save-raw", str(tmp_path / "raw"))
    again, cached = fetch(*args)
    assert first.exit_code == again.exit_code == 0 and cached == records
    assert len(server.requests()) == 3  # the second run came from the cache
    fetch(*args, "--no-cache")
    assert len(server.requests()) == 6
    saved = sorted((tmp_path / "raw").iterdir())
    assert len(saved) == 3
    parsed = CliRunner().invoke(app, ["parse", *map(str, saved), "--format", "jsonl"])
    reparsed = [json.loads(line) for line in parsed.stdout.splitlines()]
    assert sorted(numbers(reparsed)) == list(range(5))


def test_subprocess_failure_is_one_line_without_traceback(server, tmp_path):
    server.add("/api/daily_papers", Reply(503, "down", "text/plain"))
    done = run_cli("fetch", "hf", "--date", "2025-10-02", "--retries", "0",
                   env={"PAPERTRACK_HF_API": server.base + "/api", "PAPERTRACK_CACHE_DIR": str(tmp_path)})
    assert done.returncode == 3 and done.stdout == b""
    err = done.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"papertrack: {server.host}: gave up after 1 attempt; last: HTTP 503")


def test_progress_bar_only_for_work_of_several_requests():
    from papertrack.commands.progress import PageProgress as _Progress

    single = _Progress(True, "pages")
    single.page(3, 3)
    assert single.bar is None
    several = _Progress(True, "arXiv")
    several.page(3, 7)
    several.page(3, 7)
    assert several.bar is not None and several.bar.tasks[0].completed == 6 and several.bar.tasks[0].total == 7
    several.close()
    off = _Progress(False, "arXiv")
    off.page(3, 7)
    assert off.bar is None
