"""The writers' own rules, without outside tools: TeX escapes and math, citation keys, the format
a file name picks, CSV and TSV cells, and what reaches stderr when a record is left out."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

from papertrack.cli import app, register_commands
from papertrack.export import WRITERS, format_for_path, write
from papertrack.export.citation import CitationKeys, arxiv_year_month
from papertrack.export.latex import tex_value
from papertrack.model import Paper, SourceRef

from .conftest import PARSE_FIXTURES
from .export_records import TRICKY, UNTITLED

register_commands([])


@pytest.mark.parametrize("text, bibtex, biblatex", [
    ("A {Unbalanced title", r"A \textbraceleft{}Unbalanced title", None),
    ("close} and {kept}", r"close\textbraceright{} and {kept}", None),
    ("Ends with\\", r"Ends with\textbackslash{}", None),
    ("Growth of $x^2$ and a_b^c~d", r"Growth of $x^2$ and a\_b\textasciicircum{}c\textasciitilde{}d", None),
    ("100% & C# cost $5", r"100\% \& C\# cost \$5", None),
    ("$\\{x$ is no formula", r"\$\textbraceleft{}x\$ is no formula", None),  # its braces would not balance
    ("32$\\times$32 and $a % b$", r"32$\times$32 and \$a \% b\$", None),
    ("Fr\\'echet, 10\\% and Schr\\\"{o}dinger", r"Fr{\'{e}}chet, 10\% and Schr{\"{o}}dinger",
     r"Fréchet, 10\% and Schrödinger"),
    ("Élodie łódź Ørsted Adébáyọ̀", r"{\'{E}}lodie {\l}{\'{o}}d{\'{z}} {\O}rsted Ad{\'{e}}b{\'{a}}y{\`{\d{o}}}",
     "Élodie łódź Ørsted Adébáyọ̀"),
    ("α-divergence and $γ$", r"\ensuremath{\alpha}-divergence and ${\gamma}$", "α-divergence and ${\\gamma}$"),
    ("中文 – “quoted”", "中文 -- ``quoted''", "中文 – “quoted”"),
    ("<a> |b|", r"\textless{}a\textgreater{} \textbar{}b\textbar{}", None),
    ("tab\x00and\x1bcontrols", "tabandcontrols", None),
])
def test_tex_values(text, bibtex, biblatex):
    assert tex_value(text, accents=True) == bibtex
    assert tex_value(text, accents=False) == (biblatex if biblatex is not None else bibtex)


def test_tex_values_are_brace_balanced_whatever_the_input():
    for text in ["{", "}", "}{", "\\", "\\{", "$}$", "${$ {", "\\}\\}", "a{b}c}", "{{{x"]:
        for accents in (True, False):
            value = tex_value(text, accents)
            depth = 0
            for ch in value:
                depth += (ch == "{") - (ch == "}")
                assert depth >= 0, (text, value)
            assert depth == 0 and not value.endswith("\\"), (text, value)


def test_keys_are_stable_unique_and_take_the_year_of_an_arxiv_id():
    keys = CitationKeys()
    assert [keys.key(p) for p in TRICKY[:1] + TRICKY[10:13]] == [
        "deluca2020study", "doe2004style", "doe2025style", "deluca2020studyb"]
    assert CitationKeys().key(TRICKY[0]) == "deluca2020study"  # the same record, the same key
    assert CitationKeys().key(Paper(title="Electromagnetism", authors=["Hans Christian Ørsted"])) == \
        "orstedelectromagnetism"
    assert CitationKeys().key(Paper(title="On a Thing")) == "anonthing"
    assert arxiv_year_month("0704.0001") == (2007, 4) and arxiv_year_month("math.OC/9912001") == (1999, 12)
    assert arxiv_year_month("2513.00001") is None and arxiv_year_month(None) is None


def test_no_nd_for_a_record_without_a_year():
    assert CitationKeys().key(Paper(title="Distribution Shift", authors=["Ana Alvarsson"])) == "alvarssondistribution"


@pytest.mark.parametrize("name, fmt", [
    ("refs.bib", "bibtex"), ("refs.biblatex.bib", "biblatex"), ("REFS.BLTX.BIB", "biblatex"),
    ("refs.csl.json", "csl-json"), ("refs.json", "json"), ("refs.ris", "ris"), ("feed.atom", "atom"),
    ("papers.tsv", "tsv"), ("papers.csv", "csv"), ("papers.jsonl", "jsonl"), ("papers.out", None),
])
def test_the_longest_matching_ending_picks_the_format(name, fmt):
    assert format_for_path(Path(name)) == fmt


def test_every_writer_is_reachable_and_described():
    for fmt, entry in WRITERS.items():
        assert entry.description and entry.suffixes, fmt
        out = io.StringIO()
        assert write([TRICKY[0]], fmt, out) == 1 and out.getvalue(), fmt


def _formula_record() -> Paper:
    return Paper(title="=HYPERLINK(\"http://evil\")", authors=["+Plus", "-Minus"], abstract="@SUM(A1)",
                 comment="\tTab", journal_ref="\rCR", upvotes=-3, score=-1.5, sources=[SourceRef("x", "f.txt")])


def test_csv_cells_never_start_a_formula():
    out = io.StringIO()
    write([_formula_record()], "csv", out)
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    cells = dict(zip(header, row))
    assert cells["title"] == "'=HYPERLINK(\"http://evil\")" and cells["authors"] == "'+Plus; -Minus"
    assert cells["abstract"] == "'@SUM(A1)" and cells["comment"] == "'\tTab" and cells["journal_ref"] == "'\rCR"
    assert cells["upvotes"] == "-3" and cells["score"] == "-1.5"  # numbers stay numbers


def test_tsv_is_one_line_a_paper_with_the_csv_columns():
    records = [_formula_record(), *TRICKY]
    out = io.StringIO()
    assert write(records, "tsv", out) == len(records)
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) == len(records) + 2
    rows = [line.split("\t") for line in lines[:-1]]
    assert {len(row) for row in rows} == {len(rows[0])} and rows[0][:2] == ["id", "title"]
    assert rows[1][rows[0].index("comment")] == "' Tab" and rows[1][1].startswith("'=")
    csv_header = next(csv.reader(io.StringIO(_written(records, "csv"))))
    assert rows[0] == csv_header


def _written(records: list[Paper], fmt: str) -> str:
    out = io.StringIO()
    write(records, fmt, out)
    return out.getvalue()


def test_a_record_left_out_is_said_on_stderr(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps(p.to_dict()) for p in (UNTITLED, TRICKY[0])) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(records), "-f", "bibtex"])
    assert result.exit_code == 0
    assert result.stdout.count("@misc{") == 1 and "2005.01234" in result.stdout
    assert result.stderr == "tricky.jsonl:30: left out of the bibtex output: arxiv:2101.00001 has no title\n"
    # The formats that can hold a record without a title keep it.
    for fmt in ("csl-json", "ris", "atom", "jsonl"):
        assert "2101.00001" in CliRunner().invoke(app, ["export", str(records), "-f", fmt]).stdout, fmt


def test_parse_writes_every_format_of_the_table():
    profile = str(PARSE_FIXTURES / "profile/elodie-van-der-meer.txt")
    for fmt in WRITERS:
        result = CliRunner().invoke(app, ["parse", profile, "--as-of", "2026-11-23", "-f", fmt.upper()])
        assert result.exit_code == 0 and result.stdout, fmt


def test_the_readme_lists_every_format_with_who_imports_it():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| ([^|]+) \|$", readme, re.MULTILINE))
    assert set(WRITERS) <= set(rows) and all(rows[fmt].strip() for fmt in WRITERS)


# ---------------------------------------------------------------- JSON Lines: orjson, the standard bytes

def _standard_jsonl(paper: Paper, merged: bool = False) -> str:
    """What the JSON writer wrote before orjson: the standard encoder over `to_dict`."""
    return json.JSONEncoder(ensure_ascii=False, check_circular=False).encode(paper.to_dict(merged))


def test_orjson_escapes_every_character_as_the_standard_encoder_does():
    """A JSON string's encoding is its characters' encodings in a row, so chunks of every code
    point (but the surrogates, which orjson refuses and the writer hands to json) settle it."""
    import orjson

    points = [cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000]
    for start in range(0, len(points), 4096):
        text = "".join(map(chr, points[start:start + 4096]))
        assert orjson.dumps(text).decode() == json.dumps(text, ensure_ascii=False), hex(points[start])


ODD_RECORDS = [
    Paper(title="NaN score", arxiv_id="2501.00001", score=float("nan")),
    Paper(title="Infinite", arxiv_id="2501.00002", score=float("inf"), upvotes=0),
    Paper(title="-Infinite", score=float("-inf"), author_count=3, arxiv_version=2),
    *(Paper(title=f"Score {s!r}", score=s) for s in (1e16, 1e-7, -0.0, 0.0001, 84.5, 9999999999999998.0, 5e-324)),
    Paper(title="Big", upvotes=123456789012345678901234567890, author_count=-(2 ** 70)),
    Paper(title="Lone \ud800 surrogate", authors=["A \udfff B"]),
    Paper(title='Quotes "in" the title \\ and a backslash', authors=['x",', '"', "\\", 'a","b', "Zoë 🦜"],
          categories=["cs.LG", 'q",'], affiliations=["\u2028", "\x7f", "\x00", "\x1f"], profile_of=["Ö"]),
    Paper(title="Control \x01\x08\x0c\n\r\t", abstract="Emoji 🧪 and \U0010ffff and \ufeff", has_code=True,
          code_url="https://github.com/a/b", authors_truncated=True),
]


@pytest.mark.parametrize("merged", [False, True])
@pytest.mark.parametrize("sources", [[], [SourceRef("records", "x.jsonl", 3)],
                                     [SourceRef("profile", 'a"b.txt', None), SourceRef("hf-daily", "-", 12)]])
def test_the_json_writer_writes_the_standard_bytes_whatever_the_record(merged, sources):
    from papertrack.record_json import record_json

    for paper in [*ODD_RECORDS, *TRICKY, UNTITLED]:
        paper = dataclasses.replace(paper, sources=list(sources))
        assert record_json(paper, merged) == _standard_jsonl(paper, merged), paper.title


def test_the_json_writer_writes_the_standard_bytes_for_every_fixture_record():
    """... by the fast path: no record a layout makes needs the standard encoder."""
    from papertrack.record_json import _fast

    from .export_records import fixture_records

    for paper in fixture_records():
        for merged in (False, True):
            assert _fast(paper, merged).decode() == _standard_jsonl(paper, merged)


@given(st.lists(st.text(alphabet=st.sampled_from(list('ab ,;"\r\n\t=\'é')), max_size=12), min_size=2, max_size=6))
def test_csv_cells_are_written_as_the_csv_module_writes_them(row):
    from papertrack.export.delimited import csv_cell

    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerow(row)
    assert ",".join(map(csv_cell, row)) + "\r\n" == expected.getvalue()
