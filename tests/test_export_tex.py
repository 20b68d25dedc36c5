"""BibTeX and BibLaTeX output checked by the tools that read it: biber's validator reports no
error, a `\\nocite{*}` document builds with bibtex + pdflatex (and biblatex + biber) with no error
and one bibliography item per entry, and biber reads every author's family name as
`names.name_parts` splits it. Over the records of every bundled fixture and the tricky ones."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from papertrack.export import write
from papertrack.export.citation import CitationKeys
from papertrack.model import Paper
from papertrack.names import name_parts
from papertrack.normalize import fold_text

from . import tex_tools
from .export_records import FAMILIES, GREEK, NAMES, NOT_FOR_PDFLATEX, TRICKY, UNTITLED, fixture_records

FORMATS = ("bibtex", "biblatex")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple[Path, list[Paper], list[str]]]:
    """Per format: the .bib of every fixture record and the tricky ones, the records written
    (in order), and the warnings the writer gave."""
    records = fixture_records() + TRICKY + GREEK + [UNTITLED]
    files = {}
    for fmt in FORMATS:
        path = tmp_path_factory.mktemp(fmt) / "refs.bib"
        warnings: list[str] = []
        with path.open("w", encoding="utf-8") as out:
            count = write(records, fmt, out, merged=True, warn=warnings.append)
        written = [p for p in records if p.title]
        assert count == len(written)
        files[fmt] = (path, written, warnings)
    return files


@pytest.mark.parametrize("fmt", FORMATS)
def test_untitled_records_are_left_out_with_a_warning(exported, fmt):
    path, written, warnings = exported[fmt]
    untitled = [line for line in warnings if "tricky.jsonl:30:" in line]
    assert untitled == [f"tricky.jsonl:30: left out of the {fmt} output: arxiv:2101.00001 has no title"]
    text = path.read_text(encoding="utf-8")
    assert "2101.00001" not in text and "title = {{}}" not in text
    assert len(re.findall(r"^@\w+\{", text, re.MULTILINE)) == len(written)


@pytest.mark.parametrize("fmt", FORMATS)
def test_biber_validates_with_no_error(exported, fmt, tmp_path):
    path, _, _ = exported[fmt]
    status, complaints = tex_tools.biber_validate(path, tmp_path)
    assert status == 0
    # The only complaint allowed: a record without any date (nothing is invented for it).
    assert [c for c in complaints if "Missing mandatory field - one of 'date, year'" not in c] == []


def test_bibtex_and_pdflatex_build_one_item_per_entry(exported, tmp_path):
    path, written, _ = exported["bibtex"]
    built = tex_tools.bibtex_document(path, tmp_path)
    assert built["bibtex"] == 0 and built["bibtex_errors"] == 0 and built["bibtex_messages"] == []
    assert built["latex"] == [0, 0, 0] and built["tex_errors"] == [] and built["pdf"]
    assert built["items"] == len(written)


def test_biblatex_and_biber_build_one_entry_per_entry(exported, tmp_path):
    path, written, _ = exported["biblatex"]
    built = tex_tools.biblatex_document(path, tmp_path)
    assert built["biber"] == 0 and built["biber_errors"] == []
    assert built["latex"] == [0, 0, 0] and built["tex_errors"] == [] and built["pdf"]
    assert built["entries"] == len(written)


def _plain(text: str) -> str:
    """biber's name part as text: its protective braces gone, composed as records hold it."""
    return unicodedata.normalize("NFC", text.replace("{", "").replace("}", ""))


def _letters(text: str) -> str:
    """The letters alone: biber decodes one TeX accent a letter, not two (`{\\`{\\d{o}}}` comes
    back as `\\`ọ`), so for BibTeX input the parts are compared without their accents."""
    return fold_text(re.sub(r"\\(?:[a-zA-Z]+|.)", "", _plain(text)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_biber_reads_every_family_name_right(exported, fmt, tmp_path):
    path, written, _ = exported[fmt]
    parsed = tex_tools.biber_names(path, tmp_path)
    keys = CitationKeys()
    checked = 0
    for paper in written:
        key = keys.key(paper)
        want = [name_parts(a) for a in paper.authors]
        got, more = parsed.get(key, ([], False))
        assert len(got) == len(want) and more == (paper.authors_truncated and bool(want)), key
        for parts, name in zip(want, got):
            assert parts is not None
            for part, value in (("family", parts.family), ("prefix", parts.particle), ("given", parts.given),
                                ("suffix", parts.suffix)):
                if fmt == "biblatex":  # UTF-8 in, UTF-8 out
                    assert _plain(name.get(part, "")) == (value or ""), (key, part, parts)
                else:
                    assert _letters(name.get(part, "")) == fold_text(value or ""), (key, part, parts)
            checked += 1
    assert checked > 300
    # The names `First Last` would lose: their family names as a reader of them knows them.
    study, _ = parsed[CitationKeys().key(TRICKY[0])]
    assert [(_plain(n["family"]), _plain(n["prefix"]) if "prefix" in n else None) for n in study] == FAMILIES
    assert _plain(study[1]["suffix"]) == "Jr." and _plain(study[1]["given"]) == "Jean-Pierre"
    assert len(study) == len(NAMES)


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_pdflatex_cannot_typeset_still_makes_a_valid_file(fmt, tmp_path):
    path = tmp_path / "refs.bib"
    with path.open("w", encoding="utf-8") as out:
        write(NOT_FOR_PDFLATEX, fmt, out)
    assert "中文 and an emoji 😀" in path.read_text(encoding="utf-8")  # kept, for xelatex and lualatex
    status, complaints = tex_tools.biber_validate(path, tmp_path)
    assert status == 0 and complaints == []
