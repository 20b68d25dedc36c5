"""Shared test helpers: the fixture folders, the as-of day of the fixtures, a CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PARSE_FIXTURES = FIXTURES / "parse"
DEDUP_FIXTURES = FIXTURES / "dedup"
# The day the fixtures' yearless dates are resolved against (the day the seed dumps were copied).
AS_OF = date(2026, 11, 23)
SRC = str(Path(__file__).parents[1] / "src")


def fixture_inputs(*layouts: str) -> list[Path]:
    """The input files of the parse fixtures in these layouts' folders (all folders if none)."""
    folders = [PARSE_FIXTURES / name for name in layouts] if layouts else sorted(PARSE_FIXTURES.iterdir())
    return sorted(p for folder in folders for p in folder.iterdir() if not p.name.endswith(".expected.jsonl"))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_cli(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m papertrack ARGS` as a user would, capturing bytes."""
    full_env = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    return subprocess.run([sys.executable, "-m", "papertrack", *args], input=stdin,
                          capture_output=True, env=full_env, timeout=120)


@pytest.fixture
def cli():
    return run_cli
