"""`papertrack track`: follow authors on arXiv. `track add|remove|list` edit the settings file;
`track run` fetches each author's newest papers into the library and prints the ones it had
never seen; `papertrack new` shows them again later.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..errors import PapertrackError
from ..fetch import ARXIV_API
from ..fetch.client import DEFAULT_TIMEOUT
from ..fetched import DEFAULT_FEEDS
from .common import (
    AsOfOpt,
    DbOpt,
    DebugOpt,
    ExitStatus,
    FormatOpt,
    LimitOpt,
    OutputOpt,
    QuietOpt,
    Reporter,
    RetriesOpt,
    TimeoutOpt,
    VerboseOpt,
    api_option,
    as_of_date,
    open_library,
    streams_to_terminal,
    write_records,
)
from .progress import WorkProgress, progress_wanted

track_app = typer.Typer(no_args_is_help=True,
                        help="Follow authors on arXiv: new papers land in the library.\n\n"
                             "Example: papertrack track add \"Hanyang Zhao\" && papertrack track run -f table")

NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The author's name as arXiv lists it.")]


def _settings():
    from ..settings import config_path, load_tracked

    path = config_path()
    return path, load_tracked(path)


def _save(path, tracked) -> None:
    from ..settings import save_tracked

    save_tracked(path, tracked)


def _same(a: str, b: str) -> bool:
    from ..people import parse_name

    pa, pb = parse_name(a), parse_name(b)
    return pa is not None and pa == pb


@track_app.command("add")
def track_add(name: NameArg, author_id: Annotated[Optional[str], typer.Option(
        "--author-id", metavar="ID", help="arXiv author id (arxiv.org/a/ID, e.g. zhao_h_1) or ORCID iD: "
        "fetch the author's own feed instead of searching by name.")] = None,
        quiet: QuietOpt = False, debug: DebugOpt = False) -> None:
    """Follow an author (settings file: $PAPERTRACK_CONFIG or config.toml in the user config folder).

    Example: papertrack track add "Hanyang Zhao"
    """
    from ..people import parse_name
    from ..settings import TrackedAuthor

    if parse_name(name) is None:
        raise typer.BadParameter(f"{name!r} is not a name", param_hint="NAME")
    path, tracked = _settings()
    old = next((t for t in tracked if _same(t.name, name)), None)
    report = Reporter(quiet=quiet)
    if old and old.author_id == (author_id or old.author_id):
        report.note(f"papertrack: already tracking {old.name}")
        return
    if old:
        old.author_id = author_id
    else:
        tracked.append(TrackedAuthor(" ".join(name.split()), author_id))
    _save(path, tracked)
    report.note(f"tracking {name}" + (f" (arXiv author id {author_id})" if author_id else "") + f"; settings in {path}")


@track_app.command("remove")
def track_remove(name: NameArg, quiet: QuietOpt = False, debug: DebugOpt = False) -> None:
    """Stop following an author.

    Example: papertrack track remove "Hanyang Zhao"
    """
    path, tracked = _settings()
    kept = [t for t in tracked if not _same(t.name, name)]
    if len(kept) == len(tracked):
        raise PapertrackError(f"{name!r} is not tracked; `papertrack track list` shows who is")
    _save(path, kept)
    Reporter(quiet=quiet).note(f"no longer tracking {name}")


@track_app.command("list")
def track_list(quiet: QuietOpt = False, debug: DebugOpt = False) -> None:
    """The authors followed, one a line (name, then a tab and the author id when set).

    Example: papertrack track list
    """
    _, tracked = _settings()
    for t in tracked:
        print(t.name + (f"\t{t.author_id}" if t.author_id else ""))


@track_app.command("run")
def track_run(
    api: Annotated[str, api_option("PAPERTRACK_ARXIV_API", "the arXiv API")] = ARXIV_API,
    feeds: Annotated[str, typer.Option("--feeds", envvar="PAPERTRACK_ARXIV_FEEDS", metavar="URL",
                                        help="Base URL of arXiv author feeds (or $PAPERTRACK_ARXIV_FEEDS).")]
    = DEFAULT_FEEDS,
    limit: LimitOpt = 200,
    page_size: Annotated[int, typer.Option("--page-size", min=1, max=2000, help="Papers per request.")] = 50,
    refresh: Annotated[bool, typer.Option("--refresh", help="Ask arXiv again even when the cache holds an "
                                          "answer of the last hour.")] = False,
    fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None, timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    retries: RetriesOpt = 4,
    db: DbOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False, debug: DebugOpt = False,
) -> None:
    """Fetch every tracked author's newest arXiv papers (newest first, stopping at the first one
    the library knows), store them, and print only the papers the library had never seen.

    --limit counts per author.

    Example: papertrack track run -f table
    """
    from ..errors import FetchError
    from ..fetch.client import user_fetcher
    from ..fetched import LISTING_TTL, arxiv_author_papers
    from ..library import Tally, now

    _, tracked = _settings()
    if not tracked:
        raise PapertrackError("no authors tracked; follow one with `papertrack track add NAME`", ExitStatus.OK)
    report, day, started = Reporter(verbose=verbose, quiet=quiet), as_of_date(as_of), now()
    tally, failures = Tally(), []
    limit = limit or 200
    progress = WorkProgress(progress_wanted(quiet, streams_to_terminal(fmt, output)))
    fetcher = user_fetcher(cache_ttl=LISTING_TTL, refresh=refresh, timeout=timeout, retries=retries,
                           on_wait=report.note)
    with open_library(db) as lib, fetcher, progress:
        for i, t in enumerate(tracked, 1):
            records: list = []
            progress.stage(f"asking arXiv for {t.name}" + (f" ({i}/{len(tracked)})" if len(tracked) > 1 else ""))
            try:
                found = arxiv_author_papers(
                    fetcher, t.name, api=api, feeds=feeds, author_id=t.author_id, limit=limit,
                    page_size=min(page_size, limit), as_of=day, on_skip=report.skip, on_error=report.error,
                    known=lambda ids: bool(lib.known_arxiv_ids(ids)))
                records.extend(progress.counted(found, "papers"))
            except FetchError as exc:
                failures.append(f"{t.name}: {exc}")
            before = len(tally.added)
            with lib.transaction():  # what did arrive is kept, also when a later page failed
                lib.ingest(records, tally, report.warn)
            report.note(f"{t.name}: {len(records)} fetched, {len(tally.added) - before} new")
        with lib.transaction():
            lib.set_meta("last_run", started)
        progress.close()
        write_records(lib.by_pks(tally.added), fmt, output, merged=True,
                      view="library")
    for failure in failures:  # after the papers that did arrive
        report.error(failure)
    status = report.done()
    raise typer.Exit(ExitStatus.NETWORK if failures else status)
