"""The `papertrack` command: options, inputs, output format and exit codes. Logic lives in
ingest, dedup and export; this module only wires them together.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Annotated

import typer

from .commands.common import (
    AsOfOpt, DebugOpt, ExitStatus, FilesArg, FormatOpt, Reporter, SourceOpt, StrictOpt, as_of_date,
    input_paths, output_format, source_name,
)


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Track papers: parse pasted pages and saved responses into clean records, merge duplicates.",
)


@app.command()
def parse(files: FilesArg = None, fmt: FormatOpt = None, as_of: AsOfOpt = None,
          source: SourceOpt = None, strict: StrictOpt = False, debug: DebugOpt = False) -> None:
    """Turn pasted pages and saved responses into paper records.

    Example: papertrack parse profile.txt | jq -r .title
    """
    from .export import write
    from .ingest import read_records

    report = Reporter(strict)
    records = read_records(input_paths(files), as_of_date(as_of), report.skip, report.error, source_name(source))
    write(records, output_format(fmt), sys.stdout)
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
    records = read_records(input_paths(files), as_of_date(as_of), report.skip, report.error, source_name(source))
    explain_to = (lambda line: print(line, file=sys.stderr)) if explain else None
    write(deduplicate(records, explain=explain_to), output_format(fmt), sys.stdout, merged=True)
    raise typer.Exit(report.status)


@app.command("sources")
def list_sources() -> None:
    """List the layouts papertrack reads, with an example of each.

    Example: papertrack sources
    """
    from . import sources

    for s in sources.all_sources():
        print(f"{s.NAME:<20} {s.DESCRIPTION}\n{'':<20} e.g. {s.EXAMPLE}")


CORE_COMMANDS = ("parse", "dedup", "sources")


def register_commands(argv: list[str]) -> None:
    """Add `fetch` and the library commands unless the command line names a core command.

    Their modules (option types, services) cost start-up that `parse` and `dedup`, the
    commands in pipes, should not pay; help and every other command see them all.
    """
    command = next((a for a in argv if not a.startswith("-")), None)
    if command in CORE_COMMANDS or any(g.name == "fetch" for g in app.registered_groups):
        return
    from .commands.fetch import fetch_app
    from .commands.library import register as register_library

    app.add_typer(fetch_app, name="fetch")
    register_library(app)


def main() -> None:
    """Console entry point: one-line errors, tracebacks only with --debug, quiet broken pipes."""
    from typer._click.exceptions import ClickException, UsageError  # typer vendors click

    debug = "--debug" in sys.argv or bool(os.environ.get("PAPERTRACK_DEBUG"))
    if hasattr(signal, "SIGPIPE"):
        # `papertrack parse x | head`: end quietly when the reader goes away, as cat and grep
        # do, instead of an exception (or typer's exit 1, which reads as "bad input").
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        register_commands(sys.argv[1:])
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
