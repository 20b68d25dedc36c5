"""Output bytes do not change by accident: every case of tests/make_golden.py (every format on
each seed dump and on dedup of the seeds, JSONL of every other fixture) is run as a user runs
it (a subprocess, with the day, the feed time, the table width and the paths pinned) and its
stdout compared byte for byte with tests/fixtures/golden/. After an intended change of output,
regenerate with `.venv/bin/python tests/make_golden.py` and review the diff."""

from __future__ import annotations

import pytest

from papertrack.export import FORMATS

from .make_golden import FORMATS as GOLDEN_FORMATS, GOLDEN, Case, cases, run

CASES = cases()


def first_difference(got: bytes, want: bytes) -> str:
    """Where two outputs part: the line number and both versions of that line."""
    got_lines, want_lines = got.splitlines(keepends=True), want.splitlines(keepends=True)
    for n, (g, w) in enumerate(zip(got_lines, want_lines), 1):
        if g != w:
            return f"line {n} differs:\n  got  {g[:300]!r}\n  want {w[:300]!r}"
    return f"{len(got_lines)} lines, golden has {len(want_lines)} (sizes {len(got)} and {len(want)} bytes)"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_output_matches_the_golden_bytes(case: Case):
    assert case.path.exists(), f"no golden file {case.path.name}: run tests/make_golden.py"
    proc = run(case)
    assert proc.returncode == case.status, proc.stderr.decode("utf-8", "replace")[-2000:]
    assert b"internal error" not in proc.stderr
    want = case.path.read_bytes()
    if proc.stdout != want:
        pytest.fail(f"{case.name}: {first_difference(proc.stdout, want)}\n"
                    "(an intended change? regenerate with .venv/bin/python tests/make_golden.py)")


def test_every_format_has_golden_files():
    assert set(GOLDEN_FORMATS) == set(FORMATS)


def test_no_golden_file_without_its_case():
    names = {case.name for case in CASES}
    assert len(names) == len(CASES), "two cases write one golden file"
    stale = sorted(p.name for p in GOLDEN.iterdir() if p.name not in names)
    assert not stale, f"golden files no case writes (run tests/make_golden.py): {stale}"
