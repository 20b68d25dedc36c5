"""`papertrack parse` and `papertrack sources`: the command line of the parse stage."""

from __future__ import annotations

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


def parse(files: FilesArg = None, fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None,
          source: SourceOpt = None, strict: StrictOpt = False, quiet: QuietOpt = False,
          verbose: VerboseOpt = False, debug: DebugOpt = False) -> None:
    """Turn pasted pages and saved responses into paper records.

    Example: papertrack parse profile.txt | jq -r .title
    """
    report = Reporter(strict, verbose, quiet)
    paths, day, layout = input_paths(files), as_of_date(as_of), source_name(source)
    with WorkProgress(progress_wanted(quiet, streams_to_terminal(fmt, output))) as progress:
        records = progress.counted(read_inputs(paths, day, report, layout, progress), "records")
        written = write_records(records, fmt, output)
    if not written and not report.warnings and not report.errors:
        report.note("papertrack: no papers found in the input")
    raise typer.Exit(report.done())


def sources(quiet: QuietOpt = False, debug: DebugOpt = False) -> None:
    """List the layouts papertrack reads, with an example of each.

    Example: papertrack sources
    """
    from ..parse import registry

    for module in registry.all_layouts():
        print(f"{module.NAME:<20} {module.DESCRIPTION}\n{'':<20} e.g. {module.EXAMPLE}")
