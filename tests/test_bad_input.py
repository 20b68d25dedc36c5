"""Bad and hostile input: every problem is one line on stderr naming the file (and line), the
exit code says what happened, and nothing ends in a traceback. Committed cases live in
tests/fixtures/hostile/ (each one has an expectation here); big or random inputs are
generated in tmp_path."""

from __future__ import annotations

import codecs
import json
import random
import re
import time
from pathlib import Path

import pytest

from papertrack.parse import registry as sources
from papertrack.parse.read import read_file

from .conftest import AS_OF, FIXTURES, PARSE_FIXTURES, fixture_inputs

HOSTILE = FIXTURES / "hostile"
ARGS = ("--as-of", AS_OF.isoformat(), "--format", "jsonl")
# The pasted-text layouts this suite hardens, with their golden dumps.
TEXT_DUMPS = fixture_inputs("profile", "hf-daily", "arxiv-trailing-ids")


def run(cli, *args, stdin: bytes | None = None):
    proc = cli("parse", *args, *ARGS, stdin=stdin)
    err = proc.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    return proc, err.splitlines()


def records(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]


def line_of(path: Path, needle: bytes) -> int:
    """1-based line of the first occurrence of `needle` in the file."""
    data = path.read_bytes()
    return data[: data.index(needle)].count(b"\n") + 1


def assert_one_error(lines: list[str], path) -> str:
    assert len(lines) == 1, lines
    assert str(path) in lines[0]
    return lines[0]


# ---------------------------------------------------------------- whole inputs that are bad

def test_missing_file(cli, tmp_path):
    path = tmp_path / "does-not-exist.txt"
    proc, err = run(cli, str(path))
    assert proc.returncode == 1 and proc.stdout == b""
    assert "no such file" in assert_one_error(err, path)


def test_directory(cli, tmp_path):
    proc, err = run(cli, str(tmp_path))
    assert proc.returncode == 1 and proc.stdout == b""
    assert "directory" in assert_one_error(err, tmp_path)


def test_unreadable_file(cli, tmp_path, monkeypatch):
    import builtins
    import os

    from papertrack.errors import InputError
    from papertrack.parse.read import open_input

    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    if not os.access(path, os.R_OK):
        proc, err = run(cli, str(path))
        assert proc.returncode == 1
        assert "cannot read" in assert_one_error(err, path)
    # As root, permissions do not stop reads: the kernel's refusal is simulated instead.
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    with pytest.raises(InputError, match="cannot read \\(Permission denied\\); check its permissions"), \
            open_input(str(path)):
        pass


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\r\n  \n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n \n"],
                         ids=["empty", "whitespace", "bom-only", "bom-whitespace"])
def test_empty_input_is_a_warning(cli, tmp_path, content):
    """Nothing to parse is said once; it fails only under --strict."""
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    proc, err = run(cli, str(path))
    assert proc.returncode == 0 and proc.stdout == b""
    assert "empty" in assert_one_error(err, path)
    strict, err = run(cli, str(path), "--strict")
    assert strict.returncode == 1
    assert_one_error(err, path)


def test_empty_stdin(cli):
    proc, err = run(cli, "-", stdin=b"")
    assert proc.returncode == 0 and proc.stdout == b""
    assert len(err) == 1 and err[0].startswith("-: ")


def check_unrecognized(proc, err, path):
    assert proc.returncode == 1 and proc.stdout == b""
    line = assert_one_error(err, path)
    assert "--source" in line
    assert all(name in line for name in sources.names()), line


def test_random_bytes(cli, tmp_path):
    path = tmp_path / "random.bin"
    path.write_bytes(random.Random(20261123).randbytes(1 << 20))
    proc, err = run(cli, str(path))
    check_unrecognized(proc, err, path)


@pytest.mark.parametrize("name", sources.names())
def test_forcing_any_layout_on_random_bytes_never_crashes(cli, tmp_path, name):
    path = tmp_path / "random.bin"
    path.write_bytes(random.Random(7).randbytes(200_000))
    proc, err = run(cli, str(path), "--source", name)
    assert proc.returncode in (0, 1)
    *warnings, last = err or [""]
    assert all(line.startswith((f"{path}", f"papertrack: {path}")) for line in warnings), err[:3]
    # past 20 warnings, the last line counts them by kind
    assert last.startswith((f"{path}", f"papertrack: {path}")) or \
        (sum(": skipped: " in line for line in warnings) == 20 and re.match(r"papertrack: \d+ blocks skipped: \d+ '", last)), last
    for record in records(proc.stdout):
        assert record["title"] or record["abstract"] or record["arxiv_id"]


def test_twenty_megabyte_single_line(cli, tmp_path):
    """One 20 MB line of prose: rejected from its start, quickly, in one line."""
    path = tmp_path / "one-line.txt"
    words = b"lorem ipsum dolor sit amet consectetur adipiscing elit "
    path.write_bytes(words * (20_000_000 // len(words)))
    started = time.monotonic()
    proc, err = run(cli, str(path))
    assert time.monotonic() - started < 30
    check_unrecognized(proc, err, path)


def test_twenty_megabyte_line_inside_a_good_dump(cli, tmp_path):
    """Only the paper holding the monster line is lost, with its line; the line numbers of
    the papers after it stay right."""
    good = (PARSE_FIXTURES / "profile/hanyang-zhao.txt").read_bytes()
    head = b"LGSep 12, 2024"
    cut = good.index(head)
    monster = b"LGJan 1, 2026\nA Paper With An Absurd Abstract\n\nJane Doe\n\n" + b"spam " * 4_000_000 + b"\n\n"
    path = tmp_path / "monster.txt"
    path.write_bytes(good[:cut] + monster + good[cut:])
    started = time.monotonic()
    proc, err = run(cli, str(path))
    assert time.monotonic() - started < 60
    assert proc.returncode == 0
    got = records(proc.stdout)
    assert len(got) == 15
    assert all(r["title"] != "A Paper With An Absurd Abstract" for r in got)
    first = line_of(path, b"LGJan 1, 2026")
    assert err == [f"{path}:{first}: skipped: line longer than 4 MiB on line {first + 5}"]
    after = next(r for r in got if r["date"] == "2024-09-12")
    assert after["source"]["line"] == line_of(path, head)


def test_unrecognized_text(cli):
    path = HOSTILE / "unrecognized.txt"
    proc, err = run(cli, str(path))
    check_unrecognized(proc, err, path)


# ---------------------------------------------------------------- damage inside one paper

def test_invalid_utf8_loses_only_that_paper(cli):
    path = HOSTILE / "invalid-utf8-in-one-paper.txt"
    proc, err = run(cli, str(path))
    assert proc.returncode == 0
    got = records(proc.stdout)
    assert [r["title"] for r in got] == [
        "Whole-Body Teleoperation of Humanoids from a Single RGB Camera",
        "Safe Reinforcement Learning for Legged Robots with Control Barrier Functions",
    ]
    assert all(r["profile_of"] == ["Grace Okafor"] for r in got)
    head, bad = line_of(path, b"CVSep 2, 2025"), line_of(path, b"\xff\xfe")
    assert err == [f"{path}:{head}: skipped: invalid UTF-8 bytes on line {bad}"]
    strict, _ = run(cli, str(path), "--strict")
    assert strict.returncode == 1 and strict.stdout == proc.stdout


def test_nul_bytes_lose_only_that_paper(cli):
    path = HOSTILE / "nul-in-one-paper.txt"
    proc, err = run(cli, str(path))
    assert proc.returncode == 0
    got = records(proc.stdout)
    assert [(r["title"], r["upvotes"]) for r in got] == [
        ("Graph Transformers Without Positional Encodings", 12),
        ("Tabular Foundation Models Are Strong Few-Shot Learners", 8),
    ]
    assert all("\x00" not in json.dumps(r) for r in got)
    title, bad = line_of(path, b"Compressing KV Caches"), line_of(path, b"\x00")
    assert err == [f"{path}:{title}: skipped: NUL bytes in the text on line {bad}"]


def test_invalid_utf8_on_stdin_names_stdin(cli):
    path = HOSTILE / "invalid-utf8-in-one-paper.txt"
    proc, err = run(cli, "-", stdin=path.read_bytes())
    assert proc.returncode == 0 and len(records(proc.stdout)) == 2
    assert len(err) == 1 and err[0].startswith("-:") and "invalid UTF-8" in err[0]


def test_copy_cut_off_mid_page(cli):
    path = HOSTILE / "truncated-profile.txt"
    proc, err = run(cli, str(path))
    assert proc.returncode == 0
    assert [r["title"] for r in records(proc.stdout)] == [
        "Whole-Body Teleoperation of Humanoids from a Single RGB Camera"]
    last = line_of(path, b"CVSep 2, 2025")
    assert err == [f"{path}:{last}: skipped: paper head line with no title after it"]


def test_page_copied_before_its_papers_loaded(cli):
    """Detected, but nothing in it is a paper: said once, not a silent exit 0."""
    path = HOSTILE / "hf-page-without-papers.txt"
    proc, err = run(cli, str(path))
    assert proc.returncode == 0 and proc.stdout == b""
    line = assert_one_error(err, path)
    assert "no papers found" in line and "--source" in line
    strict, _ = run(cli, str(path), "--strict")
    assert strict.returncode == 1


def test_every_hostile_fixture_has_a_test():
    """tests/fixtures/hostile/ counts as read by the golden suite: make that true."""
    source = Path(__file__).read_text(encoding="utf-8")
    unread = [p.name for p in HOSTILE.iterdir() if f'HOSTILE / "{p.name}"' not in source]
    assert not unread, f"hostile fixtures no test here reads: {unread}"


# ---------------------------------------------------------------- encodings and line ends

def parsed(path: Path) -> list[dict]:
    """Records of a file, in-process, without provenance file names."""
    out = []
    for paper in read_file(str(path), AS_OF, lambda *a: pytest.fail(f"skipped: {a}")):
        d = paper.to_dict()
        d["source"] = {**d["source"], "file": None}
        out.append(d)
    return out


def mixed_line_ends(data: bytes) -> bytes:
    """LF, CRLF and CR in turn; a CR never right before an empty line's LF (that reads as CRLF)."""
    lines = data.split(b"\n")
    out = []
    for i, line in enumerate(lines):
        end = (b"\n", b"\r\n", b"\r")[i % 3]
        if end == b"\r" and i + 1 < len(lines) and not lines[i + 1] and (i + 1) % 3 != 2:
            end = b"\n"
        out.append(line + end)
    return b"".join(out)


VARIANTS = {
    "crlf": lambda b: b.replace(b"\n", b"\r\n"),
    "cr": lambda b: b.replace(b"\n", b"\r"),  # classic Mac OS line ends
    # all three line ends in one file, as pasting from several programs leaves them
    "mixed-line-ends": lambda b: mixed_line_ends(b),
    "bom": lambda b: codecs.BOM_UTF8 + b,
    "bom-crlf": lambda b: codecs.BOM_UTF8 + b.replace(b"\n", b"\r\n"),
    "utf16-le": lambda b: b.decode("utf-8").encode("utf-16"),
    "utf16-be-crlf": lambda b: codecs.BOM_UTF16_BE + b.replace(b"\n", b"\r\n").decode("utf-8").encode("utf-16-be"),
    "blank-lines-first": lambda b: b"\n" * 100_000 + b,   # more than the detection sample
    # no-break spaces where pages put them: in dates, counts, short titles and author lines
    "nbsp-in-short-lines": lambda b: b"\n".join(
        line.replace(b" ", "\u00a0".encode()) if len(line) < 40 else line for line in b.split(b"\n")),
    # a byte-order mark at the start of every line, as `cat` of files saved with one leaves
    "bom-inside": lambda b: b"\n".join(codecs.BOM_UTF8 + line for line in b.split(b"\n")),
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("dump", TEXT_DUMPS, ids=lambda p: p.name)
def test_line_ends_and_encodings_parse_like_lf_utf8(tmp_path, dump, variant):
    want = parsed(dump)
    path = tmp_path / dump.name
    path.write_bytes(VARIANTS[variant](dump.read_bytes()))
    got = parsed(path)
    if variant == "blank-lines-first":
        for record in want:
            record["source"]["line"] += 100_000
    assert got == want


def test_crlf_and_bom_through_the_command(cli, tmp_path):
    dump = PARSE_FIXTURES / "hf-daily/daily-papers.txt"
    path = tmp_path / "windows.txt"
    path.write_bytes(codecs.BOM_UTF8 + dump.read_bytes().replace(b"\n", b"\r\n"))
    proc, err = run(cli, str(path))
    lf, _ = run(cli, str(dump))
    assert proc.returncode == 0 and err == []
    strip = lambda rs: [{k: v for k, v in r.items() if k != "source"} for r in rs]  # noqa: E731
    assert strip(records(proc.stdout)) == strip(records(lf.stdout))
    assert all("\r" not in json.dumps(r) and "\ufeff" not in json.dumps(r) for r in records(proc.stdout))
