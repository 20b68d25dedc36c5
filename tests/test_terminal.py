"""The terminal experience, under real pseudo-terminals (tests/terminal.py): the table's layout
rules at 100, 80 and 60 columns, ids that `show` takes, colours (NO_COLOR, FORCE_COLOR),
progress on a terminal and never in a pipe, and stdout that is the same bytes either way."""

from __future__ import annotations

import json
import shutil

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from papertrack.cli import app, register_commands
from papertrack.library import Library
from papertrack.model import Paper

from .conftest import PARSE_FIXTURES, fixture_inputs, run_cli
from .terminal import run_in_terminal

register_commands([])  # the library commands, for `show` in this process

AS_OF = ["--as-of", "2026-11-23"]
QUICK_START = PARSE_FIXTURES / "profile/hanyang-zhao.txt"  # the README's quick start parses it
DAILY = PARSE_FIXTURES / "hf-daily/daily-papers.txt"
LISTING = PARSE_FIXTURES / "arxiv-listing/new-cs-lg.txt"


def papers_of(path) -> list[Paper]:
    proc = run_cli("parse", str(path), *AS_OF, "--format", "jsonl")
    return [Paper.from_dict(json.loads(line)) for line in proc.stdout.splitlines()]


def rows(screen: list[str]) -> tuple[list[str], list[list[str]]]:
    """The header lines, and the lines of each paper (a paper starts at a line that does not
    start with a space)."""
    header = screen[:2] if screen and screen[0].startswith("id ") else []
    papers: list[list[str]] = []
    for line in screen[len(header):]:
        if line.startswith(" "):
            papers[-1].append(line)
        else:
            papers.append([line])
    return header, papers


def columns_of(header: list[str]) -> list[tuple[str, int, int]]:
    """(name, first, last cell) of each column, read off the rule under the header."""
    spans, start = [], None
    rule = header[1] + " "
    for i, ch in enumerate(rule):
        if ch == "─" and start is None:
            start = i
        elif ch != "─" and start is not None:
            spans.append((header[0][start:i].strip(), start, i))
            start = None
    return spans


def check_layout(screen: list[str], papers: list[Paper], columns: int, max_lines: int = 2) -> list[str]:
    """The layout rules; returns the ids shown, in order."""
    assert all(cell_len(line) <= columns for line in screen), [line for line in screen if cell_len(line) > columns]
    header, shown = rows(screen)
    assert len(shown) == len(papers)
    assert max(len(lines) for lines in shown) <= max_lines, max(shown, key=len)
    ids = [lines[0].split()[0] for lines in shown]
    assert ids == [p.short_id for p in papers]  # an id on every row, the one `show` takes
    for lines, paper in zip(shown, papers):  # the title is there, not squeezed away
        assert (paper.title or "")[:16].split()[0] in " ".join(lines)
    if header:
        for name, first, last in columns_of(header):  # no column empty on every row
            assert any(line[first:last].strip() for lines in shown for line in lines), name
    else:  # at most two lines a paper: the second, when there, says something
        assert all(line.strip() for lines in shown for line in lines)
    return ids


@pytest.mark.parametrize("columns", [100, 80, 60])
def test_the_quick_start_table_at_each_width(columns):
    run = run_in_terminal("parse", str(QUICK_START), *AS_OF, columns=columns)
    assert run.returncode == 0 and run.stderr == b""
    screen = run.screen()
    check_layout(screen, papers_of(QUICK_START), columns)
    table = screen[0].startswith("id ")
    assert table == (columns >= 100)  # the title needs room: two lines a paper below that
    if table:
        assert screen[0].split() == ["id", "date", "cat", "title", "authors", "code"]  # no empty arXiv column


@pytest.mark.parametrize("columns", [100, 80, 60])
@pytest.mark.parametrize("dump", [DAILY, LISTING], ids=lambda p: p.parent.name)
def test_other_listings_follow_the_same_rules(dump, columns):
    run = run_in_terminal("parse", str(dump), *AS_OF, columns=columns)
    assert run.returncode == 0
    check_layout(run.screen(), papers_of(dump), columns)


def test_a_daily_papers_table_shows_upvotes_and_no_empty_category():
    run = run_in_terminal("parse", str(DAILY), *AS_OF, columns=120)
    header = run.screen()[0].split()
    assert "votes" in header and "cat" not in header


def test_every_id_in_a_library_table_is_one_show_takes(tmp_path, monkeypatch):
    env = {"PAPERTRACK_DB": str(tmp_path / "library.db")}
    assert run_cli("add", str(QUICK_START), str(DAILY), str(LISTING), *AS_OF, env=env).returncode == 0
    run = run_in_terminal("list", columns=100, env=env)
    _, shown = rows(run.screen())
    ids = [lines[0].split()[0] for lines in shown]
    listed = [json.loads(line) for line in run_cli("list", "-f", "jsonl", env=env).stdout.splitlines()]
    assert len(ids) == len(listed) > 80
    assert any(i.startswith("t:") for i in ids) and any(i[0].isdigit() for i in ids)
    monkeypatch.setenv("PAPERTRACK_DB", env["PAPERTRACK_DB"])
    for row_id, record in zip(ids, listed):  # in this process: 84 commands
        got = CliRunner().invoke(app, ["show", row_id, "-f", "jsonl"])
        assert got.exit_code == 0, got.stderr
        assert [json.loads(line)["id"] for line in got.stdout.splitlines()] == [record["id"]]


def test_colours_follow_the_terminal_no_color_and_force_color():
    cyan = b"\x1b[36m"
    assert cyan in run_in_terminal("parse", str(QUICK_START), *AS_OF).stdout
    no_color = run_in_terminal("parse", str(QUICK_START), *AS_OF, env={"NO_COLOR": "1"}).stdout
    assert b"\x1b[3" not in no_color and b"\x1b[1m" in no_color  # bold, never a colour
    piped = run_cli("parse", str(QUICK_START), *AS_OF, "-f", "table", env={"COLUMNS": "100"})
    assert b"\x1b[" not in piped.stdout
    forced = run_cli("parse", str(QUICK_START), *AS_OF, "-f", "table", env={"COLUMNS": "100", "FORCE_COLOR": "1"})
    assert cyan in forced.stdout
    assert forced.stdout.replace(cyan, b"").count(b"\n") == piped.stdout.count(b"\n")


def test_nothing_found_is_a_hint_not_an_empty_table(tmp_path):
    env = {"PAPERTRACK_DB": str(tmp_path / "library.db")}
    missing = run_in_terminal("list", env=env)
    assert missing.returncode == 1 and missing.stdout == b""
    assert b"library.db: no library here; add papers with `papertrack add` first" in missing.stderr
    Library(tmp_path / "library.db").close()  # a library with nothing in it yet
    empty = run_in_terminal("list", env=env)
    assert empty.stdout == b"" and b"is empty; add papers with `papertrack add FILE`" in empty.stderr
    assert run_cli("add", str(QUICK_START), *AS_OF, env=env).returncode == 0
    nothing = run_in_terminal("search", "nonexistentword", env=env)
    assert nothing.stdout == b"" and b"no papers match 'nonexistentword' in the library of 15" in nothing.stderr


def many_inputs(tmp_path, copies: int) -> list[str]:
    """Copies of three dumps under other names: an `add` that takes a few seconds."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    paths = []
    for i in range(copies):
        for dump in (QUICK_START, DAILY, LISTING):
            paths.append(str(shutil.copy(dump, folder / f"{i}-{dump.name}")))
    return paths


def test_progress_on_a_terminal_for_a_long_add_and_never_in_a_pipe(tmp_path):
    inputs = many_inputs(tmp_path, 25)
    on_terminal = run_in_terminal("add", *inputs, *AS_OF, stdout_tty=False,
                                  env={"PAPERTRACK_DB": str(tmp_path / "a.db")})
    assert on_terminal.returncode == 0 and on_terminal.stdout == b""
    assert b"\x1b[?25l" in on_terminal.stderr  # a live line was drawn ...
    assert b" records" in on_terminal.stderr and b"reading " in on_terminal.stderr
    assert on_terminal.screen("stderr")[-1].startswith("added ")  # ... and gone, the counts stay
    piped = run_cli("add", *inputs, *AS_OF, env={"PAPERTRACK_DB": str(tmp_path / "b.db")})
    assert piped.returncode == 0
    assert piped.stderr.decode().splitlines() == [f"added {on_terminal.screen('stderr')[-1][6:].split(' in ')[0]}"
                                                  f" in {tmp_path / 'b.db'}"]
    quiet = run_in_terminal("add", *inputs, *AS_OF, "-q", stdout_tty=False,
                            env={"PAPERTRACK_DB": str(tmp_path / "c.db")})
    assert quiet.returncode == 0 and quiet.stderr == b""


@pytest.mark.parametrize("command", ["parse", "dedup"])
def test_jsonl_on_stdout_is_the_same_bytes_with_and_without_a_terminal(tmp_path, command):
    inputs = [str(p) for p in fixture_inputs("profile", "hf-daily", "arxiv-listing", "arxiv-atom")]
    inputs += many_inputs(tmp_path, 20)  # long enough for a progress line on the terminal
    args = (command, *inputs, *AS_OF, "--format", "jsonl")
    piped = run_cli(*args)
    both = run_in_terminal(*args, raw=True)
    stderr_only = run_in_terminal(*args, stdout_tty=False)
    assert piped.stdout and piped.returncode == both.returncode == stderr_only.returncode
    assert both.stdout == piped.stdout
    assert stderr_only.stdout == piped.stdout
