"""What every papertrack command shares: the option types (one definition each), the stderr
reporter, the day and input validators, output format choice and opening the library; so each
command module reads the same way and none imports another. Errors are raised as
`PapertrackError`s and mapped to exit codes once, in `cli.main`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, TextIO

import typer

from ..errors import ExitStatus, InputError, LibraryError
from ..export import FORMATS

if TYPE_CHECKING:
    from ..library import Library
    from ..model import Paper
    from .progress import WorkProgress

__all__ = ["ExitStatus"]

# The output formats, from export's one table of writers.
Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


WARNINGS_SHOWN = 20
"""Skipped blocks reported in full; past that, one summary line per kind at the end."""


class Reporter:
    """Every message a command writes on stderr, in one order: skipped blocks as
    `FILE:LINE: skipped: why` (the first WARNINGS_SHOWN, or all with --verbose, then a summary
    per kind), errors as one line each, notes (counts, hints) unless --quiet."""

    def __init__(self, strict: bool = False, verbose: bool = False, quiet: bool = False):
        self.strict, self.verbose, self.quiet = strict, verbose, quiet
        self.warnings = 0  # blocks skipped
        self.flagged = 0  # records kept with a warning
        self.errors = 0
        self.kinds: dict[str, int] = {}

    def skip(self, file: str, line: int | None, why: str) -> None:
        self.warnings += 1
        # The kind is the reason without its particulars (`invalid JSON: ...`, `... on line 7`).
        kind = re.split(r": | \(|; | on line \d| at line \d", why, maxsplit=1)[0]
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if self.verbose or self.warnings <= WARNINGS_SHOWN:
            print(f"{_place(file, line)}: skipped: {why}", file=sys.stderr)

    def warn(self, file: str, line: int | None, what: str) -> None:
        """A record kept but flagged (`FILE:LINE: warning: what`); --strict counts it like a skip."""
        self.flagged += 1
        if self.verbose or self.flagged <= WARNINGS_SHOWN:
            print(f"{_place(file, line)}: warning: {what}", file=sys.stderr)

    def error(self, exc: InputError | str) -> None:
        self.errors += 1
        print(f"papertrack: {exc}", file=sys.stderr)

    def note(self, text: str) -> None:
        """A line about what was done (counts, hints); --quiet drops it."""
        if not self.quiet:
            print(text, file=sys.stderr)

    def done(self) -> int:
        """Say what was not shown (once), then the exit status the messages earn."""
        if self.verbose:
            return self.status
        if self.flagged > WARNINGS_SHOWN:
            print(f"papertrack: {self.flagged} records flagged; --verbose shows all", file=sys.stderr)
        if self.warnings > WARNINGS_SHOWN:
            kinds = ", ".join(f"{n} {kind!r}" for kind, n in sorted(self.kinds.items(), key=lambda kv: -kv[1]))
            print(f"papertrack: {self.warnings} blocks skipped: {kinds}; --verbose shows all", file=sys.stderr)
        self.verbose = True  # said once
        return self.status

    @property
    def status(self) -> int:
        if self.errors or (self.strict and (self.warnings or self.flagged)):
            return ExitStatus.BAD_INPUT
        return ExitStatus.OK


def _place(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


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
                  merged: bool = False, default: Optional[str] = None, view: str = "listing",
                  words: Sequence[str] = ()) -> int:
    """Write records to standard output, or to the -o file whole or not at all; how many. A
    table shows the columns of `view` (export.table.VIEWS), and with `words` where they match."""
    from ..export import write

    chosen = output_format(fmt, output, default)

    def write_to(out: TextIO) -> int:
        if chosen == "table":
            from ..export.table import write_table

            return write_table(records, out, merged, view, words)
        return write(records, chosen, out, merged)

    if output is None:
        return write_to(sys.stdout)
    from ..export.output import atomic_text_file

    with atomic_text_file(output) as out:
        return write_to(out)


def streams_to_terminal(fmt: Optional[Enum], output: Optional[Path] = None, default: Optional[str] = None) -> bool:
    """Do records go to the terminal as they come (any format but the table, which waits for
    the last row)? Then no progress line is drawn over them."""
    return output is None and sys.stdout.isatty() and output_format(fmt, output, default) != "table"


def read_inputs(paths: list[str], as_of: date, report: Reporter, source: Optional[str] = None,
                progress: WorkProgress | None = None) -> Iterator[Paper]:
    """Records of every input in turn, each named on the progress line as it is read; a bad
    input is reported and the others still read."""
    from ..parse.read import read_records

    for path in progress.files(paths) if progress else paths:
        yield from read_records([path], as_of, report.skip, report.error, source)


def source_name(name: Optional[str]) -> Optional[str]:
    from ..parse import registry

    if name and not registry.get(name):
        raise typer.BadParameter(f"unknown source {name!r}; known: {', '.join(registry.names())}",
                                 param_hint="--source")
    return name


def library_path(db: Optional[Path]) -> Path:
    """--db, else $PAPERTRACK_DB, else the default place."""
    from ..library import default_path

    return db or default_path()


@contextmanager
def open_library(db: Optional[Path], readonly: bool = False) -> Iterator[Library]:
    """The library at --db / $PAPERTRACK_DB / the default place; its failures (locked, not a
    database, disk full) end the command with one line instead of a traceback. A command that
    only reads opens it `readonly`: nothing about the file changes, and where there is no
    library it says so instead of making one."""
    import sqlite3

    from ..library import Library

    path = library_path(db)
    try:
        with Library(path, readonly=readonly) as lib:
            yield lib
    except sqlite3.OperationalError as exc:
        busy = "locked" in str(exc) or "busy" in str(exc)
        raise LibraryError(f"{path}: " + ("another papertrack is writing to this library; try again when it "
                                          "is done" if busy else f"{exc}")) from None
    except sqlite3.DatabaseError as exc:
        raise LibraryError(f"{path}: the library is damaged ({exc}); restore it or start another with --db") from None


# ---------------------------------------------------------------- options, one definition each
# Every option two commands share is defined here, once, and used by name; tests/test_options.py
# holds every command's options against SHARED_OPTIONS, so no command drifts to another spelling.

FilesArg = Annotated[Optional[list[str]], typer.Argument(help="Dumps to read; - is standard input.",
                                                         show_default=False)]
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                      help="Output format [default: table on a terminal, else jsonl; with -o, by the file's name].")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", show_default=False,
                      help="Write to FILE instead of standard output: whole, or on failure not at all.")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD",
                    help="Day that yearless dates (`May 31`) are resolved against [default: today].")]
SourceOpt = Annotated[Optional[str], typer.Option("--source", "-s", metavar="NAME",
                      help="Force a layout instead of detecting it (see `papertrack sources`).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 1 when any block was skipped or record flagged.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress, counts or hints on stderr; "
                                        "warnings and errors still.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help=f"Show every skipped block (else the first "
                                          f"{WARNINGS_SHOWN}, then a count of each kind).")]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", "-n", "--max", metavar="N", min=1,
                                                 help="At most N papers.")]
SinceOpt = Annotated[Optional[str], typer.Option("--since", metavar="YYYY-MM-DD",
                                                 help="Papers dated on or after this day.")]
UntilOpt = Annotated[Optional[str], typer.Option("--until", metavar="YYYY-MM-DD",
                                                 help="Papers dated on or before this day.")]
AuthorOpt = Annotated[Optional[str], typer.Option(
    "--author", metavar="NAME", help="Papers by this person (`Hanyang Zhao`, `Zhao, Hanyang`, ...).")]
CategoryOpt = Annotated[Optional[str], typer.Option(
    "--category", metavar="CAT", help="arXiv category: cs.LG (or the short LG), or a whole archive: cs, math.")]
LooseOpt = Annotated[bool, typer.Option(
    "--loose", help="Let initials match given names (`D. Yao` finds `David Yao`).")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", metavar="SECONDS", min=0.1,
                                           help="Give up on an attempt (connecting and the whole answer) "
                                                "that takes longer than this.")]
RetriesOpt = Annotated[int, typer.Option("--retries", min=0, max=10, help="Retries of a request after 429, "
                                         "5xx, a timeout or a dropped connection, with growing pauses (a host "
                                         "that cannot be reached: one quick retry).")]


DB_OPTION = typer.Option("--db", envvar="PAPERTRACK_DB", metavar="PATH", show_default=False, help="The library "
                         "file (or $PAPERTRACK_DB) [default: papertrack.db in the user data folder].")
DbOpt = Annotated[Optional[Path], DB_OPTION]


@cache
def name_the_library() -> None:
    """Put where the library is into --db's help. Called (by cli) only when help may be shown:
    finding the user data folder and loading the library package cost start-up that neither
    `parse` nor `fetch` nor a library command's run should pay."""
    from ..library import default_path

    DB_OPTION.help = f"The library file (or $PAPERTRACK_DB) [default: {default_path()}]."


def api_option(env: str, what: str = "the API"):
    """--api of a service: its base URL, also settable by the service's own variable."""
    return typer.Option("--api", envvar=env, metavar="URL", help=f"Base URL of {what} (or ${env}).")


# Parameter name -> its flags, for every option more than one command has. An option of one of
# these names is spelled so everywhere, and no other option takes one of these flags.
SHARED_OPTIONS: dict[str, tuple[str, ...]] = {
    "fmt": ("--format", "-f"), "output": ("--output", "-o"), "as_of": ("--as-of",),
    "source": ("--source", "-s"), "strict": ("--strict",), "debug": ("--debug",), "quiet": ("--quiet", "-q"),
    "verbose": ("--verbose", "-v"), "limit": ("--limit", "-n", "--max"), "since": ("--since",),
    "until": ("--until",), "author": ("--author",), "category": ("--category",), "loose": ("--loose",),
    "timeout": ("--timeout",), "retries": ("--retries",), "db": ("--db",), "api": ("--api",),
}
