"""What the benchmark scripts share: measuring one fresh child process, and rewriting one
script's marked section of BENCHMARKS.md (each script owns its section, no other)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"
INTRO = """# Benchmarks

Figures measured by the scripts in `benchmarks/` on the machine named in each section, each
against the target it is held to. A script with `--write` rewrites only its own marked section.
"""


@dataclass
class Child:
    wall: float       # seconds, start to exit
    cpu: float        # user + system seconds of this child alone
    max_rss_kb: int   # this child's own peak RSS (kB on Linux)
    out: bytes        # its stdout, when captured


def measure_child(argv: list[str], capture: bool = False, who: str = "benchmark") -> Child:
    """Run one fresh child. os.wait4 gives this child's own rusage, so runs do not contaminate
    each other's peak (RUSAGE_CHILDREN would report the largest child so far). A failing child
    ends the benchmark with the tail of its stderr."""
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a chatty child cannot block on it
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stderr=err,
                                stdout=subprocess.PIPE if capture else subprocess.DEVNULL)
        out = proc.stdout.read() if capture else b""
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"{who}: `{' '.join(argv)}` failed:\n{err.read().decode(errors='replace')[-2000:]}")
    return Child(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out)


def write_section(start: str, end: str, text: str) -> None:
    """Replace the section between `start` and `end` (markers included in `text`) in
    BENCHMARKS.md, or append it; the rest of the file stays as it is."""
    current = REPORT.read_text(encoding="utf-8") if REPORT.exists() else INTRO
    marked = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if marked.search(current):
        updated = marked.sub(lambda _: text, current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    REPORT.write_text(updated, encoding="utf-8")
