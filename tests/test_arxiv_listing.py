"""The arXiv list-page layout's tricky parts: wrapped lines, Subjects, missing fields,
old-style ids, listing days, page chrome, a broken entry among good ones, detection."""

from __future__ import annotations

import textwrap
from pathlib import Path

from papertrack.model import Paper
from papertrack.parse import arxiv_listing, registry as sources
from papertrack.parse.context import ParseContext, Skipped

from .conftest import AS_OF


def run(text: str) -> list:
    ctx = ParseContext(file="-", as_of=AS_OF, format=arxiv_listing.NAME)
    return list(arxiv_listing.parse(textwrap.dedent(text).splitlines(), ctx))


def papers(text: str) -> list[Paper]:
    items = run(text)
    assert not [i for i in items if isinstance(i, Skipped)], items
    return items


def test_hard_wrapped_title_authors_and_abstract_are_joined():
    # Wrapped at 60 columns: the title's last line and the start of the author list both
    # read as names, so only the wrap width tells where the title ends.
    [p] = papers("""\
        Showing new listings for Monday, 24 November 2025
        New submissions (showing 1 of 1 entries)
        [1] arXiv:2511.17001 [pdf, html, other]
        Title: Scaling Behaviour of Sparse Attention in Long-Context
        Large Language Models
        Ana Ruiz, Tomás Berg, Wei Zhang, Olga Ivanova, Jean-Baptiste
        Martin, Keiko Sato
        Comments: 18 pages, 7 figures, code at
        https://github.com/aruiz/sparse-scaling
        Subjects: Computation and Language (cs.CL)
        We measure how sparse attention patterns change as context
        grows, and find that a fixed fraction of heads becomes self-
        similar beyond 32k tokens.
        """)
    assert p.title == "Scaling Behaviour of Sparse Attention in Long-Context Large Language Models"
    assert p.authors == ["Ana Ruiz", "Tomás Berg", "Wei Zhang", "Olga Ivanova",
                         "Jean-Baptiste Martin", "Keiko Sato"]
    assert p.authors_truncated is False
    assert p.comment == "18 pages, 7 figures, code at https://github.com/aruiz/sparse-scaling"
    assert p.code_url == "https://github.com/aruiz/sparse-scaling" and p.has_code
    # A line broken after a word's hyphen is glued back together.
    assert p.abstract.endswith("becomes self-similar beyond 32k tokens.")
    assert p.listed_on == "2025-11-24" and p.date is None


def test_a_full_title_line_continues_the_title_though_the_next_reads_as_a_name():
    [p] = papers("""\
        [1] arXiv:2511.17002 [pdf, other]
        Title: Stability of Travelling Waves for a Discrete Nagumo
        Equation
        Ingrid Solberg (University of Oslo), Mateo Rinaldi (SISSA)
        Subjects: Analysis of PDEs (math.AP)
        """)
    assert p.title == "Stability of Travelling Waves for a Discrete Nagumo Equation"
    assert p.authors == ["Ingrid Solberg", "Mateo Rinaldi"]
    assert p.affiliations == ["University of Oslo", "SISSA"]


def test_subjects_give_primary_and_all_categories_even_when_wrapped():
    [cross, single] = papers("""\
        [4] arXiv:2511.15877 (cross-list from cs.CV) [pdf, html, other]
        Title: Sparse Voxel Priors
        Kenji Mori, Elena Petrova
        Subjects: Computer Vision and Pattern Recognition (cs.CV); Machine
        Learning (cs.LG); Statistical Mechanics (cond-mat.stat-mech)
        [5] arXiv:2511.15903 [pdf]
        Title: A Short Note
        Marguerite Lefèvre
        Subjects: Methodology (stat.ME)
        """)
    assert cross.category == "cs.CV"
    assert cross.categories == ["cs.CV", "cs.LG", "cond-mat.stat-mech"]
    assert cross.abstract is None  # the wrapped Subjects line is not an abstract
    assert single.category == "stat.ME" and single.categories == ["stat.ME"]


def test_missing_comments_leave_comment_null_and_labels_are_read():
    [p] = papers("""\
        [1] arXiv:2311.09402 [pdf, other]
        Title: A Treebank of Code-Switched Posts
        Authors: Maria Luisa Santos, Rodel dela Cruz
        Journal-ref: Proceedings of LREC-COLING 2024
        Subjects: Computation and Language (cs.CL)
        """)
    assert p.comment is None
    assert p.journal_ref == "Proceedings of LREC-COLING 2024"
    # With an Authors: label the names are taken as shown, lowercase particles included.
    assert p.authors == ["Maria Luisa Santos", "Rodel dela Cruz"]
    assert p.code_url is None and p.has_code is False


def test_old_style_and_versioned_ids_and_older_id_lines():
    found = papers("""\
        arXiv:math/0601001v2 [pdf, ps, other]
        Title: On Gaps Between Primes
        Henrik Alvarsson
        Subjects: Number Theory (math.NT)
        arXiv:cond-mat/0412498 [pdf, ps, other]
        Title: Spin Glasses on Sparse Graphs
        Lucia Bianchi
        Subjects: Disordered Systems and Neural Networks (cond-mat.dis-nn)
        [3] arXiv:2510.08570v3 [pdf, html, other]
        Title: A New-Style Paper
        Ana Ruiz
        Subjects: Machine Learning (cs.LG)
        """)
    assert [(p.arxiv_id, p.arxiv_version) for p in found] == [
        ("math/0601001", 2), ("cond-mat/0412498", None), ("2510.08570", 3)]
    assert found[1].category == "cond-mat.dis-nn"


def test_broken_entry_is_skipped_with_its_line_and_the_rest_parse():
    items = run("""\
        Fri, 21 Nov 2025 (showing 5 of 5 entries )
        [1] arXiv:2511.16012 [pdf, html, other]
        Title: First Paper
        Lena Hoffmann
        Subjects: Machine Learning (cs.LG)
        [2] arXiv:2511.16030 [pdf, other]
        Subjects: Machine Learning (cs.LG)
        [3] arXiv:2511.16047 [pdf, html, other]
        Title: Third Paper
        Amara Okafor
        Subjects: Machine Learning (cs.LG)
        [4] arXiv:2511.160 [pdf]
        Title: Fourth Paper With A Cut Id
        Tom Berg
        Subjects: Machine Learning (cs.LG)
        [5] arXiv:2511.16050 [pdf]
        Title: Fifth Paper
        Wei Zhang
        Subjects: Machine Learning (cs.LG)
        """)
    assert [type(i).__name__ for i in items] == ["Paper", "Skipped", "Paper", "Skipped", "Paper"]
    assert items[1].line == 6 and "no title" in items[1].why
    assert items[3].line == 12 and "arXiv id" in items[3].why
    papers_found = [i for i in items if isinstance(i, Paper)]
    assert [p.title for p in papers_found] == ["First Paper", "Third Paper", "Fifth Paper"]
    # The unreadable entry's lines do not leak into the entry before it.
    assert papers_found[1].abstract is None
    assert papers_found[1].listed_on == "2025-11-21"


def test_day_headers_set_listed_on_and_footer_stays_out_of_the_last_abstract():
    found = papers("""\
        Authors and titles for recent submissions
        Fri, 21 Nov 2025
        Thu, 20 Nov 2025
        Total of 2 entries
        Fri, 21 Nov 2025 (showing 1 of 1 entries )
        [1] arXiv:2511.16012 [pdf, html, other]
        Title: First Paper
        Lena Hoffmann
        Subjects: Machine Learning (cs.LG)
        Thu, 20 Nov 2025 (continued, showing last 1 of 9 entries )
        [2] arXiv:2511.15001 [pdf, other]
        Title: Second Paper
        Tom Berg
        Subjects: Machine Learning (cs.LG)
        An abstract line.
        Total of 2 entries
        Showing up to 50 entries per page: fewer | more | all
        About
        Help
        """)
    assert [p.listed_on for p in found] == ["2025-11-21", "2025-11-20"]
    assert found[0].abstract is None
    assert found[1].abstract == "An abstract line."


def test_legacy_section_headers_with_two_digit_years():
    [p] = papers("""\
        New submissions for Fri, 17 Nov 23
        [1] arXiv:2311.10121 [pdf, ps, other]
        Title: Morphological Segmentation Helps
        Nomvula Dlamini, Pedro Alves
        Subjects: Computation and Language (cs.CL)
        """)
    assert p.listed_on == "2023-11-17"


def test_title_label_on_its_own_line_and_unavailable_author_list():
    [p] = papers("""\
        [1] arXiv:2511.16099 [pdf]
        Title:
        Collected Measurements of Things
        (author list is unavailable)
        Subjects: Instrumentation and Detectors (physics.ins-det)
        """)
    assert p.title == "Collected Measurements of Things"
    assert p.authors == [] and p.authors_truncated is True
    assert p.affiliations == []


def test_detect_scores_listings_high_and_prose_with_ids_low():
    listing = textwrap.dedent("""\
        arXiv:2510.08570 [pdf, ps, other]
        Title: A Paper
        Ana Ruiz
        Subjects: Machine Learning (cs.LG)
        arXiv:2510.08571 [pdf, ps, other]
        Title: Another Paper
        Tom Berg
        Subjects: Machine Learning (cs.LG)
        """)
    assert arxiv_listing.detect(listing) >= 0.9
    # Without the [n] index, older copies still win over the trailing-ids layout.
    assert sources.detect(listing)[0] is arxiv_listing
    prose = "We build on prior work.\narXiv:2409.08400\nThis abstract cites arXiv:2409.08400 too.\n"
    assert arxiv_listing.detect(prose) == 0.0


def test_long_author_list_cut_with_a_stated_count():
    [p] = papers("""\
        [1] arXiv:2511.16100 [pdf, html, other]
        Title: A Large Detector Paper
        Ana Ruiz, Tom Berg, Wei Zhang et al. (460 additional authors not shown)
        Subjects: High Energy Physics - Experiment (hep-ex)
        """)
    assert p.authors == ["Ana Ruiz", "Tom Berg", "Wei Zhang"]
    assert p.authors_truncated is True and p.author_count == 463
    assert p.affiliations == []


def test_an_entry_of_unlabelled_lines_is_parsed_in_linear_time():
    import time
    text = "[1] arXiv:2511.16101 [pdf]\n" + "Some Words Here\n" * 10000
    start = time.perf_counter()
    [p] = papers(text)
    assert time.perf_counter() - start < 5
    assert p.arxiv_id == "2511.16101"


def _kind_by_each_pattern(text: str) -> str | None:
    """The kind of a line as the page walk once asked it: one pattern after another."""
    if (m := arxiv_listing.ID_LINE.match(text)) and (m["index"] or m["links"]):
        return "entry"
    if arxiv_listing.BROKEN_ID_LINE.match(text):
        return "broken"
    if arxiv_listing.DAY_HEADER.match(text) or arxiv_listing.SECTION_HEADER.match(text):
        return "header"
    return "chrome" if arxiv_listing.CHROME.match(text) else None


def test_the_one_line_kind_pattern_agrees_with_the_patterns_one_by_one():
    fixtures = Path(__file__).parent / "fixtures" / "parse" / "arxiv-listing"
    lines = [" ".join(line.split()) for f in sorted(fixtures.glob("*.txt")) for line in f.read_text().splitlines()]
    lines += [
        "arXiv:2511.16012",  # an id line with neither index nor links: not an entry
        "ARXIV:2511.16012 [PDF]", "[12] arXiv:", "[12] arxiv:not-an-id", "[3] arXiv:2511.16012v2 (replaced) [pdf]",
        "Fri, 17 Nov 23", "fri, 17 Nov 23", "Friday, 21 November 2025", "Thu, 20 Nov 2025 (continued, showing 3 of 9)",
        "SHOWING NEW LISTINGS FOR Friday", "Replacements for Fri, 21 Nov 2025 (showing 2 of 2 entries)",
        "[ total of 120 entries", "Showing up to 2000 entries per page: fewer | more", "about", "About us",
        "Privacy Policy", "arXiv Operational Status", "Subjects: Machine Learning (cs.LG)", "Title: About",
        "\u017fhowing new listings for Monday",  # the long s matches `s` without case
    ]
    kinds = [(line, arxiv_listing.LINE_KIND.match(line)) for line in lines if line]
    got = [(line, m.lastgroup if m else None) for line, m in kinds]
    assert got == [(line, _kind_by_each_pattern(line)) for line, _ in kinds]
    assert {kind for _, kind in got} == {"entry", "broken", "header", "chrome", None}
