"""`papertrack parse` and `papertrack sources`: the command line of the parse stage."""

from __future__ import annotations

import typer

from .common import (
    AsOfOpt,
    DebugOpt,
    FilesArg,
    FormatOpt,
    OutputOpt,
    Reporter,
    SourceOpt,
    StrictOpt,
    as_of_date,
    input_paths,
    source_name,
    write_records,
)


def parse(files: FilesArg = None, fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None,
          source: SourceOpt = None, strict: StrictOpt = False, debug: DebugOpt = False) -> None:
    """Turn pasted pages and saved responses into paper records.

    Example: papertrack parse profile.txt | jq -r .title
    """
    from ..parse.read import read_records

    report = Reporter(strict)
    records = read_records(input_paths(files), as_of_date(as_of), report.skip, report.error, source_name(source))
    write_records(records, fmt, output)
    raise typer.Exit(report.status)


def sources() -> None:
    """List the layouts papertrack reads, with an example of each.

    Example: papertrack sources
    """
    from ..parse import registry

    for module in registry.all_layouts():
        print(f"{module.NAME:<20} {module.DESCRIPTION}\n{'':<20} e.g. {module.EXAMPLE}")
