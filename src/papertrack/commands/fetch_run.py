"""How every `papertrack fetch` command runs: the options they share, the Fetcher they get
(cached, paced across processes, deadlines and a size cap), the pages parsed as they arrive,
the records written and, with --save, stored; then the one exit status.
"""

# No `from __future__ import annotations`: typer reads these option types at run time.
import re
import sys
from dataclasses import dataclass
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .common import ExitStatus, Reporter, as_of_date, open_library, write_records
from .progress import PageProgress

CacheOpt = Annotated[bool, typer.Option("--cache/--no-cache", help="Reuse and keep responses in the on-disk "
                                        "cache (under $PAPERTRACK_CACHE_DIR if set).")]
RefreshOpt = Annotated[bool, typer.Option("--refresh", help="Ask the server again even when the cache holds "
                                          "a fresh copy, and update the cache.")]
TtlOpt = Annotated[str, typer.Option("--cache-ttl", metavar="AGE", help="How long a cached response stays "
                                     "fresh: 30m, 6h, 1d or seconds.")]
SaveRawOpt = Annotated[Optional[Path], typer.Option("--save-raw", metavar="DIR", help="Keep each response as "
                       "a file in DIR; `papertrack parse DIR/*` reads them back.", show_default=False)]
SaveOpt = Annotated[bool, typer.Option("--save", help="Also add the papers to the library "
                                       "($PAPERTRACK_DB or the default; see `papertrack add`).")]
AuthorIdOpt = Annotated[Optional[str], typer.Option("--author-id", metavar="ID", help="The service's id of the "
                        "author, as listed when --author is ambiguous.")]
MaxBytesOpt = Annotated[str, typer.Option("--max-bytes", metavar="SIZE", help="Refuse an answer larger than "
                        "this once decoded: 256M, 2G, or bytes.")]


@dataclass(slots=True)
class Common:
    """The options every fetch command shares."""

    fmt: Optional[Enum]
    as_of: Optional[str]
    strict: bool
    cache: bool
    refresh: bool
    cache_ttl: str
    save_raw: Optional[Path]
    quiet: bool
    timeout: float
    retries: int
    limit: int
    save: bool = False
    output: Optional[Path] = None
    verbose: bool = False
    max_bytes: str = "256M"


def seconds(text: str) -> float:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not m:
        raise typer.BadParameter(f"{text!r} is not an age; use e.g. 30m, 6h, 1d or seconds", param_hint="--cache-ttl")
    return float(m[1]) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m[2]]


def size_in_bytes(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*", text.lower())
    if not m or float(m[1]) == 0:
        raise typer.BadParameter(f"{text!r} is not a size; use e.g. 256M, 2G or a number of bytes",
                                 param_hint="--max-bytes")
    return int(float(m[1]) * 1024 ** " kmg".index(m[2] or " "))


def run(c: Common, label: str, make_pages, source: Optional[str] = None, unique: bool = True,
        after_page=None, budget: Optional[float] = None) -> None:
    """Fetch the pages, parse each as it arrives, write the records (and with --save store each
    page's as soon as they are written); then the exit code. `after_page(page)` hears of each page
    whose records are all written and stored (a harvest keeps its place with it)."""
    from ..errors import AmbiguousAuthor, AuthorNotFound, FetchError
    from ..fetch.client import user_fetcher
    from ..fetched import pages_records

    ttl, as_of, max_bytes = seconds(c.cache_ttl), as_of_date(c.as_of), size_in_bytes(c.max_bytes)
    if c.save_raw:
        try:
            c.save_raw.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise typer.BadParameter(f"cannot create {str(c.save_raw)!r} ({exc.strerror})",
                                     param_hint="--save-raw") from None
    report = Reporter(c.strict, c.verbose, c.quiet)
    failures: list[FetchError] = []
    stopped: list[AuthorNotFound | AmbiguousAuthor] = []
    crashed: list[Exception] = []  # a parser's bug: the rest is fetched, written and saved first
    progress = PageProgress(not c.quiet and sys.stderr.isatty(), label)
    fetcher = user_fetcher(cache=c.cache, cache_ttl=ttl, refresh=c.refresh, save_raw=c.save_raw,
                           timeout=c.timeout, retries=c.retries, max_bytes=max_bytes, budget=budget,
                           on_wait=None if c.quiet else progress.note,
                           on_warning=lambda line: progress.note(f"papertrack: {line}"))
    saver = PageSaver(report.warn) if c.save else None
    written_unsaved: list = []  # with --save: records written since the last page was stored

    def page_done(page) -> None:
        sys.stdout.flush()
        if saver:
            saver.save(written_unsaved)
        if after_page and not crashed:
            after_page(page)

    def records():
        try:
            yield from pages_records(make_pages(fetcher, failures.append), as_of, report.skip, report.error,
                                     source, on_page=lambda page: progress.page(page.count, page.total),
                                     on_crash=crashed.append, unique=unique, on_done=page_done)
        except FetchError as exc:
            failures.append(exc)
        except (AmbiguousAuthor, AuthorNotFound) as exc:
            stopped.append(exc)

    def kept(papers):
        for paper in papers:
            written_unsaved.append(paper)
            yield paper

    try:
        with fetcher:
            stream = islice(records(), c.limit)
            try:
                written = write_records(kept(stream) if saver else stream, c.fmt, c.output)
            except BrokenPipeError:
                raise
            except Exception as exc:  # a writer's bug: what was fetched is still saved
                if not saver:
                    raise
                crashed.append(exc)
                written = saver.count + len(written_unsaved)
    finally:
        progress.close()
    sys.stdout.flush()
    if saver:
        saver.save(written_unsaved)  # the last page, when --max ended the fetch inside it
        saver.close(c.quiet)
    if not (written or failures or stopped or report.errors or crashed or c.quiet):
        print("papertrack: no papers found for this request", file=sys.stderr)
    for failure in failures:
        print(f"papertrack: {failure}", file=sys.stderr)
    status = report.done()  # the summary of skipped blocks comes last
    if crashed:
        raise crashed[0]
    if saver and saver.failed:
        raise saver.failed
    if stopped:
        raise stopped[0]
    if failures:
        raise typer.Exit(ExitStatus.NETWORK)
    raise typer.Exit(ExitStatus.BAD_INPUT if fetcher.warnings else status)


class PageSaver:
    """`fetch ... --save`: each page's records added to the library ($PAPERTRACK_DB or the default)
    in a transaction of their own once they are written, so a fetch cut short keeps what it wrote;
    a library that cannot be written (a full disk) is said once at the end, and the fetch goes on."""

    def __init__(self, warn=None) -> None:
        """`warn(file, line, what)` hears of records kept apart from one with their id."""
        from contextlib import ExitStack

        from ..library import Tally

        self.tally, self.count, self.warn = Tally(), 0, warn
        self.failed: Optional[Exception] = None
        self._stack = ExitStack()
        self._lib: Any = None  # the Library, opened with the first page to store

    def save(self, papers: list) -> None:
        import sqlite3

        from ..errors import LibraryError

        if not papers or self.failed:
            papers.clear()
            return
        try:
            if self._lib is None:
                self._lib = self._stack.enter_context(open_library(None))
            with self._lib.transaction():
                self._lib.ingest(papers, self.tally, self.warn)
            self.count += len(papers)
        except LibraryError as exc:
            self.failed = exc
        except (OSError, sqlite3.Error) as exc:  # a full disk under SQLite's own files
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.failed = LibraryError(f"cannot save to the library ({why}); the papers written from here on "
                                       "are not stored")
        papers.clear()

    def close(self, quiet: bool) -> None:
        self._stack.close()
        if self._lib is not None and not quiet and not self.failed:
            print(f"library {self._lib.path}: {self.tally.line()}", file=sys.stderr)
