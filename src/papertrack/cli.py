"""The `papertrack` command: options, inputs, output format and exit codes. Logic lives in
ingest, dedup and export; this module only wires them together.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import Enum, IntEnum
from typing import Annotated, Optional

import typer

from .reader import InputError


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


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Track papers: parse pasted pages and saved responses into clean records, merge duplicates.",
)


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


def _as_of(value: Optional[str]) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint="--as-of")


def _inputs(files: Optional[list[str]]) -> list[str]:
    if files:
        return files
    if sys.stdin.isatty():
        raise typer.BadParameter("name a FILE, or - to read standard input", param_hint="FILE")
    return ["-"]


def _format(fmt: Optional[Format]) -> str:
    if fmt:
        return fmt.value
    return "table" if sys.stdout.isatty() else "jsonl"


def _source(name: Optional[str]) -> Optional[str]:
    from . import sources

    if name and not sources.by_name(name):
        raise typer.BadParameter(f"unknown source {name!r}; known: {', '.join(sources.names())}",
                                 param_hint="--source")
    return name


FilesArg = Annotated[Optional[list[str]], typer.Argument(help="Dumps to read; - is standard input.",
                                                         show_default=False)]
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f",
                      help="Output format [default: table on a terminal, else jsonl].", show_default=False)]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD",
                    help="Day that yearless dates (`May 31`) are resolved against [default: today].")]
SourceOpt = Annotated[Optional[str], typer.Option("--source", "-s", metavar="NAME",
                      help="Force a layout instead of detecting it (see `papertrack sources`).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 1 when any block was skipped.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]


@app.command()
def parse(files: FilesArg = None, fmt: FormatOpt = None, as_of: AsOfOpt = None,
          source: SourceOpt = None, strict: StrictOpt = False, debug: DebugOpt = False) -> None:
    """Turn pasted pages and saved responses into paper records.

    Example: papertrack parse profile.txt | jq -r .title
    """
    from .export import write
    from .ingest import read_records

    report = Reporter(strict)
    records = read_records(_inputs(files), _as_of(as_of), report.skip, report.error, _source(source))
    write(records, _format(fmt), sys.stdout)
    raise typer.Exit(report.status)


@app.command()
def dedup(files: FilesArg = None, fmt: FormatOpt = None, as_of: AsOfOpt = None,
          source: SourceOpt = None, explain: Annotated[bool, typer.Option(
              "--explain", help="Say on stderr which rule joined each group.")] = False,
          strict: StrictOpt = False, debug: DebugOpt = False) -> None:
    """Merge the same paper seen in several places into one record with its sources.

    Example: papertrack parse a.txt b.txt | papertrack dedup - | jq .sources
    """
    from .dedup import deduplicate
    from .export import write
    from .ingest import read_records

    report = Reporter(strict)
    records = read_records(_inputs(files), _as_of(as_of), report.skip, report.error, _source(source))
    explain_to = (lambda line: print(line, file=sys.stderr)) if explain else None
    write(deduplicate(records, explain=explain_to), _format(fmt), sys.stdout, merged=True)
    raise typer.Exit(report.status)


@app.command("sources")
def list_sources() -> None:
    """List the layouts papertrack reads, with an example of each.

    Example: papertrack sources
    """
    from . import sources

    for s in sources.SOURCES:
        print(f"{s.NAME:<20} {s.DESCRIPTION}\n{'':<20} e.g. {s.EXAMPLE}")


def main() -> None:
    """Console entry point: one-line errors, tracebacks only with --debug, quiet broken pipes."""
    from typer._click.exceptions import ClickException, UsageError  # typer vendors click

    debug = "--debug" in sys.argv or bool(os.environ.get("PAPERTRACK_DEBUG"))
    try:
        rv = app(standalone_mode=False)
        code = rv if isinstance(rv, int) else ExitStatus.OK
    except UsageError as exc:
        hint = f" (see papertrack {exc.ctx.info_name} --help)" if exc.ctx and exc.ctx.parent else \
            " (see papertrack --help)"
        print(f"papertrack: {exc.format_message()}{hint}", file=sys.stderr)
        code = ExitStatus.USAGE
    except ClickException as exc:
        print(f"papertrack: {exc.format_message()}", file=sys.stderr)
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        code = 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = ExitStatus.OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if debug:
            raise
        print(f"papertrack: internal error: {type(exc).__name__}: {exc} "
              "(rerun with --debug for a traceback, and report it)", file=sys.stderr)
        code = 70
    sys.exit(code)
