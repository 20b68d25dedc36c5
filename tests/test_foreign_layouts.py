"""The layouts of records researchers already have (the Kaggle arXiv dump, arXiv OAI-PMH,
BibTeX/BibLaTeX, RIS, CSL-JSON, other tools' JSON): what the golden fixtures do not show on
their own: the skip reports of broken entries, OAI errors and paging, and the field rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papertrack.parse import registry
from papertrack.parse.arxiv_oai import Resumption, resumption
from papertrack.parse.read import read_file
from papertrack.parse.tex import _quick, latex_to_text, tex_to_text

from .conftest import AS_OF, PARSE_FIXTURES

ARGS = ("--as-of", AS_OF.isoformat(), "--format", "jsonl")


def read(path: Path, source: str | None = None) -> tuple[list[dict], list[tuple[int | None, str]]]:
    skipped: list[tuple[int | None, str]] = []
    papers = [p.to_dict() for p in read_file(str(path), AS_OF, lambda f, n, why: skipped.append((n, why)), source)]
    return papers, skipped


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# ---------------------------------------------------------------- kaggle-arxiv

def kaggle_line(**fields) -> str:
    line = {"id": "2204.03523", "submitter": "A", "authors": "A. One and B. Two", "title": "T", "comments": None,
            "journal-ref": None, "doi": None, "report-no": None, "categories": "cs.LG", "license": None,
            "abstract": "  An abstract.\n", "versions": [{"version": "v1", "created": "Thu, 7 Apr 2022 16:20:11 GMT"}],
            "update_date": "2022-04-08", "authors_parsed": [["One", "A.", ""], ["Two", "B.", ""]]}
    line.update(fields)
    return json.dumps(line)


def test_kaggle_a_broken_line_costs_only_its_paper(tmp_path):
    good = (PARSE_FIXTURES / "kaggle-arxiv/sample.json").read_text(encoding="utf-8").splitlines()
    lines = good[:3] + ['{"id": "2101.00001", "title": "cut off', kaggle_line(versions=[{"version": "v1",
                        "created": "someday"}])] + good[3:]
    papers, skipped = read(write(tmp_path, "dump.json", "\n".join(lines) + "\n"))
    assert len(papers) == len(good) + 1
    assert [n for n, _ in skipped] == [4, 5]
    assert "invalid JSON" in skipped[0][1]
    assert 'date left out ("someday" is not a date)' in skipped[1][1]
    assert papers[3]["date"] is None and papers[3]["title"] == "T"


def test_kaggle_names_come_from_authors_parsed_when_the_line_has_none(tmp_path):
    papers, _ = read(write(tmp_path, "dump.json", kaggle_line(authors="") + "\n"))
    assert papers[0]["authors"] == ["A. One", "B. Two"]
    assert papers[0]["arxiv_version"] == 1 and papers[0]["date"] == "2022-04-07"


@pytest.mark.parametrize("tex,text", [
    (r'J. M{\"u}ller', "J. Müller"), (r"Ferr\'andez", "Ferrández"), (r"{\O}kland", "Økland"),
    (r"Wei{\ss}", "Weiß"), (r"Sof\'\i a", "Sofía"), (r"Erd\H{o}di", "Erdődi"), (r"Gra\.zyna", "Grażyna"),
    (r"Fran\c{c}ois", "François"), (r"\L{}ukasz", "Łukasz"), (r"Ad{\'{e}}b{\'{a}}y{\d{o}}", "Adébáyọ"),
    (r"Mei{-}Ling", "Mei-Ling"), ("plain name", "plain name"),
])
def test_tex_accents_decode_as_pylatexenc_does(tex, text):
    assert tex_to_text(tex) == text
    assert latex_to_text(tex) == text
    if "\\" in tex:
        assert _quick(tex) == text  # the fast path gives pylatexenc's answer


def test_tex_math_is_kept():
    assert latex_to_text(r"Bounds for $O(n \log n)$ {BERT} \emph{models}") == r"Bounds for $O(n \log n)$ BERT models"


# ---------------------------------------------------------------- arxiv-oai

OAI_ERROR = """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2024-05-21T07:45:10Z</responseDate>
<request verb="ListRecords" resumptionToken="6960524|5">http://export.arxiv.org/oai2</request>
<error code="{code}">{message}</error>
</OAI-PMH>
"""


def test_oai_paging_is_visible_to_a_harvester():
    first = (PARSE_FIXTURES / "arxiv-oai/listrecords-arxiv-page1.xml").read_bytes()
    last = (PARSE_FIXTURES / "arxiv-oai/listrecords-arxiv-page2.xml").read_bytes()
    whole = (PARSE_FIXTURES / "arxiv-oai/listrecords-arxivraw.xml").read_bytes()
    assert resumption(first) == Resumption("6960524|5", 0, 6, None)
    assert resumption(last) == Resumption(None, 4, 6, None)  # an empty token: the list is complete
    assert resumption(whole) == Resumption(None, None, None, None)


def test_oai_bad_resumption_token_is_an_error_not_the_end(tmp_path):
    text = OAI_ERROR.format(code="badResumptionToken", message="The value of the resumptionToken argument is invalid or expired.")
    got = resumption(text.encode())
    assert got.error_code == "badResumptionToken" and got.token is None
    papers, skipped = read(write(tmp_path, "page.xml", text))
    assert papers == []
    assert skipped == [(5, 'OAI-PMH error badResumptionToken: "The value of the resumptionToken argument is invalid or '
                           'expired."; the token expired or is wrong; restart the harvest from its first day')]


def test_oai_no_records_match_is_an_empty_answer(cli, tmp_path):
    path = write(tmp_path, "page.xml", OAI_ERROR.format(code="noRecordsMatch", message="empty list"))
    assert resumption(path.read_bytes()).error_code == "noRecordsMatch"
    proc = cli("parse", str(path), *ARGS)
    assert proc.returncode == 0 and proc.stdout == b"" and b"skipped" not in proc.stderr


def test_oai_deleted_records_are_no_papers_and_no_warning():
    papers, skipped = read(PARSE_FIXTURES / "arxiv-oai/listrecords-arxiv-page1.xml")
    assert "2405.09002" not in [p["arxiv_id"] for p in papers] and skipped == []


def test_oai_answer_cut_off_gives_its_complete_records(tmp_path):
    data = (PARSE_FIXTURES / "arxiv-oai/listrecords-arxivraw.xml").read_bytes()
    cut = data[: data.index(b"<title>Modular invariance")]
    papers, skipped = read(write(tmp_path, "cut.xml", cut))
    assert [p["arxiv_id"] for p in papers] == ["hep-th/0703112", "1104.2821"]
    assert len(skipped) == 1 and "cut off" in skipped[0][1]


def test_oai_broken_record_costs_only_itself(tmp_path):
    data = (PARSE_FIXTURES / "arxiv-oai/listrecords-arxivraw.xml").read_text(encoding="utf-8")
    data = data.replace("<title>Quasinormal modes", "<title>Quasinormal & modes", 1)
    papers, skipped = read(write(tmp_path, "amp.xml", data))
    assert [p["arxiv_id"] for p in papers] == ["hep-th/0703112", "1105.6102"]
    assert len(skipped) == 1 and "broken XML" in skipped[0][1]


def test_oai_unknown_metadata_format_is_named(tmp_path):
    data = (PARSE_FIXTURES / "arxiv-oai/getrecord-arxiv.xml").read_text(encoding="utf-8")
    data = data.replace('<arXiv xmlns="http://arxiv.org/OAI/arXiv/"', '<marc xmlns="http://www.loc.gov/MARC21/slim"')
    data = data.replace("</arXiv>", "</marc>")
    papers, skipped = read(write(tmp_path, "marc.xml", data))
    assert papers == [] and "metadata format 'marc' is not read" in skipped[0][1]


def test_oai_refuses_entity_declarations(tmp_path):
    data = (PARSE_FIXTURES / "arxiv-oai/getrecord-arxiv.xml").read_text(encoding="utf-8")
    data = data.replace("<OAI-PMH", '<!DOCTYPE OAI-PMH [<!ENTITY a "aaaa">]>\n<OAI-PMH', 1)
    papers, skipped = read(write(tmp_path, "bomb.xml", data))
    assert papers == [] and "refused" in skipped[0][1]


# ---------------------------------------------------------------- bibtex

def test_bibtex_broken_entries_are_skipped_with_their_lines_and_the_rest_read(cli):
    path = PARSE_FIXTURES / "bibtex/names-and-markup.bib"
    proc = cli("parse", str(path), *ARGS)
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 5
    err = proc.stderr.decode().splitlines()
    assert err == [
        f"{path}:35: skipped: @article{{lindqvist2023note: field 'title': a comma is missing before the field 'journal'",
        f"{path}:49: skipped: @article{{haddad2020unbalanced: Unexpected block start: `@inproceedings`. Was still "
        "looking for field-value closing `}`",
    ]
    assert cli("parse", str(path), *ARGS, "--strict").returncode == 1


@pytest.mark.parametrize("entry,why", [
    ("@article{a, title = {T}, journal = undefinedmacro}", "the @string 'undefinedmacro' is not defined"),
    ("@article{a, title = {T} # }", "a '#' with nothing after it"),
    ('@article{a, title = "T {x"}', "never closes"),
])
def test_bibtex_unreadable_values_name_the_field(tmp_path, entry, why):
    papers, skipped = read(write(tmp_path, "a.bib", f"@misc{{ok, title = {{Fine}}}}\n\n{entry}\n"))
    assert [p["title"] for p in papers] == ["Fine"]
    assert len(skipped) == 1 and skipped[0][0] == 3 and why in skipped[0][1]


def test_bibtex_fields_in_any_case_and_duplicates_read_the_first(tmp_path):
    papers, skipped = read(write(tmp_path, "a.bib", "@Article{k,\n  TITLE = {First},\n  Title = {Second},\n"
                                                    "  ArchivePrefix = {arXiv}, EPRINT = {2204.03523v2},\n}\n"))
    assert papers[0]["title"] == "First" and papers[0]["arxiv_id"] == "2204.03523" and papers[0]["arxiv_version"] == 2
    assert skipped and "field 'Title' left out (a second one" in skipped[0][1]


# ---------------------------------------------------------------- ris

def test_ris_record_without_title_or_id_is_reported():
    papers, skipped = read(PARSE_FIXTURES / "ris/mendeley-lf.ris")
    assert len(papers) == 3
    assert skipped == [(20, "no title, abstract or arXiv id")]


def test_ris_cut_off_record_and_wrapped_values(tmp_path):
    text = "TY  - JOUR\nTI  - A Title That\n  Wraps\nAU  - Doe, Jane\nPY  - 2021/02/03/\nER  - \nTY  - JOUR\nTI  - Cut\n"
    papers, skipped = read(write(tmp_path, "a.ris", text))
    assert [(p["title"], p["authors"], p["date"]) for p in papers] == [("A Title That Wraps", ["Jane Doe"], "2021-02-03")]
    assert skipped == [(7, "record cut off: the file ends before its ER line (last tag on line 8)")]


# ---------------------------------------------------------------- json-records and records

def test_records_claims_only_papertrack_output():
    own = (PARSE_FIXTURES / "records/parse-output.jsonl").read_text(encoding="utf-8")
    foreign = (PARSE_FIXTURES / "json-records/other-tools.jsonl").read_text(encoding="utf-8")
    assert registry.detect(own)[0].NAME == "records"
    assert registry.detect(foreign)[0].NAME == "json-records"
    stripped = "\n".join(json.dumps({k: v for k, v in json.loads(line).items() if k != "source"})
                         for line in own.splitlines())
    assert registry.detect(stripped)[0].NAME == "records"  # `jq 'del(.source)'`: its id form and flags remain


def test_foreign_id_forms_are_one_paper(cli, tmp_path):
    lines = [{"title": "DiFFPO", "arxiv_id": "2510.02212v3"}, {"title": "DiFFPO", "id": "arXiv:2510.02212"},
             {"title": "DiFFPO", "url": "https://arxiv.org/abs/2510.02212v2"},
             {"title": "DiFFPO", "doi": "https://doi.org/10.48550/ARXIV.2510.02212"},
             {"title": "DiFFPO", "url": "https://arxiv.org/pdf/2510.02212v1.pdf"}]
    path = write(tmp_path, "mixed.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    parsed = [json.loads(line) for line in cli("parse", str(path), *ARGS).stdout.splitlines()]
    assert {p["arxiv_id"] for p in parsed} == {"2510.02212"}
    assert [p["arxiv_version"] for p in parsed] == [3, None, 2, None, 1]
    merged = cli("dedup", str(path), *ARGS)
    assert merged.returncode == 0 and len(merged.stdout.splitlines()) == 1


def test_foreign_dates_and_authors(cli, tmp_path):
    lines = [{"title": "A", "date": "2024-01-05T10:00:00Z", "authors": "Ann Lee, Bo Chen and Cy Diaz"},
             {"title": "B", "date": "2024-02-30", "authors": [{"name": "Ann Lee"}, {"given": "Bo", "family": "Chen"}]},
             {"title": "C", "date": "yesterday", "authors": "Ann Lee; Bo Chen"},
             {"title": "D", "published": "Mon, 2 Apr 2007 19:18:42 GMT", "authors": [42, "Ann Lee"]}]
    path = write(tmp_path, "tool.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    proc = cli("parse", str(path), *ARGS)
    assert proc.returncode == 0
    got = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [p["date"] for p in got] == ["2024-01-05", None, None, "2007-04-02"]
    assert [p["authors"] for p in got] == [["Ann Lee", "Bo Chen", "Cy Diaz"], ["Ann Lee", "Bo Chen"],
                                          ["Ann Lee", "Bo Chen"], ["Ann Lee"]]
    assert proc.stderr.decode().splitlines() == [
        f'{path}:2: skipped: date left out ("2024-02-30" is not a date); the paper is kept',
        f'{path}:3: skipped: date left out ("yesterday" is not a date); the paper is kept',
        f'{path}:4: skipped: author left out ("42" is not a name); the paper is kept',
    ]
    assert cli("parse", str(path), *ARGS, "--strict").returncode == 1
    # What parse read, dedup and add take without an internal error.
    assert cli("dedup", str(path), *ARGS).returncode == 0
    assert cli("add", str(path), "--db", str(tmp_path / "lib.db"), "--as-of", AS_OF.isoformat()).returncode == 0


def test_records_with_foreign_values_are_brought_to_the_record_forms(tmp_path):
    own = json.loads((PARSE_FIXTURES / "records/parse-output.jsonl").read_text(encoding="utf-8").splitlines()[0])
    own.update(arxiv_id="https://arxiv.org/abs/2510.02212v4", arxiv_version=None, date="2025-10-02T08:00:00Z",
               doi="DOI: 10.1000/ABC")
    papers, skipped = read(write(tmp_path, "r.jsonl", json.dumps(own) + "\n"))
    assert (papers[0]["arxiv_id"], papers[0]["arxiv_version"], papers[0]["date"], papers[0]["doi"]) == (
        "2510.02212", 4, "2025-10-02", "10.1000/abc")
    assert skipped == []
