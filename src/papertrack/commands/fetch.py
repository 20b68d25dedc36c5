"""`papertrack fetch`: the command line of the fetch stage. Live listings over HTTP (arXiv,
Hugging Face, Semantic Scholar, OpenAlex, dblp, any URL a parser knows), written as the same
records as `parse`: the requests go through fetch.client.Fetcher, the pages come from the
service modules in fetch/, the records from the layouts in parse/.
"""

# No `from __future__ import annotations` here: the commands that _author_command builds need
# their option annotations evaluated where they are written, beside the service they name.
import re
import sys
from dataclasses import dataclass
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import Annotated, Optional

import typer

# The service modules are stdlib only: importing them here keeps start-up fast.
from ..fetch import arxiv_atom as arxiv, dblp, hf_api as hf, openalex, s2
from .common import (
    AsOfOpt,
    AuthorOpt,
    CategoryOpt,
    DebugOpt,
    ExitStatus,
    FormatOpt,
    LimitOpt,
    OutputOpt,
    QuietOpt,
    Reporter,
    RetriesOpt,
    SinceOpt,
    SourceOpt,
    StrictOpt,
    TimeoutOpt,
    UntilOpt,
    VerboseOpt,
    api_option,
    as_of_date as _as_of,
    open_library,
    parse_day,
    write_records,
)
from .hints import category_code
from .progress import PageProgress

fetch_app = typer.Typer(no_args_is_help=True,
                        help="Fetch live listings over HTTP and write them as paper records (as `parse` does).\n\n"
                             "Example: papertrack fetch arxiv --category cs.LG --since 2025-10-01 -f table")

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


Sort = Enum("Sort", {name: name for name in arxiv.SORTS}, type=str)  # type: ignore[misc]


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


def _seconds(text: str) -> float:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not m:
        raise typer.BadParameter(f"{text!r} is not an age; use e.g. 30m, 6h, 1d or seconds", param_hint="--cache-ttl")
    return float(m[1]) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m[2]]


def _run(c: Common, label: str, make_pages, source: Optional[str] = None) -> None:
    """Fetch the pages, parse each as it arrives, write the records; then the exit code."""
    from ..errors import AmbiguousAuthor, AuthorNotFound, FetchError
    from ..fetch.cache import default_cache_dir
    from ..fetch.client import Fetcher
    from ..fetched import pages_records

    ttl, as_of = _seconds(c.cache_ttl), _as_of(c.as_of)
    if c.save_raw:
        try:
            c.save_raw.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise typer.BadParameter(f"cannot create {str(c.save_raw)!r} ({exc.strerror})",
                                     param_hint="--save-raw") from None
    report = Reporter(c.strict, c.verbose, c.quiet)
    failures: list[FetchError] = []
    stopped: list[AuthorNotFound | AmbiguousAuthor] = []
    progress = PageProgress(not c.quiet and sys.stderr.isatty(), label)
    fetcher = Fetcher(cache_dir=default_cache_dir() if c.cache else None, cache_ttl=ttl, refresh=c.refresh,
                      save_raw=c.save_raw, timeout=c.timeout, retries=c.retries)

    def records():
        try:
            yield from pages_records(make_pages(fetcher, failures.append), as_of, report.skip, report.error,
                                     source, on_page=lambda page: progress.page(page.count, page.total))
        except FetchError as exc:
            failures.append(exc)
        except (AmbiguousAuthor, AuthorNotFound) as exc:
            stopped.append(exc)

    try:
        with fetcher:
            fetched: list = []  # with --save, each record is kept as it is written

            def kept(papers):
                for paper in papers:
                    fetched.append(paper)
                    yield paper

            stream = islice(records(), c.limit)
            written = write_records(kept(stream) if c.save else stream, c.fmt, c.output)
    finally:
        progress.close()
    sys.stdout.flush()
    if c.save and fetched:
        save_fetched(fetched, c.quiet)
    if not (written or failures or stopped or report.errors or c.quiet):
        print("papertrack: no papers found for this request", file=sys.stderr)
    for failure in failures:
        print(f"papertrack: {failure}", file=sys.stderr)
    if stopped:
        raise stopped[0]
    if failures:
        raise typer.Exit(ExitStatus.NETWORK)
    raise typer.Exit(report.done())


def save_fetched(records, quiet: bool = False) -> None:
    """`fetch ... --save`: add what was fetched to the library at $PAPERTRACK_DB (or the default)."""
    from ..library import Tally

    with open_library(None) as lib:
        tally = Tally()
        with lib.transaction():
            lib.ingest(records, tally)
    if not quiet:
        print(f"library {lib.path}: {tally.line()}", file=sys.stderr)


@fetch_app.command("arxiv")
def fetch_arxiv(
    author: AuthorOpt = None,
    query: Annotated[Optional[str], typer.Option("--query", metavar="Q", help="An arXiv search_query, passed "
                     "through (`ti:diffusion AND abs:robot`).")] = None,
    category: CategoryOpt = None, since: SinceOpt = None, until: UntilOpt = None,
    ids: Annotated[Optional[list[str]], typer.Option("--ids", metavar="ID,...", help="arXiv ids (any written "
                   "form), comma-separated or repeated.")] = None,
    sort: Annotated[Optional[Sort], typer.Option("--sort", help="Newest first by this date, or by relevance "
                    "\\[default: submittedDate for searches].")] = None,
    page_size: Annotated[int, typer.Option("--page-size", min=1, max=arxiv.MAX_PAGE,
                                           help="Entries per request.")] = 200,
    api: Annotated[str, api_option("PAPERTRACK_ARXIV_API")] = arxiv.DEFAULT_API,
    limit: LimitOpt = None,
    fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None, strict: StrictOpt = False,
    cache: CacheOpt = True, refresh: RefreshOpt = False, cache_ttl: TtlOpt = "1d", save_raw: SaveRawOpt = None,
    quiet: QuietOpt = False, timeout: TimeoutOpt = 30.0, retries: RetriesOpt = 4, save: SaveOpt = False,
    verbose: VerboseOpt = False, debug: DebugOpt = False,
) -> None:
    """Search the arXiv API (one request every 3 seconds, as arXiv asks).

    --since and --until are the day a paper was first submitted; --limit is 100 unless --ids
    names more.

    Example: papertrack fetch arxiv --author "Yann LeCun" --since 2025-01-01 --limit 50
    """
    id_values = [i for raw in ids or [] for i in re.split(r"[,\s]+", raw) if i]
    try:
        id_values = arxiv.id_list(id_values)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--ids") from None
    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    if first and last and first > last:
        raise typer.BadParameter(f"--since {since} is after --until {until}")
    search = arxiv.search_query(author, query, category_code(category), first, last)
    if not (search or id_values):
        raise typer.BadParameter("say what to fetch: --author, --query, --category, --since/--until or --ids")
    limit = limit or (len(id_values) if id_values else 100)
    order = sort.value if sort else (None if id_values and not search else "submittedDate")
    c = Common(fmt, as_of, strict, cache, refresh, cache_ttl, save_raw, quiet, timeout, retries, limit, save, output,
               verbose)
    _run(c, "arXiv", lambda f, _: arxiv.pages(f, api, query=search, ids=id_values, limit=limit, sort=order,
                                              page_size=page_size))


@fetch_app.command("hf")
def fetch_hf(
    day: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD",
                                               help="Daily Papers of that day.")] = None,
    week: Annotated[Optional[str], typer.Option("--week", metavar="YYYY-Www", help="... of that ISO week.")] = None,
    month: Annotated[Optional[str], typer.Option("--month", metavar="YYYY-MM", help="... of that month.")] = None,
    query: Annotated[Optional[str], typer.Option("--query", metavar="Q", help="Search Hugging Face papers.")] = None,
    api: Annotated[str, api_option("PAPERTRACK_HF_API")] = hf.DEFAULT_API,
    limit: LimitOpt = 100, fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None,
    strict: StrictOpt = False,
    cache: CacheOpt = True, refresh: RefreshOpt = False, cache_ttl: TtlOpt = "1d", save_raw: SaveRawOpt = None,
    quiet: QuietOpt = False, timeout: TimeoutOpt = 30.0, retries: RetriesOpt = 4, save: SaveOpt = False,
    verbose: VerboseOpt = False, debug: DebugOpt = False,
) -> None:
    """Hugging Face Daily Papers of a day, week or month (latest without one), or a paper search.

    Example: papertrack fetch hf --week 2025-W40 -f table
    """
    limit = limit or 100
    given = [(k, v) for k, v in (("date", day), ("week", week), ("month", month), ("query", query)) if v]
    if len(given) > 1:
        raise typer.BadParameter("give one of --date, --week, --month, --query")
    if day:
        parse_day(day, "--date")
    if week and not re.fullmatch(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])", week):
        raise typer.BadParameter(f"{week!r} is not an ISO week; use YYYY-Www (2025-W40)", param_hint="--week")
    if month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise typer.BadParameter(f"{month!r} is not a month; use YYYY-MM", param_hint="--month")
    c = Common(fmt, as_of, strict, cache, refresh, cache_ttl, save_raw, quiet, timeout, retries, limit, save, output,
               verbose)
    if query:
        _run(c, "Hugging Face", lambda f, _: hf.search_pages(f, api, query=query, limit=limit))
    else:
        _run(c, "Hugging Face", lambda f, _: hf.daily_pages(f, api, period=dict(given), limit=limit))


def _author_command(service, name: str, env: str):
    def command(
        author: AuthorOpt = None, author_id: AuthorIdOpt = None,
        api: Annotated[str, api_option(env)] = service.DEFAULT_API,
        limit: LimitOpt = 100, fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None,
    strict: StrictOpt = False,
        cache: CacheOpt = True, refresh: RefreshOpt = False, cache_ttl: TtlOpt = "1d", save_raw: SaveRawOpt = None,
        quiet: QuietOpt = False, timeout: TimeoutOpt = 30.0, retries: RetriesOpt = 4, save: SaveOpt = False,
        verbose: VerboseOpt = False, debug: DebugOpt = False,
    ) -> None:
        if not (author or author_id):
            raise typer.BadParameter("name the author with --author NAME or --author-id ID")
        c = Common(fmt, as_of, strict, cache, refresh, cache_ttl, save_raw, quiet, timeout, retries, limit or 100,
                   save, output, verbose)
        _run(c, service.SERVICE, lambda f, _: service.pages(f, api, author=author, author_id=author_id, limit=limit))

    command.__doc__ = (f"An author's papers from {service.SERVICE}: the name is resolved first; when several "
                       f"authors fit, they are listed and --author-id picks one.\n\n"
                       f"Example: papertrack fetch {name} --author \"Geoffrey Hinton\" --limit 20")
    fetch_app.command(name)(command)


_author_command(s2, "s2", "PAPERTRACK_S2_API")
_author_command(openalex, "openalex", "PAPERTRACK_OPENALEX_API")
_author_command(dblp, "dblp", "PAPERTRACK_DBLP_API")


@fetch_app.command("url")
def fetch_url(
    urls: Annotated[list[str], typer.Argument(metavar="URL...", help="Pages or API responses a parser knows.")],
    source: SourceOpt = None, limit: LimitOpt = 1000, fmt: FormatOpt = None, output: OutputOpt = None,
    as_of: AsOfOpt = None,
    strict: StrictOpt = False, cache: CacheOpt = True, refresh: RefreshOpt = False, cache_ttl: TtlOpt = "1d",
    save_raw: SaveRawOpt = None, quiet: QuietOpt = False, timeout: TimeoutOpt = 30.0, retries: RetriesOpt = 4,
    save: SaveOpt = False, verbose: VerboseOpt = False, debug: DebugOpt = False,
) -> None:
    """Fetch any page the parsers know and parse it by its detected (or --source) layout.

    Example: papertrack fetch url "https://huggingface.co/api/daily_papers?date=2025-10-02"
    """
    from ..fetch.service import url_pages
    from .common import source_name as _source

    c = Common(fmt, as_of, strict, cache, refresh, cache_ttl, save_raw, quiet, timeout, retries, limit or 1000,
               save, output, verbose)
    _run(c, "pages", lambda f, on_error: url_pages(f, urls, on_error), _source(source))
