"""`papertrack fetch`: the command line of the fetch stage. Live listings over HTTP (arXiv,
Hugging Face, Semantic Scholar, OpenAlex, dblp, any URL a parser knows), written as the same
records as `parse`: the requests go through fetch.client.Fetcher, the pages come from the
service modules in fetch/, the records from the layouts in parse/.
"""

# No `from __future__ import annotations` here: the commands that _author_command builds need
# their option annotations evaluated where they are written, beside the service they name.
import re
from enum import Enum
from typing import Annotated, Optional

import typer

# The service modules are stdlib only: importing them here keeps start-up fast.
from ..fetch import arxiv_atom as arxiv, dblp, hf_api as hf, openalex, s2
from ..fetch.client import DEFAULT_TIMEOUT
from .common import (
    AsOfOpt,
    AuthorOpt,
    CategoryOpt,
    DebugOpt,
    FormatOpt,
    LimitOpt,
    OutputOpt,
    QuietOpt,
    RetriesOpt,
    SinceOpt,
    SourceOpt,
    StrictOpt,
    TimeoutOpt,
    UntilOpt,
    VerboseOpt,
    api_option,
    parse_day,
)
from .fetch_oai import fetch_oai
from .fetch_run import (
    AuthorIdOpt,
    CacheOpt,
    Common,
    MaxBytesOpt,
    RefreshOpt,
    SaveOpt,
    SaveRawOpt,
    TtlOpt,
    run,
)
from .hints import category_code

fetch_app = typer.Typer(no_args_is_help=True,
                        help="Fetch live listings over HTTP and write them as paper records (as `parse` does).\n\n"
                             "Example: papertrack fetch arxiv --category cs.LG --since 2025-10-01 -f table")

Sort = Enum("Sort", {name: name for name in arxiv.SORTS}, type=str)  # type: ignore[misc]


@fetch_app.command("arxiv")
def fetch_arxiv(
    author: AuthorOpt = None,
    query: Annotated[Optional[str], typer.Option("--query", metavar="Q", help="An arXiv search_query, passed "
                     "through (`ti:diffusion AND abs:robot`).")] = None,
    category: CategoryOpt = None, since: SinceOpt = None, until: UntilOpt = None,
    ids: Annotated[Optional[list[str]], typer.Option("--ids", metavar="ID,...", help="arXiv ids (any written "
                   "form), comma-separated, repeated, or followed by more ids: --ids A B C.")] = None,
    sort: Annotated[Optional[Sort], typer.Option("--sort", help="Newest first by this date, or by relevance "
                    "[default: submittedDate for searches].")] = None,
    page_size: Annotated[int, typer.Option("--page-size", min=1, max=arxiv.MAX_PAGE,
                                           help="Entries per request.")] = 200,
    api: Annotated[str, api_option("PAPERTRACK_ARXIV_API")] = arxiv.DEFAULT_API,
    limit: LimitOpt = None,
    fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None, strict: StrictOpt = False,
    cache: CacheOpt = True, refresh: RefreshOpt = False, cache_ttl: TtlOpt = "1d", save_raw: SaveRawOpt = None,
    quiet: QuietOpt = False, timeout: TimeoutOpt = DEFAULT_TIMEOUT, retries: RetriesOpt = 4, save: SaveOpt = False,
    verbose: VerboseOpt = False, debug: DebugOpt = False, max_bytes: MaxBytesOpt = "256M",
    more_ids: Annotated[Optional[list[str]], typer.Argument(metavar="[ID]...", show_default=False,
                        help="More arXiv ids, as after --ids.")] = None,
) -> None:
    """Search the arXiv API (one request every 3 seconds, as arXiv asks).

    --since and --until are the day a paper was first submitted; --limit is 100 unless --ids
    names more.

    Example: papertrack fetch arxiv --author "Yann LeCun" --since 2025-01-01 --limit 50
    """
    # `--ids A B C`: click gives an option one value, so B and C arrive as arguments.
    id_values = [i for raw in (ids or []) + (more_ids or []) for i in re.split(r"[,\s]+", raw) if i]
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
               verbose, max_bytes)
    run(c, "arXiv", lambda f, _: arxiv.pages(f, api, query=search, ids=id_values, limit=limit, sort=order,
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
    quiet: QuietOpt = False, timeout: TimeoutOpt = DEFAULT_TIMEOUT, retries: RetriesOpt = 4, save: SaveOpt = False,
    verbose: VerboseOpt = False, debug: DebugOpt = False, max_bytes: MaxBytesOpt = "256M",
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
               verbose, max_bytes)
    if query:
        run(c, "Hugging Face", lambda f, _: hf.search_pages(f, api, query=query, limit=limit))
    else:
        run(c, "Hugging Face", lambda f, _: hf.daily_pages(f, api, period=dict(given), limit=limit))


def _author_command(service, name: str, env: str):
    def command(
        author: AuthorOpt = None, author_id: AuthorIdOpt = None,
        api: Annotated[str, api_option(env)] = service.DEFAULT_API,
        limit: LimitOpt = 100, fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None,
    strict: StrictOpt = False,
        cache: CacheOpt = True, refresh: RefreshOpt = False, cache_ttl: TtlOpt = "1d", save_raw: SaveRawOpt = None,
        quiet: QuietOpt = False, timeout: TimeoutOpt = DEFAULT_TIMEOUT, retries: RetriesOpt = 4,
        save: SaveOpt = False, verbose: VerboseOpt = False, debug: DebugOpt = False, max_bytes: MaxBytesOpt = "256M",
    ) -> None:
        if not (author or author_id):
            raise typer.BadParameter("name the author with --author NAME or --author-id ID")
        c = Common(fmt, as_of, strict, cache, refresh, cache_ttl, save_raw, quiet, timeout, retries, limit or 100,
                   save, output, verbose, max_bytes)
        run(c, service.SERVICE, lambda f, _: service.pages(f, api, author=author, author_id=author_id, limit=limit))

    command.__doc__ = (f"An author's papers from {service.SERVICE}: the name is resolved first; when several "
                       f"authors fit, they are listed and --author-id picks one.\n\n"
                       f"Example: papertrack fetch {name} --author \"Geoffrey Hinton\" --limit 20")
    fetch_app.command(name)(command)


_author_command(s2, "s2", "PAPERTRACK_S2_API")
_author_command(openalex, "openalex", "PAPERTRACK_OPENALEX_API")
_author_command(dblp, "dblp", "PAPERTRACK_DBLP_API")
fetch_app.command("oai")(fetch_oai)


@fetch_app.command("url")
def fetch_url(
    urls: Annotated[list[str], typer.Argument(metavar="URL...", help="Pages or API responses a parser knows.")],
    source: SourceOpt = None, limit: LimitOpt = 1000, fmt: FormatOpt = None, output: OutputOpt = None,
    as_of: AsOfOpt = None,
    strict: StrictOpt = False, cache: CacheOpt = True, refresh: RefreshOpt = False, cache_ttl: TtlOpt = "1d",
    save_raw: SaveRawOpt = None, quiet: QuietOpt = False, timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    retries: RetriesOpt = 4, save: SaveOpt = False, verbose: VerboseOpt = False, debug: DebugOpt = False,
    max_bytes: MaxBytesOpt = "256M",
) -> None:
    """Fetch any page the parsers know and parse it by its detected (or --source) layout.

    Example: papertrack fetch url "https://huggingface.co/api/daily_papers?date=2025-10-02"
    """
    from urllib.parse import urlsplit

    from ..fetch.service import url_pages
    from .common import source_name as _source

    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise typer.BadParameter(f"{url!r} is not an http(s) URL", param_hint="URL")
    c = Common(fmt, as_of, strict, cache, refresh, cache_ttl, save_raw, quiet, timeout, retries, limit or 1000,
               save, output, verbose, max_bytes)
    run(c, "pages", lambda f, on_error: url_pages(f, urls, on_error), _source(source), unique=False)
