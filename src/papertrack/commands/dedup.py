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
    Reporter,
    SourceOpt,
    StrictOpt,
    as_of_date,
    input_paths,
    source_name,
    write_records,
)


def dedup(files: FilesArg = None, fmt: FormatOpt = None, output: OutputOpt = None, as_of: AsOfOpt = None,
          source: SourceOpt = None, explain: Annotated[bool, typer.Option(
              "--explain", help="Say on stderr which rule joined each group.")] = False,
          strict: StrictOpt = False, debug: DebugOpt = False) -> None:
    """Merge the same paper seen in several places into one record with its sources.

    Example: papertrack parse a.txt b.txt | papertrack dedup - | jq .sources
    """
    from ..dedup import deduplicate
    from ..parse.read import read_records

    report = Reporter(strict)
    records = read_records(input_paths(files), as_of_date(as_of), report.skip, report.error, source_name(source))
    explain_to = (lambda line: print(line, file=sys.stderr)) if explain else None
    write_records(deduplicate(records, explain=explain_to), fmt, output, merged=True)
    raise typer.Exit(report.status)
