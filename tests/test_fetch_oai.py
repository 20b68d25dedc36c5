"""`papertrack fetch oai` against a local OAI-PMH server in arXiv's answer shapes: ListRecords
pages continued by resumptionToken (sent alone), 503 + Retry-After flow control, the
badResumptionToken and noRecordsMatch errors, --since-last, and a harvest killed between two
pages that goes on where it stopped. On the fake clock, except the killed run (a real process)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

import papertrack.fetch.client
from papertrack.cli import app, register_commands
from papertrack.library import Library

from .conftest import SRC
from .fetch_server import FakeClock, Reply, Server, arxiv_id, oai_datestamp, oai_error, oai_listing

register_commands([])


@pytest.fixture
def clock(monkeypatch, tmp_path):
    fake = FakeClock()
    monkeypatch.setattr(papertrack.fetch.client, "Clock", lambda: fake)
    monkeypatch.setenv("PAPERTRACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PAPERTRACK_DB", str(tmp_path / "library.db"))
    return fake


@pytest.fixture
def server(clock, monkeypatch):
    s = Server(clock)
    monkeypatch.setenv("PAPERTRACK_ARXIV_OAI", s.base + "/oai")
    yield s
    s.close()


def harvest(*args: str):
    result = CliRunner().invoke(app, ["fetch", "oai", *args, "--format", "jsonl"])
    return result, [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def numbers(records) -> list[int]:
    return [int(r["arxiv_id"].split(".")[1]) - 10000 for r in records]


def test_pages_follow_the_resumption_token_sent_alone(server, clock):
    server.add("/oai", oai_listing(7, 3))
    result, records = harvest("--set", "cs", "--from", "2025-10-01", "--until", "2025-10-31")
    assert result.exit_code == 0, result.stderr
    assert numbers(records) == list(range(7)) and records[0]["source"]["format"] == "arxiv-oai"
    asked = [r.query for r in server.requests()]
    assert asked[0] == {"verb": "ListRecords", "metadataPrefix": "arXiv", "set": "cs", "from": "2025-10-01",
                        "until": "2025-10-31"}
    assert asked[1:] == [{"verb": "ListRecords", "resumptionToken": "page|3"},
                         {"verb": "ListRecords", "resumptionToken": "page|6"}]
    times = [r.at for r in server.requests()]
    assert all(b - a >= 3.0 for a, b in zip(times, times[1:]))  # arXiv's pace holds here too


def test_since_last_starts_where_the_last_finished_harvest_reached(server, clock):
    server.add("/oai", oai_listing(5, 10))
    first, _ = harvest("--set", "cs", "--from", "2025-10-01", "--prefix", "arXivRaw")
    assert first.exit_code == 0, first.stderr
    again, _ = harvest("--set", "cs", "--since-last", "--prefix", "arXivRaw")
    assert again.exit_code == 0
    assert server.requests()[-1].query["from"] == max(oai_datestamp(n) for n in range(5))
    other, _ = harvest("--set", "math", "--since-last")  # another set (and format) has no history
    assert other.exit_code == 2 and "no finished harvest of set math" in other.stderr
    both, _ = harvest("--set", "cs", "--since-last", "--from", "2025-10-01")
    assert both.exit_code == 2
    neither, _ = harvest("--set", "cs")
    assert neither.exit_code == 2 and "--from YYYY-MM-DD, or --since-last" in neither.stderr


def test_a_503_with_retry_after_is_waited_for(server, clock):
    pages = oai_listing(6, 3)
    busy: list[int] = []

    def flow_control(query):
        if "resumptionToken" in query and not busy:
            busy.append(1)
            return Reply(503, "Retry after 20 seconds", "text/plain", {"Retry-After": "20"})
        return pages(query)
    server.add("/oai", flow_control)
    result, records = harvest("--from", "2025-10-01")
    assert result.exit_code == 0 and numbers(records) == list(range(6))
    assert "arXiv OAI-PMH: 503, retrying in 20 s (2/5)" in result.stderr
    assert 20.0 in clock.sleeps and "set" not in server.requests()[0].query  # no --set: all of arXiv


def test_no_records_match_is_an_empty_harvest(server, clock):
    server.add("/oai", oai_error("noRecordsMatch", "No records match the request"))
    result, records = harvest("--set", "cs", "--from", "2025-10-30")
    assert result.exit_code == 0 and records == [] and "no papers found" in result.stderr
    again, _ = harvest("--set", "cs", "--since-last")
    assert again.exit_code == 0 and server.requests()[-1].query["from"] == "2025-10-30"


def test_a_bad_resumption_token_restarts_once_from_the_latest_datestamp(server, clock):
    pages = oai_listing(6, 3)
    server.add("/oai", lambda q: oai_error("badResumptionToken", "The value of the resumptionToken argument is "
                                           "invalid or expired.") if "resumptionToken" in q else pages(q))
    result, records = harvest("--set", "cs", "--from", "2025-10-01")
    assert result.exit_code == 3
    assert numbers(records) == [0, 1, 2]  # the restart asked for them again; each is written once
    asked = [r.query for r in server.requests()]
    assert [q.get("from") for q in asked] == ["2025-10-01", None, oai_datestamp(2), None]
    assert "harvesting again from 2025-10-03" in result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith(
        "OAI-PMH error badResumptionToken: The value of the resumptionToken argument is invalid or expired.")


def test_a_killed_harvest_goes_on_where_it_stopped(server, clock, tmp_path):
    """A real process harvests with --save; it is killed while it waits its turn for page 2. The
    next run asks for page 2 by the saved token, alone, and the library ends with every paper."""
    server.add("/oai", oai_listing(7, 3))
    env = {**os.environ, "PYTHONPATH": SRC, "PAPERTRACK_ARXIV_OAI": server.base + "/oai",
           "PAPERTRACK_CACHE_DIR": str(tmp_path / "cache"), "PAPERTRACK_DB": str(tmp_path / "library.db")}
    run = subprocess.Popen([sys.executable, "-m", "papertrack", "fetch", "oai", "--set", "cs", "--from",
                            "2025-10-01", "--save", "-f", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env)
    try:
        places = tmp_path / "cache" / "oai"
        for _ in range(400):  # the place is kept once page 1 is written and stored
            if places.exists() and any(p.name.startswith("harvest-") for p in places.iterdir()):
                break
            time.sleep(0.02)
        assert len(server.requests()) == 1
    finally:
        run.send_signal(signal.SIGKILL)
        out, _ = run.communicate(timeout=30)
    first = [json.loads(line) for line in out.decode().splitlines()]
    assert numbers(first) == [0, 1, 2]
    result, rest = harvest("--set", "cs", "--from", "2025-10-01", "--save")
    assert result.exit_code == 0, result.stderr
    assert "going on where the last run stopped, after page 1" in result.stderr
    assert server.requests()[1].query == {"verb": "ListRecords", "resumptionToken": "page|3"}
    assert numbers(rest) == [3, 4, 5, 6]
    with Library(tmp_path / "library.db") as lib:
        assert sorted(p.arxiv_id for p in lib.by_pks(lib.author_pks("Ada Lovelace", False))) == \
            [arxiv_id(n) for n in range(7)]
    again, _ = harvest("--set", "cs", "--from", "2025-10-01")  # finished: the same arguments start anew
    assert again.exit_code == 0 and server.requests()[-3].query["from"] == "2025-10-01"
