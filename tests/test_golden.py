"""Golden files: every input in tests/fixtures/parse/<layout>/ with its <case>.expected.jsonl
beside it is detected as that folder's layout, parsed and compared field by field (every field
the expected records carry), and every record any fixture produces passes the record
invariants. Every registered layout has a folder; a fixture file no test reads fails the run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from papertrack.model import FIELD_ORDER, Paper
from papertrack.parse import registry as sources
from papertrack.parse.read import read_file

from .conftest import AS_OF, DEDUP_FIXTURES, FIXTURES, PARSE_FIXTURES, read_jsonl
from .test_library_migrations import REVISIONS as LIBRARY_REVISIONS

EXPECTED_SUFFIX = ".expected.jsonl"


def golden_pairs(root: Path = PARSE_FIXTURES) -> list[tuple[Path, Path]]:
    """(input, expected records) of every case in every layout folder under `root`."""
    pairs = []
    for expected in sorted(root.glob("*/*" + EXPECTED_SUFFIX)):
        stem = expected.name[: -len(EXPECTED_SUFFIX)]
        inputs = [p for p in expected.parent.glob(stem + ".*") if p != expected]
        assert len(inputs) == 1, f"{expected}: want exactly one input named {stem}.*, got {inputs}"
        pairs.append((inputs[0], expected))
    return pairs


def check_golden(dump: Path, expected: Path) -> None:
    """The folder names the layout that detection must pick; the records match field by field."""
    layout = dump.parent.name
    sample = dump.read_bytes()[:65536].decode("utf-8", errors="replace")
    module, _ = sources.detect(sample)
    assert module is not None and layout == module.NAME, f"{dump}: detected as {module and module.NAME}"
    want = read_jsonl(expected)
    got = [p.to_dict() for p in parse_file(dump)]
    assert len(got) == len(want), f"{dump.name}: {len(got)} records, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        assert record_key(g) == record_key(w), f"{dump.name} record {i}: order or identity differs"
        for field, value in w.items():
            if field in ("id", "source", "sources"):
                continue
            assert g[field] == value, f"{dump.name} record {i} ({(w.get('title') or '')[:40]!r}) {field}"


def parse_file(path: Path, skipped: list | None = None) -> list[Paper]:
    def on_skip(file, line, why):
        if skipped is not None:
            skipped.append((line, why))
    return list(read_file(str(path), AS_OF, on_skip))


def record_key(d: dict) -> str:
    if d.get("arxiv_id"):
        return "id:" + d["arxiv_id"]
    return "t:" + re.sub(r"\W+", " ", (d.get("title") or d.get("abstract") or "")[:120].casefold()).strip()


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("dump,expected", golden_pairs(), ids=case_id)
def test_golden(dump: Path, expected: Path):
    check_golden(dump, expected)


def test_every_layout_has_a_fixture_folder_and_every_folder_a_layout():
    folders = {p.name for p in PARSE_FIXTURES.iterdir() if p.is_dir()}
    assert folders == set(sources.names())
    assert {dump.parent.name for dump, _ in golden_pairs()} == folders


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ARXIV = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})$")


def check_invariants(d: dict) -> None:
    """The rules every record obeys, whatever its source (model.py)."""
    assert d.get("title") or d.get("abstract") or d.get("arxiv_id"), "no title, abstract or arXiv id"
    for key, value in d.items():
        assert value != "", f"empty string in {key}"
        if isinstance(value, list):
            assert all(v != "" for v in value), f"empty string inside {key}"
    for key in ("date", "listed_on"):
        assert d[key] is None or _DATE.match(d[key]), f"{key} {d[key]!r} not YYYY-MM-DD"
    assert d["arxiv_id"] is None or _ARXIV.match(d["arxiv_id"]), f"arxiv_id {d['arxiv_id']!r}"
    assert d["doi"] is None or d["doi"] == d["doi"].lower()
    assert not d["code_url"] or d["has_code"], "code_url without has_code"
    for key in ("title", "abstract", "comment"):
        assert d[key] is None or " ".join(d[key].split()) == d[key], f"{key} whitespace not collapsed"
    assert list(d)[: len(FIELD_ORDER)] == list(FIELD_ORDER)
    assert d["id"].split(":", 1)[0] in ("arxiv", "doi", "title")


def all_inputs() -> list[Path]:
    return [dump for dump, _ in golden_pairs()]


@pytest.mark.parametrize("dump", all_inputs(), ids=case_id)
def test_invariants_and_round_trip(dump: Path, tmp_path: Path):
    papers = parse_file(dump)
    assert papers
    lines = []
    for paper in papers:
        d = paper.to_dict()
        check_invariants(d)
        assert Paper.from_dict(d).to_dict() == d
        import json
        lines.append(json.dumps(d, ensure_ascii=False))
    # Parse of parse output is unchanged.
    out = tmp_path / "records.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = [p.to_dict() for p in parse_file(out)]
    assert again == [p.to_dict() for p in papers]


def test_every_fixture_is_read():
    """A fixture no test reads is a test that silently stopped running."""
    claimed = set()
    for dump, expected in golden_pairs():
        claimed |= {dump, expected}
    claimed |= set(DEDUP_FIXTURES.glob("*.jsonl"))  # test_dedup reads each by name
    claimed |= set((FIXTURES / "hostile").glob("*")) if (FIXTURES / "hostile").exists() else set()
    claimed |= {FIXTURES / "library" / f"{name}.sql" for name in LIBRARY_REVISIONS}
    claimed |= set((FIXTURES / "golden").glob("*"))  # test_golden_output reads each, and fails on a stale one
    unread = [p for p in FIXTURES.rglob("*") if p.is_file() and p not in claimed]
    assert not unread, f"fixtures no test reads: {unread}"


def test_registry_names_match_their_modules():
    for layout in sources.LAYOUTS:
        loaded = sources.load(layout)
        assert layout.name == loaded.NAME, f"registry says {layout.name!r}, module {layout.module} says {loaded.NAME!r}"
        assert layout.kind in ("json", "markup", "text")


@pytest.mark.parametrize("dump", all_inputs(), ids=case_id)
def test_sniffed_kind_holds_the_layout(dump: Path):
    """Detection asks the sniffed kind first: every fixture's layout must be of that kind."""
    sample = dump.read_bytes()[:65536].decode("utf-8", errors="replace")
    module, _ = sources.detect(sample)
    kind = sources.kind_of(module.NAME)
    assert sources.sniff_kind(sample) == kind
