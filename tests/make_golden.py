"""Golden output: the exact bytes `papertrack parse` and `papertrack dedup` write for every
fixture, kept in tests/fixtures/golden/ and compared byte for byte by tests/test_golden_output.py.

The cases: every output format on each of the five seed dumps, and on `dedup` of the five
together; JSONL of every other parse fixture, of the hostile inputs and of the dedup fixture.
Each case runs the CLI as a user does (`python -m papertrack`, a subprocess), with everything
that could vary pinned: the working folder is tests/fixtures/ and inputs are named relative to
it (records carry the path they were given), `--as-of` is the fixtures' day, the Atom feed's
time comes from SOURCE_DATE_EPOCH, the table's width from COLUMNS, and stdout is UTF-8.

Regenerate after an intended change of output, from the repository root, and review the diff:

    .venv/bin/python tests/make_golden.py          # rewrite tests/fixtures/golden/ (stale files removed)
    .venv/bin/python tests/make_golden.py --check  # only compare; exit 1 listing what differs
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
GOLDEN = FIXTURES / "golden"
SRC = str(TESTS.parent / "src")
AS_OF = "2026-11-23"  # conftest.AS_OF: the day the seed dumps were copied

# Every format `--format` takes (export.WRITERS), spelled here so that a new writer is a
# deliberate addition to the golden files; test_golden_output checks the two lists agree.
FORMATS = ("jsonl", "json", "csv", "tsv", "bibtex", "biblatex", "csl-json", "ris", "atom", "markdown", "table")
# The seed dumps (tests/test_dedup.py's SEEDS), relative to tests/fixtures/.
SEEDS = ("parse/profile/hanyang-zhao.txt", "parse/profile/david-d-yao.txt", "parse/profile/glued-lines.txt",
         "parse/hf-daily/daily-papers.txt", "parse/arxiv-trailing-ids/trailing-ids.txt")
# Cases that do not exit 0, with the status they earn; every other case must exit 0.
STATUS = {"parse.hostile.unrecognized.txt.jsonl": 1}

# Pinned for every run; the variables below are removed, since they change what rich draws.
ENV = {"SOURCE_DATE_EPOCH": "1795392000", "COLUMNS": "100", "LINES": "40", "PYTHONIOENCODING": "utf-8",
       "PYTHONPATH": SRC}
UNSET = ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES",
         "PAPERTRACK_DEBUG", "PAPERTRACK_DB", "PAPERTRACK_CONFIG")


@dataclass(frozen=True)
class Case:
    command: str              # parse or dedup
    inputs: tuple[str, ...]   # relative to tests/fixtures/
    fmt: str

    @property
    def name(self) -> str:
        """The golden file's name: `parse.profile.glued-lines.txt.csv`, `dedup.seeds.bibtex`."""
        if self.inputs == SEEDS:
            what = "seeds"
        else:
            [path] = self.inputs
            what = ".".join(Path(path).parts[-2:]) if path.startswith("parse/") else path.replace("/", ".")
        return f"{self.command}.{what}.{self.fmt}"

    @property
    def path(self) -> Path:
        return GOLDEN / self.name

    @property
    def status(self) -> int:
        return STATUS.get(self.name, 0)

    def argv(self) -> list[str]:
        return [sys.executable, "-m", "papertrack", self.command, *self.inputs, "--format", self.fmt,
                "--as-of", AS_OF]


def parse_inputs() -> list[str]:
    """Every input of tests/fixtures/parse/<layout>/ (not the expected records), relative."""
    return sorted(str(p.relative_to(FIXTURES)) for p in (FIXTURES / "parse").glob("*/*")
                  if p.is_file() and not p.name.endswith(".expected.jsonl"))


def cases() -> list[Case]:
    out = [Case("parse", (seed,), fmt) for seed in SEEDS for fmt in FORMATS]
    out += [Case("dedup", SEEDS, fmt) for fmt in FORMATS]
    out += [Case("parse", (path,), "jsonl") for path in parse_inputs() if path not in SEEDS]
    out += [Case("parse", (str(p.relative_to(FIXTURES)),), "jsonl") for p in sorted((FIXTURES / "hostile").iterdir())]
    out += [Case(command, ("dedup/same-id-clash.jsonl",), "jsonl") for command in ("parse", "dedup")]
    return out


def run(case: Case) -> subprocess.CompletedProcess:
    """The case's command as a user runs it, stdout and stderr captured as bytes."""
    env = {k: v for k, v in os.environ.items() if k not in UNSET} | ENV
    return subprocess.run(case.argv(), cwd=FIXTURES, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=120)


def output(case: Case) -> bytes:
    """The case's stdout; a run that ends with another status than the case's is an error."""
    proc = run(case)
    if proc.returncode != case.status:
        raise RuntimeError(f"{case.name}: exit {proc.returncode}, expected {case.status}:\n"
                           f"{proc.stderr.decode('utf-8', 'replace')[-2000:]}")
    return proc.stdout


def main(argv: list[str]) -> int:
    check = "--check" in argv
    all_cases = cases()
    differ = []
    for case in all_cases:
        got = output(case)
        if case.path.exists() and case.path.read_bytes() == got:
            continue
        differ.append(case.name)
        if not check:
            GOLDEN.mkdir(exist_ok=True)
            case.path.write_bytes(got)
    names = {case.name for case in all_cases}
    stale = sorted(p.name for p in GOLDEN.iterdir() if p.name not in names) if GOLDEN.exists() else []
    for name in stale:
        if not check:
            (GOLDEN / name).unlink()
    verb = "differ" if check else "written"
    print(f"{len(all_cases)} cases; {len(differ)} {verb}: {', '.join(differ) or '-'}; "
          f"{len(stale)} stale{' (removed)' if stale and not check else ''}: {', '.join(stale) or '-'}")
    return 1 if check and (differ or stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
