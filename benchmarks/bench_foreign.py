"""Foreign-records benchmark: the Kaggle arXiv dump layout's throughput and memory, and what
normalizing other tools' records costs next to a dedup, each against a target.

Every figure is a fresh child process (benchlib.measure_child). Run it with the project's
interpreter: `.venv/bin/python benchmarks/bench_foreign.py [--lines N] [--write]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

import dedup_corpus
import kaggle_corpus
from benchlib import measure_child, write_section  # benchmarks/ is sys.path[0]

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench:foreign:start -->", "<!-- bench:foreign:end -->"
REPRODUCE = ".venv/bin/python benchmarks/bench_foreign.py --write"
AS_OF = "2026-11-23"
MB = 1_000_000
RATE_TARGET, RSS_TARGET, NORMALIZE_TARGET = 0.25, 1.5, 0.10
RUNS = 2

# The floor the layout is held to: read the dump's lines and decode each with json.loads.
BARE_PASS = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        json.loads(line)
"""
# The layout as `parse` runs it (reader, detection, the kaggle-arxiv layout, every record built
# through ParseContext.make), the records consumed and dropped: no output writer.
LAYOUT_PASS = """
import sys
from datetime import date
from papertrack.parse.read import read_file
count = 0
for paper in read_file(sys.argv[1], date.fromisoformat(sys.argv[2]), lambda *skipped: None):
    count += 1
print(count)
"""


def child_normalize(path: str) -> None:
    """CPU time spent in the field rules (`canonical_values`) while the records layout reads
    `path`, and the CPU time of the whole read; printed as JSON."""
    import time

    from papertrack.parse import records
    from papertrack.parse.read import read_file

    spent = [0.0]
    rules = records.canonical_values

    def timed(values):
        started = time.process_time()
        try:
            return rules(values)
        finally:
            spent[0] += time.process_time() - started

    records.canonical_values = timed
    started = time.process_time()
    count = sum(1 for _ in read_file(path, date.fromisoformat(AS_OF), lambda *skipped: None))
    print(json.dumps({"rules": spent[0], "read": time.process_time() - started, "records": count}))


def child_dedup(path: str) -> None:
    import time

    from papertrack.dedup import deduplicate
    from papertrack.parse.read import read_file

    started = time.process_time()
    groups = sum(1 for _ in deduplicate(read_file(path, date.fromisoformat(AS_OF), lambda *skipped: None)))
    print(json.dumps({"cpu": time.process_time() - started, "groups": groups}))


def head_lines(path: Path, lines: int) -> Path:
    small = path.with_name(f"{path.stem}.head{lines}.json")
    if not small.exists():
        with open(path, "rb") as src, open(small, "wb") as out:
            for n, line in enumerate(src):
                if n >= lines:
                    break
                out.write(line)
    return small


def papertrack_command() -> list[str]:
    script = Path(sys.executable).with_name("papertrack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "papertrack"]


def measure(lines: int) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    large = kaggle_corpus.generate(lines)
    small = head_lines(large, lines // 10)
    size = large.stat().st_size / MB
    bare, layout, layout_small = [], [], []
    for _ in range(RUNS):  # alternating, so load from others falls on each alike
        bare.append(measure_child([sys.executable, "-c", BARE_PASS, str(large)], who="bench_foreign"))
        layout.append(measure_child([sys.executable, "-c", LAYOUT_PASS, str(large), AS_OF], capture=True,
                                    who="bench_foreign"))
        layout_small.append(measure_child([sys.executable, "-c", LAYOUT_PASS, str(small), AS_OF], who="bench_foreign"))
    count = int(layout[0].out)
    if count != lines:
        sys.exit(f"bench_foreign: the layout read {count} records of {lines} lines")
    cli = measure_child(papertrack_command() + ["parse", str(large), "--format", "jsonl", "--as-of", AS_OF],
                        who="bench_foreign")
    bare_wall, layout_wall = min(r.wall for r in bare), min(r.wall for r in layout)
    rate, bare_rate = size / layout_wall, size / bare_wall
    cpu_ratio = min(r.cpu for r in bare) / min(r.cpu for r in layout)
    rss_large, rss_small = max(r.max_rss_kb for r in layout), max(r.max_rss_kb for r in layout_small)

    corpus, _ = dedup_corpus.generate(250_000)
    normalized = json.loads(measure_child([sys.executable, __file__, "--child", "normalize", str(corpus)],
                                          capture=True, who="bench_foreign").out)
    dedup = json.loads(measure_child([sys.executable, __file__, "--child", "dedup", str(corpus)],
                                     capture=True, who="bench_foreign").out)
    share = normalized["rules"] / dedup["cpu"]

    rows = [
        (f"kaggle-arxiv layout, {lines:,} lines ({size:,.0f} MB)",
         f"{rate:.1f} MB/s vs json.loads pass {bare_rate:.1f} MB/s = {rate / bare_rate:.2f}x "
         f"(by CPU time {cpu_ratio:.2f}x)", f">= {RATE_TARGET}x", "PASS" if rate / bare_rate >= RATE_TARGET else "FAIL"),
        (f"kaggle-arxiv peak RSS, {lines:,} vs {lines // 10:,} lines",
         f"{rss_large / 1024:.1f} MiB vs {rss_small / 1024:.1f} MiB = {rss_large / rss_small:.2f}x",
         f"<= {RSS_TARGET}x", "PASS" if rss_large / rss_small <= RSS_TARGET else "FAIL"),
        (f"`papertrack parse` of the {lines:,} lines to JSONL", f"{size / cli.wall:.1f} MB/s "
         f"({lines / cli.wall:,.0f} records/s), peak RSS {cli.max_rss_kb / 1024:.1f} MiB", "-", "info"),
        ("normalizing 250k records (`records` layout) vs a dedup of them",
         f"{normalized['rules']:.2f} s CPU in the field rules vs {dedup['cpu']:.1f} s CPU dedup = {share:.1%}",
         f"<= {NORMALIZE_TARGET:.0%}", "PASS" if share <= NORMALIZE_TARGET else "FAIL"),
    ]
    notes = [
        f"Kaggle dump: `benchmarks/kaggle_corpus.py` (seeded; the dump's keys in its order, TeX-accented "
        f"author lines in about a fifth of the lines, RFC 2822 version dates, abstracts of 80-200 words, "
        f"`ensure_ascii` like the real file), {lines:,} lines, {size / lines * MB:,.0f} bytes a line; the "
        f"{lines // 10:,}-line run reads its first lines.",
        "Layout: `papertrack.parse.read.read_file` over the dump in a fresh child (line reader, detection, "
        "the kaggle-arxiv layout, every record built by ParseContext.make), records consumed, no output; "
        "against a child that reads the same file's lines and runs `json.loads` on each. Best of "
        f"{RUNS} alternating runs, wall time (the CPU-time ratio beside it moves less under load).",
        "Peak RSS: max RSS (`os.wait4`) of the layout's children on each dump.",
        f"Normalizing: the CPU time inside `parse.canonical.canonical_values` (arXiv id forms, DOIs, dates, "
        f"authors) while the records layout reads the 250,000-record dedup corpus "
        f"(`benchmarks/dedup_corpus.py`, whose repeats write their arXiv ids as other tools do), against "
        f"the CPU time of `papertrack.dedup.deduplicate` over the same reader ({dedup['groups']:,} groups).",
    ]
    return rows, notes


def table(rows) -> str:
    lines = ["| figure | measured | target | result |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    return (f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}, shared with other work), "
            f"Python {platform.python_version()} ({platform.python_implementation()}), "
            f"{platform.system()} {platform.machine()}, load average {os.getloadavg()[0]:.1f} at the start")


def revision() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines of the large Kaggle dump")
    parser.add_argument("--write", action="store_true", help="rewrite the foreign section of BENCHMARKS.md")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        mode, path = options.child
        (child_normalize if mode == "normalize" else child_dedup)(path)
        return
    where = machine()
    rows, notes = measure(options.lines)
    print(f"{where}\n\n{table(rows)}")
    for note in notes:
        print(f"- {note}")
    if options.write:
        body = [START, "## Foreign records", "",
                f"Measured {date.today().isoformat()} at revision `{revision()}` on {where}.", "",
                table(rows), "", *(f"- {note}" for note in notes), "",
                f"Reproduce from the repository root: `{REPRODUCE}` (drop `--write` to only print).", END]
        write_section(START, END, "\n".join(body))
        print("\nwrote the foreign section of BENCHMARKS.md")
    if any(row[3] == "FAIL" for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
