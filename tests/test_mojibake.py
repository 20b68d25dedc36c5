"""Mojibake in pasted text (UTF-8 that a browser, terminal or editor read as cp1252): the text
layouts see each line repaired before they recognize blocks, so a mojibake author line,
profile header or `·` line parses as the clean paste does, and clean lines stay as they are."""

from __future__ import annotations

import io

import pytest

from papertrack.parse.read import read_bytes
from papertrack.parse.reader import LineReader
from papertrack.parse.repair import repair_lines

from .conftest import AS_OF, PARSE_FIXTURES


def mojibake(text: str) -> str:
    """What a UTF-8 text looks like read as cp1252: `José García` -> `JosÃ© GarcÃ­a`."""
    return text.encode("utf-8").decode("cp1252")


def records(text: str) -> list[dict]:
    return [paper.to_dict() for paper in read_bytes(text.encode("utf-8"), "paste.txt", AS_OF, lambda *skip: None)]


def damaged_copy(clean: str, lines: set[int]) -> str:
    """`clean` with the 1-based `lines` turned into mojibake (the others left clean)."""
    return "\n".join(mojibake(line) if n in lines else line for n, line in enumerate(clean.split("\n"), 1))


def line_numbers(text: str, *starts: str) -> set[int]:
    return {n for n, line in enumerate(text.split("\n"), 1) if line.startswith(starts)}


def test_profile_paste_with_a_mojibake_header_and_author_lines_parses_as_the_clean_one():
    clean = (PARSE_FIXTURES / "profile/elodie-van-der-meer.txt").read_text(encoding="utf-8")
    clean = clean.replace("Ana María Ortega-Ruiz, Élodie", "José García, Élodie")
    clean = clean.replace("Seeing Through Fog: 3D Scene", "Seeing Through Fog — 3D Scene")
    header = next(n for n, line in enumerate(clean.split("\n"), 1) if line == "Élodie van der Meer")
    bad_lines = {header} | line_numbers(clean, "J.-P. Lefèvre", "José García", "Seeing Through Fog")
    damaged = damaged_copy(clean, bad_lines)
    for shown in ("Ã‰lodie van der Meer\n", "JosÃ© GarcÃ­a, Ã‰lodie", "Fog â€” 3D", "ETH ZÃ¼rich"):
        assert shown in damaged
    assert "ETH Zürich" not in damaged and "Ana María" not in damaged  # every line with them is damaged

    want, got = records(clean), records(damaged)
    assert got == want  # every field, line numbers of the sources included
    assert all(r["profile_of"] == ["Élodie van der Meer"] for r in got)
    by_title = {r["title"]: r for r in got}
    assert by_title["Seeing Through Fog — 3D Scene Reconstruction from 12 Degraded Views"]["authors"] == \
        ["Élodie van der Meer"]
    tactile = by_title["Tactile-Visual Policies for Contact-Rich Manipulation under Partial Observability"]
    assert tactile["authors"] == ["J.-P. Lefèvre", "Élodie van der Meer", "Sven-Erik Åkesson"]
    assert tactile["org"] == "ETH Zürich" and tactile["abstract"].startswith("Contact-rich manipulation tasks")
    conformal = by_title["Conformal Prediction Sets for Graph Neural Networks under Distribution Shift"]
    assert conformal["authors"] == ["José García", "Élodie van der Meer"]
    assert conformal["abstract"].startswith("Conformal prediction gives")


def test_hf_daily_paste_with_mojibake_metadata_lines_parses_as_the_clean_one():
    """`  • 5 authors` read as cp1252 is `  â€¢ 5 authors` and `·` is `Â·`: no metadata line
    was recognized, every title became a skipped line."""
    clean = (PARSE_FIXTURES / "hf-daily/daily-papers.txt").read_text(encoding="utf-8")
    bad_lines = {n for n, line in enumerate(clean.split("\n"), 1) if not line.isascii()}
    damaged = damaged_copy(clean, bad_lines)
    assert "  â€¢ 5 authors\nÂ·\nOct 7, 2025" in damaged
    want, got = records(clean), records(damaged)
    assert len(want) == 62
    assert got == want
    assert [r["author_count"] for r in got[1:3]] == [5, 4]


def test_arxiv_listing_paste_with_mojibake_author_lines_parses_as_the_clean_one():
    clean = (PARSE_FIXTURES / "arxiv-listing/new-cs-lg.txt").read_text(encoding="utf-8")
    bad_lines = line_numbers(clean, "Lena Hoffmann", "Tomasz Wi", "Amara Okafor", "Marguerite Lef")
    assert len(bad_lines) == 4
    damaged = damaged_copy(clean, bad_lines)
    assert "Rafael Ortega DÃ­az" in damaged
    want, got = records(clean), records(damaged)
    assert got == want
    assert any(r["authors"] == ["Amara Okafor", "Jonas Lindqvist", "Hyun-Woo Park", "Sofía Benítez"] for r in got)


def test_only_lines_that_show_mojibake_are_repaired_and_none_is_added_or_lost():
    lines = ["ETH Zürich", "JosÃ© GarcÃ­a, Zhao", "", "plain ASCII", "Ã… la carte Â· 5", "Wei Zhang · MIT"]
    assert repair_lines(lines) == ["ETH Zürich", "José García, Zhao", "", "plain ASCII", "Å la carte · 5",
                                   "Wei Zhang · MIT"]
    clean = ["ETH Zürich", "Ångström", "Wei Zhang · MIT"]
    assert repair_lines(clean) is clean


@pytest.mark.parametrize("repair", [True, False])
def test_the_line_reader_repairs_only_when_asked_and_keeps_line_numbers(repair: bool):
    """The driver asks for it for text layouts; JSON and markup are repaired per value."""
    text = "Title\nJosÃ© GarcÃ­a\nETH Zürich\n\nlast line Â·"
    reader = LineReader(io.BytesIO(text.encode("utf-8")))
    assert reader.sample == "Title\nJosé García\nETH Zürich\n\nlast line ·"  # detection sees it repaired
    reader.repair_mojibake = repair
    got = list(reader)
    if repair:
        assert got == ["Title", "José García", "ETH Zürich", "", "last line ·"]
    else:
        assert got == text.split("\n")


def test_a_json_value_with_mojibake_is_still_repaired_when_its_record_is_made():
    dump = '[{"paper": {"id": "2510.02212", "title": "T", "upvotes": 1, "authors": [{"name": "JosÃ© GarcÃ­a"}]}}]'
    [record] = records(dump)
    assert record["authors"] == ["José García"]
