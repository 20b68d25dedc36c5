"""Library benchmark: `papertrack add` of 200,000 records into a new library against `papertrack
dedup` of the same records, and how fast `author` and `search` answer on a library of 200,000 papers.

Corpora come from benchmarks/dedup_corpus.py (cached in benchmarks/data/). Every timed command is
a fresh child; os.wait4 gives its CPU time and peak RSS. The queries are also timed inside one
process on an open library, without start-up. Run it with the project's interpreter:
`.venv/bin/python benchmarks/bench_library.py [--write] [--runs N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchlib import REPORT, measure_child, write_section

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START, END = "<!-- bench:library:start -->", "<!-- bench:library:end -->"
AS_OF = "2026-11-23"
SEED = 7
INGEST_SIZE = 200_000
# Records of the query library: 80% of them distinct papers, so about 200,000 papers.
QUERY_SIZE = 250_000
RATIO_TARGET, QUERY_TARGET_MS = 2.0, 100.0
QUERY_RUNS, COMMAND_RUNS = 15, 7
SEARCHES = ("diffusion", "reinforcement learning policy", '"graph neural"', "transformer OR mamba", "kernel*")

sys.path.insert(0, str(HERE))


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_kb: int
    stdout: bytes = b""


def papertrack() -> list[str]:
    script = Path(sys.executable).with_name("papertrack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "papertrack"]


def run(argv: list[str], capture: bool = False) -> Run:
    """One fresh child; its own CPU time and peak RSS (benchlib.measure_child)."""
    child = measure_child(argv, capture, who="bench_library")
    return Run(child.wall, child.cpu, child.max_rss_kb, child.out)


def mib(kb: int) -> str:
    return f"{kb / 1024:,.0f} MiB"


@dataclass
class Figure:
    name: str
    value: str
    target: str
    passed: bool | None


# ---------------------------------------------------------------------- ingest against dedup

def library_groups(db: Path, out: Path) -> int:
    """The library's papers as groups of their records' places (file:line), for the truth."""
    con = sqlite3.connect(db)
    papers = 0
    with open(out, "w", encoding="utf-8") as f:
        for (text,) in con.execute("SELECT record FROM papers"):
            papers += 1
            places = [f"{s['file']}:{s['line']}" for s in json.loads(text)["sources"]]
            if len(places) > 1:
                f.write("\t".join(places) + "\n")
    con.close()
    return papers


def measure_ingest(runs: int) -> tuple[list[Figure], list[str]]:
    from bench_dedup import Truth, score
    from dedup_corpus import generate

    records, truth_path = generate(INGEST_SIZE, SEED)
    dedup_cmd = papertrack() + ["dedup", str(records), "--format", "jsonl", "--as-of", AS_OF]
    dedups, adds = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(runs):  # alternate, so load from others falls on both alike
            dedups.append(run(dedup_cmd, capture=k == 0))
            db = Path(tmp) / f"library-{k}.db"
            adds.append(run(papertrack() + ["add", str(records), "--as-of", AS_OF, "--db", str(db)]))
        dedup_papers = dedups[0].stdout.count(b"\n")
        groups = Path(tmp) / "groups.tsv"
        library_papers = library_groups(Path(tmp) / "library-0.db", groups)
        quality = score(Truth.read(truth_path), groups)
        # Adding the same file again: every record is found as an exact repeat.
        again = run(papertrack() + ["add", str(records), "--as-of", AS_OF, "--db", str(Path(tmp) / "library-0.db")])
        size = (Path(tmp) / "library-0.db").stat().st_size
    d_cpu, a_cpu = min(r.cpu for r in dedups), min(r.cpu for r in adds)
    d_wall, a_wall = min(r.wall for r in dedups), min(r.wall for r in adds)
    ratio = a_cpu / d_cpu
    n = f"{INGEST_SIZE // 1000}k"
    figures = [
        Figure(f"{n}: `papertrack dedup FILE --format jsonl > /dev/null`",
               f"{d_cpu:.1f} s CPU ({d_wall:.1f} s wall), peak RSS {mib(max(r.max_rss_kb for r in dedups))}", "", None),
        Figure(f"{n}: `papertrack add FILE` into a new library",
               f"{a_cpu:.1f} s CPU ({a_wall:.1f} s wall), peak RSS {mib(max(r.max_rss_kb for r in adds))}", "", None),
        Figure(f"{n}: add / dedup", f"{ratio:.2f}x CPU ({a_wall / d_wall:.2f}x wall)", f"<= {RATIO_TARGET:g}x",
               ratio <= RATIO_TARGET),
        Figure(f"{n}: papers: library / dedup", f"{library_papers:,} / {dedup_papers:,}", "", None),
        Figure(f"{n}: library pairwise precision, recall", f"{quality.precision:.5f}, {quality.recall:.5f}",
               "", None),
        Figure(f"{n}: the same `add` again (all unchanged)", f"{again.cpu:.1f} s CPU ({again.wall:.1f} s wall)",
               "", None),
    ]
    notes = [f"{n} ingest: corpus `benchmarks/dedup_corpus.py` with {INGEST_SIZE:,} records, seed {SEED} "
             f"(the dedup benchmark's generator); library file {size / 1e6:,.0f} MB. Best of {runs} "
             "alternating runs of each command, CPU = user + sys of the child (os.wait4); the ratio is "
             "held on CPU time, since wall time on this shared machine also counts waiting for a core. "
             "Both commands read the same JSONL, match and merge; dedup writes JSONL to /dev/null, add "
             "writes the SQLite file (records, merged papers, match keys, author names, FTS5 index)."]
    return figures, notes


# ---------------------------------------------------------------------- queries

def query_corpus() -> Path:
    """The dedup corpus with a seeded abstract of 60-140 words for each paper (its repeats share
    it), so full-text search has abstracts to look through."""
    from dedup_corpus import DATA, SMALL_WORDS, WORDS, generate

    records, truth = generate(QUERY_SIZE, SEED)
    path = DATA / f"library-{QUERY_SIZE}-s{SEED}.jsonl"
    if path.exists():
        return path
    vocabulary = WORDS.split() + list(SMALL_WORDS) * 20
    partial = path.with_suffix(".partial")
    with open(records, encoding="utf-8") as src, open(truth, encoding="utf-8") as ids, \
            open(partial, "w", encoding="utf-8") as out:
        for line, truth_line in zip(src, ids):
            record = json.loads(line)
            rng = random.Random(int(truth_line.split("\t")[1]))
            words = rng.choices(vocabulary, k=rng.randint(60, 140))
            record["abstract"] = " ".join(words).capitalize() + "."
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.rename(path)
    return path


def query_library() -> tuple[Path, float | None]:
    """The ~200,000-paper library, built once into benchmarks/data/ (and its build time)."""
    corpus = query_corpus()
    db = corpus.with_suffix(".db")
    if db.exists():
        return db, None
    partial = db.with_name(db.name + ".partial")
    for stale in db.parent.glob(partial.name + "*"):
        stale.unlink()
    built = run(papertrack() + ["add", str(corpus), "--as-of", AS_OF, "--db", str(partial)])
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(db)
    return db, built.wall


QUERY_CHILD = """
import json, statistics, sys, time
from pathlib import Path
from papertrack.library import Library
db, runs, kind, arg = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lib = Library(Path(db))
times, found = [], 0
for _ in range(runs):
    t = time.perf_counter()
    papers = lib.by_pks(lib.author_pks(arg)) if kind == "author" else lib.search(arg, 20)
    times.append(time.perf_counter() - t)
    found = len(papers)
print(json.dumps({"median_ms": statistics.median(times) * 1000, "max_ms": max(times) * 1000, "found": found}))
"""


def names_to_ask(db: Path) -> list[tuple[str, str]]:
    """The most prolific author (the worst case) and one at the median paper count."""
    con = sqlite3.connect(db)
    counts = con.execute("SELECT name_key, count(*) n, min(name) FROM authors GROUP BY name_key "
                         "HAVING n >= 2 ORDER BY n DESC").fetchall()
    con.close()
    top, median = counts[0], counts[len(counts) // 2]
    return [("most papers", top[2]), ("median author", median[2])]


def measure_queries() -> tuple[list[Figure], list[str]]:
    db, built = query_library()
    con = sqlite3.connect(db)
    papers = con.execute("SELECT count(*) FROM papers").fetchone()[0]
    con.close()
    figures: list[Figure] = []
    asks = [("author", f"{label}: {name}", name) for label, name in names_to_ask(db)]
    asks += [("search", text, text) for text in SEARCHES]
    startup = statistics.median(run([sys.executable, "-c", "import typer"]).wall for _ in range(COMMAND_RUNS))
    for kind, label, arg in asks:
        child = run([sys.executable, "-c", QUERY_CHILD, str(db), str(QUERY_RUNS), kind, arg], capture=True)
        result = json.loads(child.stdout)
        command = papertrack() + [kind, arg, "--db", str(db), "--format", "jsonl"]
        if kind == "author":
            command.append("--no-fetch")
        wall = statistics.median(run(command).wall for _ in range(COMMAND_RUNS))
        figures.append(Figure(f"`{kind}` {label} ({result['found']} papers)",
                              f"query {result['median_ms']:.1f} ms (max {result['max_ms']:.1f}); "
                              f"command {wall * 1000:.0f} ms", f"query < {QUERY_TARGET_MS:g} ms",
                              result["median_ms"] < QUERY_TARGET_MS))
    notes = [f"Queries: library of {papers:,} papers from `dedup_corpus.py` with {QUERY_SIZE:,} records "
             f"(seed {SEED}) plus a seeded abstract of 60-140 words each "
             f"({db.stat().st_size / 1e6:,.0f} MB, cached in benchmarks/data/"
             + (f", built by `papertrack add` in {built:.0f} s wall" if built else "") + "). "
             f"Query = median of {QUERY_RUNS} runs in one process on the open library, warm, "
             "records loaded as Paper objects: `author` is names.key range + verification + loading the "
             "papers; `search` is FTS5 bm25, first 20. "
             f"Command = median of {COMMAND_RUNS} runs of `papertrack author NAME --no-fetch` / "
             "`papertrack search TEXT` with `--format jsonl > /dev/null`, wall time including start-up; "
             f"`python -c \"import typer\"` alone takes {startup * 1000:.0f} ms here."]
    return figures, notes


# ---------------------------------------------------------------------- report

def table(figures: list[Figure]) -> str:
    rows = [("figure", "measured", "target", "result")]
    rows += [(f.name, f.value, f.target or "-", {True: "PASS", False: "FAIL", None: "info"}[f.passed])
             for f in figures]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    lines.insert(1, "|---|---|---|---|")
    return "\n".join(lines)


def machine() -> str:
    import platform

    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} cores (shared with other work, load average {load:.1f} at the start), "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"{platform.system()} {platform.machine()}")


def revision() -> str:
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(git + ["status", "--porcelain", "--", "src"], capture_output=True, text=True).stdout
    return f"commit {head or 'unknown'}" + (" + local changes to src/" if dirty.strip() else "")


def section(figures: list[Figure], notes: list[str], runs: int) -> str:
    return "\n".join([
        START, "## Library", "",
        f"Measured {date.today().isoformat()} on {machine()}, papertrack at {revision()}.", "",
        table(figures), "", *(f"- {n}" for n in notes), "",
        f"Reproduce from the repository root: `.venv/bin/python benchmarks/bench_library.py --runs {runs} --write` "
        "(drop `--write` to only print). The first run generates the corpora and builds the query "
        "library in benchmarks/data/ (several minutes).",
        END,
    ])


def write_report(text: str) -> None:
    write_section(START, END, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="timed runs of dedup and add each, best kept")
    parser.add_argument("--write", action="store_true", help=f"rewrite the library section of {REPORT.name}")
    parser.add_argument("--only", choices=("ingest", "queries"), help="measure only one part")
    options = parser.parse_args()
    if subprocess.run([sys.executable, "-c", "import papertrack.library"], capture_output=True).returncode:
        sys.exit(f"bench_library: papertrack is not importable by {sys.executable}; run it with .venv/bin/python")
    print(machine())
    figures, notes = [], []
    for part, measure in (("ingest", lambda: measure_ingest(options.runs)), ("queries", measure_queries)):
        if options.only in (None, part):
            f, n = measure()
            figures += f
            notes += n
            print("\n" + table(f))
            for note in n:
                print(f"- {note}")
    if options.write:
        write_report(section(figures, notes, options.runs))
        print(f"\nwrote the library section of {REPORT}")
    if any(f.passed is False for f in figures):
        sys.exit(1)


if __name__ == "__main__":
    main()
