"""One name per concept: every command's options held against the one table of shared names
(commands.common.SHARED_OPTIONS), so a new command cannot drift to `--max` where the others
say `--limit`; and the conventions every command keeps (-h, -q, --debug, --version, usage on a
missing argument, hints that name the right command)."""

from __future__ import annotations

import re

import pytest
import typer

from papertrack.cli import app, register_commands
from papertrack.commands import common

from .conftest import run_cli

register_commands([])
ROOT = typer.main.get_command(app)

# Options of a shared name whose help may differ by command, and why. Their flags may not.
HELP_VARIES = {
    "fmt": "export writes jsonl by default, also on a terminal (it makes files)",
    "api": "each service has its own default URL and variable (common.api_option)",
}


def commands(group=ROOT, prefix=()) -> list[tuple[str, object]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            found += commands(command, prefix + (name,))
        else:
            found.append((" ".join(prefix + (name,)), command))
    return found


COMMANDS = commands()


def options(command) -> list:
    return [p for p in command.params if p.param_type_name == "option"]


def _defined_help(name: str) -> str:
    """The help of the shared option `name` as commands/common.py defines it."""
    attribute = {"fmt": "FormatOpt", "db": "DbOpt", "as_of": "AsOfOpt"}.get(name) or \
        "".join(part.title() for part in name.split("_")) + "Opt"
    return getattr(common, attribute).__metadata__[0].help


def test_the_table_covers_the_commands():
    assert len(COMMANDS) >= 20
    assert {"parse", "dedup", "list", "fetch arxiv", "track run"} <= {name for name, _ in COMMANDS}


@pytest.mark.parametrize("path, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_option_of_a_shared_name_is_spelled_and_described_the_shared_way(path, command):
    for param in options(command):
        flags = tuple(param.opts) + tuple(param.secondary_opts)
        if param.name in common.SHARED_OPTIONS:
            assert set(flags) == set(common.SHARED_OPTIONS[param.name]), f"{path}: {param.name} is {flags}"
            if param.name not in HELP_VARIES:
                assert " ".join(param.help.split()) == " ".join(_defined_help(param.name).split()), \
                    f"{path} {flags[0]}: its own help; use the option of commands/common.py"
        else:
            taken = {flag: name for name, fs in common.SHARED_OPTIONS.items() for flag in fs}
            clash = [f for f in flags if f in taken]
            assert not clash, f"{path}: {param.name} takes {clash}, which mean {[taken[f] for f in clash]}"


def test_one_flag_means_one_thing_across_all_commands():
    """The same flag has the same parameter and the same spellings everywhere (`-n` is --limit)."""
    seen: dict[str, tuple[str, frozenset, str]] = {}
    for path, command in COMMANDS:
        for param in options(command):
            flags = frozenset(param.opts) | frozenset(param.secondary_opts)
            for flag in flags:
                if flag in ("-h", "--help"):
                    continue
                first = seen.setdefault(flag, (param.name, flags, path))
                assert first[:2] == (param.name, flags), f"{flag}: {path} has {sorted(flags)} " \
                                                         f"({param.name}), {first[2]} has {sorted(first[1])}"


@pytest.mark.parametrize("path, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_quiet_debug_and_both_helps(path, command, cli):
    names = {p.name for p in options(command)}
    assert {"quiet", "debug"} <= names, path
    short = cli(*path.split(), "-h", env={"COLUMNS": "200"})
    assert short.returncode == 0 and b"Usage: papertrack " + path.encode() in short.stdout
    assert short.stdout == cli(*path.split(), "--help", env={"COLUMNS": "200"}).stdout


def test_version(cli):
    from papertrack import __version__

    for flag in ("--version", "-V"):
        proc = cli(flag)
        assert proc.returncode == 0 and proc.stdout.decode() == f"papertrack {__version__}\n"


@pytest.mark.parametrize("args", [(), ("fetch",), ("track",)])
def test_no_command_prints_help_and_no_empty_message(cli, args):
    proc = cli(*args)
    assert proc.returncode == 0 and b"Usage: papertrack" in proc.stdout
    assert proc.stderr == b""


@pytest.mark.parametrize("args, path", [(("show",), "show"), (("track", "add"), "track add"),
                                        (("author",), "author"), (("search",), "search")])
def test_a_missing_argument_shows_the_command_usage(cli, args, path):
    proc = cli(*args)
    err = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and proc.stdout == b""
    assert err[0].startswith(f"Usage: papertrack {path} [OPTIONS] ")
    assert err[-1].startswith("papertrack: Missing argument") and err[-1].endswith(f"(see papertrack {path} -h)")


@pytest.mark.parametrize("args, path", [(("fetch", "arxiv", "--bogus"), "fetch arxiv"),
                                        (("track", "run", "--bogus"), "track run"), (("list", "--bogus"), "list")])
def test_a_usage_error_names_the_command_it_is_about(cli, args, path):
    proc = cli(*args)
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().endswith(f"(see papertrack {path} -h)")


def test_db_help_says_where_the_library_is(cli, tmp_path):
    env = {"COLUMNS": "300", "XDG_DATA_HOME": str(tmp_path / "data"), "PAPERTRACK_DB": ""}
    out = "".join(cli("list", "-h", env=env).stdout.decode().split())  # help wraps a long path anywhere
    assert re.search(r"default:" + re.escape(str(tmp_path / "data")) + r"/papertrack/papertrack\.db\]", out), out


def test_shell_completion_is_on(cli):
    env = {"_PAPERTRACK_COMPLETE": "complete_bash", "COMP_WORDS": "papertrack list --li", "COMP_CWORD": "2"}
    assert cli(env=env).stdout.split() == [b"--limit"]
    # Typer detects the shell from the process tree, which a CI runner may not have; its own
    # switch for tests makes the option take the shell's name instead.
    script = cli("--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert script.returncode == 0 and b"_PAPERTRACK_COMPLETE" in script.stdout


def test_limit_keeps_max_as_an_alias(tmp_path):
    env = {"PAPERTRACK_DB": str(tmp_path / "library.db")}
    from .conftest import PARSE_FIXTURES

    assert run_cli("add", str(PARSE_FIXTURES / "profile/hanyang-zhao.txt"), "--as-of", "2026-11-23",
                   env=env).returncode == 0
    for flag in ("--limit", "-n", "--max"):
        assert len(run_cli("list", flag, "3", env=env).stdout.splitlines()) == 3
