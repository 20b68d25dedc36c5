"""What every papertrack command shares: exit codes, output formats, the stderr reporter and
the option types, so each command module reads the same way and none imports cli.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum, IntEnum
from typing import Annotated, Optional

import typer

from ..reader import InputError


class ExitStatus(IntEnum):
    """Exit codes of SPEC section 2."""

    OK = 0
    BAD_INPUT = 1
    USAGE = 2
    NETWORK = 3


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    bibtex = "bibtex"
    table = "table"


class Reporter:
    """Messages to stderr: skipped blocks as FILE:LINE: skipped: why, errors as one line."""

    def __init__(self, strict: bool = False):
        self.strict = strict
        self.warnings = 0
        self.errors = 0

    def skip(self, file: str, line: int | None, why: str) -> None:
        self.warnings += 1
        where = f"{file}:{line}" if line else file
        print(f"{where}: skipped: {why}", file=sys.stderr)

    def error(self, exc: InputError) -> None:
        self.errors += 1
        print(f"papertrack: {exc}", file=sys.stderr)

    @property
    def status(self) -> int:
        if self.errors or (self.strict and self.warnings):
            return ExitStatus.BAD_INPUT
        return ExitStatus.OK


def as_of_date(value: Optional[str]) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint="--as-of")


def input_paths(files: Optional[list[str]]) -> list[str]:
    if files:
        return files
    if sys.stdin.isatty():
        raise typer.BadParameter("name a FILE, or - to read standard input", param_hint="FILE")
    return ["-"]


def output_format(fmt: Optional[Format]) -> str:
    if fmt:
        return fmt.value
    return "table" if sys.stdout.isatty() else "jsonl"


def source_name(name: Optional[str]) -> Optional[str]:
    from .. import sources

    if name and not sources.by_name(name):
        raise typer.BadParameter(f"unknown source {name!r}; known: {', '.join(sources.names())}",
                                 param_hint="--source")
    return name


FilesArg = Annotated[Optional[list[str]], typer.Argument(help="Dumps to read; - is standard input.",
                                                         show_default=False)]
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f",
                      help="Output format \\[default: table on a terminal, else jsonl].", show_default=False)]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD",
                    help="Day that yearless dates (`May 31`) are resolved against \\[default: today].")]
SourceOpt = Annotated[Optional[str], typer.Option("--source", "-s", metavar="NAME",
                      help="Force a layout instead of detecting it (see `papertrack sources`).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 1 when any block was skipped.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
