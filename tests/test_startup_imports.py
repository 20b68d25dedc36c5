"""Start-up: a data command imports only what its input and output need. `papertrack parse` of
a text paste to JSONL, CSV or BibTeX and `papertrack dedup` of JSON Lines records run under
`python -X importtime` (a subprocess, as a user runs them); the modules named on its stderr must
include none of the heavy ones: rich (the terminal table, progress and help), httpx (fetch),
lxml and bs4 (markup inputs), sqlite3 (the library), rapidfuzz (dedup's matching, so allowed
for dedup only). Help is click's plain help and loads no rich either. A library query
(show, author, search, list) loads sqlite3 and nothing of fetch, dedup, the terminal or OpenSSL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import DEDUP_FIXTURES, PARSE_FIXTURES, SRC

HEAVY = ("rich", "httpx", "lxml", "bs4", "sqlite3", "_sqlite3", "rapidfuzz")
TEXT = PARSE_FIXTURES / "profile" / "glued-lines.txt"
RECORDS = PARSE_FIXTURES / "records" / "parse-output.jsonl"
HTML = PARSE_FIXTURES / "arxiv-html" / "abs.html"


def imported(*args: str, status: int = 0) -> set[str]:
    """Every module `python -X importtime -m papertrack ARGS` imports; the command must end
    with `status` (and, when that is success, write something)."""
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "papertrack", *args],
                          stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=120)
    lines = proc.stderr.decode("utf-8", "replace").splitlines()
    assert proc.returncode == status, "\n".join(line for line in lines if not line.startswith("import time:"))
    assert proc.stdout or status, "the command wrote nothing"
    # `import time: self [us] | cumulative | <indent>package.module`
    return {line.rsplit("|", 1)[1].strip() for line in lines if line.startswith("import time:") and "|" in line}


def heavy(modules: set[str], allowed: tuple[str, ...] = ()) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY and m.split(".")[0] not in allowed)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "bibtex"])
def test_parse_of_a_text_paste_imports_no_heavy_module(fmt):
    modules = imported("parse", str(TEXT), "--format", fmt, "--as-of", "2026-11-23")
    assert "papertrack.parse.read" in modules  # the list is real: it names what did run
    assert heavy(modules) == []


def test_dedup_of_records_imports_no_heavy_module_but_its_matcher():
    modules = imported("dedup", str(RECORDS), "--format", "jsonl", "--as-of", "2026-11-23")
    assert "papertrack.dedup" in modules
    # rapidfuzz is dedup's fuzzy matcher (papertrack.dedup.match imports it when dedup loads).
    assert heavy(modules, allowed=("rapidfuzz",)) == []


def test_dedup_of_the_dedup_fixture_imports_no_heavy_module_but_its_matcher():
    modules = imported("dedup", str(DEDUP_FIXTURES / "same-id-clash.jsonl"), "--format", "jsonl")
    assert heavy(modules, allowed=("rapidfuzz",)) == []


def test_a_markup_input_loads_its_parser_and_still_no_terminal_or_network_module():
    modules = imported("parse", str(HTML), "--format", "jsonl", "--as-of", "2026-11-23")
    assert "bs4" in modules or "lxml" in modules  # what an HTML page needs, loaded when it is one
    assert heavy(modules, allowed=("lxml", "bs4")) == []


def test_help_is_plain_click_help_and_loads_no_rich():
    # Help is click's plain text (rich_markup_mode=None): typer's rich formatter alone costs
    # more than twice the start-up of typer itself.
    assert heavy(imported("--help")) == []
    for args in (["parse", "--help"], ["author", "--help"]):  # a command's help names the library file
        assert heavy(imported(*args), allowed=("sqlite3", "_sqlite3")) == []


def test_the_pre_test_before_a_case_insensitive_pattern_misses_no_match():
    """lazy_regex.may_contain is False only where the pattern cannot match: every character
    that re.IGNORECASE takes for an ASCII letter is that letter's lower() or one of _ODD_FOLDS."""
    import re
    import string

    from papertrack.lazy_regex import _ODD_FOLDS, may_contain

    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000
           and letter.fullmatch(chr(cp)) and chr(cp).lower() not in string.ascii_lowercase]
    assert sorted(odd) == sorted(_ODD_FOLDS)
    assert may_contain("[1] ARXIV:2511.16012", "arxiv:") and not may_contain("no id here", "arxiv:")
    assert may_contain("arx\u0131v:2511.16012", "arxiv:")  # dotless i: re.IGNORECASE matches it to i
    assert re.match("arxiv:", "arx\u0131v:", re.IGNORECASE)


def test_top_level_help_loads_neither_the_library_nor_the_network():
    modules = imported("--help")
    assert heavy(modules) == []
    assert "papertrack.library" not in modules  # --db's default is named in a command's own help only


@pytest.mark.parametrize("args, status", [(("parse", "--bogus"), 2), (("parse", "/no/such/file.txt"), 1),
                                          (("dedup", "--format", "nope", "x.jsonl"), 2)])
def test_a_usage_or_input_error_is_said_without_rich(args, status):
    """The one-line messages come from cli.main, not typer's rich error panel."""
    assert heavy(imported(*args, status=status)) == []


@pytest.mark.parametrize("command", [["show", "title:DiFFPO: Training Diffusion LLMs to Reason Fast and Furious via Reinforcement Learning"],
                                     ["author", "Hanyang Zhao", "--no-fetch"],
                                     ["search", "diffusion"], ["list", "--limit", "3"]])
def test_a_library_query_loads_the_library_and_nothing_of_fetch_or_the_terminal(tmp_path, command):
    db = tmp_path / "library.db"
    env = {**os.environ, "PYTHONPATH": SRC}
    subprocess.run([sys.executable, "-m", "papertrack", "add", str(TEXT), "--db", str(db), "--quiet"],
                   check=True, env=env, capture_output=True, timeout=120)
    modules = imported(*command, "--db", str(db), "--format", "jsonl")
    assert "sqlite3" in modules
    assert "papertrack.commands.fetch" not in modules and "papertrack.commands.track" not in modules
    assert heavy(modules, allowed=("sqlite3", "_sqlite3")) == []
    assert "_hashlib" not in modules  # OpenSSL's digests (3 ms): match keys need BLAKE2 alone
