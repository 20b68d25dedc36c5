"""Parse benchmark: throughput, peak memory and start-up of `papertrack parse`, each against a target.

Every figure is a fresh child process, timed as a user runs the command (stdout to /dev/null),
so papertrack pays its start-up like the baselines it is compared with. Run it with the
project's interpreter: `.venv/bin/python benchmarks/bench_parse.py [--write] [--profile]`.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchlib import REPORT, measure_child, write_section  # benchmarks/ is sys.path[0]

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
SEED = ROOT / "tests" / "fixtures" / "parse" / "hf-daily/daily-papers.txt"
SEED_RECORDS = SEED.with_name("daily-papers.expected.jsonl")
SMALL = ROOT / "tests" / "fixtures" / "parse" / "profile/glued-lines.txt"
START, END = "<!-- bench:parse:start -->", "<!-- bench:parse:end -->"
REPRODUCE = ".venv/bin/python benchmarks/bench_parse.py --write"
AS_OF = "2026-11-23"
MB = 1_000_000

LARGE_REPEATS, SMALL_REPEATS = 500, 50  # ~54 MB and ~5.4 MB of the 107 kB seed
THROUGHPUT_RUNS, STARTUP_RUNS = 3, 15

# The floor papertrack is held to: read, split into lines, collapse each line's whitespace.
BARE_PASS = """
import sys
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        " ".join(line.split())
"""


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    max_rss_kb: int


def papertrack_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m papertrack`."""
    script = Path(sys.executable).with_name("papertrack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "papertrack"]


def parse_command(cmd: list[str], dump: Path) -> list[str]:
    return cmd + ["parse", str(dump), "--format", "jsonl", "--as-of", AS_OF]


def run_child(argv: list[str]) -> Run:
    """Wall time, CPU time and peak RSS of one fresh child, its output discarded."""
    child = measure_child(argv, who="bench_parse")
    return Run(child.wall, child.cpu, child.max_rss_kb)


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, list[Run]]:
    """Alternate the commands so load from others on a shared machine hits each alike."""
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            results[name].append(run_child(argv))
    return results


def make_dump(repeats: int) -> Path:
    """The daily-papers seed repeated `repeats` times; rebuilt only when missing or stale."""
    seed = SEED.read_bytes()
    path = DATA / f"hf-daily-papers.x{repeats}.txt"
    if not path.exists() or path.stat().st_size != len(seed) * repeats:
        DATA.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            for _ in range(repeats):
                f.write(seed)
    return path


def check_record_count(cmd: list[str], dump: Path, repeats: int) -> int:
    """Make sure the timed command does the real work: every seed record, once per repeat."""
    per_seed = sum(1 for line in SEED_RECORDS.open(encoding="utf-8") if line.strip())
    # stderr to a file, not a pipe: a thousand skip messages would fill a pipe and stall the child.
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(parse_command(cmd, dump), stdout=subprocess.PIPE, stderr=errors)
        count = 0
        while chunk := proc.stdout.read(1 << 20):
            count += chunk.count(b"\n")
        proc.wait()
        errors.seek(0)
        last_message = (errors.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    if count != per_seed * repeats:
        sys.exit(f"bench_parse: {dump.name} gave {count} records, expected {per_seed * repeats}"
                 + (f"; papertrack said: {last_message}" if last_message else ""))
    return count


@dataclass
class Figure:
    name: str
    value: str
    target: str
    passed: bool


def compile_bytecode() -> None:
    """Byte-compile papertrack as an install does. pip compiles site-packages (typer's among
    them) at install time; an editable install writes bytecode on first import, unless
    PYTHONDONTWRITEBYTECODE is set, and then every run would recompile papertrack's source
    while typer's is compiled: an unfair start-up comparison."""
    import compileall

    import papertrack

    compileall.compile_dir(str(Path(papertrack.__file__).parent), quiet=1)


def measure() -> tuple[list[Figure], list[str]]:
    compile_bytecode()
    cmd = papertrack_command()
    large, small = make_dump(LARGE_REPEATS), make_dump(SMALL_REPEATS)
    records = check_record_count(cmd, large, LARGE_REPEATS)

    # (a) throughput against the bare pass, and (b) peak memory, from the same runs.
    runs = interleaved({
        "papertrack": parse_command(cmd, large),
        "bare": [sys.executable, "-c", BARE_PASS, str(large)],
        "papertrack_small": parse_command(cmd, small),
    }, THROUGHPUT_RUNS)
    size_mb = large.stat().st_size / MB
    papertrack_rate = size_mb / min(r.seconds for r in runs["papertrack"])
    bare_rate = size_mb / min(r.seconds for r in runs["bare"])
    rate_ratio = papertrack_rate / bare_rate
    cpu_ratio = min(r.cpu_seconds for r in runs["bare"]) / min(r.cpu_seconds for r in runs["papertrack"])
    rss_large = max(r.max_rss_kb for r in runs["papertrack"])
    rss_small = max(r.max_rss_kb for r in runs["papertrack_small"])
    rss_ratio = rss_large / rss_small

    # (c) start-up on a small dump against importing the CLI framework alone.
    starts = interleaved({
        "papertrack": cmd + ["parse", str(SMALL), "--format", "jsonl"],
        "typer": [sys.executable, "-c", "import typer"],
    }, STARTUP_RUNS)
    start_pt = statistics.median(r.seconds for r in starts["papertrack"])
    start_typer = statistics.median(r.seconds for r in starts["typer"])
    start_ratio = start_pt / start_typer
    start_cpu_ratio = (statistics.median(r.cpu_seconds for r in starts["papertrack"])
                       / statistics.median(r.cpu_seconds for r in starts["typer"]))

    figures = [
        Figure(f"parse throughput, {size_mb:.1f} MB dump",
               f"{papertrack_rate:.1f} MB/s vs bare pass {bare_rate:.1f} MB/s = {rate_ratio:.2f}x "
               f"(by CPU time {cpu_ratio:.2f}x)",
               ">= 0.25x", rate_ratio >= 0.25),
        Figure(f"peak RSS, {size_mb:.0f} MB vs {small.stat().st_size / MB:.0f} MB dump",
               f"{rss_large / 1024:.1f} MiB vs {rss_small / 1024:.1f} MiB = {rss_ratio:.2f}x",
               "<= 1.5x", rss_ratio <= 1.5),
        Figure("start-up, small dump vs `import typer`",
               f"{start_pt * 1000:.0f} ms vs {start_typer * 1000:.0f} ms = {start_ratio:.2f}x "
               f"(by CPU time {start_cpu_ratio:.2f}x)",
               "<= 1.5x", start_ratio <= 1.5),
    ]
    notes = [
        f"Throughput: best of {THROUGHPUT_RUNS} runs each, MB = 10^6 bytes; the dump is "
        f"`{SEED.relative_to(ROOT)}` repeated {LARGE_REPEATS} times ({records} records); "
        f"the bare pass reads it in the same interpreter, splits lines and runs "
        '`" ".join(line.split())` on each.',
        f"Peak RSS: the largest max RSS of the {THROUGHPUT_RUNS} runs on each dump "
        f"(the small one is the seed repeated {SMALL_REPEATS} times).",
        f"Start-up: median of {STARTUP_RUNS} runs each of `papertrack parse "
        f"{SMALL.relative_to(ROOT)} --format jsonl` and `python -c \"import typer\"`.",
        f"papertrack ran as `{' '.join(Path(a).name if i == 0 else a for i, a in enumerate(cmd))} "
        f"parse FILE --format jsonl --as-of {AS_OF} > /dev/null`; runs of the compared commands "
        "alternate so load from other processes falls on both.",
        "Targets are judged on wall time; the ratio of the children's CPU time (user + system) "
        "is shown beside it because it moves less when others load the machine.",
    ]
    return figures, notes


def table(figures: list[Figure]) -> str:
    rows = [("figure", "measured", "target", "result")]
    rows += [(f.name, f.value, f.target, "PASS" if f.passed else "FAIL") for f in figures]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("---" for _ in rows[0]) + "|")
    return "\n".join(lines)


def machine() -> str:
    # The load average says how much others shared the cores: ratios hold up under load
    # better than the MB/s and milliseconds do.
    return (f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
            f"Python {platform.python_version()} ({platform.python_implementation()}), "
            f"{platform.system()} {platform.machine()}, load average {os.getloadavg()[0]:.1f} at the start")


def revision() -> str:
    """The commit measured, `-dirty` when the work tree had uncommitted changes."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out or "unknown"


def section(figures: list[Figure], notes: list[str], where: str) -> str:
    body = [
        START,
        "## Parse",
        "",
        f"Measured {date.today().isoformat()} at revision `{revision()}` on {where}.",
        "",
        table(figures),
        "",
        *(f"- {note}" for note in notes),
        "",
        f"Reproduce from the repository root: `{REPRODUCE}` (drop `--write` to only print; "
        "add `--profile` for the cProfile hotspots of the large run).",
        END,
    ]
    return "\n".join(body)




def write_report(text: str) -> None:
    write_section(START, END, text)


def profile(top: int = 15) -> None:
    """cProfile of `papertrack parse` on the large dump, functions sorted by own time."""
    import pstats

    large = make_dump(LARGE_REPEATS)
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "parse.prof"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "papertrack",
                        "parse", str(large), "--format", "jsonl", "--as-of", AS_OF],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        print(f"\ncProfile of papertrack parse {large.name}, top {top} by tottime:")
        stats = pstats.Stats(str(stats_file), stream=sys.stdout)
        stats.strip_dirs().sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite the parse section of {REPORT.name}")
    parser.add_argument("--profile", action="store_true", help="also print cProfile hotspots of the large run")
    options = parser.parse_args()
    if subprocess.run([sys.executable, "-c", "import papertrack"], capture_output=True).returncode:
        sys.exit(f"bench_parse: papertrack is not importable by {sys.executable}; run it with .venv/bin/python")

    where = machine()
    figures, notes = measure()
    print(f"{where}\n")
    print(table(figures))
    for note in notes:
        print(f"- {note}")
    if options.write:
        write_report(section(figures, notes, where))
        print(f"\nwrote the parse section of {REPORT}")
    if options.profile:
        profile()
    if not all(f.passed for f in figures):
        sys.exit(1)


if __name__ == "__main__":
    main()
