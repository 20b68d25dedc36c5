"""`-o/--output FILE` and `--format` on every command that writes records: the file is written
whole or not at all, its name picks the format when --format is not given, and the format name
is taken in any case."""

from __future__ import annotations

import json
import os

import pytest
import typer
from typer.testing import CliRunner

from papertrack.cli import app, register_commands
from papertrack.errors import PapertrackError
from papertrack.export.output import atomic_text_file

from .conftest import PARSE_FIXTURES

register_commands([])
PROFILE = str(PARSE_FIXTURES / "profile/hanyang-zhao.txt")


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_output_file_gets_the_records_and_stdout_stays_empty(tmp_path):
    out = tmp_path / "papers.jsonl"
    result = invoke("parse", PROFILE, "--as-of", "2026-11-23", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 15 and records[0]["title"].startswith("OPD+")
    assert [p.name for p in tmp_path.iterdir()] == ["papers.jsonl"]


@pytest.mark.parametrize("name,first", [("papers.bib", "@"), ("papers.csv", "id,"), ("papers.json", "["),
                                        ("papers.md", "- ")])
def test_the_file_name_picks_the_format(tmp_path, name, first):
    out = tmp_path / name
    assert invoke("parse", PROFILE, "--as-of", "2026-11-23", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith(first)


def test_format_beats_the_file_name_and_is_taken_in_any_case(tmp_path):
    out = tmp_path / "papers.bib"
    assert invoke("parse", PROFILE, "--as-of", "2026-11-23", "-f", "JSONL", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("{")
    assert invoke("parse", PROFILE, "--format", "BibTeX").stdout.startswith("@")


def test_an_unknown_ending_writes_jsonl_not_a_table(tmp_path):
    out = tmp_path / "papers.out"
    assert invoke("parse", PROFILE, "--as-of", "2026-11-23", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("{")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "papers.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text_file(out) as f:
        f.write("half of it")
        raise RuntimeError("the writer failed")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["papers.jsonl"]


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path):
    missing = tmp_path / "no-such-folder" / "papers.jsonl"
    with pytest.raises(PapertrackError, match="cannot write here"), atomic_text_file(missing):
        pass
    result = invoke("parse", PROFILE, "-o", str(missing))
    assert result.exit_code == 1 and "cannot write here" in result.stderr


def test_the_new_file_has_ordinary_permissions(tmp_path):
    out = tmp_path / "papers.jsonl"
    umask = os.umask(0o022)
    try:
        assert invoke("parse", PROFILE, "-o", str(out)).exit_code == 0
    finally:
        os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o644


def record_commands() -> list[tuple[str, typer.models.CommandInfo]]:
    """Every command that takes --format, with its command path."""
    found = []
    groups = [("", app)]
    while groups:
        prefix, group = groups.pop()
        for info in group.registered_commands:
            found.append((f"{prefix}{info.name or info.callback.__name__}", info))
        groups += [(f"{prefix}{g.name} ", g.typer_instance) for g in group.registered_groups]
    return [(name, info) for name, info in found if "fmt" in info.callback.__code__.co_varnames]


def test_every_command_that_writes_records_takes_output_and_format():
    commands = record_commands()
    assert {"parse", "dedup", "list", "show", "search", "author", "export", "new", "track run",
            "fetch arxiv", "fetch hf", "fetch s2", "fetch openalex", "fetch dblp", "fetch url"} <= \
        {name for name, _ in commands}
    for name, info in commands:
        assert "output" in info.callback.__code__.co_varnames, f"{name} has --format but no --output"
