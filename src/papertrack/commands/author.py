"""`papertrack author NAME [FILE...]`: one person's papers from the library and from files,
asking arXiv first (and storing what it has) with --fetch or when nothing is known of the name.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..fetch import ARXIV_API
from .common import (
    AsOfOpt,
    DbOpt,
    DebugOpt,
    ExitStatus,
    FormatOpt,
    LimitOpt,
    LooseOpt,
    OutputOpt,
    QuietOpt,
    Reporter,
    SourceOpt,
    VerboseOpt,
    api_option,
    as_of_date,
    library_path,
    open_library,
    source_name,
    streams_to_terminal,
    write_records,
)
from .hints import author_pks, nothing_found
from .progress import WorkProgress, progress_wanted

if TYPE_CHECKING:
    from ..library import Library
    from ..model import Paper



def author(name: Annotated[str, typer.Argument(metavar="NAME", help="`Hanyang Zhao`, `Zhao, Hanyang`, ...")],
           files: Annotated[Optional[list[str]], typer.Argument(
               metavar="[FILE]...", help="Dumps or records to search as well; - is standard input.",
               show_default=False)] = None,
           loose: LooseOpt = False,
           fetch: Annotated[Optional[bool], typer.Option(
               "--fetch/--no-fetch", show_default=False, help="Ask arXiv first and store what it has "
               "[default: only when nothing is known of NAME].")] = None,
           api: Annotated[str, api_option("PAPERTRACK_ARXIV_API", "the arXiv API")] = ARXIV_API,
           refresh: Annotated[bool, typer.Option("--refresh", help="Ask arXiv again even when the cache holds "
                                                 "an answer of the last hour.")] = False,
           limit: LimitOpt = 100, fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None,
           source: SourceOpt = None, db: DbOpt = None,
           quiet: QuietOpt = False, verbose: VerboseOpt = False, debug: DebugOpt = False) -> None:
    """An author's papers: those that list the author, and those from the author's profile page.

    Names match as people write them: any case, with or without accents, `Zhao, Hanyang`, with or
    without middle initials, `Jean-Pierre` = `Jean Pierre`; an initial alone matches only with
    --loose. A name that finds nothing is tried family name first (`Zhao Hanyang`). --limit
    caps the papers asked of arXiv.

    Example: papertrack author "David D. Yao" -f table
    """
    from ..library import NoLibrary
    from ..people import has_author, parse_name

    query = parse_name(name)
    if query is None:
        raise typer.BadParameter(f"{name!r} is not a name", param_hint="NAME")
    report = Reporter(verbose=verbose, quiet=quiet)
    day = as_of_date(as_of)
    from_files = []
    if files:
        from ..parse.read import read_records

        from_files = list(read_records(files, day, report.skip, report.error, source_name(source)))

    def theirs(p) -> bool:
        return has_author(query, p.authors, loose) or has_author(query, p.profile_of, loose)

    said: list[tuple[str, str]] = []  # (error or note, text): said after the papers they are about
    status: int = ExitStatus.OK
    with ExitStack() as opened:
        lib: Library | None
        try:  # read-only, until there is something from arXiv to store
            lib = opened.enter_context(open_library(db, readonly=True))
        except NoLibrary:
            if fetch is False and not files:
                raise
            lib = None  # arXiv's answer goes into a new library; the files alone are read as they are
        pks, found_as = author_pks(lib, name, loose) if lib else (set(), name)
        if found_as != name:
            said.append(("note", f"papertrack: no papers by {name!r}; reading it family name first: {found_as}"))
        asked = fetch or (fetch is None and not pks and not any(map(theirs, from_files)))
        if asked:
            lib = opened.enter_context(open_library(db))
            with WorkProgress(progress_wanted(quiet, streams_to_terminal(fmt, output))) as progress:
                status = _fetch_author(lib, name, api, limit or 100, day, report, said, progress, refresh)
            pks = lib.author_pks(name, loose)
        papers = lib.by_pks(pks) if lib else []
        if from_files:
            from ..dedup import deduplicate  # here: the library's answer alone needs no matcher

            papers = sorted((p for p in deduplicate(papers + from_files) if theirs(p)),
                            key=lambda p: p.date or "", reverse=True)
            for p in papers:  # a file already in the library is one source, not two
                p.sources = list({(s.format, s.file, s.line): s for s in p.sources}.values())
        written = write_records(papers, fmt, output, merged=True, view="library")
        if not written and status == ExitStatus.OK:
            if lib is None:
                said.append(("note", f"papertrack: no papers by {name!r} in the files; no library at "
                             f"{library_path(db)}"))
            else:
                said.append(("note", nothing_found(lib, f"by {name!r}", name, also="on arXiv" if asked else None)))
    for kind, text in said:
        report.error(text) if kind == "error" else report.note(text)
    raise typer.Exit(max(status, report.done()))


def _fetch_author(lib, name: str, api: str, limit: int, day, report: Reporter, said: list[tuple[str, str]],
                  progress: WorkProgress, refresh: bool = False) -> int:
    """Ask arXiv for the author's papers and store them; the exit status it earns. What it has
    to say goes to `said`."""
    from ..errors import FetchError
    from ..fetch.client import user_fetcher
    from ..fetched import LISTING_TTL, arxiv_author_papers
    from ..library import Tally

    records: list[Paper] = []
    status = ExitStatus.OK
    progress.stage(f"asking arXiv for {name}")
    with user_fetcher(cache_ttl=LISTING_TTL, refresh=refresh, on_wait=report.note) as fetcher:
        try:
            found = arxiv_author_papers(fetcher, name, api=api, limit=limit, page_size=min(limit, 200), as_of=day,
                                        on_skip=report.skip, on_error=report.error)
            records.extend(progress.counted(found, "papers"))
        except FetchError as exc:
            said.append(("error", str(exc)))
            status = ExitStatus.NETWORK
    if records:
        tally = Tally()
        with lib.transaction():
            lib.ingest(records, tally, report.warn)
        said.append(("note", f"arXiv: {len(records)} papers of {name!r}; {tally.line()}"))
    return status
