"""The `papertrack` command: registers every command group and maps errors to exit codes, once.
The commands themselves live in `commands/`, one module per stage.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from .errors import ExitStatus, PapertrackError


class PapertrackGroup(TyperGroup):
    """The root command group: where every PapertrackError a command raises becomes its one
    line on stderr and its exit status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PapertrackError as exc:
            sys.stdout.flush()  # the data already written comes before the message about it
            print(f"papertrack: {exc}", file=sys.stderr)
            raise typer.Exit(exc.status) from None


app = typer.Typer(
    cls=PapertrackGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},  # every command inherits both
    help="Track papers: parse pasted pages and saved responses into clean records, merge duplicates.",
)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        print(f"papertrack {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", "-V", is_eager=True, callback=_version,
                                                help="Print the version and exit.")] = False) -> None:
    """Track papers: parse pasted pages and saved responses into clean records, merge duplicates."""

# The commands in the order help lists them: (name, module, attribute, is a group). A command
# line that names one registers that one alone, since the other commands' modules (option types,
# services, the library) and typer's building of their click commands cost start-up a single
# command should not pay: `papertrack author NAME` answers in about the time of `import typer`.
COMMANDS = (
    ("parse", "parse", "parse", False), ("dedup", "dedup", "dedup", False), ("sources", "parse", "sources", False),
    ("fetch", "fetch", "fetch_app", True), ("add", "library", "add", False), ("list", "library", "list_papers", False),
    ("show", "library", "show", False), ("search", "library", "search", False), ("author", "author", "author", False),
    ("export", "library", "export", False), ("new", "library", "new", False), ("track", "track", "track_app", True),
)


def _register(name: str, module: str, attribute: str, group: bool) -> None:
    from importlib import import_module

    target = getattr(import_module(f".commands.{module}", __package__), attribute)
    if group:
        app.add_typer(target, name=name)
    else:
        app.command(name)(target)


def register_commands(argv: list[str]) -> None:
    """Add the commands: only the one named when the command line names one; else (help, an
    unknown command) all of them; and when a command's help may be shown (or shell completion
    asks), the default library file in --db's help."""
    command = next((a for a in argv if not a.startswith("-")), None)
    named = [c for c in COMMANDS if c[0] == command]
    wanted = named or list(COMMANDS)
    have = [info.name for info in app.registered_commands] + [g.name for g in app.registered_groups]
    if have != [c[0] for c in wanted]:
        app.registered_commands.clear()
        app.registered_groups.clear()
        for entry in wanted:
            _register(*entry)
    if command and ("-h" in argv or "--help" in argv or os.environ.get("_PAPERTRACK_COMPLETE")):
        from .commands.common import name_the_library

        name_the_library()  # --db's help names the default library file; nothing else needs it


def _command_path(ctx) -> list[str]:
    """`fetch arxiv` for a usage error in `papertrack fetch arxiv`: the names below the root."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return names[::-1]


def main() -> None:
    """Console entry point: one-line errors, tracebacks only with --debug, quiet broken pipes."""
    from typer._click.exceptions import ClickException, MissingParameter, NoArgsIsHelpError, UsageError

    debug = "--debug" in sys.argv or bool(os.environ.get("PAPERTRACK_DEBUG"))
    if hasattr(signal, "SIGPIPE"):
        # `papertrack parse x | head`: end quietly when the reader goes away, as cat and grep
        # do, instead of an exception (or typer's exit 1, which reads as "bad input").
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        register_commands(sys.argv[1:])
        rv = app(prog_name="papertrack", standalone_mode=False)
        code = rv if isinstance(rv, int) else ExitStatus.OK
    except NoArgsIsHelpError as exc:
        # `papertrack` or `papertrack fetch` alone: the help (typer has printed it), and no error.
        if exc.format_message().strip():
            print(exc.format_message())
        code = ExitStatus.OK
    except UsageError as exc:
        path = " ".join(_command_path(exc.ctx))
        if isinstance(exc, MissingParameter) and exc.ctx is not None:
            print(exc.ctx.get_usage(), file=sys.stderr)  # what the command takes, as click shows it
        print(f"papertrack: {exc.format_message()} (see papertrack {path + ' ' if path else ''}-h)", file=sys.stderr)
        code = ExitStatus.USAGE
    except ClickException as exc:
        print(f"papertrack: {exc.format_message()}", file=sys.stderr)
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        code = ExitStatus.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = ExitStatus.OK
    except Exception as exc:
        if debug:
            raise
        print(f"papertrack: internal error: {type(exc).__name__}: {exc} "
              "(rerun with --debug for a traceback, and report it)", file=sys.stderr)
        code = ExitStatus.INTERNAL
    sys.exit(code)
