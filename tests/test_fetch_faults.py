"""The fetch stage against networks that misbehave, all on 127.0.0.1: no network at all (a name
that does not resolve, a refused port), a server that never answers, one that drips a byte a
second, an endless body and a gzip bomb (memory measured), many 503s against the retry budget,
and two real processes sharing arXiv's 3-second pace. Slow networks run on the fake clock (the
server moves it), so no test waits for real except the two-process one (about 3 s)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

import papertrack.fetch.client
from papertrack.cli import app, register_commands
from papertrack.errors import FetchError
from papertrack.fetch.client import Fetcher
from papertrack.fetch.clock import Clock

from .conftest import SRC
from .fetch_server import GIB, FakeClock, Reply, Server, arxiv_id, atom_feed, no_dns, refused_port

register_commands([])

MIB = 1024 * 1024


@pytest.fixture
def clock(monkeypatch, tmp_path):
    fake = FakeClock()
    monkeypatch.setattr(papertrack.fetch.client, "Clock", lambda: fake)
    monkeypatch.setenv("PAPERTRACK_CACHE_DIR", str(tmp_path / "cache"))
    return fake


@pytest.fixture
def server(clock):
    s = Server(clock)
    yield s
    s.close()


def fetch(*args: str):
    result = CliRunner().invoke(app, ["fetch", *args, "--format", "jsonl"])
    return result, [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


# ---------------------------------------------------------------- no network

@pytest.mark.parametrize("where, says", [
    ("http://export.arxiv.invalid/api/query", "the host name does not resolve"),
    ("refused", "connection refused"),
])
def test_an_unreachable_host_fails_at_once_after_one_quick_retry(clock, monkeypatch, where, says):
    no_dns(monkeypatch)
    url = f"http://127.0.0.1:{refused_port()}/api/query" if where == "refused" else where
    with Fetcher(clock=clock, retries=4) as f, pytest.raises(FetchError) as err:
        f.get(url, {"search_query": "all:x"})
    assert clock.sleeps == [1.0]  # one quick retry, no backoff
    assert "gave up after 2 attempts" in str(err.value) and says in str(err.value)
    with Fetcher(clock=clock, retries=0) as f, pytest.raises(FetchError, match="gave up after 1 attempt;"):
        f.get(url)
    assert clock.sleeps == [1.0]


def test_offline_author_ends_in_a_second_with_exit_3(clock, monkeypatch, tmp_path):
    """`author NAME` on an empty library asks arXiv; with no network it answers at once."""
    no_dns(monkeypatch)
    monkeypatch.setenv("PAPERTRACK_DB", str(tmp_path / "library.db"))
    monkeypatch.setenv("PAPERTRACK_ARXIV_API", "https://export.arxiv.invalid/api/query")
    started = time.monotonic()
    result = CliRunner().invoke(app, ["author", "Hanyang Zhao", "--format", "jsonl"])
    assert result.exit_code == 3 and result.stdout == ""
    assert time.monotonic() - started < 5 and clock.t - 1000 < 2
    lines = result.stderr.splitlines()
    assert lines[0] == "arXiv: name not resolved, retrying in 1 s (2/5)"
    assert lines[1].startswith("papertrack: export.arxiv.invalid: gave up after 2 attempts; last: the host name")


# ---------------------------------------------------------------- silent and slow servers

def test_a_silent_server_ends_the_command_well_under_a_minute(server, clock):
    clock.idle = 0.5  # each 10 ms the client waits in vain is half a second
    server.add("/api/query", Reply(fault="silent"))
    started = time.monotonic()
    result, records = fetch("arxiv", "--api", server.base + "/api/query", "--ids", arxiv_id(1))
    assert result.exit_code == 3 and records == []
    assert clock.t - 1000 < 40  # defaults: two 15 s attempts and a 3 s wait, then the budget stops it
    assert time.monotonic() - started < 10  # the server plays the silence on the fake clock
    lines = result.stderr.splitlines()
    assert lines[0] == "arXiv: timeout, retrying in 3 s (2/5)"
    assert lines[1] == (f"papertrack: {server.host}: gave up after 2 attempts; retries stopped at their budget "
                        "of 45 s; last: no complete answer within 15 s (--timeout)")
    assert len(server.requests()) == 2


def test_timeout_5_retries_1_ends_within_15_seconds(server, clock):
    clock.idle = 0.5
    server.add("/api/query", Reply(fault="silent"))
    result, _ = fetch("arxiv", "--api", server.base + "/api/query", "--ids", arxiv_id(1),
                      "--timeout", "5", "--retries", "1", "--quiet")
    assert result.exit_code == 3 and clock.t - 1000 <= 15
    assert result.stderr.count("\n") == 1 and "retrying" not in result.stderr  # --quiet: no wait lines


def test_a_drip_of_one_byte_a_second_ends_at_the_deadline(server, clock):
    server.add("/a", Reply(body=json.dumps([{"title": "x" * 300}]), fault="drip"))
    with Fetcher(clock=clock, timeout=5, retries=0) as f, pytest.raises(FetchError) as err:
        f.get(server.base + "/a", expect="json")
    assert "no complete answer within 5 s" in str(err.value)
    assert 5 <= clock.t - 1000 <= 10 and server.requests()[0].sent <= 10  # not the 300 s of the whole body


def test_a_host_that_timed_out_is_not_asked_again_in_the_same_run(server, clock):
    clock.idle = 0.5
    server.add("/a", Reply(fault="silent"))
    with Fetcher(clock=clock, timeout=2, retries=1) as f:
        with pytest.raises(FetchError, match="no complete answer"):
            f.get(server.base + "/a")
        with pytest.raises(FetchError, match=r"not asked: .* did not answer earlier in this run"):
            f.get(server.base + "/a", {"page": 2})
    assert len(server.requests()) == 2


def test_503s_stop_at_the_retry_budget(server, clock):
    server.add("/api/query", Reply(503, "Service Unavailable", "text/plain"))
    with Fetcher(clock=clock, retries=10) as f, pytest.raises(FetchError) as err:
        f.pace(server.base, 3.0, "arXiv")
        f.get(server.base + "/api/query")
    assert clock.sleeps == [3.0, 6.0, 12.0] and "budget of 45 s" in str(err.value)
    assert f.lost <= f.budget


def test_retry_after_is_honoured_and_said(server, clock):
    server.add("/a", Reply(503, "busy", "text/plain", {"Retry-After": "7"}), Reply(body="[]"))
    said: list[str] = []
    with Fetcher(clock=clock, on_wait=said.append) as f:
        f.pace(server.base, 1.0, "Hugging Face")
        assert f.get(server.base + "/a", expect="json").content == b"[]"
    assert said == ["Hugging Face: 503, retrying in 7 s (2/5)"] and clock.sleeps == [7.0]


# ---------------------------------------------------------------- size caps

@pytest.mark.parametrize("fault", ["endless", "bomb"])
def test_an_endless_body_or_a_gzip_bomb_stops_at_the_cap(server, clock, fault):
    server.add("/a", Reply(fault=fault))
    with Fetcher(clock=clock, max_bytes=8 * MIB) as f, pytest.raises(FetchError) as err:
        f.get(server.base + "/a", expect="json")
    assert "larger than the 8 MiB cap" in str(err.value) and "--max-bytes" in str(err.value)
    assert len(server.requests()) == 1  # not retried: it would only be as large again
    assert server.requests()[0].sent < GIB // 8


def test_an_announced_length_over_the_cap_is_refused_before_reading(server, clock):
    server.add("/a", Reply(body=b"[" + b" " * 2 * MIB + b"]"))
    with Fetcher(clock=clock, max_bytes=MIB) as f, pytest.raises(FetchError, match=r"\(2.0 MiB announced\)"):
        f.get(server.base + "/a")


# The peak of this process's own memory: VmHWM belongs to the program's address space, while
# ru_maxrss also counts the parent's pages a forked child started with (pytest's, here).
MEASURED = """import atexit, os, sys
def peak():
    status = open("/proc/self/status").read()
    open(os.environ["MAXRSS_FILE"], "w").write(status.split("VmHWM:")[1].split()[0])
atexit.register(peak)
sys.argv[0] = "papertrack"
from papertrack.cli import main
main()
"""


@pytest.mark.parametrize("fault", ["endless", "bomb"])
def test_a_1_gib_answer_costs_flat_memory_and_one_line(server, tmp_path, fault):
    """A real process fetching a 1 GiB chunked body (or a 1 MB gzip bomb of 1 GiB), made on the
    fly by the server: one line, exit 3, peak memory near the cap, not near the answer."""
    server.add("/api/daily_papers", Reply(fault=fault))
    rss = tmp_path / "maxrss"
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, "fetch", "hf", "--date", "2025-10-02", "--max-bytes", "16M"],
        capture_output=True, timeout=120,
        env={**os.environ, "PYTHONPATH": SRC, "PAPERTRACK_HF_API": server.base + "/api", "MAXRSS_FILE": str(rss),
             "PAPERTRACK_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 3 and done.stdout == b""
    assert done.stderr.decode() == (f"papertrack: {server.host}: the answer is larger than the 16 MiB cap; "
                                    "raise it with --max-bytes if this is expected\n")
    peak_mib = int(rss.read_text()) / 1024  # VmHWM is in kB
    assert peak_mib < 150, f"peak memory {peak_mib:.0f} MiB"
    assert server.requests()[0].sent < 64 * MIB  # the client hung up long before the end


def test_max_bytes_takes_sizes_and_refuses_nonsense(server, clock):
    server.add("/api/daily_papers", Reply(body=json.dumps([{"title": "t" * 3000}])))
    result, _ = fetch("hf", "--api", server.base + "/api", "--date", "2025-10-02", "--max-bytes", "2k")
    assert result.exit_code == 3 and "larger than the 2 KiB cap" in result.stderr
    result, _ = fetch("hf", "--api", server.base + "/api", "--date", "2025-10-02", "--max-bytes", "lots")
    assert result.exit_code == 2 and "is not a size" in result.stderr


# ---------------------------------------------------------------- one pace across processes

def test_two_processes_keep_arxivs_3_seconds_between_them(tmp_path):
    """Two real `fetch arxiv` processes started together: their requests reach the server at
    least 3 s apart (the lock-and-stamp file in the shared cache folder)."""
    server = Server(Clock())  # arrival times on the real clock
    try:
        server.add("/api/query", atom_feed([1], 1))
        env = {**os.environ, "PYTHONPATH": SRC, "PAPERTRACK_ARXIV_API": server.base + "/api/query",
               "PAPERTRACK_CACHE_DIR": str(tmp_path / "cache")}
        runs = [subprocess.Popen([sys.executable, "-m", "papertrack", "fetch", "arxiv", "--ids", arxiv_id(n),
                                  "--no-cache", "-f", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 env=env) for n in (1, 2)]
        outputs = [run.communicate(timeout=60) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        times = sorted(r.at for r in server.requests())
        assert len(times) == 2 and times[1] - times[0] >= 3.0, times
        assert list((tmp_path / "cache" / "pace").iterdir())  # the stamp is there for the next one
    finally:
        server.close()
