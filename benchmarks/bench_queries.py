"""Query latency on a large library: `papertrack author`, `show`, `search` and `list --category`
as a user runs them (a fresh process each, start-up included) on the library one `papertrack add`
makes of the 1,000,000-record corpus, against `python -c "import typer"` in the same run.

The corpus comes from benchmarks/dedup_corpus.py; the library is built once and kept in
benchmarks/data/ (about 10 minutes the first time). The runs of all commands alternate, so load
from others on the shared machine falls on each alike; each figure is the median of 15 runs.
Run it with the project's interpreter: `.venv/bin/python benchmarks/bench_queries.py [--write]`.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
from datetime import date
from pathlib import Path

from bench_library import Figure, table
from bench_parse import compile_bytecode, machine, papertrack_command, revision  # benchmarks/ is sys.path[0]
from benchlib import REPORT, measure_child, write_section

HERE = Path(__file__).resolve().parent
START, END = "<!-- bench:queries:start -->", "<!-- bench:queries:end -->"
AS_OF = "2026-11-23"
SEED, SIZE = 7, 1_000_000
RUNS = 15
# Issue targets, in milliseconds per command including start-up.
AUTHOR_SHOW_SEARCH_MS, LIST_MS = 150.0, 200.0



def library(size: int) -> Path:
    """The library of the corpus of `size` records, made by one `papertrack add` unless kept."""
    from dedup_corpus import generate

    db = HERE / "data" / f"library-{size}-s{SEED}.db"
    if not db.exists():
        records, _ = generate(size, SEED)
        partial = db.with_suffix(".partial.db")
        partial.unlink(missing_ok=True)
        child = measure_child(papertrack_command() + ["add", str(records), "--as-of", AS_OF, "--db", str(partial),
                                                      "--quiet"], who="bench_queries")
        print(f"built the library: {child.wall:.0f} s", flush=True)
        con = sqlite3.connect(partial)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")  # one file to keep
        con.close()
        partial.rename(db)
    return db


def asks(db: Path) -> tuple[list[tuple[str, list[str], float]], int]:
    """(label, arguments, target ms): the most prolific author (the worst case), one at the
    median paper count, a paper by arXiv id, two searches and a category listing."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    counts = con.execute("SELECT name_key, count(*) n, min(name) FROM authors GROUP BY name_key "
                         "HAVING n >= 2 ORDER BY n DESC").fetchall()
    papers = con.execute("SELECT count(*) FROM papers").fetchone()[0]
    arxiv_id = con.execute("SELECT arxiv_id FROM papers WHERE arxiv_id IS NOT NULL AND pk >= ? ORDER BY pk LIMIT 1",
                           (papers // 2,)).fetchone()[0]  # one from the middle of the file
    con.close()
    top, median = counts[0], counts[len(counts) // 2]
    return [
        (f"author, most papers ({top[1]:,}): {top[2]}", ["author", top[2], "--no-fetch"], AUTHOR_SHOW_SEARCH_MS),
        (f"author, median ({median[1]}): {median[2]}", ["author", median[2], "--no-fetch"], AUTHOR_SHOW_SEARCH_MS),
        (f"show {arxiv_id}", ["show", arxiv_id], AUTHOR_SHOW_SEARCH_MS),
        ("search diffusion", ["search", "diffusion"], AUTHOR_SHOW_SEARCH_MS),
        ('search "graph neural"', ["search", '"graph neural"'], AUTHOR_SHOW_SEARCH_MS),
        ("list --category cs.LG --limit 20", ["list", "--category", "cs.LG", "--limit", "20"], LIST_MS),
    ], papers


def measure(size: int, runs: int) -> tuple[list[Figure], list[str]]:
    db = library(size)
    compile_bytecode()
    cmd = papertrack_command()
    questions, papers = asks(db)
    argvs = {"typer": [sys.executable, "-c", "import typer"]}
    argvs |= {label: cmd + args + ["--db", str(db), "--format", "jsonl"] for label, args, _ in questions}
    for argv in argvs.values():  # once each first: the file's pages into the OS cache
        measure_child(argv, who="bench_queries")
    wall: dict[str, list[float]] = {label: [] for label in argvs}
    for _ in range(runs):
        for label, argv in argvs.items():
            wall[label].append(measure_child(argv, who="bench_queries").wall)
    base = statistics.median(wall["typer"]) * 1000
    figures = [Figure('`python -c "import typer"` (the floor)', f"{base:.0f} ms", "", None)]
    for label, _, target in questions:
        ms = statistics.median(wall[label]) * 1000
        figures.append(Figure(f"`{label}`", f"{ms:.0f} ms ({ms / base:.2f}x the floor)", f"< {target:g} ms",
                              ms < target))
    notes = [f"Library: one `papertrack add` of `benchmarks/dedup_corpus.py` with {size:,} records (seed {SEED}): "
             f"{papers:,} papers, {db.stat().st_size / 1e6:,.0f} MB. Each command is a fresh process "
             "(`papertrack ARGS --db DB --format jsonl`, stdout to /dev/null), median wall time of "
             f"{runs} runs after one warm-up run; papertrack byte-compiled as an install leaves it."]
    return figures, notes


def section(figures: list[Figure], notes: list[str], where: str) -> str:
    return "\n".join([
        START, "## Queries on a large library", "",
        f"Measured {date.today().isoformat()} at revision `{revision()}` on {where}.", "",
        table(figures), "", *(f"- {n}" for n in notes), "",
        "Reproduce from the repository root: `.venv/bin/python benchmarks/bench_queries.py --write` "
        "(drop `--write` to only print; about a minute once the library is built).",
        END,
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite the queries section of {REPORT.name}")
    parser.add_argument("--size", type=int, default=SIZE, help="records in the corpus (smaller to try it out)")
    parser.add_argument("--runs", type=int, default=RUNS)
    options = parser.parse_args()
    (HERE / "data").mkdir(exist_ok=True)
    where = machine()
    figures, notes = measure(options.size, options.runs)
    print(f"{where}\n\n{table(figures)}")
    for note in notes:
        print(f"- {note}")
    if options.write:
        write_section(START, END, section(figures, notes, where))
        print(f"\nwrote the queries section of {REPORT}")
    if any(f.passed is False for f in figures):
        sys.exit(1)


if __name__ == "__main__":
    main()
