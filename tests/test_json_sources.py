"""The saved-JSON API sources (Hugging Face, Semantic Scholar, OpenAlex, dblp): detection that
takes only its own layout, the field rules the golden fixtures do not reach, and reports
(never tracebacks) for broken or foreign input."""

from __future__ import annotations

import json

import pytest

from papertrack.model import Paper
from papertrack.parse import dblp as dblp_api, hf_api, openalex as openalex_api, registry as sources, s2 as s2_api
from papertrack.parse.context import ParseContext, Skipped
from papertrack.parse.openalex import rebuild_abstract

from .conftest import AS_OF, fixture_inputs

JSON_SOURCES = (hf_api, s2_api, openalex_api, dblp_api)


def run(module, text: str, damaged: dict[int, str] | None = None) -> list:
    ctx = ParseContext(file="t.json", as_of=AS_OF, format=module.NAME, damaged=dict(damaged or {}))
    return list(module.parse(text.split("\n"), ctx))


def papers(items: list) -> list[Paper]:
    return [p for p in items if isinstance(p, Paper)]


def skips(items: list) -> list[Skipped]:
    return [s for s in items if isinstance(s, Skipped)]


# ---------------------------------------------------------------- detection

@pytest.mark.parametrize("layout,module", [
    ("hf-api", hf_api), ("s2", s2_api), ("openalex", openalex_api), ("dblp", dblp_api),
])
def test_each_fixture_is_detected_as_its_own_layout(layout, module):
    dumps = fixture_inputs(layout)
    assert dumps
    for dump in dumps:
        chosen, _ = sources.detect(dump.read_text(encoding="utf-8"))
        assert chosen is module, f"{dump.name} detected as {chosen and chosen.NAME}"
        for other in JSON_SOURCES:
            if other is not module:
                assert other.detect(dump.read_text(encoding="utf-8")) == 0.0, (dump.name, other.NAME)


def test_papertrack_records_are_not_taken_for_api_responses():
    """Records parsed from every API fixture, as JSONL and as one JSON array, stay `records`."""
    for dump in fixture_inputs("hf-api", "s2", "openalex", "dblp"):
        text = dump.read_text(encoding="utf-8")
        module = sources.detect(text)[0]
        recs = [p.to_dict() for p in papers(run(module, text))]
        jsonl = "\n".join(json.dumps(r, ensure_ascii=False) for r in recs)
        array = json.dumps(recs, ensure_ascii=False, indent=2)
        for sample in (jsonl, array):
            assert all(m.detect(sample) == 0.0 for m in JSON_SOURCES), dump.name
            assert sources.detect(sample)[0] is sources.by_name("records")


HTML_ERROR_PAGE = """<!DOCTYPE html>
<html><head><title>429 Too Many Requests</title></head>
<body><h1>Too Many Requests</h1>
<div data-props='{"paper": {"id": "2510.02212", "upvotes": 7, "externalIds": {}, "abstract_inverted_index": {}}}'></div>
<pre>{"result": {"hits": {"@total": "0"}}}</pre>
</body></html>
"""


def test_an_html_error_page_is_not_an_api_response():
    assert all(m.detect(HTML_ERROR_PAGE) == 0.0 for m in JSON_SOURCES)
    for module in JSON_SOURCES:  # forced with --source: one clear report, no records
        items = run(module, HTML_ERROR_PAGE)
        assert len(items) == 1 and isinstance(items[0], Skipped)
        assert "HTML page" in items[0].why


def test_detection_needs_the_layouts_own_keys():
    assert hf_api.detect('[{"title": "A", "upvotes": 3}]') == 0.0  # a record array, not HF
    assert s2_api.detect('{"total": 0, "offset": 0}') == 0.0
    assert openalex_api.detect('{"meta": {"count": 0}, "results": []}') == 0.0
    assert dblp_api.detect('{"hits": {"hit": []}}') == 0.0
    assert dblp_api.detect('{"result": {"query": "x", "hits": {"@total": "0"}}}') == 1.0


# ---------------------------------------------------------------- broken input

@pytest.mark.parametrize("module", JSON_SOURCES, ids=lambda m: m.NAME)
def test_invalid_json_is_one_report_with_its_line(module):
    items = run(module, '[\n  {"paper": {"id": "2510.02212",\n   "title": "Cut off here')
    assert len(items) == 1 and isinstance(items[0], Skipped)
    assert items[0].why.startswith("invalid JSON") and items[0].line == 3


@pytest.mark.parametrize("module", JSON_SOURCES, ids=lambda m: m.NAME)
def test_an_api_error_body_is_reported_with_its_message(module):
    items = run(module, '{"error": "Too many requests, slow down"}')
    assert len(items) == 1 and "Too many requests, slow down" in items[0].why


def test_deep_nesting_is_reported_not_raised():
    items = run(s2_api, "[" * 100_000 + "]" * 100_000)
    assert len(items) == 1 and isinstance(items[0], Skipped)


def test_items_that_are_not_papers_are_skipped_with_their_index():
    text = json.dumps([
        {"paper": {"id": "2510.02212", "title": "Kept", "upvotes": 1}},
        "a string",
        {"paper": {"id": "", "title": "", "summary": None, "upvotes": 0}},
    ], indent=2)
    items = run(hf_api, text)
    assert [p.title for p in papers(items)] == ["Kept"]
    whys = [s.why for s in skips(items)]
    assert whys == ["item 1: not a JSON object", "item 2: no title, abstract or arXiv id"]
    assert [s.line for s in skips(items)] == [9, 10]


def test_a_damaged_line_skips_only_the_item_holding_it():
    text = json.dumps([{"paperId": "a", "title": "First"}, {"paperId": "b", "title": "Sec\ufffdond"}], indent=2)
    items = run(s2_api, text, damaged={7: "invalid UTF-8 bytes"})
    assert [p.title for p in papers(items)] == ["First"]
    assert skips(items)[0].line == 6 and "invalid UTF-8" in skips(items)[0].why


def test_appended_pages_and_json_lines_are_all_read_with_their_lines():
    page = {"total": 2, "data": [{"paperId": "x", "title": "One"}]}
    text = json.dumps(page) + "\n" + json.dumps({**page, "data": [{"paperId": "y", "title": "Two"}]})
    got = papers(run(s2_api, text))
    assert [(p.title, p.sources[0].line) for p in got] == [("One", 1), ("Two", 2)]


# ---------------------------------------------------------------- Hugging Face

def test_hf_single_paper_object_and_listing_fields():
    paper = {
        "id": "2510.01948v2", "title": "Sparse &amp; Shared", "summary": "Text.",
        "authors": [{"name": "A B", "hidden": False}, {"name": "Hidden One", "hidden": True}, {"name": " "}],
        "publishedAt": "2025-10-02T08:00:12.000Z", "submittedOnDailyAt": "2025-10-03T04:45:19.306Z",
        "upvotes": 5, "discussionId": "x", "numComments": 9,
        "githubRepo": "https://github.com/org/repo", "projectPage": "https://org.github.io/site/",
        "organization": {"name": "ucdavis", "fullname": "UC Davis"},
    }
    (p,) = papers(run(hf_api, json.dumps(paper)))
    assert (p.arxiv_id, p.arxiv_version, p.title) == ("2510.01948", 2, "Sparse & Shared")
    assert p.authors == ["A B", "Hidden One"] and not p.authors_truncated
    assert (p.date, p.listed_on, p.upvotes) == ("2025-10-02", "2025-10-03", 5)
    assert (p.code_url, p.has_code, p.project_url) == ("https://github.com/org/repo", True, "https://org.github.io/site/")
    assert (p.org, p.org_slug) == ("UC Davis", "ucdavis")


def test_hf_hidden_authors_are_kept_in_place():
    """`"hidden": true` keeps the paper off that author's profile; the person is still an author."""
    names = ["Lena Hoffmann", "Rahul Mehta", "Sofia Petrova", "Kenji Watanabe", "Amara Okafor",
             "Jonas Berg", "Mei-Ling Chou", "Diego Alvarez", "Hannah Kim", "Tariq Haddad"]
    authors = [{"_id": f"6917a0{i:018x}", "name": name, "hidden": i == 4} for i, name in enumerate(names)]
    authors[2]["user"] = {"_id": "64b0", "user": "spetrova", "fullname": "Sofia Petrova", "type": "user"}
    item = {"paper": {"id": "2511.14993", "authors": authors, "title": "T", "summary": "S.", "upvotes": 12,
                      "publishedAt": "2025-11-18T17:04:49.000Z", "discussionId": "691d"},
            "publishedAt": "2025-11-19T01:32:09.511Z", "title": "T", "numComments": 2}
    text = json.dumps([item], indent=2)
    assert '"hidden": true' in text
    (p,) = papers(run(hf_api, text))
    assert p.authors == names and len(p.authors) == 10 and not p.authors_truncated


def test_hf_top_level_fields_stand_in_for_the_papers_own():
    item = {"paper": {"id": "2510.02212", "authors": [], "upvotes": 2},
            "title": "Top Title", "summary": "Top summary.", "githubRepo": "https://github.com/a/b",
            "organization": {"name": "slug-only"}, "publishedAt": "2025-10-03T00:00:00Z"}
    (p,) = papers(run(hf_api, json.dumps([item])))
    assert (p.title, p.abstract, p.code_url) == ("Top Title", "Top summary.", "https://github.com/a/b")
    assert (p.org, p.org_slug, p.date, p.listed_on) == ("slug-only", "slug-only", None, "2025-10-03")


def test_hf_empty_listing_is_reported():
    items = run(hf_api, "[]")
    assert len(items) == 1 and "no papers" in items[0].why


# ---------------------------------------------------------------- Semantic Scholar

def test_s2_year_alone_gives_no_date_and_fields_of_study_no_category():
    paper = {"paperId": "p", "title": "T", "year": 2021, "publicationDate": None,
             "fieldsOfStudy": ["Computer Science"], "externalIds": {"DOI": "10.5555/ABC.1"}}
    (p,) = papers(run(s2_api, json.dumps(paper)))
    assert p.date is None and p.category is None and p.categories == []
    assert p.doi == "10.5555/abc.1" and p.arxiv_id is None


def test_s2_wrapped_items_bare_lists_and_empty_search():
    wrapped = {"data": [{"paper": {"paperId": "p", "title": "Wrapped", "externalIds": {"ArXiv": "2401.00001"}}},
                        {"isInfluential": True, "citedPaper": {"paperId": "q", "title": "Cited"}}]}
    assert [p.title for p in papers(run(s2_api, json.dumps(wrapped)))] == ["Wrapped", "Cited"]
    items = run(s2_api, '[null, {"paperId": "p", "title": "T"}]')
    assert [type(i).__name__ for i in items] == ["Skipped", "Paper"]
    assert items[0].why.startswith("item 0: null")
    items = run(s2_api, '{"total": 0, "offset": 0}')
    assert len(items) == 1 and items[0].line is None and "no papers" in items[0].why


def test_s2_arxiv_venue_is_no_journal_ref_but_a_journal_is():
    arxiv = {"paperId": "p", "title": "T", "venue": "arXiv.org", "journal": {"name": "ArXiv", "volume": "abs/1"}}
    journal = {"paperId": "q", "title": "U", "venue": "", "journal": {"name": "Annals of Statistics"}}
    got = papers(run(s2_api, json.dumps([arxiv, journal])))
    assert [p.journal_ref for p in got] == [None, "Annals of Statistics"]


# ---------------------------------------------------------------- OpenAlex

def test_openalex_abstract_is_rebuilt_in_word_order():
    assert rebuild_abstract({"world": [1], "Hello": [0], "again": [3], "hello,": [2]}) == "Hello world hello, again"
    assert rebuild_abstract(None) is None and rebuild_abstract({}) is None


def test_openalex_arxiv_id_from_a_location_and_repository_is_no_journal():
    work = {"id": "https://openalex.org/W1", "display_name": "T <sub>2</sub>", "doi": None,
            "primary_location": {"landing_page_url": "https://zenodo.org/records/1",
                                 "source": {"display_name": "Zenodo", "type": "repository"}},
            "locations": [{"pdf_url": "https://arxiv.org/pdf/2301.00042v3", "source": None}]}
    (p,) = papers(run(openalex_api, json.dumps(work)))
    assert (p.title, p.arxiv_id, p.arxiv_version, p.journal_ref) == ("T 2", "2301.00042", 3, None)


# ---------------------------------------------------------------- dblp

def _dblp(*infos) -> str:
    return json.dumps({"result": {"hits": {"@total": str(len(infos)), "hit": [{"info": i} for i in infos]}}})


def test_dblp_authors_titles_and_identifiers():
    one_author = {"title": "Wait for It...", "authors": {"author": {"@pid": "1", "text": "Wei Li 0001"}},
                  "year": "2020", "venue": "NeurIPS", "ee": ["https://proceedings.example/1", "https://arxiv.org/abs/2006.00001v2"]}
    plain = {"title": "Names as Strings.", "authors": {"author": ["Ada Lovelace", "Alan Turing 0002"]},
             "year": "2021", "venue": "CoRR", "volume": "abs/cs/0112017", "key": "journals/corr/cs-LO-0112017"}
    first, second = papers(run(dblp_api, _dblp(one_author, plain)))
    assert (first.title, first.authors, first.date) == ("Wait for It...", ["Wei Li"], None)
    assert (first.arxiv_id, first.arxiv_version, first.journal_ref) == ("2006.00001", 2, "NeurIPS")
    assert (second.title, second.authors) == ("Names as Strings", ["Ada Lovelace", "Alan Turing"])
    assert (second.arxiv_id, second.journal_ref) == ("cs/0112017", None)


def test_dblp_corr_key_gives_the_arxiv_id_when_nothing_else_does():
    info = {"title": "Key Only.", "venue": "CoRR", "key": "journals/corr/abs-2510-02212"}
    (p,) = papers(run(dblp_api, _dblp(info)))
    assert p.arxiv_id == "2510.02212"


def test_dblp_hits_without_info_and_empty_results():
    items = run(dblp_api, json.dumps({"result": {"hits": {"@total": "1", "hit": [{"@id": "9"}]}}}))
    assert [s.why for s in skips(items)] == ["hit 0: a hit without an info object"]
    items = run(dblp_api, json.dumps({"result": {"query": "zzz", "hits": {"@total": "0", "@sent": "0"}}}))
    assert len(items) == 1 and "no hits" in items[0].why
