"""Where `papertrack parse` of one text layout spends its time, before and after: cProfile of the
same dump (bench_layouts' 50 MB repeat of the layout's fixture) parsed to JSONL by an earlier
revision (a temporary git worktree) and by this work tree, the functions with the most time of
their own side by side. Run it with the project's interpreter:
`.venv/bin/python benchmarks/profile_layout.py [--layout profile] [--before REV] [--write]`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench_layouts import LAYOUTS, make_dump
from bench_parse import machine, revision
from benchlib import REPORT, write_section

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "parse"
START, END = "<!-- bench:profile-layout:start -->", "<!-- bench:profile-layout:end -->"
# The revision before the work on the profile layout's hot path (the JSON writer and the cached
# per-word name test came right after it).
BEFORE = "77d773f"
TOP = 12

# Runs in a child whose sys.path starts at the tree measured: cProfile of the command's main(),
# the rows as tab-separated lines (own seconds, cumulative seconds, calls, function), total first.
_PROFILE = r"""
import cProfile, os, pstats, sys
dump, layout = sys.argv[1], sys.argv[2]
sys.argv = ["papertrack", "parse", dump, "--source", layout, "--format", "jsonl", "--as-of", "2026-11-23"]
sys.stdout = open(os.devnull, "w")
from papertrack.cli import main
profile = cProfile.Profile()
profile.enable()
try:
    main()
except SystemExit:
    pass
profile.disable()
stats = pstats.Stats(profile)
out = sys.__stdout__
out.write(f"{stats.total_tt:.3f}\n")
root = os.environ["PROFILED_ROOT"]
for (path, line, name), (_, calls, own, cumulative, _) in sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:40]:
    where = path.replace(root, "").lstrip("/") if path.startswith(root) else path.rsplit("/", 1)[-1]
    out.write(f"{own:.3f}\t{cumulative:.3f}\t{calls}\t{where}:{line}({name})\n")
"""


def profile(tree: Path, dump: Path, layout: str) -> tuple[float, list[tuple[float, float, int, str]]]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "PROFILED_ROOT": str(tree / "src")}
    out = subprocess.run([sys.executable, "-c", _PROFILE, str(dump), layout], env=env, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    rows = []
    for line in out[1:]:
        own, cumulative, calls, where = line.split("\t")
        rows.append((float(own), float(cumulative), int(calls), where))
    return float(out[0]), rows


def table(total: float, rows: list[tuple[float, float, int, str]]) -> list[str]:
    lines = ["| function | own time | share | cumulative | calls |", "|---|---:|---:|---:|---:|"]
    for own, cumulative, calls, where in rows[:TOP]:
        lines.append(f"| `{where}` | {own:.2f} s | {100 * own / total:.0f}% | {cumulative:.2f} s | {calls:,} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", default="profile", choices=[name for name, _, _ in LAYOUTS])
    parser.add_argument("--before", default=BEFORE, help="the earlier revision (default %(default)s)")
    parser.add_argument("--write", action="store_true", help=f"rewrite this script's section of {REPORT.name}")
    args = parser.parse_args()
    fixture = next(FIXTURES / path for name, path, _ in LAYOUTS if name == args.layout)
    dump, repeats = make_dump(args.layout, fixture, 50)
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), args.before], check=True)
        try:
            before = profile(old, dump, args.layout)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=True)
    after = profile(ROOT, dump, args.layout)
    now = revision()
    text = "\n".join([
        START,
        f"## Parse profile of the {args.layout} layout, before and after",
        "",
        f"Measured {date.today().isoformat()} on {machine()}.",
        "",
        f"cProfile of `papertrack parse DUMP --source {args.layout} --format jsonl > /dev/null`, the dump being "
        f"`{fixture.relative_to(ROOT)}` repeated {repeats} times ({dump.stat().st_size / 1e6:.1f} MB); the "
        f"functions with the most time of their own. Profiled time is several times the real time; "
        f"compare the shares and the totals of the two runs.",
        "",
        f"Before, at `{args.before}`: {before[0]:.2f} s profiled in all.",
        "",
        *table(*before),
        "",
        f"After, at `{now}`: {after[0]:.2f} s profiled in all ({after[0] / before[0]:.2f}x the time before).",
        "",
        *table(*after),
        "",
        f"Reproduce from the repository root: `.venv/bin/python benchmarks/profile_layout.py --layout {args.layout} "
        f"--before {args.before} --write` (drop `--write` to only print; about a minute).",
        END,
    ])
    print(text)
    if args.write:
        write_section(START, END, text)
        print(f"wrote the profile section of {REPORT}")


if __name__ == "__main__":
    main()
