"""`papertrack dedup`: the command line of the dedup stage."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .common import (
    AsOfOpt,
    DebugOpt,
    FilesArg,
    FormatOpt,
    OutputOpt,
    QuietOpt,
    Reporter,
    SourceOpt,
    StrictOpt,
    VerboseOpt,
    as_of_date,
    input_paths,
    read_inputs,
    source_name,
    streams_to_terminal,
    write_records,
)
from .progress import WorkProgress, progress_wanted


def dedup(files: FilesArg = None, fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None,
          source: SourceOpt = None, explain: Annotated[bool, typer.Option(
              "--explain", help="Say on stderr which rule joined each group.")] = False,
          strict: StrictOpt = False, quiet: QuietOpt = False, verbose: VerboseOpt = False,
          debug: DebugOpt = False) -> None:
    """Merge the same paper seen in several places into one record with its sources.

    Example: papertrack parse a.txt b.txt | papertrack dedup - | jq .sources
    """
    from ..dedup import deduplicate

    report = Reporter(strict, verbose, quiet)
    paths, day, layout = input_paths(files), as_of_date(as_of), source_name(source)
    explain_to = (lambda line: print(line, file=sys.stderr)) if explain else None
    with WorkProgress(progress_wanted(quiet, streams_to_terminal(fmt, output))) as progress:
        # Reading is counted as it goes; matching shows only its time; then the papers written.
        records = progress.counted(read_inputs(paths, day, report, layout, progress), "records",
                                   then="matching {count:,} records")
        merged = progress.counted(deduplicate(records, explain=explain_to, warn=report.warn), "papers", label="merging")
        write_records(merged, fmt, output, merged=True)
    raise typer.Exit(report.done())
