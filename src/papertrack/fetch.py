"""The only network code: one httpx client for every request papertrack makes, paced per host,
with timeouts, retries (429, 5xx, dropped connections, arXiv's `Rate exceeded.`) that honour
Retry-After, an on-disk response cache, and raw copies of responses that `papertrack parse` reads.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Hosts not paced by their service wait this long between requests: polite to anyone.
DEFAULT_INTERVAL = 1.0
# arXiv's terms (3 s between requests) hold however it is reached, `fetch url` included.
HOST_INTERVALS = {"export.arxiv.org": 3.0, "arxiv.org": 3.0, "www.arxiv.org": 3.0}
MAX_BACKOFF = 60.0
# A server asking for a longer pause than this is down for a while: say so instead of hanging.
MAX_RETRY_AFTER = 300.0
_SECRET_PARAMS = {"api_key", "apikey", "key", "token", "access_token"}
_RATE_EXCEEDED = b"Rate exceeded"


class FetchError(Exception):
    """A request that failed for good; the message is one line naming the host."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        self.host = urlsplit(url).netloc or url
        super().__init__(f"{self.host}: {reason}")


class Clock:
    """Time and sleeping; tests swap in a fake so that waits take no real time."""

    def now(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(slots=True)
class Response:
    url: str
    """The URL asked for, secrets (api_key=...) removed: it names the records' source."""
    content: bytes
    status: int = 200
    from_cache: bool = False
    saved_to: Path | None = None


def public_url(url: str) -> str:
    """The URL without secret query parameters, fit for output, cache keys and file names."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _SECRET_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query)))


def content_kind(content: bytes) -> str:
    """`json`, `html`, `xml` or `text`: enough to tell an API answer from an error page."""
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    lower = head.lower()
    if lower.startswith(b"<!doctype html") or b"<html" in lower:
        return "html"
    return "xml" if head.startswith(b"<") else "text"


def error_detail(content: bytes) -> str:
    """A short reason from an error body: an API's JSON message or arXiv's error entry."""
    kind = content_kind(content)
    text = content[:4000].decode("utf-8", errors="replace")
    if kind == "json":
        try:
            value = json.loads(content)
        except ValueError:
            return ""
        if isinstance(value, dict):
            for key in ("error", "message", "detail"):
                if isinstance(value.get(key), str):
                    return " ".join(value[key].split())[:200]
        return ""
    if kind == "xml" and (m := re.search(r"<summary[^>]*>(.*?)</summary>", text, re.S)):
        return " ".join(m[1].split())[:200]
    if kind == "text":
        return " ".join(text.split())[:200]
    return ""


def retry_after_seconds(value: str | None, wall_now: float) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - wall_now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def default_cache_dir() -> Path:
    if env := os.environ.get("PAPERTRACK_CACHE_DIR"):
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("papertrack"))


def user_agent() -> str:
    """`papertrack/<version> (+<project URL>)`: says who asks and where to read about it."""
    from importlib import metadata

    from . import __version__

    url = "https://pypi.org/project/papertrack/"
    try:
        for entry in metadata.metadata("papertrack").get_all("Project-URL") or []:
            url = entry.split(",", 1)[1].strip()
            break
    except metadata.PackageNotFoundError:
        pass
    return f"papertrack/{__version__} (+{url})"


class ResponseCache:
    """Successful responses on disk, one file each: a JSON header line, then the body."""

    def __init__(self, folder: Path, ttl: float, clock: Clock):
        self.folder, self.ttl, self.clock = folder / "http", ttl, clock

    def _path(self, url: str) -> Path:
        import hashlib

        return self.folder / (hashlib.sha256(url.encode()).hexdigest() + ".cache")

    def load(self, url: str) -> Response | None:
        try:
            with open(self._path(url), "rb") as f:
                header = json.loads(f.readline())
                content = f.read()
        except (OSError, ValueError):
            return None  # absent or damaged: fetch again
        if header.get("url") != url or self.clock.wall() - header.get("fetched", 0) > self.ttl:
            return None
        return Response(url, content, header.get("status", 200), from_cache=True)

    def store(self, response: Response) -> None:
        path = self._path(response.url)
        header = {"url": response.url, "status": response.status, "fetched": self.clock.wall()}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(json.dumps(header).encode() + b"\n" + response.content)
            os.replace(tmp, path)  # readers never see half a file
        except OSError:
            pass  # a cache that cannot be written only costs a refetch


def raw_file_name(url: str, content: bytes) -> str:
    """A stable, readable name for a saved response: host, path and query, a hash, the type."""
    import hashlib

    parts = urlsplit(url)
    slug = re.sub(r"[^A-Za-z0-9._]+", "-", f"{parts.path}-{parts.query}").strip("-.")[:80].rstrip("-.")
    host = re.sub(r"[^A-Za-z0-9.]+", "_", parts.netloc)
    digest = hashlib.sha1(url.encode()).hexdigest()[:8]
    ext = {"json": "json", "xml": "xml", "html": "html"}.get(content_kind(content), "txt")
    return f"{host}-{slug}-{digest}.{ext}" if slug else f"{host}-{digest}.{ext}"


class Fetcher:
    """Every GET papertrack makes: paced per host, retried, cached, optionally saved raw."""

    def __init__(self, *, cache_dir: Path | None = None, cache_ttl: float = 86400.0, refresh: bool = False,
                 save_raw: Path | None = None, timeout: float = 30.0, retries: int = 4,
                 clock: Clock | None = None, agent: str | None = None):
        self.clock = clock or Clock()
        self.cache = ResponseCache(cache_dir, cache_ttl, self.clock) if cache_dir else None
        self.refresh, self.save_raw = refresh, save_raw
        self.timeout, self.retries = timeout, retries
        self.agent = agent
        self.intervals: dict[str, float] = dict(HOST_INTERVALS)
        self._last_start: dict[str, float] = {}
        self._client = None

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            self._client.close()

    def pace(self, url: str, seconds: float) -> None:
        """At most one request every `seconds` to the host of `url` (a service's own terms)."""
        self.intervals[urlsplit(url).netloc] = seconds

    def _http(self):
        if self._client is None:
            import httpx

            # One client, so each host gets one kept-alive connection and the same headers.
            self._client = httpx.Client(
                headers={"User-Agent": self.agent or user_agent()}, follow_redirects=True,
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                limits=httpx.Limits(max_connections=4, max_keepalive_connections=4))
        return self._client

    def _wait_turn(self, host: str) -> None:
        interval = self.intervals.get(host, DEFAULT_INTERVAL)
        if host in self._last_start:
            wait = self._last_start[host] + interval - self.clock.now()
            if wait > 0:
                self.clock.sleep(wait)
        self._last_start[host] = self.clock.now()

    def get(self, url: str, params: dict | None = None, *, expect: str | None = None,
            headers: dict | None = None, refresh: bool = False) -> Response:
        """The body of a successful GET; `expect` (`json`, `xml`) rejects error pages served
        with status 200. Raises FetchError once retries are spent or retrying cannot help."""
        if params:
            url = f"{url}{'&' if urlsplit(url).query else '?'}{urlencode(params)}"
        shown = public_url(url)
        response = None
        if self.cache and not (refresh or self.refresh):
            response = self.cache.load(shown)
        if response is None:
            response = self._fetch(url, shown, expect, headers or {})
            if self.cache:
                self.cache.store(response)
        if self.save_raw:
            self.save_raw.mkdir(parents=True, exist_ok=True)
            response.saved_to = self.save_raw / raw_file_name(shown, response.content)
            response.saved_to.write_bytes(response.content)
        return response

    def _fetch(self, url: str, shown: str, expect: str | None, headers: dict) -> Response:
        import httpx

        host = urlsplit(url).netloc
        problem = ""
        for attempt in range(self.retries + 1):
            delay = min(MAX_BACKOFF, max(1.0, self.intervals.get(host, DEFAULT_INTERVAL)) * 2 ** attempt)
            self._wait_turn(host)
            try:
                r = self._http().get(url, headers=headers)
            except (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.TooManyRedirects) as exc:
                raise FetchError(shown, f"cannot fetch {shown!r}: {exc}") from None
            except httpx.TimeoutException:
                problem = f"no answer within {self.timeout:g} s (timeout)"
            except httpx.RequestError as exc:  # reset, refused, cut-off body, bad compression
                problem = f"connection failed ({type(exc).__name__}: {exc or 'no detail'})"
            else:
                status, content = r.status_code, r.content
                if status == 429 or content.lstrip()[:len(_RATE_EXCEEDED)] == _RATE_EXCEEDED:
                    problem = f"HTTP {status}: rate limited"
                elif status >= 500:
                    problem = f"HTTP {status} {r.reason_phrase}".rstrip()
                elif status >= 400:
                    detail = error_detail(content)
                    raise FetchError(shown, f"HTTP {status} {r.reason_phrase}".rstrip()
                                     + (f": {detail}" if detail else "") + " (not retried: the request itself was refused)")
                elif expect and content_kind(content) != expect:
                    problem = f"HTTP {status} but {content_kind(content).upper()} where {expect.upper()} was expected"
                else:
                    return Response(shown, content, status)
                wait = retry_after_seconds(r.headers.get("Retry-After"), self.clock.wall())
                if wait is not None:
                    if wait > MAX_RETRY_AFTER:
                        raise FetchError(shown, f"{problem}; the server asks to wait {wait:.0f} s (Retry-After), "
                                                "try again later")
                    delay = max(delay, wait)
            if attempt < self.retries:
                self.clock.sleep(delay)
        tries = f"{self.retries + 1} attempts" if self.retries else "1 attempt"
        raise FetchError(shown, f"gave up after {tries}; last: {problem}")
