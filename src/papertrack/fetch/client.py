"""The one HTTP client for every request papertrack makes: paced per host across processes
(`pace`), each attempt under a hard deadline (`transport`) and a size cap (`body`), failures
told apart (`failures`) and retried within a budget, the on-disk response cache (`cache`), and
raw copies of responses that `papertrack parse` reads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from ..errors import FetchError
from .body import DEFAULT_MAX_BYTES, BadEncoding, TooLarge, read_body
from .cache import ResponseCache, raw_file_name, write_whole
from .clock import Clock
from .failures import Failure, from_answer, from_exception
from .pace import HostPace
from .response import Response, public_url

# An attempt (connect, request, the whole answer) that takes longer is given up.
DEFAULT_TIMEOUT = 15.0
DEFAULT_RETRIES = 4
# What retries may cost a command at most (failed attempts and the waits between them): at
# least this, or three --timeouts. A silent host ends a command in about 2 timeouts and a wait.
MIN_BUDGET = 45.0
# A host that cannot be reached is tried once more after this (a resolver or router hiccup).
QUICK_RETRY = 1.0
MAX_BACKOFF = 60.0
# A server asking for a longer pause than this is down for a while: say so instead of hanging.
MAX_RETRY_AFTER = 300.0
# Of an error page, only enough to quote its reason is read.
ERROR_BODY = 64 * 1024


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


def host_of(url: str) -> str:
    """host[:port] of a URL, never the `user:password@` before it."""
    return urlsplit(url).netloc.rpartition("@")[2]


def seconds_text(seconds: float) -> str:
    return f"{seconds:.1f}" if seconds < 1 else f"{round(seconds)}"


class _Failed(Exception):
    def __init__(self, failure: Failure):
        self.failure = failure


class Fetcher:
    """Every GET papertrack makes: paced per host, retried, cached, optionally saved raw.

    `on_wait` hears one line per wait before a retry (`arXiv: 503, retrying in 6 s (2/5)`);
    `on_warning` hears what went wrong beside the fetch (a raw copy that could not be written)."""

    def __init__(self, *, cache_dir: Path | None = None, cache_ttl: float = 86400.0, refresh: bool = False,
                 save_raw: Path | None = None, timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                 clock: Clock | None = None, agent: str | None = None, pace_dir: Path | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, budget: float | None = None,
                 on_wait: Callable[[str], None] | None = None, on_warning: Callable[[str], None] | None = None):
        from .transport import Deadline

        self.clock = clock or Clock()
        self.cache = ResponseCache(cache_dir, cache_ttl, self.clock) if cache_dir else None
        self.refresh, self.save_raw = refresh, save_raw
        self.timeout, self.retries, self.max_bytes = timeout, retries, max_bytes
        self.budget = budget if budget is not None else max(MIN_BUDGET, 3 * timeout)
        self.lost = 0.0
        """Seconds this fetcher spent on failed attempts and the waits after them."""
        self.agent = agent
        self.pacer = HostPace(self.clock, pace_dir)
        self.names: dict[str, str] = {}  # host -> the service's name, for messages
        self.on_wait, self.on_warning = on_wait, on_warning
        self.warnings: list[str] = []
        self._down: dict[str, str] = {}  # hosts that did not answer earlier, and why
        self._deadline = Deadline(self.clock)
        self._client: Any = None  # an httpx.Client, made on the first request

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            self._client.close()

    def pace(self, url: str, seconds: float, name: str | None = None) -> None:
        """At most one request every `seconds` to the host of `url` (a service's own terms),
        named `name` in messages."""
        self.pacer.set(host_of(url), seconds)
        if name:
            self.names[host_of(url)] = name

    def _http(self):
        if self._client is None:
            from .transport import make_client

            self._client = make_client(self.agent or user_agent(), self.timeout, self._deadline)
        return self._client

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
            self._keep_raw(response)
        return response

    def _keep_raw(self, response: Response) -> None:
        assert self.save_raw is not None
        path = self.save_raw / raw_file_name(response.url, response.content)
        try:
            write_whole(path, response.content)
            response.saved_to = path
        except OSError as exc:
            self._warn(f"{self.save_raw}: cannot keep a raw copy ({exc.strerror or exc}); the fetch goes on")

    def _warn(self, message: str) -> None:
        if message not in self.warnings:  # a full disk is said once, not once per page
            self.warnings.append(message)
            if self.on_warning:
                self.on_warning(message)

    def _fetch(self, url: str, shown: str, expect: str | None, headers: dict) -> Response:
        host = host_of(url)
        if host in self._down:
            raise FetchError(shown, f"not asked: {self._down[host]}")
        attempt, quick_retried = 0, False
        while True:
            attempt += 1
            self._http()  # made before the turn is taken, so the stamp is the moment of sending
            self.pacer.wait_turn(host)
            started = self.clock.now()
            try:
                return self._attempt(url, shown, expect, headers)
            except _Failed as failed:
                failure = failed.failure
            self.lost += self.clock.now() - started
            if failure.kind == "final":
                raise FetchError(shown, failure.reason)
            delay = self._delay(failure, shown, host, attempt)
            stop = None
            if failure.kind == "unreachable":
                self.pacer.give_back(host)  # nothing was sent: no need to wait for the pace
                if quick_retried or not self.retries:
                    stop = ""
                quick_retried, delay = True, QUICK_RETRY
            elif attempt > self.retries:
                stop = ""
            elif self.lost + delay + self.timeout > self.budget:
                stop = f"; retries stopped at their budget of {self.budget:g} s"
            if stop is not None:
                self._give_up(shown, host, attempt, failure, stop)
            if self.on_wait:
                self.on_wait(f"{self.names.get(host, host)}: {failure.short}, retrying in {seconds_text(delay)} s "
                             f"({attempt + 1}/{self.retries + 1})")
            self.clock.sleep(delay)
            self.lost += delay

    def _delay(self, failure: Failure, shown: str, host: str, attempt: int) -> float:
        """The pause before the next attempt: growing from the host's pace, at least Retry-After."""
        delay = min(MAX_BACKOFF, max(1.0, self.pacer.interval(host)) * 2 ** (attempt - 1))
        wait = retry_after_seconds(failure.retry_after, self.clock.wall())
        if wait is None:
            return delay
        if wait > MAX_RETRY_AFTER or self.lost + wait + self.timeout > self.budget:
            raise FetchError(shown, f"{failure.reason}; the server asks to wait {wait:.0f} s (Retry-After), "
                                    "try again later")
        return max(delay, wait)

    def _give_up(self, shown: str, host: str, attempt: int, failure: Failure, why: str) -> None:
        if failure.kind == "unreachable" or failure.short == "timeout":
            # The next request to this host in this run would only wait as long again.
            self._down[host] = f"{host} did not answer earlier in this run ({failure.reason})"
        tries = f"{attempt} attempts" if attempt > 1 else "1 attempt"
        raise FetchError(shown, f"gave up after {tries}{why}; last: {failure.reason}")

    def _attempt(self, url: str, shown: str, expect: str | None, headers: dict) -> Response:
        import httpx

        self._deadline.at = self.clock.now() + self.timeout
        try:
            with self._http().stream("GET", url, headers=headers) as r:
                content = read_body(r, self.max_bytes, keep=ERROR_BODY if r.status_code >= 400 else None)
                failure = from_answer(r.status_code, r.reason_phrase, content, expect, r.headers.get("Retry-After"))
                if failure:
                    raise _Failed(failure)
                return Response(shown, content, r.status_code)
        except (httpx.HTTPError, TooLarge, BadEncoding) as exc:
            raise _Failed(from_exception(exc, self.timeout)) from None
        finally:
            self._deadline.at = None


def user_fetcher(*, cache: bool = True, **options: Any) -> Fetcher:
    """The Fetcher of a command: responses cached (unless `cache` is off) and the pace shared
    with every other papertrack process, both in the user's cache folder."""
    from .cache import default_cache_dir

    folder = default_cache_dir()
    return Fetcher(cache_dir=folder if cache else None, pace_dir=folder / "pace", **options)
