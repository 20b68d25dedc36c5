"""`papertrack fetch oai`: harvest arXiv over OAI-PMH, the interface arXiv asks bulk users to
use: ListRecords of a set from a day, page by page (fetch.arxiv_oai), resumable where it stopped
(fetch.harvest keeps the place in the cache folder), incremental with --since-last.
"""

# No `from __future__ import annotations`: typer reads these option types at run time.
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from ..fetch import arxiv_oai as oai
from .common import (
    AsOfOpt,
    DebugOpt,
    FormatOpt,
    LimitOpt,
    OutputOpt,
    QuietOpt,
    RetriesOpt,
    StrictOpt,
    TimeoutOpt,
    UntilOpt,
    VerboseOpt,
    api_option,
    parse_day,
)
from .fetch_run import Common, MaxBytesOpt, SaveOpt, SaveRawOpt, run

Prefix = Enum("Prefix", {name: name for name in oai.PREFIXES}, type=str)  # type: ignore[misc]


def fetch_oai(
    set_spec: Annotated[Optional[str], typer.Option("--set", metavar="SET", help="An arXiv set: cs, math, "
                        "physics:hep-th, ... [default: all of arXiv].", show_default=False)] = None,
    from_day: Annotated[Optional[str], typer.Option("--from", metavar="YYYY-MM-DD", help="Records added or changed "
                     "on or after this day.", show_default=False)] = None,
    until: UntilOpt = None,
    prefix: Annotated[Prefix, typer.Option("--prefix", help="Metadata format: arXiv, or arXivRaw (with the "
                      "version history).")] = "arXiv",  # type: ignore[assignment]
    since_last: Annotated[bool, typer.Option("--since-last", help="From the day the last finished harvest of "
                          "this set and format reached.")] = False,
    restart: Annotated[bool, typer.Option("--restart", help="Start from --from again, not where an interrupted "
                       "harvest of the same arguments stopped.")] = False,
    api: Annotated[str, api_option("PAPERTRACK_ARXIV_OAI", "arXiv's OAI-PMH interface")] = oai.DEFAULT_API,
    limit: LimitOpt = None,
    fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None, strict: StrictOpt = False,
    save_raw: SaveRawOpt = None, quiet: QuietOpt = False, timeout: TimeoutOpt = oai.TIMEOUT,
    retries: RetriesOpt = 4, save: SaveOpt = False, verbose: VerboseOpt = False, debug: DebugOpt = False,
    max_bytes: MaxBytesOpt = "256M",
) -> None:
    """Harvest arXiv's metadata over OAI-PMH (one request every 3 seconds; resumable).

    --from and --until are the days records were added or changed (OAI-PMH datestamps);
    --limit stops the harvest there, and the next run of the same command goes on.

    Example: papertrack fetch oai --set cs --from 2025-10-01 --save
    """
    from ..fetch.cache import default_cache_dir
    from ..fetch.harvest import Harvest
    from ..fetched import oai_pages

    since = from_day
    first, last = parse_day(since, "--from"), parse_day(until, "--until")
    if first and last and first > last:
        raise typer.BadParameter(f"--from {since} is after --until {until}")
    folder = default_cache_dir() / "oai"
    if since_last:
        if since:
            raise typer.BadParameter("give --from or --since-last, not both")
        since = Harvest.last_datestamp(folder, api, set_spec, prefix.value)
        if since is None:
            what = f"set {set_spec}" if set_spec else "all of arXiv"
            raise typer.BadParameter(f"no finished harvest of {what} in {prefix.value} yet; start one with --from "
                                     "DAY", param_hint="--since-last")
    elif not since:
        raise typer.BadParameter("say where to start: --from YYYY-MM-DD, or --since-last")
    harvest = Harvest.open(folder, api, set_spec, prefix.value, since, until, restart)
    note = None if quiet else (lambda line: print(line, file=sys.stderr))
    if harvest.token and note:
        note(f"{oai.SERVICE}: going on where the last run stopped, after page {harvest.pages} "
             "(--restart starts again)")
    c = Common(fmt, as_of, strict, False, False, "0", save_raw, quiet, timeout, retries, limit or sys.maxsize,
               save, output, verbose, max_bytes)
    run(c, oai.SERVICE, lambda f, _: oai_pages(f, api, harvest, note),
        after_page=lambda page: harvest.advance(page.token, page.datestamp), budget=oai.BUDGET)
