"""A local HTTP server for the fetch tests, answering from a script (faults included: a reset,
a truncated body, a stall, a one-byte-a-second drip, a server that never answers, an endless
chunked body, a gzip bomb), a fake clock that the Fetcher and the server share so that pacing,
backoff and slow networks take no real time, and builders of responses in the layouts the source
modules read (arXiv Atom, HF, S2, OpenAlex, dblp).
"""

from __future__ import annotations

import gzip
import json
import select
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeClock:
    """Time moves only when someone sleeps (or a fault of the server plays a slow network);
    every sleep is recorded."""

    poll = 0.01  # blocked reads look at the time this often, so deadlines follow this clock
    idle = 0.0
    """Fake seconds each look that found nothing adds: a test of a silent server sets it, so that
    silence passes fast on this clock (other tests keep their exact times)."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()  # the server's faults move the clock from their own threads

    def now(self) -> float:
        return self.t

    def wall(self) -> float:
        return 1_750_000_000.0 + self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)

    def waited(self, seconds: float) -> None:
        self.advance(self.idle)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.t += seconds


# A slow network on the fake clock: each step of a drip is this much real time...
REAL_STEP = 0.005
# ...and this much time on the fake clock.
FAKE_STEP = 1.0
GIB = 1024 ** 3


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)
    fault: str | None = None
    """`reset` (RST before any answer), `truncate` (body shorter than Content-Length), `stall` (no
    answer for 0.6 real seconds), `drip` (the body one byte per second of the fake clock), `silent`
    (nothing is sent until the client hangs up; its fake clock runs on while it waits), `endless` (a chunked
    body of `size` bytes made as it is sent), `bomb` (a gzip body that inflates to `size` bytes)."""
    size: int = GIB


@dataclass
class Request:
    path: str
    query: dict[str, str]
    at: float
    headers: dict[str, str]
    sent: int = 0
    """Body bytes written before the answer ended or the client hung up."""


Route = Callable[[dict[str, str]], Reply]


class Server:
    """Routes map a path to a list of replies (the last repeats) or a function of the query."""

    def __init__(self, clock: FakeClock):
        self.clock = clock
        self.routes: dict[str, list[Reply] | Route] = {}
        self.log: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                request = Request(parts.path, query, server.clock.now(), dict(self.headers))
                server.log.append(request)
                self.answer(server.reply(parts.path, query), request)

            def hung_up(self) -> bool:
                readable, _, _ = select.select([self.connection], [], [], 0)
                return bool(readable) and not self.connection.recv(1, socket.MSG_PEEK)

            def slow(self, reply: Reply, body: bytes, request: Request) -> None:
                if reply.fault == "silent":  # the client's clock runs on while it waits (FakeClock.idle)
                    for _ in range(2000):  # at most 10 real seconds
                        if self.hung_up():
                            break
                        time.sleep(REAL_STEP)
                    self.close_connection = True
                    return
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                for i in range(len(body)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    request.sent += 1
                    server.clock.advance(FAKE_STEP)
                    time.sleep(REAL_STEP)

            def chunked(self, reply: Reply, request: Request) -> None:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Transfer-Encoding", "chunked")
                if reply.fault == "bomb":
                    self.send_header("Content-Encoding", "gzip")
                self.end_headers()
                # A small send buffer: the body is made only about as fast as it is read.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)
                # A JSON array's opening bracket, then blanks: made as sent, never held whole. The
                # bomb is gzip members one after another (as gzip allows), each 1 MiB of blanks.
                step = 1024 * 1024 if reply.fault == "bomb" else 65536
                first, block = b"[" + b" " * (step - 1), b" " * step
                if reply.fault == "bomb":
                    first, block = gzip.compress(first, 9), gzip.compress(block, 9)
                made = 0
                try:
                    while made < reply.size:
                        data = first if made == 0 else block
                        made += step
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                        request.sent += len(data)
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:
                    self.close_connection = True  # the client hung up: the point of the test

            def answer(self, reply: Reply, request: Request) -> None:
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                if reply.fault in ("drip", "silent"):
                    self.slow(reply, body, request)
                    return
                if reply.fault in ("endless", "bomb"):
                    self.chunked(reply, request)
                    return
                if reply.fault == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                if reply.fault == "stall":
                    time.sleep(0.6)
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                length = len(body) + (500 if reply.fault == "truncate" else 0)
                self.send_header("Content-Length", str(length))
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.fault == "truncate":
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                self.wfile.write(body)
                request.sent = len(body)

            def finish(self) -> None:
                try:
                    super().finish()
                except OSError:
                    pass  # the client hung up (a timeout), or the fault closed the socket

        class QuietServer(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.host = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def add(self, path: str, *replies: Reply | Route) -> None:
        self.routes[path] = replies[0] if len(replies) == 1 and callable(replies[0]) else list(replies)

    def reply(self, path: str, query: dict[str, str]) -> Reply:
        route = self.routes.get(path)
        if route is None:
            return Reply(404, "<html><body>Not Found</body></html>", "text/html")
        if callable(route):
            return route(query)
        return route.pop(0) if len(route) > 1 else route[0]

    def requests(self, path: str | None = None) -> list[Request]:
        return [r for r in self.log if path is None or r.path == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def refused_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a connection there is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def no_dns(monkeypatch) -> None:
    """Names under .invalid (which never resolve, RFC 6761) fail as a resolver without network
    does, without asking the machine's resolver (no traffic leaves the machine)."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if str(host).endswith(".invalid"):
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


# ---------------------------------------------------------------- responses in the sources' layouts

def arxiv_id(n: int) -> str:
    return f"2510.{10000 + n:05d}"


def atom_feed(numbers: list[int], total: int, start: int = 0) -> Reply:
    """An arXiv API answer as export.arxiv.org writes it (current layout)."""
    entries = "".join(f"""
  <entry>
    <id>http://arxiv.org/abs/{arxiv_id(n)}v1</id>
    <updated>2025-10-02T17:59:58Z</updated>
    <published>2025-10-02T17:59:58Z</published>
    <title>Paper number {n}</title>
    <summary>  We study problem {n}.
    </summary>
    <author><name>Ada Lovelace</name></author>
    <author><name>Alan Turing</name></author>
    <arxiv:primary_category term="cs.LG"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <link href="https://arxiv.org/abs/{arxiv_id(n)}v1" rel="alternate" type="text/html"/>
  </entry>""" for n in numbers)
    return Reply(body=f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/Kx3T6OsO2J4</id>
  <title>arXiv Query: search_query=cat:cs.LG</title>
  <updated>2025-10-03T00:00:00Z</updated>
  <link href="https://arxiv.org/api/query?search_query=cat:cs.LG" type="application/atom+xml"/>
  <opensearch:itemsPerPage>{len(numbers)}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>{entries}
</feed>
""", content_type="application/atom+xml; charset=utf-8")


def arxiv_paging(total: int) -> Route:
    """Answers start/max_results like the API does, from a result of `total` papers."""
    def route(query: dict[str, str]) -> Reply:
        start, size = int(query["start"]), int(query["max_results"])
        return atom_feed(list(range(start, min(total, start + size))), total, start)
    return route


def json_reply(value) -> Reply:
    return Reply(body=json.dumps(value, indent=1))


def hf_items(numbers: list[int]) -> list[dict]:
    return [{"paper": {"id": arxiv_id(n), "title": f"Paper number {n}", "summary": f"We study problem {n}.",
                       "authors": [{"name": "Ada Lovelace"}], "publishedAt": "2025-10-01T17:59:58.000Z",
                       "upvotes": n},
             "publishedAt": "2025-10-02T08:00:00.000Z", "title": f"Paper number {n}"} for n in numbers]


def s2_paper(n: int) -> dict:
    return {"paperId": f"{n:040x}", "externalIds": {"ArXiv": arxiv_id(n)}, "title": f"Paper number {n}",
            "abstract": f"We study problem {n}.", "authors": [{"authorId": "1741101", "name": "Ada Lovelace"}],
            "publicationDate": "2025-10-02", "venue": ""}


def openalex_work(n: int) -> dict:
    return {"id": f"https://openalex.org/W{4400000000 + n}", "display_name": f"Paper number {n}",
            "doi": f"https://doi.org/10.48550/arxiv.{arxiv_id(n)}", "publication_date": "2025-10-02",
            "authorships": [{"author": {"id": "https://openalex.org/A5000000001", "display_name": "Ada Lovelace"},
                             "institutions": []}],
            "abstract_inverted_index": {"We": [0], "study": [1], "problem": [2], f"{n}.": [3]}}


def dblp_hit(n: int, author: str) -> dict:
    return {"@score": "1", "@id": str(n), "info": {
        "authors": {"author": [{"@pid": "l/AdaLovelace", "text": author}]},
        "title": f"Paper number {n}.", "venue": "CoRR", "volume": f"abs/{arxiv_id(n)}", "year": "2025",
        "type": "Informal and Other Publications", "key": f"journals/corr/abs-2510-{10000 + n:05d}",
        "ee": f"https://arxiv.org/abs/{arxiv_id(n)}"}}


def dblp_result(hits: list[dict], total: int, first: int = 0) -> Reply:
    return json_reply({"result": {"query": "q", "status": {"@code": "200", "text": "OK"},
                                  "hits": {"@total": str(total), "@computed": str(total), "@sent": str(len(hits)),
                                           "@first": str(first), **({"hit": hits} if hits else {})}}})


def oai_answer(inner: str, verb: str = "ListRecords") -> Reply:
    """An OAI-PMH answer as arXiv writes it, around `inner`."""
    return Reply(body=f"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
<responseDate>2025-10-03T00:00:00Z</responseDate>
<request verb="{verb}">http://oaipmh.arxiv.org/oai</request>
{inner}
</OAI-PMH>
""", content_type="text/xml; charset=utf-8")


def oai_datestamp(n: int) -> str:
    return f"2025-10-{1 + n % 28:02d}"


def oai_records(numbers: list[int], token: str | None = None, cursor: int = 0, total: int | None = None) -> Reply:
    """A ListRecords page in the arXiv format; `token` "" is the empty token of a last page."""
    records = "".join(f"""<record><header><identifier>oai:arXiv.org:{arxiv_id(n)}</identifier><datestamp>{oai_datestamp(n)}</datestamp><setSpec>cs</setSpec></header>
<metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd"><id>{arxiv_id(n)}</id><created>2025-10-01</created><authors><author><keyname>Lovelace</keyname><forenames>Ada</forenames></author></authors><title>Paper number {n}</title><categories>cs.LG</categories><abstract>  We study problem {n}.
</abstract></arXiv></metadata></record>
""" for n in numbers)
    size = f' completeListSize="{total}"' if total is not None else ""
    resume = f'<resumptionToken cursor="{cursor}"{size}>{token}</resumptionToken>' if token is not None else ""
    return oai_answer(f"<ListRecords>\n{records}{resume}\n</ListRecords>")


def oai_error(code: str, text: str) -> Reply:
    return oai_answer(f'<error code="{code}">{text}</error>')


def oai_listing(total: int, size: int) -> Route:
    """ListRecords of `total` records, `size` a page, continued by tokens `page|START`."""
    def route(query: dict[str, str]) -> Reply:
        if "resumptionToken" in query:
            if set(query) != {"verb", "resumptionToken"}:
                return oai_error("badArgument", "resumptionToken is an exclusive argument")
            start = int(query["resumptionToken"].split("|")[1])
        else:
            start = 0
        end = min(total, start + size)
        return oai_records(list(range(start, end)), f"page|{end}" if end < total else "", start, total)
    return route
