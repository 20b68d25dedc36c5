"""What a fetch keeps: paging by each service's documented parameters with --limit exact and no
duplicates, `--ids` in every written form, no credentials in anything written, a damaged cache
entry refetched, a damaged item or a parser's bug costing only itself, and --save, --save-raw and
the cache on a full disk without loss on stdout. Against the local server, on the fake clock."""

from __future__ import annotations

import builtins
import errno
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import papertrack.fetch.cache
import papertrack.fetch.client
from papertrack.cli import app, register_commands
from papertrack.commands.progress import PageProgress
from papertrack.library import Library

from .fetch_server import (
    FakeClock,
    Reply,
    Server,
    arxiv_id,
    atom_feed,
    dblp_hit,
    dblp_result,
    hf_items,
    json_reply,
    openalex_work,
    s2_paper,
)

register_commands([])


@pytest.fixture
def clock(monkeypatch, tmp_path):
    fake = FakeClock()
    monkeypatch.setattr(papertrack.fetch.client, "Clock", lambda: fake)
    monkeypatch.setenv("PAPERTRACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PAPERTRACK_DB", str(tmp_path / "library.db"))
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
    return result, [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def numbers(records) -> list[int]:
    return [int(r["arxiv_id"].split(".")[1]) - 10000 for r in records]


# ---------------------------------------------------------------- paging

def hf_listing(total: int):
    """daily_papers as the Hub API pages it: page `p` of size `limit` holds p*limit..(p+1)*limit-1."""
    def route(query):
        page, size = int(query["p"]), int(query["limit"])
        assert 1 <= size <= 100, "the API takes limit 1-100"
        return json_reply(hf_items(list(range(page * size, min(total, (page + 1) * size)))))
    return route


@pytest.mark.parametrize("limit, asked", [
    (150, [("0", "75"), ("1", "75")]),
    (250, [("0", "84"), ("1", "84"), ("2", "84")]),
    (1000, [("0", "100"), ("1", "100"), ("2", "100")]),
])
def test_hf_pages_past_100_with_one_page_size(server, clock, limit, asked):
    server.add("/api/daily_papers", hf_listing(250))
    result, records = fetch("hf", "--api", server.base + "/api", "--month", "2025-10", "--limit", str(limit))
    assert result.exit_code == 0, result.stderr
    assert numbers(records) == list(range(min(limit, 250)))
    assert [(q.query["p"], q.query["limit"]) for q in server.requests()] == asked


def test_s2_and_dblp_pages_by_offset_and_openalex_by_cursor(server, clock):
    papers = list(range(1500))
    server.add("/graph/v1/author/1/papers", lambda q: json_reply(
        {"offset": int(q["offset"]), **({"next": int(q["offset"]) + int(q["limit"])}
                                         if int(q["offset"]) + int(q["limit"]) < 1500 else {}),
         "data": [s2_paper(n) for n in papers[int(q["offset"]):int(q["offset"]) + int(q["limit"])]]}))
    result, records = fetch("s2", "--api", server.base + "/graph/v1", "--author-id", "1", "--limit", "1200")
    assert result.exit_code == 0 and numbers(records) == papers[:1200]
    assert [(q.query["offset"], q.query["limit"]) for q in server.requests()] == [("0", "1000"), ("1000", "200")]

    hits = [dblp_hit(n, "Ada Lovelace 0001") for n in range(1500)]
    server.add("/search/publ/api", lambda q: dblp_result(hits[int(q["f"]):int(q["f"]) + int(q["h"])], 1500,
                                                         int(q["f"])))
    result, records = fetch("dblp", "--api", server.base, "--author-id", "Ada Lovelace 0001", "--limit", "1100")
    assert result.exit_code == 0 and numbers(records) == list(range(1100))
    assert [(q.query["f"], q.query["h"]) for q in server.requests("/search/publ/api")] == [("0", "1000"),
                                                                                          ("1000", "100")]

    def works(query):
        start = 0 if query["cursor"] == "*" else int(query["cursor"][1:])
        size = int(query["per_page"])
        return json_reply({"meta": {"count": 250, "next_cursor": f"c{start + size}" if start + size < 250 else None},
                           "results": [openalex_work(n) for n in range(start, min(250, start + size))]})
    server.add("/works", works)
    result, records = fetch("openalex", "--api", server.base, "--author-id", "A1", "--limit", "150")
    assert result.exit_code == 0 and numbers(records) == list(range(150))
    assert [(q.query["cursor"], q.query["per_page"]) for q in server.requests("/works")] == [("*", "100"),
                                                                                            ("c100", "100")]


def test_a_listing_that_shifts_while_paged_gives_each_paper_once(server, clock):
    """A paper announced between two pages pushes the listing down by one: page 2 starts with
    the last paper of page 1 again."""
    listing = list(range(20))

    def route(query):
        start, size = int(query["start"]), int(query["max_results"])
        if start:
            listing[:0] = [99] if 99 not in listing else []
        return atom_feed(listing[start:start + size], len(listing), start)
    server.add("/api/query", route)
    result, records = fetch("arxiv", "--api", server.base + "/api/query", "--category", "cs.LG",
                            "--page-size", "3", "--limit", "7")
    assert result.exit_code == 0 and numbers(records) == [0, 1, 2, 3, 4, 5, 6]


# ---------------------------------------------------------------- --ids

def ids_route(query):
    listed = query["id_list"].split(",")
    return atom_feed([int(i.split(".")[1].split("v")[0]) - 10000 for i in listed], len(listed))


@pytest.mark.parametrize("args", [
    ["--ids", arxiv_id(1), arxiv_id(2), arxiv_id(3) + "v2"],      # the README's form
    ["--ids", f"{arxiv_id(1)},{arxiv_id(2)}", "--ids", f"arXiv:{arxiv_id(3)}v2"],
    ["--ids", f"{arxiv_id(1)}, {arxiv_id(2)},https://arxiv.org/abs/{arxiv_id(3)}v2", arxiv_id(1)],
])
def test_ids_in_every_form(server, clock, args):
    server.add("/api/query", ids_route)
    result, records = fetch("arxiv", "--api", server.base + "/api/query", *args)
    assert result.exit_code == 0, result.stderr
    assert numbers(records) == [1, 2, 3]
    assert [q.query["id_list"] for q in server.requests()] == [f"{arxiv_id(1)},{arxiv_id(2)},{arxiv_id(3)}v2"]


# ---------------------------------------------------------------- credentials and usage

def test_credentials_are_written_nowhere(server, clock, tmp_path):
    server.add("/feed.atom", atom_feed([1, 2], 2))
    base = server.base.replace("://", "://ada:pa55word@")
    result, records = fetch("url", f"{base}/feed.atom?api_key=k3y&token=t0k&q=1", f"{base}/missing?key=k3y",
                            "--save-raw", str(tmp_path / "raw"))
    assert result.exit_code == 3 and numbers(records) == [1, 2]
    assert records[0]["source"]["file"] == f"{server.base}/feed.atom?q=1"
    written = result.stdout + result.stderr + "".join(
        p.name + p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file())
    assert "HTTP 404" in result.stderr and server.host in result.stderr
    for secret in ("ada", "pa55word", "k3y", "t0k"):
        assert secret not in written, secret
    assert server.requests("/feed.atom")[0].query["api_key"] == "k3y"  # sent, only never written


@pytest.mark.parametrize("url", ["notaurl", "ftp://example.org/x", "http://"])
def test_a_url_that_is_not_one_is_a_usage_error(server, clock, url):
    result, _ = fetch("url", url)
    assert result.exit_code == 2 and "is not an http(s) URL" in result.stderr and not server.requests()


# ---------------------------------------------------------------- the cache

@pytest.mark.parametrize("header", [b"[1, 2]", b'"text"', b"{not json", b'{"url": 5}',
                                    b'{"url": "URL", "fetched": "yesterday", "status": 200}',
                                    b'{"url": "URL", "fetched": 1750001000, "status": "200"}', b"\xff\xfe"])
def test_a_damaged_cache_entry_is_fetched_again(server, clock, tmp_path, header):
    server.add("/api/daily_papers", json_reply(hf_items([1, 2])))
    args = ("hf", "--api", server.base + "/api", "--date", "2025-10-02")
    first, records = fetch(*args)
    assert first.exit_code == 0
    [entry] = (tmp_path / "cache" / "http").iterdir()
    url = json.loads(entry.read_bytes().split(b"\n", 1)[0])["url"]
    entry.write_bytes(header.replace(b"URL", url.encode()) + b"\n" + b"[]")
    again, cached = fetch(*args)
    assert again.exit_code == 0 and cached == records and len(server.requests()) == 2


# ---------------------------------------------------------------- damage costs only itself

def test_a_bad_item_costs_only_itself_and_everything_fetched_is_kept(server, clock, tmp_path):
    items = hf_items([1, 2, 3, 4])
    items[1] = 42
    items[2] = {"paper": {"id": 5, "title": ["not", "text"], "authors": "nobody"}}
    body = json.dumps(items).encode()
    server.add("/api/daily_papers", Reply(body=body))
    args = ("hf", "--api", server.base + "/api", "--date", "2025-10-02")
    result, records = fetch(*args, "--save", "--save-raw", str(tmp_path / "raw"))
    assert result.exit_code == 0, result.stderr
    assert numbers(records) == [1, 4] and "item 1: not a JSON object" in result.stderr
    assert [p.read_bytes() for p in (tmp_path / "raw").iterdir()] == [body]
    with Library(tmp_path / "library.db") as lib:
        assert sorted(p.arxiv_id for p in lib.by_pks(lib.author_pks("Ada Lovelace", False))) == \
            [arxiv_id(1), arxiv_id(4)]
    again, cached = fetch(*args)
    assert again.exit_code == 0 and cached == records and len(server.requests()) == 1


def test_a_parsers_bug_on_one_page_costs_that_page(server, clock, monkeypatch, tmp_path):
    from papertrack.parse import hf_api as layout

    real = layout.parse

    def buggy(reader, ctx):
        for paper in real(reader, ctx):
            if paper.arxiv_id == arxiv_id(101):
                raise RuntimeError("a bug")
            yield paper
    monkeypatch.setattr(layout, "parse", buggy)
    server.add("/api/daily_papers", lambda q: json_reply(hf_items(list(range(int(q["p"]) * 100,
                                                                         int(q["p"]) * 100 + 100)))))
    result, records = fetch("hf", "--api", server.base + "/api", "--month", "2025-10", "--limit", "300", "--save")
    assert isinstance(result.exception, RuntimeError)  # reported last, as an internal error (exit 70)
    assert numbers(records) == list(range(101)) + list(range(200, 300))
    assert "added 201" in result.stderr  # what was written is stored as well


def _full_disk(monkeypatch, module):
    """Every file the module opens for writing fails as a full disk does."""
    class Full:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    def opener(path, mode="r", *args, **kwargs):
        return Full() if "w" in mode else builtins.open(path, mode, *args, **kwargs)
    monkeypatch.setattr(module, "open", opener, raising=False)


def test_save_raw_and_the_cache_on_a_full_disk_lose_nothing_on_stdout(server, clock, monkeypatch, tmp_path):
    server.add("/api/daily_papers", hf_listing(250))
    _full_disk(monkeypatch, papertrack.fetch.cache)
    result, records = fetch("hf", "--api", server.base + "/api", "--month", "2025-10", "--limit", "250",
                            "--save-raw", str(tmp_path / "raw"))
    assert numbers(records) == list(range(250))
    assert result.exit_code == 1  # what was asked (the raw copies) did not happen
    assert result.stderr == (f"papertrack: {tmp_path / 'raw'}: cannot keep a raw copy (No space left on device); "
                             "the fetch goes on\n")
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".pace"]  # no half files


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"),
                                   sqlite3.OperationalError("database or disk is full")])
def test_save_on_a_full_disk_loses_nothing_on_stdout(server, clock, monkeypatch, error):
    server.add("/api/daily_papers", json_reply(hf_items([1, 2, 3])))

    def full(self, *args, **kwargs):
        raise error
    monkeypatch.setattr(Library, "ingest", full)
    result, records = fetch("hf", "--api", server.base + "/api", "--date", "2025-10-02", "--save")
    assert numbers(records) == [1, 2, 3]
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "No space left on device" in result.stderr or "disk is full" in result.stderr


# ---------------------------------------------------------------- progress

def test_wait_lines_go_above_the_bar_and_unknown_totals_get_a_bar(capsys):
    progress = PageProgress(True, "Semantic Scholar")
    progress.page(100, None)
    assert progress.bar is None  # one page of unknown size: no bar yet
    progress.note("Semantic Scholar: 429, retrying in 2 s (2/5)")
    assert capsys.readouterr().err == "Semantic Scholar: 429, retrying in 2 s (2/5)\n"
    progress.page(100, None)
    assert progress.bar is not None and progress.bar.tasks[0].completed == 200
    progress.bar.console.file = Path("/dev/null").open("w")  # noqa: SIM115 (closed with the bar)
    progress.note("Semantic Scholar: 503, retrying in 4 s (3/5)")
    progress.close()
    progress.bar.console.file.close()
