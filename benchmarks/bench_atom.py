"""Atom benchmark: papertrack's arXiv API parser against the `arxiv` package's and feedparser's.

All three parse the same bytes, a 100-entry response built from the golden fixtures'
entries, in this one process; each figure is the best of N, the contenders interleaved so
that load from others on a shared machine hits each alike. papertrack's figure includes
splitting the bytes into lines (its LineReader), as `papertrack parse` does.

    .venv/bin/pip install arxiv feedparser     # benchmark only, not runtime dependencies
    .venv/bin/python benchmarks/bench_atom.py [--entries 100] [--runs 30] [--write]
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from datetime import date
from importlib import metadata
from pathlib import Path

from benchlib import REPORT, write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from papertrack.parse import arxiv_atom  # noqa: E402
from papertrack.parse.context import ParseContext  # noqa: E402
from papertrack.parse.reader import LineReader  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "parse"
CURRENT, OLD = FIXTURES / "arxiv-atom/api-current.xml", FIXTURES / "arxiv-atom/api-old.xml"
START, END = "<!-- bench:atom:start -->", "<!-- bench:atom:end -->"
REPRODUCE = ".venv/bin/python benchmarks/bench_atom.py --write"
TARGETS = {"arxiv": 1.2, "feedparser": 10.0}  # papertrack must be at least this many times faster
LINES_ROW = "papertrack, lines given"  # not a contender: the same parse without the line reader

_ENTRY = re.compile(r"^  <entry>\n.*?^  </entry>\n", re.MULTILINE | re.DOTALL)
_ENTRY_ID = re.compile(r"<id>http://arxiv\.org/abs/[^<]+</id>")


def build_response(entries: int) -> bytes:
    """An API response of `entries` entries, cycling the current and old fixtures' entries
    (each given a distinct id) under the current layout's feed header."""
    current, old = CURRENT.read_text(encoding="utf-8"), OLD.read_text(encoding="utf-8")
    pool = _ENTRY.findall(current) + _ENTRY.findall(old)
    head = current[: current.index("  <entry>")]
    head = re.sub(r"<opensearch:totalResults>\d+<", f"<opensearch:totalResults>{entries}<", head)
    body = "".join(
        _ENTRY_ID.sub(f"<id>http://arxiv.org/abs/2611.{i:05d}v1</id>", pool[i % len(pool)], count=1)
        for i in range(entries)
    )
    return (head + body + "</feed>\n").encode("utf-8")


def papertrack_parse(data: bytes) -> list:
    """Bytes to records as `papertrack parse` does it: LineReader, then the source's parse."""
    ctx = ParseContext("bench", date(2026, 11, 23), format=arxiv_atom.NAME)
    return list(arxiv_atom.parse(LineReader(io.BytesIO(data)), ctx))


def papertrack_lines_parser(data: bytes) -> Callable[[bytes], list]:
    """The source's parse alone, on lines split beforehand: shows what the line reader costs."""
    lines = list(LineReader(io.BytesIO(data)))

    def parse_lines(_: bytes) -> list:
        return list(arxiv_atom.parse(lines, ParseContext("bench", date(2026, 11, 23), format=arxiv_atom.NAME)))
    return parse_lines


def arxiv_parser() -> tuple[str, Callable[[bytes], list]] | None:
    """The `arxiv` package's own response parser: `_feed.parse` (4.x, lxml) or
    `Result._from_feed_entry` over feedparser (2.x)."""
    try:
        import arxiv
    except ImportError:
        return None
    version = metadata.version("arxiv")
    try:
        from arxiv import _feed  # 4.x
        return version, lambda data: _feed.parse(data).results
    except ImportError:
        import feedparser  # 2.x parses with feedparser, then builds each Result

        return version, lambda data: [arxiv.Result._from_feed_entry(e) for e in feedparser.parse(data).entries]


def feedparser_parser() -> tuple[str, Callable[[bytes], list]] | None:
    try:
        import feedparser
    except ImportError:
        return None
    return metadata.version("feedparser"), lambda data: feedparser.parse(data).entries


def best_of(contenders: dict[str, Callable[[bytes], list]], data: bytes, runs: int,
            budget: float) -> dict[str, float]:
    """Best seconds per parse, each round timing every contender once (interleaved); a slow
    contender stops being timed once it has used its share of the time budget."""
    best = {name: float("inf") for name in contenders}
    spent = dict.fromkeys(contenders, 0.0)
    gc.collect()
    for _ in range(runs):
        for name, fn in contenders.items():
            if spent[name] > budget / len(contenders) and best[name] < float("inf"):
                continue
            started = time.perf_counter()
            fn(data)
            took = time.perf_counter() - started
            spent[name] += took
            best[name] = min(best[name], took)
    return best


def check_same_papers(data: bytes, contenders: dict[str, Callable[[bytes], list]]) -> int:
    """Every contender must find the same number of entries, else the race is meaningless."""
    counts = {name: len(fn(data)) for name, fn in contenders.items()}
    if len(set(counts.values())) != 1:
        sys.exit(f"bench_atom: parsers disagree on the entry count: {counts}")
    return next(iter(counts.values()))


def table(rows: list[tuple[str, str, float]], entries: int, size: int) -> tuple[str, bool]:
    ours = rows[0][2]
    lines = [
        f"{entries}-entry arXiv API response ({size / 1000:.0f} kB), best of N in one process, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the end of the run:",
        "",
        "| parser | version | ms per response | entries/s | papertrack (from bytes) is | target | met |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    ok = True
    for name, version, seconds in rows:
        speedup = seconds / ours
        target = TARGETS.get(name)
        met = "" if target is None else ("yes" if speedup >= target else "NO")
        ok &= met != "NO"
        lines.append(
            f"| {name} | {version} | {seconds * 1000:.2f} | {entries / seconds:,.0f} | "
            f"{'' if name.startswith('papertrack') else f'{speedup:.1f}x faster'} | "
            f"{'' if target is None else f'>= {target:g}x'} | {met} |"
        )
    lines += ["", f"`{LINES_ROW}` is the same parse on lines split beforehand, so the gap between the "
              "first two rows is the line reader's share; the targets are judged on the first row. "
              "Wall times on a shared machine: compare rows of one run, not runs."]
    return "\n".join(lines), ok


def write_report(section: str) -> None:
    """Replace only this benchmark's section of BENCHMARKS.md (others write other sections)."""
    write_section(START, END, f"{START}\n## arXiv Atom parsing\n\n{section}\n\nReproduce: `{REPRODUCE}`\n{END}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entries", type=int, default=100, help="entries in the response (default 100)")
    ap.add_argument("--runs", type=int, default=30, help="timed rounds; the best counts (default 30)")
    ap.add_argument("--budget", type=float, default=30.0, help="seconds of timing at most (default 30)")
    ap.add_argument("--write", action="store_true", help=f"rewrite this section of {REPORT.name}")
    args = ap.parse_args()

    data = build_response(args.entries)
    contenders: dict[str, Callable[[bytes], list]] = {
        "papertrack": papertrack_parse, LINES_ROW: papertrack_lines_parser(data)}
    versions = {"papertrack": metadata.version("papertrack"), LINES_ROW: metadata.version("papertrack")}
    for name, found in (("arxiv", arxiv_parser()), ("feedparser", feedparser_parser())):
        if found is None:
            print(f"bench_atom: `{name}` is not installed; `.venv/bin/pip install {name}` to compare",
                  file=sys.stderr)
            continue
        versions[name], contenders[name] = found
    entries = check_same_papers(data, contenders)
    best = best_of(contenders, data, args.runs, args.budget)
    section, ok = table([(n, versions[n], best[n]) for n in contenders], entries, len(data))
    print(section)
    if args.write:
        write_report(section)
        print(f"\nwrote the atom section of {REPORT}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
