"""Dedup benchmark: speed against an exact-key grouping, precision and recall against the truth.

`papertrack dedup` runs at scale against a one-pass exact-key grouping of the same records, and
its grouping is scored pair by pair against the truth of a seeded synthetic corpus.

The corpus (benchmarks/dedup_corpus.py) is written to benchmarks/data/ once per size. Each timing
is a fresh child process; the time is measured inside it, from the first record read to the last
group consumed, and its peak RSS comes from os.wait4. Run it with the project's interpreter:
`.venv/bin/python benchmarks/bench_dedup.py [--size N ...] [--write] [--profile]`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from benchlib import REPORT, measure_child, write_section

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench:dedup:start -->", "<!-- bench:dedup:end -->"
AS_OF = "2026-11-23"
RATIO_TARGET, PRECISION_TARGET, RECALL_TARGET = 3.0, 0.999, 0.995
EXAMPLES = 4
SEED = 7


# ---------------------------------------------------------------------- child processes

def child(mode: str, path: str, groups_out: str | None) -> None:
    """Time one pass over `path` in this process and print the figures as JSON on stdout.

    exact: read the records as dedup's input does and group them by arXiv id, else title key.
    dedup: papertrack's deduplicate over the same records, every merged record consumed.
    """
    from papertrack.dedup import deduplicate
    from papertrack.normalize import title_key
    from papertrack.parse.read import read_file

    skipped: list[str] = []
    records = read_file(path, date.fromisoformat(AS_OF), lambda f, line, why: skipped.append(why))
    # Both sides keep only the groups of several records, as a streaming writer keeps nothing:
    # holding a million singletons would add garbage-collector work that is neither's own.
    merged: list[list[str]] = []
    count = Counter()
    gc_started = [0.0]

    def gc_clock(phase: str, info: dict) -> None:
        if phase == "start":
            gc_started[0] = time.process_time()
        else:
            count["gc_cpu"] += time.process_time() - gc_started[0]

    gc.callbacks.append(gc_clock)
    started, cpu_started = time.perf_counter(), time.process_time()
    if mode == "exact":
        groups: dict[str, list] = {}
        for paper in records:
            key = f"arxiv:{paper.arxiv_id}" if paper.arxiv_id else title_key(paper.title or "")
            groups.setdefault(key, []).append(paper)
        output = ([s for p in group for s in p.sources] for group in groups.values())
    else:
        output = (paper.sources for paper in deduplicate(records))
    for sources in output:
        count["groups"] += 1
        count["records"] += len(sources)
        if len(sources) > 1:
            merged.append([f"{s.file}:{s.line}" for s in sources])
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if groups_out:
        with open(groups_out, "w", encoding="utf-8") as out:
            out.writelines("\t".join(group) + "\n" for group in merged)
    print(json.dumps({"seconds": seconds, "cpu": cpu, **count, "skipped": len(skipped)}))


@dataclass
class Run:
    seconds: float  # inside the child for our own children, wall time for the CLI
    max_rss_kb: int
    figures: dict = field(default_factory=dict)


def run_child(argv: list[str], capture: bool = True) -> Run:
    """One fresh child (benchlib.measure_child); our own children report their figures as JSON."""
    child = measure_child(argv, capture, who="bench_dedup")
    if not capture:
        return Run(child.wall, child.max_rss_kb)
    figures = json.loads(child.out)
    return Run(figures["seconds"], child.max_rss_kb, figures)


def own_child(mode: str, records: Path, groups_out: Path | None = None) -> Run:
    argv = [sys.executable, __file__, "--child", mode, str(records)]
    return run_child(argv + ([str(groups_out)] if groups_out else []))


def papertrack_command() -> list[str]:
    script = Path(sys.executable).with_name("papertrack")
    return [str(script)] if script.exists() else [sys.executable, "-m", "papertrack"]


# ---------------------------------------------------------------------- quality

@dataclass
class Truth:
    place: list[str]  # file:line of each record's source, in file order
    paper: list[int]
    role: list[str]
    kind: list[str]
    partner: list[int]
    variations: list[str]

    @classmethod
    def read(cls, path: Path) -> Truth:
        cols: list[list] = [[] for _ in range(6)]
        with open(path, encoding="utf-8") as f:
            for line in f:
                place, paper, role, kind, partner, variations = line.rstrip("\n").split("\t")
                for col, value in zip(cols, (place, int(paper), role, kind, int(partner), variations)):
                    col.append(value)
        return cls(*cols)


def wrong_id_pairs(truth: Truth) -> int:
    """Pairs of unrelated papers the corpus put under one arXiv id."""
    return len({pid for pid, kind in zip(truth.paper, truth.kind) if kind == "wrongid"}) // 2


def pairs(n: int) -> int:
    return n * (n - 1) // 2


@dataclass
class Quality:
    precision: float
    recall: float
    truth_pairs: int
    found_pairs: int
    twins_merged: list[tuple[int, int]]
    wrong_ids_merged: list[tuple[int, int]]
    near_merged: list[tuple[int, int]]
    missed: list[tuple[int, int]]  # record pairs of one paper left in different groups
    false_groups: list[list[int]]  # predicted groups holding records of several papers
    group_of: list[int]


def members_of(group_of: list[int], groups: set[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {g: [] for g in groups}
    for i, g in enumerate(group_of):
        if g in out:
            out[g].append(i)
    return out


def score(truth: Truth, groups_file: Path) -> Quality:
    """Pairwise precision and recall from group sizes: a pair is two records in one group."""
    index = {place: i for i, place in enumerate(truth.place)}
    group_of = list(range(len(truth.paper)))
    with open(groups_file, encoding="utf-8") as f:
        for line in f:
            members = [index[place] for place in line.rstrip("\n").split("\t")]
            for m in members:
                group_of[m] = members[0]
    joint = Counter(zip(group_of, truth.paper))
    true_positive = sum(pairs(n) for n in joint.values())
    found = sum(pairs(n) for n in Counter(group_of).values())
    truth_pairs = sum(pairs(n) for n in Counter(truth.paper).values())

    records_of: dict[int, list[int]] = defaultdict(list)
    for i, pid in enumerate(truth.paper):
        records_of[pid].append(i)
    papers_in: dict[int, set[int]] = defaultdict(set)
    for (group, pid) in joint:
        papers_in[group].add(pid)

    def merged_partners(kind: str) -> list[tuple[int, int]]:
        out = []
        for pid, recs in records_of.items():
            partner = truth.partner[recs[0]]
            if (truth.kind[recs[0]] == kind and pid < partner
                    and {group_of[i] for i in recs} & {group_of[i] for i in records_of[partner]}):
                    out.append((pid, partner))
        return out

    missed = [(a, b) for recs in records_of.values() for k, a in enumerate(recs) for b in recs[k + 1:]
              if group_of[a] != group_of[b]]
    impure = {g for g, pids in papers_in.items() if len(pids) > 1}
    false_groups = list(members_of(group_of, impure).values())
    return Quality(true_positive / found if found else 1.0, true_positive / truth_pairs if truth_pairs else 1.0,
                   truth_pairs, found, merged_partners("twin"), merged_partners("wrongid"), merged_partners("near"), missed,
                   false_groups, group_of)


def load_records(path: Path, wanted: set[int]) -> dict[int, dict]:
    """The JSON objects of the records at these 0-based lines of the corpus."""
    out: dict[int, dict] = {}
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in wanted:
                out[i] = json.loads(line)
    return out


def why_missed(a: dict, b: dict, group_ids: tuple[set, set]) -> str:
    """Which of dedup's rules kept two records of one paper apart (its own key functions,
    thresholds and guards, so the reason names what to tune)."""
    from rapidfuzz import fuzz

    from papertrack.dedup import keys, match
    from papertrack.model import Paper

    ra, rb = keys.MatchRecord(0, Paper.from_dict(a)), keys.MatchRecord(1, Paper.from_dict(b))
    ids_a, ids_b = group_ids
    if ids_a and ids_b and not ids_a & ids_b:
        return "their groups hold different ids (one side was merged into another paper)"
    if ra.marks != rb.marks:
        if all(m.isdigit() for m in ra.marks ^ rb.marks):
            return "number marks differ (a digit glued to a word in one title: `gpt4` / `gpt 4`)"
        return "part marks differ (the word after `book`, `phase`, `section`, ... changed)"
    if ra.tkey != rb.tkey:
        if fuzz.ratio(ra.tkey, rb.tkey) < match.TITLE_RATIO:
            return f"title ratio below {match.TITLE_RATIO:g}"
        if not set(keys.title_blocks(ra)) & set(keys.title_blocks(rb)):
            return "no shared title block (first 4 / last 4 words both differ)"
        if ra.day and rb.day and abs((ra.day - rb.day).days) > match.MAX_DAYS_APART:
            return f"dates more than {match.MAX_DAYS_APART} days apart"
    elif ra.words < 4 and ra.day and rb.day and abs((ra.day - rb.day).days) > match.MAX_DAYS_APART:
        return f"short title and dates more than {match.MAX_DAYS_APART} days apart"
    if ra.surnames and rb.surnames and not ra.surnames & rb.surnames:
        return "no shared author surname"
    return f"compared too late: more than {match.MAX_BLOCK} records apart in every shared block"


def id_set(rec: dict) -> set[str]:
    return {x for x in (rec.get("arxiv_id") and "arxiv:" + rec["arxiv_id"],
                        rec.get("doi") and "doi:" + rec["doi"]) if x}


def describe(rec: dict, i: int, truth: Truth) -> str:
    ident = rec.get("arxiv_id") or rec.get("doi") or "no id"
    surnames = ", ".join(a.split()[-1] for a in rec.get("authors", [])[:3]) or "no authors"
    varied = truth.variations[i] or truth.role[i]
    return (f"paper {truth.paper[i]} ({truth.kind[i]}, {varied}): {rec['title']!r} "
            f"[{ident}; {surnames}; {rec.get('date')}]")


@dataclass
class Diagnosis:
    reasons: Counter
    by_variation: Counter
    missed_examples: list[str]
    false_examples: list[str]


def diagnose(records_path: Path, truth: Truth, q: Quality) -> Diagnosis:
    """Reasons for every missed pair, variations involved, and a few examples of each error."""
    touched = {g for pair in q.missed for g in (q.group_of[pair[0]], q.group_of[pair[1]])}
    groups = members_of(q.group_of, touched)
    # Merged twins first: they must not happen at all.
    shown = sorted(q.false_groups, key=lambda g: not any(truth.kind[i] == "twin" for i in g))[:EXAMPLES]
    wanted = {i for g in groups.values() for i in g} | {i for g in shown for i in g}
    recs = load_records(records_path, wanted)
    group_ids = {g: set().union(*(id_set(recs[i]) for i in members)) for g, members in groups.items()}
    reasons, by_variation = Counter(), Counter()
    examples: list[str] = []
    for a, b in q.missed:
        reason = why_missed(recs[a], recs[b], (group_ids[q.group_of[a]], group_ids[q.group_of[b]]))
        reasons[reason] += 1
        for v in set(filter(None, f"{truth.variations[a]},{truth.variations[b]}".split(","))):
            by_variation[v] += 1
        if len(examples) < EXAMPLES:
            examples.append(f"{reason}:\n      {describe(recs[a], a, truth)}\n      {describe(recs[b], b, truth)}")
    false_examples = ["\n      ".join(describe(recs[i], i, truth) for i in group) for group in shown]
    return Diagnosis(reasons, by_variation, examples, false_examples)


# ---------------------------------------------------------------------- the figures

@dataclass
class Figure:
    name: str
    value: str
    target: str
    passed: bool | None  # None: reported, not held to a target


def gc_share(runs: list[Run]) -> str:
    best = min(runs, key=lambda r: r.figures["cpu"])
    return f"{best.figures.get('gc_cpu', 0.0):.1f} s"


def mib(kb: int) -> str:
    return f"{kb / 1024:,.0f} MiB"


def measure(size: int, runs: int) -> tuple[list[Figure], Diagnosis, list[str]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from dedup_corpus import generate, paths

    cached = all(p.exists() for p in paths(size, SEED))
    started = time.perf_counter()
    records_path, truth_path = generate(size, SEED)
    made = "read from benchmarks/data/" if cached else f"generated in {time.perf_counter() - started:.0f} s"
    truth = Truth.read(truth_path)
    papers = len(set(truth.paper))
    with tempfile.TemporaryDirectory() as tmp:
        groups_file = Path(tmp) / "groups.tsv"
        exact, dedup = [], []
        for k in range(runs):  # alternate, so load from others falls on both alike
            exact.append(own_child("exact", records_path))
            dedup.append(own_child("dedup", records_path, groups_file if k == 0 else None))
        cli = run_child(papertrack_command() + ["dedup", str(records_path), "--format", "jsonl",
                                                "--as-of", AS_OF], capture=False)
        q = score(truth, groups_file)
    if exact[0].figures["records"] != size or dedup[0].figures["records"] != size:
        sys.exit(f"bench_dedup: expected {size} records in and out, got {exact[0].figures} / {dedup[0].figures}")
    diagnosis = diagnose(records_path, truth, q)
    a, b = min(r.figures["cpu"] for r in exact), min(r.figures["cpu"] for r in dedup)
    a_wall, b_wall = min(r.seconds for r in exact), min(r.seconds for r in dedup)
    ratio = b / a
    n = f"{size // 1000:,}k"
    figures = [
        Figure(f"{n}: (a) exact-key grouping", f"{a:.1f} s CPU (garbage collector {gc_share(exact)}), "
               f"{a_wall:.1f} s wall, peak RSS {mib(max(r.max_rss_kb for r in exact))}", "", None),
        Figure(f"{n}: (b) papertrack dedup", f"{b:.1f} s CPU (garbage collector {gc_share(dedup)}), "
               f"{b_wall:.1f} s wall, peak RSS {mib(max(r.max_rss_kb for r in dedup))}", "", None),
        Figure(f"{n}: (b) / (a)", f"{ratio:.2f}x CPU ({b_wall / a_wall:.2f}x wall)", f"<= {RATIO_TARGET:g}x",
               ratio <= RATIO_TARGET),
        Figure(f"{n}: `papertrack dedup FILE --format jsonl > /dev/null`",
               f"{cli.seconds:.1f} s wall, peak RSS {mib(cli.max_rss_kb)}", "", None),
        Figure(f"{n}: pairwise precision", f"{q.precision:.5f} ({len(q.false_groups)} impure groups)",
               f">= {PRECISION_TARGET}", q.precision >= PRECISION_TARGET),
        Figure(f"{n}: pairwise recall", f"{q.recall:.5f} ({len(q.missed)} of {q.truth_pairs:,} pairs missed)",
               f">= {RECALL_TARGET}", q.recall >= RECALL_TARGET),
        Figure(f"{n}: Part I/II twins merged", f"{len(q.twins_merged)}", "0", not q.twins_merged),
        Figure(f"{n}: same-id fusions (unrelated papers under one arXiv id merged)",
               f"{len(q.wrong_ids_merged)} of {wrong_id_pairs(truth)} pairs",
               "0", not q.wrong_ids_merged),
        Figure(f"{n}: near-identical titles (different arXiv ids) merged", f"{len(q.near_merged)}", "", None),
    ]
    notes = [
        f"{n} corpus: {size:,} records = {papers:,} distinct papers + {size - papers:,} repeats; "
        f"{q.truth_pairs:,} true pairs; seed {SEED}, {records_path.stat().st_size / 1e6:,.0f} MB of JSONL, "
        f"{made}.",
        f"{n} times: best of {runs} alternating runs each, measured inside a fresh child from the "
        f"first record read to the last group consumed (JSON read and Paper objects included in both). "
        f"The ratio is held on CPU time (time.process_time, single-threaded work): on this shared "
        f"machine wall time also counts waiting for a core. Garbage collector: CPU time inside CPython's "
        f"cyclic collector during the timed pass (gc.callbacks). CLI: one run, wall time including "
        f"start-up and writing the JSONL.",
    ]
    return figures, diagnosis, notes


def table(figures: list[Figure]) -> str:
    rows = [("figure", "measured", "target", "result")]
    rows += [(f.name, f.value, f.target or "-", {True: "PASS", False: "FAIL", None: "info"}[f.passed])
             for f in figures]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("---" for _ in rows[0]) + "|")
    return "\n".join(lines)


def diagnosis_text(size: int, d: Diagnosis) -> list[str]:
    n = f"{size // 1000:,}k"
    lines = []
    if d.reasons:
        lines.append(f"{n} missed pairs by reason: " + "; ".join(f"{why}: {c}" for why, c in d.reasons.most_common()))
        lines.append(f"{n} missed pairs by variation involved: "
                     + ", ".join(f"{v} {c}" for v, c in d.by_variation.most_common()))
        lines += [f"{n} missed: {e}" for e in d.missed_examples]
    lines += [f"{n} false merge:\n      {e}" for e in d.false_examples]
    return lines


def revision() -> str:
    """The commit measured, `+ local changes` when the work tree differs from it."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(git + ["status", "--porcelain", "--", "src"], capture_output=True, text=True).stdout
    return f"commit {head or 'unknown'}" + (" + local changes to src/" if dirty.strip() else "")


def machine() -> str:
    return (f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}, shared with other work), "
            f"Python {platform.python_version()} ({platform.python_implementation()}), "
            f"{platform.system()} {platform.machine()}")




def section(sizes: list[int], figures: list[Figure], notes: list[str], details: list[str]) -> str:
    command = ".venv/bin/python benchmarks/bench_dedup.py --size " + " ".join(map(str, sizes)) + " --write"
    body = [
        START, "## Dedup", "",
        f"Measured {date.today().isoformat()} on {machine()}, papertrack at {revision()}; "
        "wall times on a shared machine vary by tens of percent from run to run.", "",
        table(figures), "",
        "(a) reads the JSONL through `papertrack.parse.read.read_file` and groups the records in one dict "
        "by arXiv id, else title key; (b) is `papertrack.dedup.deduplicate` over the same reader. "
        "Precision and recall count pairs of records in one group against the corpus truth "
        "(`benchmarks/dedup_corpus.py`: seeded titles from a vocabulary of "
        "about 3,000 words, 20% of the records repeats with case, punctuation, spacing, arXiv version, "
        "missing id, trailing period, LaTeX brace and small-word variations, arXiv ids written as `ID`, `IDvN`, "
        "`arXiv:ID`, abs/pdf URLs or the arXiv DOI, plus Part I/II twins, "
        "near-identical titles of different papers, and unrelated papers given one arXiv id).", "",
        *(f"- {note}" for note in notes), "",
        "Errors, for tuning (reasons use dedup's own keys, thresholds and guards):", "",
        "```", *details, "```", "",
        f"Reproduce from the repository root: `{command}` (drop `--write` to only print; "
        "add `--profile` for the cProfile hotspots of dedup on the first size).",
        END,
    ]
    return "\n".join(body)


def write_report(text: str) -> None:
    write_section(START, END, text)


def profile(size: int, top: int = 15) -> None:
    """cProfile of deduplicate over the corpus, functions sorted by own time."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from dedup_corpus import paths

    records_path = paths(size, SEED)[0]
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "dedup.prof"
        # CPU time, not wall time: on a shared machine wall time lands on whatever function
        # happens to be running when the process waits for a core.
        code = ("import cProfile, datetime, time\nfrom papertrack.dedup import deduplicate\n"
                "from papertrack.parse.read import read_file\n"
                f"recs = read_file({str(records_path)!r}, datetime.date(2026, 11, 23), lambda *a: None)\n"
                "profiler = cProfile.Profile(time.process_time)\n"
                "profiler.runctx('for p in deduplicate(recs): pass', globals(), locals())\n"
                f"profiler.dump_stats({str(stats_file)!r})\n")
        subprocess.run([sys.executable, "-c", code], check=True)
        import pstats

        print(f"\ncProfile (CPU time) of deduplicate(read_file({records_path.name})), top {top} by tottime:")
        pstats.Stats(str(stats_file), stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(top)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, nargs="+", default=[250_000], metavar="N",
                        help="record count of each corpus to run (default 250000)")
    parser.add_argument("--runs", type=int, default=2, help="timed runs of (a) and (b) each, best kept")
    parser.add_argument("--write", action="store_true", help=f"rewrite the dedup section of {REPORT.name}")
    parser.add_argument("--profile", action="store_true", help="also print cProfile hotspots of dedup")
    options = parser.parse_args()
    if subprocess.run([sys.executable, "-c", "import papertrack"], capture_output=True).returncode:
        sys.exit(f"bench_dedup: papertrack is not importable by {sys.executable}; run it with .venv/bin/python")

    print(machine())
    figures, notes, details = [], [], []
    for size in options.size:
        fig, diagnosis, note = measure(size, options.runs)
        figures += fig
        notes += note
        details += diagnosis_text(size, diagnosis)
        print("\n" + table(fig))
        for line in note + diagnosis_text(size, diagnosis):
            print(f"- {line}")
    if options.write:
        write_report(section(options.size, figures, notes, details))
        print(f"\nwrote the dedup section of {REPORT}")
    if options.profile:
        profile(options.size[0])
    if not all(f.passed is not False for f in figures):
        sys.exit(1)


if __name__ == "__main__":
    main()
