"""Library scale benchmark: `papertrack add` of 1,000,000 records, once in one command and once
as five commands of 200,000 records each into one library, with the time, records per second
and peak memory of each command; the floor is `papertrack parse` of the same 200,000 records
(reading and normalizing them, which every add must do), measured in the same run.

The corpus comes from benchmarks/dedup_corpus.py (cached in benchmarks/data/): 80% distinct
papers, the rest repeats in other forms, so a later batch finds many of its papers stored by
an earlier one. Every command is a fresh child; os.wait4 gives its CPU time and peak RSS.
Run it with the project's interpreter: `.venv/bin/python benchmarks/bench_library_scale.py [--write]`.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from benchlib import REPORT, measure_child, write_section

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_library import Figure, library_groups, machine, mib, papertrack, revision, table  # noqa: E402

START, END = "<!-- bench:library-scale:start -->", "<!-- bench:library-scale:end -->"
AS_OF = "2026-11-23"
SEED = 7
SIZE, BATCHES = 1_000_000, 5
# The fifth batch may cost this much more per record than the first: the library then holds
# four batches' papers, and each lookup walks a deeper index.
FLAT_TARGET = 1.3
# A second add of the same file finds every record stored already (by its digest): it may cost
# at most this share of the first.
AGAIN_TARGET = 0.5


@dataclass
class Step:
    label: str
    records: int
    wall: float
    cpu: float
    max_rss_kb: int
    papers: int

    @property
    def per_record_us(self) -> float:
        return self.cpu / self.records * 1e6

    def figure(self) -> Figure:
        return Figure(self.label, f"{self.cpu:.1f} s CPU ({self.wall:.1f} s wall), "
                      f"{self.records / self.cpu:,.0f} records/s, {self.per_record_us:.0f} µs/record, "
                      f"peak RSS {mib(self.max_rss_kb)}; library then {self.papers:,} papers", "", None)


def split(records: Path, folder: Path, batches: int) -> list[Path]:
    """The corpus cut into `batches` files of consecutive lines."""
    with open(records, encoding="utf-8") as f:
        total = sum(1 for _ in f)
    per = -(-total // batches)
    out = []
    with open(records, encoding="utf-8") as f:
        for k in range(batches):
            path = folder / f"batch-{k + 1}.jsonl"
            with open(path, "w", encoding="utf-8") as part:
                part.writelines(islice(f, per))
            out.append(path)
    return out


def papers_in(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM papers").fetchone()[0]
    finally:
        con.close()


def add(label: str, files: list[Path], db: Path, records: int) -> Step:
    child = measure_child(papertrack() + ["add", *map(str, files), "--as-of", AS_OF, "--db", str(db), "--quiet"],
                          who="bench_library_scale")
    return Step(label, records, child.wall, child.cpu, child.max_rss_kb, papers_in(db))


def measure(size: int = SIZE) -> tuple[list[Figure], list[str]]:
    from bench_dedup import Truth, score
    from dedup_corpus import generate

    records, truth_path = generate(size, SEED)
    per = size // BATCHES
    steps: list[Step] = []
    with tempfile.TemporaryDirectory(dir=HERE / "data") as tmp:
        folder = Path(tmp)
        parts = split(records, folder, BATCHES)
        floor = measure_child(papertrack() + ["parse", str(parts[0]), "--format", "jsonl", "--as-of", AS_OF],
                              who="bench_library_scale")
        one = add(f"{size // 1000:,}k in one `add`", [records], folder / "one.db", size)
        print(f"one command: {one.cpu:.0f} s CPU", flush=True)
        groups = folder / "groups.tsv"
        one_papers = library_groups(folder / "one.db", groups)
        quality = score(Truth.read(truth_path), groups)
        again = add(f"the same {size // 1000:,}k again into that library", [records], folder / "one.db", size)
        print(f"the same again: {again.cpu:.0f} s CPU", flush=True)
        (folder / "one.db").unlink()
        batched = folder / "batched.db"
        for k, part in enumerate(parts, 1):
            steps.append(add(f"batch {k} of {BATCHES} ({per // 1000}k)", [part], batched, per))
            print(f"batch {k}: {steps[-1].cpu:.0f} s CPU", flush=True)
        size_mb = batched.stat().st_size / 1e6
    growth = steps[-1].per_record_us / steps[0].per_record_us
    floor_us = floor.cpu / per * 1e6
    figures = [
        Figure(f"floor: `papertrack parse` of batch 1 ({per // 1000}k)",
               f"{floor.cpu:.1f} s CPU ({floor.wall:.1f} s wall), {floor_us:.0f} µs/record, "
               f"peak RSS {mib(floor.max_rss_kb)}", "", None),
        one.figure(),
        Figure(f"{size // 1000:,}k in one `add`: per record / floor", f"{one.per_record_us / floor_us:.2f}x", "", None),
        again.figure(),
        Figure("the same file added again / the first add, CPU", f"{again.cpu / one.cpu:.2f}x", f"<= {AGAIN_TARGET:g}x",
               again.cpu / one.cpu <= AGAIN_TARGET),
        *(s.figure() for s in steps),
        Figure(f"batch {BATCHES} / batch 1, CPU per record", f"{growth:.2f}x", f"<= {FLAT_TARGET:g}x",
               growth <= FLAT_TARGET),
        Figure("papers: one command / five batches", f"{one_papers:,} / {steps[-1].papers:,}", "", None),
        Figure("one command: pairwise precision, recall", f"{quality.precision:.5f}, {quality.recall:.5f}", "", None),
    ]
    notes = [
        f"Corpus: `benchmarks/dedup_corpus.py` with {size:,} records (seed {SEED}), cut into {BATCHES} files of "
        f"{per:,} consecutive lines for the batches; the batched library file is {size_mb:,.0f} MB. "
        "Every command is one fresh child (`papertrack add FILE --quiet --db DB`); CPU = user + sys of "
        "that child (os.wait4), one run each. The one-command library is then given the same file again. Batch 1 goes into an empty library (indexes built once at "
        "the end); batches 2 to 5 match every record against the papers stored before them.",
    ]
    return figures, notes


def section(figures: list[Figure], notes: list[str]) -> str:
    return "\n".join([
        START, "## Library at scale", "",
        f"Measured {date.today().isoformat()} on {machine()}, papertrack at {revision()}.", "",
        table(figures), "", *(f"- {n}" for n in notes), "",
        "Reproduce from the repository root: `.venv/bin/python benchmarks/bench_library_scale.py --write` "
        "(drop `--write` to only print; about 15 minutes, plus generating the corpus the first time).",
        END,
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite the library-scale section of {REPORT.name}")
    parser.add_argument("--size", type=int, default=SIZE, help="records in all (a smaller size to try it out)")
    options = parser.parse_args()
    print(machine())
    (HERE / "data").mkdir(exist_ok=True)
    figures, notes = measure(options.size)
    print("\n" + table(figures))
    for note in notes:
        print(f"- {note}")
    if options.write:
        write_section(START, END, section(figures, notes))
        print(f"\nwrote the library-scale section of {REPORT}")
    if any(f.passed is False for f in figures):
        sys.exit(1)


if __name__ == "__main__":
    main()
