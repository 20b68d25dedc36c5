"""The HTTP layer (papertrack.fetch) against a local server: pacing, retries and their faults
(429 with Retry-After, 503, a timeout, a reset connection, a truncated body, `Rate exceeded.`,
an HTML page where JSON was expected), the on-disk cache and raw copies. No test sleeps for real
except the one timeout; none touches the internet."""

from __future__ import annotations

import pytest

from papertrack.errors import FetchError
from papertrack.fetch.cache import raw_file_name
from papertrack.fetch.client import Fetcher, retry_after_seconds, user_agent
from papertrack.fetch.response import content_kind, public_url
from papertrack.parse.read import read_bytes, read_file

from .conftest import AS_OF
from .fetch_server import FakeClock, Reply, Server, atom_feed, hf_items, json_reply

OK_JSON = json_reply(hf_items([1, 2]))


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def server(clock):
    s = Server(clock)
    yield s
    s.close()


def fetcher(clock, **kw) -> Fetcher:
    kw.setdefault("retries", 3)
    return Fetcher(clock=clock, **kw)


def test_user_agent_names_version_and_project(server, clock):
    server.add("/a", OK_JSON)
    with fetcher(clock) as f:
        f.get(server.base + "/a")
    agent = server.requests()[0].headers["User-Agent"]
    assert agent == user_agent() and agent.startswith("papertrack/0.") and "(+http" in agent


def test_requests_to_one_host_are_paced(server, clock):
    server.add("/a", OK_JSON)
    with fetcher(clock) as f:
        f.pace(server.base, 3.0)
        for _ in range(4):
            f.get(server.base + "/a", expect="json")
    times = [r.at for r in server.requests()]
    assert len(times) == 4
    assert all(b - a >= 3.0 for a, b in zip(times, times[1:]))
    assert clock.t - 1000.0 == pytest.approx(9.0)  # it waited no longer than it had to


def test_429_honours_retry_after(server, clock):
    server.add("/a", Reply(429, "slow down", "text/plain", {"Retry-After": "17"}), OK_JSON)
    with fetcher(clock) as f:
        r = f.get(server.base + "/a", expect="json")
    assert r.status == 200 and len(server.requests()) == 2
    assert max(clock.sleeps) >= 17
    assert server.requests()[1].at - server.requests()[0].at >= 17


def test_retry_after_as_http_date():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470.0) == pytest.approx(10.0)
    assert retry_after_seconds("soon", 0.0) is None


def test_503_backs_off_exponentially_then_gives_up_naming_host_and_status(server, clock):
    server.add("/a", Reply(503, "down", "text/plain"))
    with fetcher(clock, retries=3) as f, pytest.raises(FetchError) as err:
        f.get(server.base + "/a")
    assert len(server.requests()) == 4
    assert clock.sleeps == [1.0, 2.0, 4.0]
    message = str(err.value)
    assert message.startswith(server.host + ": ") and "HTTP 503" in message and "4 attempts" in message
    assert "\n" not in message


def test_rate_exceeded_text_is_a_rate_limit(server, clock):
    server.add("/api/query", Reply(200, "Rate exceeded.", "text/plain"), atom_feed([1], 1))
    with fetcher(clock) as f:
        f.pace(server.base, 3.0)
        r = f.get(server.base + "/api/query", expect="xml")
    assert b"<feed" in r.content and len(server.requests()) == 2
    assert clock.sleeps and clock.sleeps[0] >= 3.0  # backoff starts at the host's own interval


def test_timeout_is_retried(server, clock):
    server.add("/a", Reply(fault="stall"), OK_JSON)
    with fetcher(clock, timeout=0.2) as f:
        r = f.get(server.base + "/a", expect="json")
    assert r.status == 200 and len(server.requests()) == 2


@pytest.mark.parametrize("fault", ["reset", "truncate"])
def test_broken_connections_are_retried(server, clock, fault):
    server.add("/a", Reply(body=OK_JSON.body, fault=fault), OK_JSON)
    with fetcher(clock) as f:
        r = f.get(server.base + "/a", expect="json")
    assert r.content == OK_JSON.body.encode() and len(server.requests()) == 2


def test_html_page_where_json_expected_is_reported_after_one_try(server, clock):
    page = Reply(200, "<!DOCTYPE html><html><head><title>Service unavailable</title></head>"
                      "<body><h1>Down for maintenance</h1></body></html>", "text/html")
    server.add("/a", page)
    with fetcher(clock, retries=2) as f, pytest.raises(FetchError) as err:
        f.get(server.base + "/a", expect="json")
    assert str(err.value) == f"{server.host}: HTTP 200 but got an HTML page: Service unavailable (expected JSON)"
    assert len(server.requests()) == 1 and not clock.sleeps


def test_client_errors_are_not_retried_and_say_why(server, clock):
    server.add("/a", Reply(400, '{"error": "Unrecognized field: sortt"}'))
    with fetcher(clock) as f, pytest.raises(FetchError) as err:
        f.get(server.base + "/a")
    assert len(server.requests()) == 1
    assert "HTTP 400" in str(err.value) and "Unrecognized field: sortt" in str(err.value)


def test_overlong_retry_after_fails_at_once(server, clock):
    server.add("/a", Reply(429, "", "text/plain", {"Retry-After": "3600"}))
    with fetcher(clock) as f, pytest.raises(FetchError, match="wait 3600 s"):
        f.get(server.base + "/a")
    assert len(server.requests()) == 1 and not clock.sleeps


def test_cache_serves_fresh_copies_and_expires(server, clock, tmp_path):
    server.add("/a", OK_JSON)
    with fetcher(clock, cache_dir=tmp_path, cache_ttl=3600) as f:
        first = f.get(server.base + "/a", {"q": "x"}, expect="json")
        second = f.get(server.base + "/a", {"q": "x"}, expect="json")
        assert not first.from_cache and second.from_cache and second.content == first.content
        assert len(server.requests()) == 1
        f.get(server.base + "/a", {"q": "x"}, refresh=True)
        assert len(server.requests()) == 2
        clock.t += 3601
        assert not f.get(server.base + "/a", {"q": "x"}).from_cache
    with fetcher(clock, cache_dir=tmp_path, cache_ttl=3600, refresh=True) as f:
        assert not f.get(server.base + "/a", {"q": "x"}).from_cache
    assert len(server.requests()) == 4


def test_failures_are_not_cached(server, clock, tmp_path):
    server.add("/a", Reply(200, "<html><body>login</body></html>", "text/html"), OK_JSON)
    with fetcher(clock, cache_dir=tmp_path, retries=0) as f:
        with pytest.raises(FetchError):
            f.get(server.base + "/a", expect="json")
        assert not f.get(server.base + "/a", expect="json").from_cache


def test_secrets_stay_out_of_names_and_cache(server, clock, tmp_path):
    server.add("/works", OK_JSON)
    with fetcher(clock, cache_dir=tmp_path / "cache", save_raw=tmp_path / "raw") as f:
        r = f.get(server.base + "/works", {"filter": "author.id:A1", "api_key": "s3cret"})
    assert server.requests()[0].query["api_key"] == "s3cret"
    assert "s3cret" not in r.url and "s3cret" not in r.saved_to.name
    assert all(b"s3cret" not in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert public_url("http://h/x?a=1&api_key=k&b=2") == "http://h/x?a=1&b=2"


def test_saved_raw_responses_parse_like_the_live_ones(server, clock, tmp_path):
    server.add("/api/query", atom_feed([1, 2, 3], 3))
    with fetcher(clock, save_raw=tmp_path) as f:
        r = f.get(server.base + "/api/query", {"search_query": 'au:"Ada Lovelace"', "start": 0})
    assert r.saved_to.parent == tmp_path and r.saved_to.suffix == ".xml"
    assert r.saved_to.name.startswith("127.0.0.1_")
    live = [p.to_dict() for p in read_bytes(r.content, r.url, AS_OF, lambda *a: None)]
    saved = [p.to_dict() for p in read_file(str(r.saved_to), AS_OF, lambda *a: None)]
    assert len(live) == 3 and [p["arxiv_id"] for p in live] == ["2510.10001", "2510.10002", "2510.10003"]
    assert [p["source"]["file"] for p in live] == [r.url] * 3
    for a, b in zip(live, saved):
        a.pop("source"), b.pop("source")
        assert a == b


def test_raw_file_names_are_stable_and_typed():
    name = raw_file_name("https://huggingface.co/api/daily_papers?date=2025-10-02&p=0", b'[{"paper": {}}]')
    assert name == raw_file_name("https://huggingface.co/api/daily_papers?date=2025-10-02&p=0", b"[]")
    assert name.startswith("huggingface.co-api-daily_papers-date-2025-10-02-p-0-") and name.endswith(".json")
    assert content_kind(b"\xef\xbb\xbf <?xml version='1.0'?><feed/>") == "xml"
    assert content_kind(b"<!DOCTYPE html><html>") == "html"
    assert content_kind(b"Rate exceeded.") == "text"


def test_arxiv_error_feed_reason_is_shown(server, clock):
    feed = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>http://arxiv.org/api/errors</id>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_2510.1</id>
    <title>Error</title>
    <summary>incorrect id format for 2510.1</summary>
  </entry>
</feed>"""
    server.add("/api/query", Reply(400, feed, "application/atom+xml"))
    with fetcher(clock) as f, pytest.raises(FetchError) as err:
        f.get(server.base + "/api/query", {"id_list": "2510.1"}, expect="xml")
    assert str(err.value).startswith(f"{server.host}: HTTP 400 Bad Request: incorrect id format for 2510.1")


def test_arxiv_hosts_are_paced_at_3_seconds_whoever_asks(clock):
    f = fetcher(clock)
    for host in ("arxiv.org", "arxiv.org", "example.org", "example.org"):
        f.pacer.wait_turn(host)
    assert clock.sleeps == [3.0, 1.0]


@pytest.mark.parametrize("encoding, body, retried", [
    ("gzip", b"\x1f\x8b\x08\x00garbage", True),   # a damaged stream may come whole next time
    ("br", b"\x0b\x02\x80[]\x03", False),          # an encoding papertrack does not read: asking again brings the same
])
def test_undecodable_answers(server, clock, encoding, body, retried):
    server.add("/a", Reply(body=body, headers={"Content-Encoding": encoding}), OK_JSON)
    with fetcher(clock) as f:
        if retried:
            assert f.get(server.base + "/a", expect="json").content == OK_JSON.body.encode()
        else:
            with pytest.raises(FetchError, match="encoded as 'br'"):
                f.get(server.base + "/a")
    assert len(server.requests()) == (2 if retried else 1)
    assert server.requests()[0].headers["Accept-Encoding"] == "gzip, deflate"


def test_deflate_with_and_without_its_zlib_wrapper(server, clock):
    import zlib

    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    server.add("/wrapped", Reply(body=zlib.compress(OK_JSON.body.encode()), headers={"Content-Encoding": "deflate"}))
    server.add("/raw", Reply(body=raw.compress(OK_JSON.body.encode()) + raw.flush(),
                             headers={"Content-Encoding": "deflate"}))
    with fetcher(clock) as f:
        assert f.get(server.base + "/wrapped").content == f.get(server.base + "/raw").content == OK_JSON.body.encode()
