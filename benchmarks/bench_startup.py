"""Start-up benchmark: how long the data commands take on a small input, and `papertrack --help`,
each against `python -c "import typer"` (the CLI framework alone), median of 15 runs each.

Every run is a fresh child with stdout to /dev/null; runs of the commands compared alternate,
so load from others on the shared machine falls on each alike. Run it with the project's
interpreter: `.venv/bin/python benchmarks/bench_startup.py [--write] [--runs N]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench_parse import compile_bytecode, machine, papertrack_command, revision  # benchmarks/ is sys.path[0]
from benchlib import REPORT, measure_child, write_section

ROOT = Path(__file__).resolve().parent.parent
SMALL_TEXT = ROOT / "tests" / "fixtures" / "parse" / "profile" / "glued-lines.txt"
SMALL_RECORDS = ROOT / "tests" / "fixtures" / "parse" / "records" / "parse-output.jsonl"
START, END = "<!-- bench:startup:start -->", "<!-- bench:startup:end -->"
REPRODUCE = ".venv/bin/python benchmarks/bench_startup.py --write"
AS_OF = "2026-11-23"
RUNS = 15
BASELINE = "import typer"

# name -> (arguments after `papertrack`, target ratio to the baseline or None for a figure shown without one)
COMMANDS: dict[str, tuple[list[str], float | None]] = {
    "parse, jsonl": (["parse", str(SMALL_TEXT), "--format", "jsonl", "--as-of", AS_OF], 1.3),
    "parse, csv": (["parse", str(SMALL_TEXT), "--format", "csv", "--as-of", AS_OF], None),
    "parse, bibtex": (["parse", str(SMALL_TEXT), "--format", "bibtex", "--as-of", AS_OF], None),
    "dedup, jsonl": (["dedup", str(SMALL_RECORDS), "--format", "jsonl", "--as-of", AS_OF], None),
    "--help": (["--help"], 2.0),
}


@dataclass
class Figure:
    name: str
    value: str
    target: str
    passed: bool | None  # None: shown without a target


def measure(runs: int) -> tuple[list[Figure], list[str]]:
    compile_bytecode()
    cmd = papertrack_command()
    argvs = {"typer": [sys.executable, "-c", BASELINE]}
    argvs |= {name: cmd + args for name, (args, _) in COMMANDS.items()}
    wall: dict[str, list[float]] = {name: [] for name in argvs}
    cpu: dict[str, list[float]] = {name: [] for name in argvs}
    for _ in range(runs):
        for name, argv in argvs.items():
            child = measure_child(argv, who="bench_startup")
            wall[name].append(child.wall)
            cpu[name].append(child.cpu)
    base_wall, base_cpu = statistics.median(wall["typer"]), statistics.median(cpu["typer"])
    figures = [Figure(f"`python -c \"{BASELINE}\"`", f"{base_wall * 1000:.0f} ms", "", None)]
    for name, (args, target) in COMMANDS.items():
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        ratio = w / base_wall
        figures.append(Figure(
            f"`papertrack {' '.join(_short(a) for a in args)}`",
            f"{w * 1000:.0f} ms = {ratio:.2f}x (by CPU time {c / base_cpu:.2f}x)",
            f"<= {target:g}x" if target else "", None if target is None else ratio <= target))
    notes = [
        f"Median of {runs} runs of each command, in turn; the small inputs are "
        f"`{SMALL_TEXT.relative_to(ROOT)}` ({SMALL_TEXT.stat().st_size:,} bytes, a text paste) and "
        f"`{SMALL_RECORDS.relative_to(ROOT)}` ({SMALL_RECORDS.stat().st_size:,} bytes of JSON Lines records).",
        f"papertrack ran as `{Path(cmd[0]).name if len(cmd) == 1 else 'python -m papertrack'} ...` "
        "with stdout to /dev/null; ratios are to the median wall time of the baseline, and the CPU-time "
        "ratio (user + system of the child) is shown beside it because it moves less under load.",
        "What a data command imports is held by tests/test_startup_imports.py: none of rich, httpx, "
        "lxml, bs4, sqlite3 (nor rapidfuzz for parse) on a text input.",
    ]
    return figures, notes


def _short(arg: str) -> str:
    """A fixture path as its name relative to the repository."""
    path = Path(arg)
    return str(path.relative_to(ROOT)) if path.is_absolute() and path.is_relative_to(ROOT) else arg


def table(figures: list[Figure]) -> str:
    rows = [("figure", "measured", "target", "result")]
    rows += [(f.name, f.value, f.target or "-", {True: "PASS", False: "FAIL", None: "info"}[f.passed])
             for f in figures]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|---|---|---|---|")
    return "\n".join(lines)


def section(figures: list[Figure], notes: list[str], where: str, runs: int) -> str:
    return "\n".join([
        START, "## Start-up", "",
        f"Measured {date.today().isoformat()} at revision `{revision()}` on {where}.", "",
        table(figures), "", *(f"- {note}" for note in notes), "",
        f"Reproduce from the repository root: `{REPRODUCE}`"
        + (f" --runs {runs}" if runs != RUNS else "") + " (drop `--write` to only print; about 20 seconds).",
        END,
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite the start-up section of {REPORT.name}")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs of each command (default {RUNS})")
    options = parser.parse_args()
    if subprocess.run([sys.executable, "-c", "import papertrack"], capture_output=True).returncode:
        sys.exit(f"bench_startup: papertrack is not importable by {sys.executable}; run it with .venv/bin/python")
    where = machine()
    figures, notes = measure(options.runs)
    print(f"{where}\n")
    print(table(figures))
    for note in notes:
        print(f"- {note}")
    if options.write:
        write_section(START, END, section(figures, notes, where, options.runs))
        print(f"\nwrote the start-up section of {REPORT}")
    if any(f.passed is False for f in figures):
        sys.exit(1)


if __name__ == "__main__":
    main()
