"""The command-line contract (docs/cli.md), run as a user runs it (a subprocess):
inputs (files, `-`, stdin), output formats, stdout for data only, --source, --as-of,
--strict, exit codes, and the help and `sources` texts."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import typer

from papertrack.cli import app, register_commands
from papertrack.export.delimited import CSV_COLUMNS
from papertrack.parse import registry as sources

from .conftest import PARSE_FIXTURES

register_commands([])  # fetch and library commands, as `papertrack --help` sees them

AS_OF = ["--as-of", "2026-11-23"]
PROFILE = PARSE_FIXTURES / "profile/hanyang-zhao.txt"
HF = PARSE_FIXTURES / "hf-daily/daily-papers.txt"
TRAILING = PARSE_FIXTURES / "arxiv-trailing-ids/trailing-ids.txt"


def jsonl(stdout: bytes) -> list[dict]:
    """Every non-empty stdout line must be one JSON object."""
    lines = stdout.decode("utf-8").splitlines()
    assert all(line.strip() for line in lines), "blank line in JSONL output"
    records = [json.loads(line) for line in lines]
    assert all(isinstance(r, dict) for r in records)
    return records


def without_source(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "source"} for r in records]


def stderr_lines(proc) -> list[str]:
    return proc.stderr.decode("utf-8").splitlines()


# ---------------------------------------------------------------- inputs

def test_file_argument(cli):
    proc = cli("parse", str(PROFILE), "--format", "jsonl", *AS_OF)
    assert proc.returncode == 0, proc.stderr
    records = jsonl(proc.stdout)
    assert len(records) == 15
    assert {r["source"]["file"] for r in records} == {str(PROFILE)}
    assert all(r["source"]["format"] == "profile" for r in records)


def test_stdin_dash_and_no_file_give_the_same_records(cli):
    from_file = jsonl(cli("parse", str(PROFILE), *AS_OF).stdout)
    data = PROFILE.read_bytes()
    dash = cli("parse", "-", *AS_OF, stdin=data)
    bare = cli("parse", *AS_OF, stdin=data)
    for proc in (dash, bare):
        assert proc.returncode == 0, proc.stderr
        records = jsonl(proc.stdout)
        assert without_source(records) == without_source(from_file)
        assert {r["source"]["file"] for r in records} == {"-"}
        # provenance lines still point into the input
        assert [r["source"]["line"] for r in records] == [r["source"]["line"] for r in from_file]


def test_several_files_in_order(cli):
    proc = cli("parse", str(PROFILE), str(HF), str(TRAILING), *AS_OF)
    assert proc.returncode == 0, proc.stderr
    records = jsonl(proc.stdout)
    files = [r["source"]["file"] for r in records]
    assert files == [str(PROFILE)] * 15 + [str(HF)] * 62 + [str(TRAILING)] * 10
    assert [r["source"]["format"] for r in records][-10:] == ["arxiv-trailing-ids"] * 10


def test_a_missing_file_among_good_ones(cli, tmp_path):
    """A bad input is reported and exits 1; the good inputs are still written."""
    missing = tmp_path / "nope.txt"
    proc = cli("parse", str(PROFILE), str(missing), str(TRAILING), *AS_OF)
    assert proc.returncode == 1
    assert len(jsonl(proc.stdout)) == 25
    errors = stderr_lines(proc)
    assert len(errors) == 1 and str(missing) in errors[0]


# ---------------------------------------------------------------- output formats

def test_default_format_off_a_terminal_is_jsonl(cli):
    assert jsonl(cli("parse", str(TRAILING), *AS_OF).stdout) == \
        jsonl(cli("parse", str(TRAILING), "--format", "jsonl", *AS_OF).stdout)


def test_format_json_is_one_array_of_the_same_records(cli):
    want = jsonl(cli("parse", str(PROFILE), "--format", "jsonl", *AS_OF).stdout)
    proc = cli("parse", str(PROFILE), "--format", "json", *AS_OF)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert isinstance(got, list)
    assert got == want


def test_format_json_of_several_files(cli):
    proc = cli("parse", str(PROFILE), str(TRAILING), "-f", "json", *AS_OF)
    assert len(json.loads(proc.stdout)) == 25


def test_format_csv_has_a_header_and_one_row_per_record(cli):
    want = jsonl(cli("parse", str(HF), *AS_OF).stdout)
    proc = cli("parse", str(HF), "--format", "csv", *AS_OF)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout.decode("utf-8"))))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + len(want)
    for row, record in zip(rows[1:], want):
        cells = dict(zip(rows[0], row))
        assert cells["title"] == (record["title"] or "")
        assert cells["date"] == (record["date"] or "")
        assert cells["upvotes"] == ("" if record["upvotes"] is None else str(record["upvotes"]))


def test_unknown_format_is_a_usage_error(cli):
    proc = cli("parse", str(PROFILE), "--format", "yaml")
    assert proc.returncode == 2
    assert proc.stdout == b""


# ---------------------------------------------------------------- stdout is data only

@pytest.mark.parametrize("dump", [PROFILE, HF, TRAILING], ids=lambda p: p.name)
def test_clean_seed_writes_nothing_on_stderr(cli, dump):
    proc = cli("parse", str(dump), *AS_OF)
    assert proc.returncode == 0
    assert proc.stderr == b""
    assert jsonl(proc.stdout)


def test_messages_go_to_stderr_not_stdout(cli, tmp_path):
    broken = tmp_path / "profile.txt"
    broken.write_text(PROFILE.read_text(encoding="utf-8") + "\nLGMay 3\n", encoding="utf-8")
    proc = cli("parse", str(broken), *AS_OF)
    assert proc.returncode == 0
    assert len(jsonl(proc.stdout)) == 15           # still only JSON on stdout
    assert stderr_lines(proc) and all("skipped" in line for line in stderr_lines(proc))


def test_warnings_past_twenty_are_counted_by_kind(cli, tmp_path):
    broken = tmp_path / "profile.txt"
    broken.write_text(PROFILE.read_text(encoding="utf-8") + "\nLGMay 3\n" * 30, encoding="utf-8")
    proc = cli("parse", str(broken), *AS_OF)
    assert proc.returncode == 0 and len(jsonl(proc.stdout)) == 15
    lines = stderr_lines(proc)
    assert len(lines) == 21 and all(": skipped: " in line for line in lines[:20])
    assert lines[-1] == ("papertrack: 30 blocks skipped: 30 'paper head line with no title after it'; "
                         "--verbose shows all")
    every = stderr_lines(cli("parse", str(broken), *AS_OF, "--verbose"))
    assert len(every) == 30 and all(": skipped: " in line for line in every)
    assert cli("parse", str(broken), *AS_OF, "--strict").returncode == 1


# ---------------------------------------------------------------- --source

def test_source_forces_a_layout_detection_misses(cli, tmp_path):
    """A profile copy whose head lines lost their category codes is not detected, but
    --source profile reads it."""
    text = PROFILE.read_text(encoding="utf-8")
    stripped = re.sub(r"^(?:\d+(?:\.\d+)?)?[A-Za-z.\-]*?(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d)",
                      "", text, flags=re.MULTILINE)
    assert stripped != text
    dump = tmp_path / "no-codes.txt"
    dump.write_text(stripped, encoding="utf-8")

    detected = cli("parse", str(dump), *AS_OF)
    assert detected.returncode == 1
    assert "--source" in detected.stderr.decode()

    forced = cli("parse", str(dump), "--source", "profile", *AS_OF)
    assert forced.returncode == 0, forced.stderr
    records = jsonl(forced.stdout)
    assert len(records) == 15
    assert all(r["category"] is None and r["date"] for r in records)
    assert all(r["source"]["format"] == "profile" for r in records)


def test_source_naming_the_wrong_layout_finds_nothing(cli):
    proc = cli("parse", str(TRAILING), "--source", "profile", *AS_OF)
    assert proc.returncode == 1
    assert proc.stdout == b""
    (line,) = stderr_lines(proc)
    assert str(TRAILING) in line and "profile" in line


def test_unknown_source_is_a_usage_error(cli):
    proc = cli("parse", str(PROFILE), "--source", "no-such-layout")
    assert proc.returncode == 2
    assert proc.stdout == b""
    (line,) = stderr_lines(proc)
    assert "no-such-layout" in line
    assert all(name in line for name in sources.names())


# ---------------------------------------------------------------- --as-of

def test_as_of_resolves_yearless_dates(cli):
    # "LGMay 31" heads the profile's first paper; "CLSep 17, 2024" has its year.
    late = jsonl(cli("parse", str(PROFILE), "--as-of", "2026-11-23").stdout)
    early = jsonl(cli("parse", str(PROFILE), "--as-of", "2026-05-30").stdout)
    assert late[0]["date"] == "2026-05-31"
    assert early[0]["date"] == "2025-05-31"
    assert late[1]["date"] == early[1]["date"] == "2024-09-17"


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "23/11/2026", ""])
def test_bad_as_of_is_a_usage_error(cli, bad):
    proc = cli("parse", str(PROFILE), "--as-of", bad)
    assert proc.returncode == 2
    assert proc.stdout == b""
    (line,) = stderr_lines(proc)
    assert "--as-of" in line and "YYYY-MM-DD" in line


# ---------------------------------------------------------------- --strict

def test_strict_turns_a_skipped_block_into_exit_1(cli, tmp_path):
    dump = tmp_path / "profile.txt"
    # A head line with nothing under it at the end of the page: one skipped block.
    dump.write_text(PROFILE.read_text(encoding="utf-8") + "\nLGMay 3\n", encoding="utf-8")
    lax = cli("parse", str(dump), *AS_OF)
    strict = cli("parse", str(dump), "--strict", *AS_OF)
    assert lax.returncode == 0
    assert strict.returncode == 1
    assert lax.stdout == strict.stdout and len(jsonl(strict.stdout)) == 15
    (line,) = stderr_lines(strict)
    n = len(dump.read_text(encoding="utf-8").splitlines())
    assert line.startswith(f"{dump}:{n}: skipped: ")


def test_strict_on_a_clean_dump_exits_0(cli):
    proc = cli("parse", str(PROFILE), "--strict", *AS_OF)
    assert proc.returncode == 0 and proc.stderr == b""


# ---------------------------------------------------------------- help and sources

def command_paths(group, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every command and sub-command (`fetch arxiv`), so new ones are checked too."""
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append(" ".join(prefix + (name,)))
        if hasattr(command, "commands"):
            paths += command_paths(command, prefix + (name,))
    return paths


ROOT = typer.main.get_command(app)
COMMANDS = command_paths(ROOT)


def test_top_level_help_lists_every_command(cli):
    proc = cli("--help", env={"COLUMNS": "200"})
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert all(name in out for name in ROOT.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_shows_an_example(cli, command):
    proc = cli(*command.split(), "--help", env={"COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    out = " ".join(proc.stdout.decode().split())
    example = re.search(r"Example: (papertrack [^╭│]*)", out)
    assert example, f"no 'Example: papertrack {command} ...' in: {out[:300]}"
    assert re.search(rf"\bpapertrack {re.escape(command)}\b", example[1]), example[1]


def test_help_shows_the_defaults_it_documents(cli):
    out = " ".join(cli("parse", "--help", env={"COLUMNS": "200"}).stdout.decode().split())
    assert "default: table on a terminal, else jsonl" in out
    assert "default: today" in out


def test_sources_lists_every_registered_name(cli):
    proc = cli("sources")
    assert proc.returncode == 0
    listed = [line.split()[0] for line in proc.stdout.decode().splitlines()
              if line.strip() and not line.startswith(" ")]
    assert listed == sources.names()
    assert len(listed) == len(set(listed))


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path):
    """`papertrack parse big.txt | head -1`: no traceback, no "bad input" exit code."""
    import os
    import signal
    import subprocess
    import sys as _sys

    from .conftest import SRC

    dump = tmp_path / "big.txt"
    dump.write_bytes((PARSE_FIXTURES / "hf-daily/daily-papers.txt").read_bytes() * 40)
    proc = subprocess.Popen([_sys.executable, "-m", "papertrack", "parse", str(dump), "--as-of", "2026-11-23"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": SRC})
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert err == b""
    assert proc.returncode in (0, -signal.SIGPIPE)
