"""Parse throughput per text layout: `papertrack parse --format jsonl` and `--format csv` of a
dump of about 50 MB made by repeating one fixture of each layout, against the bare line scan
(read, split into lines, collapse each line's whitespace) of the same dump, in the same run.

Every figure is a fresh child (stdout to /dev/null), CPU time (user + system, os.wait4), best of
3; the runs of the commands compared alternate so load from others falls on each alike. The
record count of each dump is checked first, so the timed command does the real work. Run it with
the project's interpreter: `.venv/bin/python benchmarks/bench_layouts.py [--write] [--mb N]`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path

from bench_library import Figure, table
from bench_parse import BARE_PASS, DATA, compile_bytecode, interleaved, machine, papertrack_command, revision
from benchlib import REPORT, write_section

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "parse"
START, END = "<!-- bench:layouts:start -->", "<!-- bench:layouts:end -->"
AS_OF = "2026-11-23"
MB = 1_000_000
RUNS = 3
# (layout, fixture, target ratio to the bare scan): arXiv listings carry about six times more
# papers per byte than the prose-heavy layouts, hence their lower bar.
LAYOUTS = (
    ("profile", "profile/hanyang-zhao.txt", 0.3),
    ("hf-daily", "hf-daily/daily-papers.txt", 0.3),
    ("arxiv-trailing-ids", "arxiv-trailing-ids/trailing-ids.txt", 0.3),
    ("arxiv-listing", "arxiv-listing/new-cs-lg.txt", 0.1),
)
CSV_WITHIN = 1.10  # csv may cost at most 10% more than jsonl



def make_dump(layout: str, fixture: Path, megabytes: float) -> tuple[Path, int]:
    """The fixture repeated to about `megabytes` MB; rebuilt only when missing or stale."""
    seed = fixture.read_bytes()
    repeats = max(1, round(megabytes * MB / len(seed)))
    path = DATA / f"layout-{layout}.x{repeats}.txt"
    if not path.exists() or path.stat().st_size != len(seed) * repeats:
        DATA.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            for _ in range(repeats):
                f.write(seed)
    return path, repeats


def records_in(cmd: list[str], dump: Path, layout: str) -> int:
    out = subprocess.run(cmd + ["parse", str(dump), "--format", "jsonl", "--as-of", AS_OF, "--source", layout],
                         capture_output=True, check=True).stdout
    return out.count(b"\n")


def measure(megabytes: float, runs: int) -> tuple[list[Figure], list[str]]:
    compile_bytecode()
    cmd = papertrack_command()
    figures, notes = [], []
    for layout, name, target in LAYOUTS:
        fixture = FIXTURES / name
        dump, repeats = make_dump(layout, fixture, megabytes)
        expected = sum(1 for line in fixture.with_name(fixture.stem + ".expected.jsonl").open() if line.strip())
        got = records_in(cmd, dump, layout)
        if got != expected * repeats:
            sys.exit(f"bench_layouts: {dump.name} gave {got} records, not {expected} x {repeats}")
        base = cmd + ["parse", str(dump), "--as-of", AS_OF, "--source", layout, "--format"]
        results = interleaved({"bare": [sys.executable, "-c", BARE_PASS, str(dump)],
                               "jsonl": base + ["jsonl"], "csv": base + ["csv"]}, runs)
        best = {k: min(r.cpu_seconds for r in v) for k, v in results.items()}
        size = dump.stat().st_size / MB
        ratio, csv_cost = best["bare"] / best["jsonl"], best["csv"] / best["jsonl"]
        figures.append(Figure(f"{layout}: jsonl", f"{size / best['jsonl']:.1f} MB/s vs bare scan "
                              f"{size / best['bare']:.0f} MB/s = {ratio:.2f}x; "
                              f"{got / best['jsonl'] / 1000:.1f}k records/s",
                              f">= {target:g}x", ratio >= target))
        figures.append(Figure(f"{layout}: csv / jsonl", f"{csv_cost:.2f}x", f"<= {CSV_WITHIN:.2f}x",
                              csv_cost <= CSV_WITHIN))
        notes.append(f"{layout}: `{fixture.relative_to(ROOT)}` repeated {repeats} times ({size:.1f} MB, "
                     f"{got:,} records).")
    notes.append(f"CPU time (user + system) of each child, best of {runs}; ratios are bare-scan time over "
                 "papertrack's, so higher is faster. papertrack ran as `papertrack parse DUMP --source LAYOUT "
                 "--format jsonl|csv > /dev/null`, byte-compiled as an install leaves it.")
    return figures, notes


def section(figures: list[Figure], notes: list[str], where: str) -> str:
    return "\n".join([
        START, "## Parse, per layout", "",
        f"Measured {date.today().isoformat()} at revision `{revision()}` on {where}.", "",
        table(figures), "", *(f"- {n}" for n in notes), "",
        "Reproduce from the repository root: `.venv/bin/python benchmarks/bench_layouts.py --write` "
        "(drop `--write` to only print; about five minutes).",
        END,
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite the per-layout section of {REPORT.name}")
    parser.add_argument("--mb", type=float, default=50.0, help="size of each dump in MB (default 50)")
    parser.add_argument("--runs", type=int, default=RUNS)
    options = parser.parse_args()
    where = machine()
    figures, notes = measure(options.mb, options.runs)
    print(f"{where}\n\n{table(figures)}")
    for note in notes:
        print(f"- {note}")
    if options.write:
        write_section(START, END, section(figures, notes, where))
        print(f"\nwrote the per-layout section of {REPORT}")
    if any(f.passed is False for f in figures):
        sys.exit(1)


if __name__ == "__main__":
    main()
