"""The one HTTP client for every request papertrack makes: paced per host, with timeouts and
retries (429, 5xx, dropped connections, arXiv's `Rate exceeded.`) that honour Retry-After, the
on-disk response cache (`cache`), and raw copies of responses that `papertrack parse` reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from ..errors import FetchError
from .cache import ResponseCache, raw_file_name
from .clock import Clock
from .response import Response, content_kind, error_detail, public_url

# Hosts not paced by their service wait this long between requests: polite to anyone.
DEFAULT_INTERVAL = 1.0
# arXiv's terms (3 s between requests) hold however it is reached, `fetch url` included.
HOST_INTERVALS = {"export.arxiv.org": 3.0, "arxiv.org": 3.0, "www.arxiv.org": 3.0}
MAX_BACKOFF = 60.0
# A server asking for a longer pause than this is down for a while: say so instead of hanging.
MAX_RETRY_AFTER = 300.0
_RATE_EXCEEDED = b"Rate exceeded"


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


def user_agent() -> str:
    """`papertrack/<version> (+<project URL>)`: says who asks and where to read about it."""
    from importlib import metadata

    from .. import __version__

    url = "https://pypi.org/project/papertrack/"
    try:
        for entry in metadata.metadata("papertrack").get_all("Project-URL") or []:
            url = entry.split(",", 1)[1].strip()
            break
    except metadata.PackageNotFoundError:
        pass
    return f"papertrack/{__version__} (+{url})"


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
        self._client: Any = None  # an httpx.Client, made on the first request

    def __enter__(self) -> Fetcher:
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
                    reason = f"HTTP {status} {r.reason_phrase}".rstrip() + (f": {detail}" if detail else "")
                    raise FetchError(shown, reason + " (not retried: the request itself was refused)")
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
