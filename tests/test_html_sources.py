"""Saved HTML pages: arxiv-html, hf-html and citation-meta. The golden fixtures (html_*) run in
test_golden; these tests cover detection between the three, the rules each one applies
(dates, names, ids, truncated author lists, listing days), source lines, and bad pages:
too large, no paper, broken JSON, damaged bytes, arbitrary markup."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from papertrack.names import citation_name
from papertrack.parse import arxiv_html, citation_meta, hf_html, registry as sources
from papertrack.parse.context import ParseContext, Skipped
from papertrack.parse.html_doc import MAX_PAGE_BYTES
from papertrack.parse.read import read_file

from .conftest import AS_OF, PARSE_FIXTURES, fixture_inputs

HTML_SOURCES = (arxiv_html, hf_html, citation_meta)


def run(module, page: str) -> list:
    ctx = ParseContext(file="page.html", as_of=AS_OF, format=module.NAME)
    return list(module.parse(iter(page.split("\n")), ctx))


def one_paper(module, page: str):
    items = run(module, page)
    assert len(items) == 1 and not isinstance(items[0], Skipped), items
    return items[0]


def head_page(*metas: tuple[str, str], body: str = "") -> str:
    tags = "\n".join(f'<meta name="{k}" content="{html.escape(v)}">' for k, v in metas)
    return f"<!DOCTYPE html>\n<html><head>\n{tags}\n</head><body>{body}</body></html>"


# ---------------------------------------------------------------- detection

@pytest.mark.parametrize("name,module", [
    ("arxiv-html/abs.html", arxiv_html), ("arxiv-html/list-new.html", arxiv_html),
    ("hf-html/paper.html", hf_html), ("hf-html/daily.html", hf_html),
    ("citation-meta/openreview.html", citation_meta), ("citation-meta/acl-anthology.html", citation_meta),
])
def test_each_page_is_detected_as_its_own_layout(name, module):
    sample = (PARSE_FIXTURES / name).read_text(encoding="utf-8")[:64 * 1024]
    chosen, score = sources.detect(sample)
    assert chosen is module, (chosen and chosen.NAME, score)


def test_site_sources_beat_citation_meta_on_their_own_pages():
    sample = (PARSE_FIXTURES / "arxiv-html/abs.html").read_text(encoding="utf-8")
    assert 'name="citation_title"' in sample
    assert citation_meta.detect(sample) == 0.5
    assert arxiv_html.detect(sample) >= 0.8 > citation_meta.detect(sample)
    hf = (PARSE_FIXTURES / "hf-html/paper.html").read_text(encoding="utf-8")
    assert arxiv_html.detect(hf) == 0.0 and hf_html.detect(hf) >= 0.8


@pytest.mark.parametrize("path", sorted(set(fixture_inputs()) - set(fixture_inputs("arxiv-html", "hf-html",
                                                                                   "citation-meta"))),
                         ids=lambda p: p.name)
def test_html_sources_leave_text_layouts_alone(path: Path):
    sample = path.read_text(encoding="utf-8", errors="replace")[:64 * 1024]
    assert [m.NAME for m in HTML_SOURCES if m.detect(sample)] == []


# ---------------------------------------------------------------- citation-meta rules

@pytest.mark.parametrize("raw,want", [
    ("Müller, Jürgen", "Jürgen Müller"),
    ("  Nguyễn,   Thị Minh Anh ", "Thị Minh Anh Nguyễn"),
    ("van der Berg, Lotte", "Lotte van der Berg"),
    ("King, Jr., Martin Luther", "Martin Luther King Jr."),
    ("King, Martin Luther, Jr.", "Martin Luther King Jr."),
    ("Smith, Jr.", "Smith, Jr."),
    ("Ada Lovelace", "Ada Lovelace"),
    ("王小明", "王小明"),
    (" , ", None),
])
def test_citation_author_names(raw, want):
    assert citation_name(raw) == want


@pytest.mark.parametrize("metas,want", [
    ((("citation_publication_date", "2024/05/07"),), "2024-05-07"),
    ((("citation_publication_date", "2024-05-07"),), "2024-05-07"),
    ((("citation_date", "2024/5/7"),), "2024-05-07"),
    # A year alone names no day: the next tag with a full date is used, or none.
    ((("citation_publication_date", "2024"), ("citation_online_date", "2023/12/30")), "2023-12-30"),
    ((("citation_publication_date", "2024"),), None),
    ((("citation_publication_date", "2024/8"),), None),
    ((("citation_publication_date", "2024/02/30"),), None),
])
def test_citation_dates(metas, want):
    paper = one_paper(citation_meta, head_page(("citation_title", "A Paper"), *metas))
    assert paper.date == want


def test_arxiv_pdf_url_gives_the_arxiv_id_and_datacite_doi_is_not_kept():
    paper = one_paper(citation_meta, head_page(
        ("citation_title", "Sparse Routing"),
        ("citation_pdf_url", "https://arxiv.org/pdf/2405.04417v2"),
        ("citation_doi", "10.48550/arXiv.2405.04417"),
    ))
    assert (paper.arxiv_id, paper.arxiv_version, paper.doi) == ("2405.04417", 2, None)
    paper = one_paper(citation_meta, head_page(
        ("citation_title", "Sparse Routing"), ("citation_doi", "https://doi.org/10.48550/arXiv.2405.04417")))
    assert (paper.arxiv_id, paper.doi) == ("2405.04417", None)
    paper = one_paper(citation_meta, head_page(
        ("citation_title", "T"), ("citation_doi", "doi:10.1145/3580305.3599999"),
        ("citation_journal_title", "KDD"), ("citation_conference_title", "ignored: journal first")))
    assert (paper.doi, paper.journal_ref, paper.arxiv_id) == ("10.1145/3580305.3599999", "KDD", None)


def test_og_tags_only_fill_a_missing_title_or_abstract():
    abstract = "We study how curricula should be paced when the learner's gradient noise changes over time."
    page = head_page(("citation_author", "Tanaka, Aiko")).replace(
        "</head>", f'<meta property="og:title" content="Noise Pacing">'
                   f'<meta property="og:description" content="{abstract}"></head>')
    paper = one_paper(citation_meta, page)
    assert (paper.title, paper.abstract, paper.authors) == ("Noise Pacing", abstract, ["Aiko Tanaka"])
    # citation_title wins over og:title; a citation line naming the authors is no abstract.
    page = head_page(("citation_title", "Real Title"), ("citation_author", "Tanaka, Aiko")).replace(
        "</head>", '<meta property="og:title" content="Site - Real Title">'
                   '<meta property="og:description" content="Aiko Tanaka. Proceedings of the Workshop on '
                   'Curricula, pages 1-9, 2024."></head>')
    paper = one_paper(citation_meta, page)
    assert (paper.title, paper.abstract) == ("Real Title", None)


def test_markup_inside_citation_abstract_is_removed():
    paper = one_paper(citation_meta, head_page(
        ("citation_title", "T"), ("citation_abstract", "<p>We use <i>sparse</i> experts.</p><p>Code: https://github.com/a/b.</p>")))
    assert paper.abstract == "We use sparse experts. Code: https://github.com/a/b."
    assert paper.code_url == "https://github.com/a/b" and paper.has_code


def test_a_page_without_citation_tags_is_skipped_not_invented():
    items = run(citation_meta, '<html><head><meta property="og:title" content="My holiday"></head></html>')
    assert len(items) == 1 and isinstance(items[0], Skipped)
    assert "citation_" in items[0].why


# ---------------------------------------------------------------- arxiv-html rules

def test_listing_entries_point_at_their_id_link_line():
    path = PARSE_FIXTURES / "arxiv-html/list-new.html"
    lines = path.read_text(encoding="utf-8").split("\n")
    for paper in read_file(str(path), AS_OF, lambda *a: None):
        line = lines[paper.sources[0].line - 1]
        assert f'href ="/abs/{paper.arxiv_id}"' in line


def test_abstract_page_line_is_the_title_line():
    path = PARSE_FIXTURES / "arxiv-html/abs.html"
    [paper] = read_file(str(path), AS_OF, lambda *a: None)
    assert '<h1 class="title mathjax">' in path.read_text(encoding="utf-8").split("\n")[paper.sources[0].line - 1]


LISTING = """<html><body><div id='dlpage'><h1>Robotics</h1>
<dl id='articles'>
<h3>{day1}</h3>
<dt><a name='item1'>[1]</a> <a href ="/abs/2403.01001" title="Abstract">arXiv:2403.01001</a> [<a href="/pdf/2403.01001">pdf</a>]</dt>
<dd><div class='meta'><div class='list-title mathjax'><span class='descriptor'>Title:</span> First</div>
<div class='list-authors'><a href="/a/x">A. Person</a>, <a href="/a/y">B. Person</a>, et al. (5 additional authors not shown)</div>
<div class='list-subjects'><span class='descriptor'>Subjects:</span> <span class="primary-subject">Robotics (cs.RO)</span></div></div></dd>
<h3>{day2}</h3>
<dt><a href ="/abs/2403.00777v2" title="Abstract">arXiv:2403.00777v2</a></dt>
<dd><div class='meta'><div class='list-title mathjax'><span class='descriptor'>Title:</span> Second</div></div></dd>
<dt><a href ="/abs/2403.00555" title="Abstract">arXiv:2403.00555</a></dt>
</dl></div></body></html>"""


def test_listing_days_change_with_each_day_header():
    page = LISTING.format(day1="Tue, 12 Mar 2024 (showing 1 of 1 entries )",
                          day2="Mon, 11 Mar 2024 (showing 2 of 2 entries )")
    first, second, third = run(arxiv_html, page)
    assert (first.listed_on, second.listed_on, third.listed_on) == ("2024-03-12", "2024-03-11", "2024-03-11")
    assert first.date is None  # a listing shows the day it listed the paper, not the paper's date
    assert (first.authors, first.authors_truncated, first.author_count) == (["A. Person", "B. Person"], True, 7)
    assert (second.arxiv_id, second.arxiv_version, second.title) == ("2403.00777", 2, "Second")
    # An id with no metadata after it still names the paper.
    assert (third.arxiv_id, third.title) == ("2403.00555", None)


def test_old_listing_headers_with_two_digit_years():
    page = LISTING.format(day1="New submissions for Tue, 12 Mar 24", day2="Cross-lists for Tue, 12 Mar 24")
    assert {p.listed_on for p in run(arxiv_html, page)} == {"2024-03-12"}


def test_truncated_author_list_on_an_abstract_page_takes_the_head_names():
    page = head_page(("citation_author", "Xiao, Bangjun"), ("citation_author", "Li, Ming"),
                     ("citation_author", "Zhou, Yan"), ("citation_arxiv_id", "2412.00123"),
                     body='<div id="abs"><h1 class="title mathjax"><span class="descriptor">Title:</span>Big Report</h1>'
                          '<div class="authors"><span class="descriptor">Authors:</span><a href="/a/1">Bangjun Xiao</a>, '
                          '<a href="javascript:toggleAuthorList()">et al. (2 additional authors not shown)</a></div>'
                          '<div class="dateline">[Submitted on 1 Dec 2024 (this version, v2)]</div></div>')
    paper = one_paper(arxiv_html, page)
    assert (paper.authors, paper.authors_truncated) == (["Bangjun Xiao", "Ming Li", "Yan Zhou"], False)
    assert (paper.date, paper.arxiv_version, paper.arxiv_id) == ("2024-12-01", 2, "2412.00123")


# ---------------------------------------------------------------- hf-html rules

def hydrater(target: str, props) -> str:
    raw = props if isinstance(props, str) else json.dumps(props)
    return f'<div class="SVELTE_HYDRATER contents" data-target="{target}" data-props="{html.escape(raw)}"></div>'


def hf_page(*divs: str) -> str:
    return "<!doctype html>\n<html><head><title>Daily Papers</title></head><body>\n" + "\n".join(divs) + "\n</body></html>"


def test_hf_broken_and_empty_props_are_reported_with_their_line():
    items = run(hf_html, hf_page(hydrater("DailyPapers", '{"dailyPapers": [{"paper": '), hydrater("DailyPapers", {"dailyPapers": []})))
    assert [(i.line, type(i)) for i in items] == [(3, Skipped), (4, Skipped)]
    assert "JSON" in items[0].why and "empty" in items[1].why


def test_hf_bad_entries_are_skipped_and_the_rest_kept():
    kept = {"id": "2410.00001", "title": "Kept", "authors": [{"name": "A B"}, {"nope": 1}, "x"]}
    odd = {"id": 7, "title": "Odd types", "authors": 5, "organization": "acme", "upvotes": "12"}
    props = {"dailyPapers": [{"paper": None}, "junk", {"paper": kept}, {"paper": odd}], "date": "2024-10-18"}
    items = run(hf_html, hf_page(hydrater("DailyPapers", props)))
    assert [type(i).__name__ for i in items] == ["Skipped", "Skipped", "Paper", "Paper"]
    paper = items[2]
    assert (paper.title, paper.authors, paper.listed_on, paper.date) == ("Kept", ["A B"], "2024-10-18", None)
    odd_paper = items[3]
    assert (odd_paper.arxiv_id, odd_paper.authors, odd_paper.authors_truncated, odd_paper.org, odd_paper.upvotes) == \
        (None, [], True, None, None)


def test_hf_hidden_authors_in_the_props_are_kept_in_place():
    """The page's JSON marks an author `"hidden": true` when the paper is off their profile."""
    authors = [{"name": "Ana Lima", "hidden": False}, {"name": "Bo Chen", "hidden": True}, {"name": "Cy Dube"}]
    props = {"dailyPapers": [{"paper": {"id": "2410.00002", "title": "T", "authors": authors}}]}
    [paper] = run(hf_html, hf_page(hydrater("DailyPapers", props)))
    assert paper.authors == ["Ana Lima", "Bo Chen", "Cy Dube"] and not paper.authors_truncated


def test_hf_same_paper_in_two_widgets_is_one_record_and_a_page_without_props_is_skipped():
    paper = {"id": "2410.13355", "title": "T", "summary": "S", "upvotes": True}
    items = run(hf_html, hf_page(hydrater("PaperContent", {"paper": paper}), hydrater("PaperHero", {"paper": paper})))
    assert len(items) == 1 and items[0].upvotes is None  # true is no count
    [skip] = run(hf_html, hf_page(hydrater("MainHeader", {"isLoggedIn": False})))
    assert isinstance(skip, Skipped) and "data-props" in skip.why


# ---------------------------------------------------------------- bad pages

def test_pages_over_the_size_limit_are_refused_without_reading_them_whole():
    consumed = 0

    def lines():
        nonlocal consumed
        for _ in range(200):  # 200 MB if it were all read
            consumed += 1
            yield "<p>" + "x" * (1 << 20) + "</p>"

    for module in HTML_SOURCES:
        consumed = 0
        ctx = ParseContext(file="big.html", as_of=AS_OF, format=module.NAME)
        [item] = list(module.parse(lines(), ctx))
        assert isinstance(item, Skipped) and "50 MB" in item.why
        assert consumed <= MAX_PAGE_BYTES // (1 << 20) + 1


@pytest.mark.parametrize("module", HTML_SOURCES, ids=lambda m: m.NAME)
def test_a_page_with_no_paper_is_a_skip_with_a_reason(module):
    items = run(module, "<!DOCTYPE html><html><head><title>Nothing</title></head><body><p>Hello</p></body></html>")
    assert len(items) == 1 and isinstance(items[0], Skipped) and items[0].why


def test_forced_source_on_a_page_without_papers_is_one_line_exit_1(cli, tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><h1>Not found</h1></body></html>", encoding="utf-8")
    result = cli("parse", "--source", "arxiv-html", str(page))
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err
    assert "skipped: no arXiv abstract or listing" in err


def test_damaged_bytes_skip_only_the_entry_that_holds_them(tmp_path):
    page = LISTING.format(day1="Tue, 12 Mar 2024", day2="Mon, 11 Mar 2024").encode()
    page = page.replace(b"Second", b"Sec\xffond")
    path = tmp_path / "list.html"
    path.write_bytes(page)
    skipped = []
    papers = list(read_file(str(path), AS_OF, lambda f, line, why: skipped.append((line, why))))
    assert [p.arxiv_id for p in papers] == ["2403.01001", "2403.00555"]
    assert len(skipped) == 1 and "UTF-8" in skipped[0][1]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
       st.sampled_from(['<dl><dt><a href="/abs/2401.00001">x</a></dt><dd>{}</dd></dl>',
                        '<h1 class="title">{}</h1><div class="submission-history">{}</div>',
                        '<div data-target="DailyPapers" data-props="{}"></div>',
                        '<meta name="citation_title" content="{}"><meta name="citation_author" content="{}">']))
def test_arbitrary_markup_never_raises(text, template):
    page = "<html><body>" + template.replace("{}", text) + "</body></html>"
    for module in HTML_SOURCES:
        for item in run(module, page):
            assert isinstance(item, Skipped) or item.title or item.abstract or item.arxiv_id
