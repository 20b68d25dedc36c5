"""What every papertrack command shares: the option types (one definition each), the stderr
reporter, the day and input validators, output format choice and opening the library; so each
command module reads the same way and none imports another. Errors are raised as
`PapertrackError`s and mapped to exit codes once, in `cli.main`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import ExitStatus, InputError, LibraryError
from ..export import FORMATS

if TYPE_CHECKING:
    from ..library import Library
    from ..model import Paper

__all__ = ["ExitStatus"]

# The output formats, from export's one table of writers.
Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


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


def parse_day(value: Optional[str], hint: str) -> Optional[date]:
    """A YYYY-MM-DD option value as a date (None stays None); a usage error names the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint=hint) from None


def as_of_date(value: Optional[str]) -> date:
    return parse_day(value, "--as-of") or date.today()


def input_paths(files: Optional[list[str]]) -> list[str]:
    if files:
        return files
    if sys.stdin.isatty():
        raise typer.BadParameter("name a FILE, or - to read standard input", param_hint="FILE")
    return ["-"]


def output_format(fmt: Optional[Enum], output: Optional[Path] = None, default: Optional[str] = None) -> str:
    """--format if given; else what the -o file's name asks for (`papers.bib`); else `default`;
    else a table on a terminal and JSONL in a pipe."""
    from ..export import format_for_path

    if fmt:
        return str(fmt.value)
    if output is not None and (by_name := format_for_path(output)):
        return by_name
    if default:
        return default
    return "table" if output is None and sys.stdout.isatty() else "jsonl"


def write_records(records: Iterable[Paper], fmt: Optional[Enum], output: Optional[Path] = None, *,
                  merged: bool = False, default: Optional[str] = None) -> int:
    """Write records to standard output, or to the -o file whole or not at all; how many."""
    from ..export import write

    chosen = output_format(fmt, output, default)
    if output is None:
        return write(records, chosen, sys.stdout, merged)
    from ..export.output import atomic_text_file

    with atomic_text_file(output) as out:
        return write(records, chosen, out, merged)


def source_name(name: Optional[str]) -> Optional[str]:
    from ..parse import registry

    if name and not registry.get(name):
        raise typer.BadParameter(f"unknown source {name!r}; known: {', '.join(registry.names())}",
                                 param_hint="--source")
    return name


@contextmanager
def open_library(db: Optional[Path]) -> Iterator[Library]:
    """The library at --db / $PAPERTRACK_DB / the default place; its failures (locked, not a
    database, disk full) end the command with one line instead of a traceback."""
    import sqlite3

    from ..library import Library, default_path

    path = db or default_path()
    try:
        with Library(path) as lib:
            yield lib
    except sqlite3.OperationalError as exc:
        busy = "locked" in str(exc) or "busy" in str(exc)
        raise LibraryError(f"{path}: " + ("another papertrack is writing to this library; try again when it "
                                          "is done" if busy else f"{exc}")) from None
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{path}: the library is damaged ({exc}); restore it or start another with --db") from None


# ---------------------------------------------------------------- options, one definition each

FilesArg = Annotated[Optional[list[str]], typer.Argument(help="Dumps to read; - is standard input.",
                                                         show_default=False)]
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                      help="Output format \\[default: table on a terminal, else jsonl; with -o, by the file's name].")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", show_default=False,
                      help="Write to FILE instead of standard output: whole, or on failure not at all.")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD",
                    help="Day that yearless dates (`May 31`) are resolved against \\[default: today].")]
SourceOpt = Annotated[Optional[str], typer.Option("--source", "-s", metavar="NAME",
                      help="Force a layout instead of detecting it (see `papertrack sources`).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 1 when any block was skipped.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or notes on stderr.")]
DbOpt = Annotated[Optional[Path], typer.Option(
    "--db", envvar="PAPERTRACK_DB", metavar="PATH", show_default=False,
    help="The library file (or $PAPERTRACK_DB) \\[default: papertrack.db in the user data folder].")]
LooseOpt = Annotated[bool, typer.Option(
    "--loose", help="Let initials match given names (`D. Yao` finds `David Yao`).")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", metavar="SECONDS", min=0.1,
                                           help="Give up on a request that stays silent this long.")]
RetriesOpt = Annotated[int, typer.Option("--retries", min=0, max=10, help="Retries of a request after 429, "
                                         "5xx, a timeout or a dropped connection, with growing pauses.")]
