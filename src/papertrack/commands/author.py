"""`papertrack author NAME [FILE...]`: one person's papers from the library and from files,
asking arXiv first (and storing what it has) with --fetch or when nothing is known of the name.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..fetch.arxiv_atom import DEFAULT_API as ARXIV_API
from .common import (
    AsOfOpt,
    DbOpt,
    DebugOpt,
    ExitStatus,
    FormatOpt,
    LooseOpt,
    OutputOpt,
    QuietOpt,
    Reporter,
    SourceOpt,
    as_of_date,
    open_library,
    source_name,
    write_records,
)

if TYPE_CHECKING:
    from ..model import Paper


def author(name: Annotated[str, typer.Argument(metavar="NAME", help="`Hanyang Zhao`, `Zhao, Hanyang`, ...")],
           files: Annotated[Optional[list[str]], typer.Argument(
               metavar="[FILE]...", help="Dumps or records to search as well; - is standard input.",
               show_default=False)] = None,
           loose: LooseOpt = False,
           fetch: Annotated[Optional[bool], typer.Option(
               "--fetch/--no-fetch", show_default=False, help="Ask arXiv first and store what it has "
               "\\[default: only when nothing is known of NAME].")] = None,
           api: Annotated[str, typer.Option("--api", envvar="PAPERTRACK_ARXIV_API", metavar="URL",
                                             help="arXiv API base URL (or $PAPERTRACK_ARXIV_API).")]
           = ARXIV_API,
           limit: Annotated[int, typer.Option("--max", min=1, help="Fetch at most N papers.")] = 100,
           fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None, source: SourceOpt = None,
           db: DbOpt = None,
           quiet: QuietOpt = False, debug: DebugOpt = False) -> None:
    """An author's papers: those that list the author, and those from the author's profile page.

    Names match as people write them: any case, with or without accents, `Zhao, Hanyang`, with or
    without middle initials, `Jean-Pierre` = `Jean Pierre`; an initial alone matches only with --loose.

    Example: papertrack author "David D. Yao" -f table
    """
    from ..dedup import deduplicate
    from ..names import has_author, parse_name
    from ..parse.read import read_records

    query = parse_name(name)
    if query is None:
        raise typer.BadParameter(f"{name!r} is not a name", param_hint="NAME")
    report = Reporter()
    day = as_of_date(as_of)
    from_files = list(read_records(files, day, report.skip, report.error, source_name(source))) if files else []

    def theirs(p) -> bool:
        return has_author(query, p.authors, loose) or has_author(query, p.profile_of, loose)

    status = report.status
    with open_library(db) as lib:
        pks = lib.author_pks(name, loose)
        if fetch or (fetch is None and not pks and not any(map(theirs, from_files))):
            status = max(status, _fetch_author(lib, name, api, limit, day, quiet))
            pks = lib.author_pks(name, loose)
        papers = lib.by_pks(pks)
    if from_files:
        papers = sorted((p for p in deduplicate(papers + from_files) if theirs(p)),
                        key=lambda p: p.date or "", reverse=True)
        for p in papers:  # a file already in the library is one source, not two
            p.sources = list({(s.format, s.file, s.line): s for s in p.sources}.values())
    written = write_records(papers, fmt, output, merged=True)
    if not written and not quiet:
        print(f"papertrack: no papers of {name!r} found", file=sys.stderr)
    raise typer.Exit(status)


def _fetch_author(lib, name: str, api: str, limit: int, day, quiet: bool) -> int:
    """Ask arXiv for the author's papers and store them; the exit status it earns."""
    from ..errors import FetchError
    from ..fetch.client import Fetcher
    from ..fetched import arxiv_author_papers
    from ..library import Tally

    report = Reporter()
    records: list[Paper] = []
    status = ExitStatus.OK
    with Fetcher() as fetcher:
        try:
            records.extend(arxiv_author_papers(fetcher, name, api=api, limit=limit, page_size=min(limit, 200),
                                               as_of=day, on_skip=report.skip, on_error=report.error))
        except FetchError as exc:
            print(f"papertrack: {exc}", file=sys.stderr)
            status = ExitStatus.NETWORK
    tally = Tally()
    with lib.transaction():
        lib.ingest(records, tally)
    if not quiet:
        print(f"arXiv: {len(records)} papers of {name!r}; {tally.line()}", file=sys.stderr)
    return max(status, report.status)
