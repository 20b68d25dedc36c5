"""Author names as arXiv writes them: a nickname in parentheses inside a name (`Qiuyi (Richard)Zhang`
on list pages) is part of the name, not an affiliation; an author that is punctuation only (`:`
in arXiv's own feeds) is no author, in every layout."""

from __future__ import annotations

import json
import textwrap

import pytest

from papertrack.names import is_no_name, looks_like_name, split_authors
from papertrack.parse import arxiv_atom, arxiv_listing, profile, records
from papertrack.parse.arxiv_authors import arxiv_authors, is_nickname
from papertrack.parse.context import ParseContext
from papertrack.parse.read import read_bytes
from papertrack.people import has_author, parse_name

from .conftest import AS_OF

NICK = "Qiuyi (Richard) Zhang"


def run(module, text: str) -> list:
    ctx = ParseContext(file="-", as_of=AS_OF, format=module.NAME)
    return list(module.parse(textwrap.dedent(text).splitlines(), ctx))


LISTING = """\
    Showing new listings for Friday, 21 November 2025
    New submissions (showing 2 of 2 entries)
    [1] arXiv:2511.16012 [pdf, html, other]
    Title: Sample-Efficient Preference Optimization with Adaptive Reference Policies
    Qiuyi (Richard)Zhang, Ana Ruiz (MIT), Tomás Berg
    Subjects: Machine Learning (cs.LG)
    We study preference optimization when the reference policy is updated during training.
    [2] arXiv:2511.16013 [pdf, other]
    Title: Sparse Attention at Scale
    Authors: Wei Zhang, :, Olga Ivanova
    Subjects: Computation and Language (cs.CL)
    Sparse attention patterns change as the context grows.
    """


def test_arxiv_listing_nickname_is_kept_in_the_name_and_punctuation_is_no_author():
    first, second = run(arxiv_listing, LISTING)
    assert first.authors == [NICK, "Ana Ruiz", "Tomás Berg"]
    assert first.affiliations == ["MIT"]  # `(MIT)` after a name stays an affiliation
    assert first.title == "Sample-Efficient Preference Optimization with Adaptive Reference Policies"
    assert second.authors == ["Wei Zhang", "Olga Ivanova"]


@pytest.mark.parametrize("line,names,affiliations", [
    ("Qiuyi (Richard)Zhang and M. Okafor (Stanford U.)", [NICK, "M. Okafor"], ["Stanford U."]),
    ("Qiuyi (Richard) Zhang, Jane Doe (Google)", [NICK, "Jane Doe"], ["Google"]),
    ("A. Lee (1), B. Kim (2) ((1) MIT, (2) CERN)", ["A. Lee", "B. Kim"], ["MIT", "CERN"]),
    ("Wei Zhang, :, Olga Ivanova", ["Wei Zhang", "Olga Ivanova"], []),
])
def test_arxiv_metadata_author_lines(line, names, affiliations):
    """The Kaggle dump's and OAI arXivRaw's one-string author lines."""
    got_names, got_affiliations, _ = arxiv_authors(line)
    assert (got_names, got_affiliations) == (names, affiliations)


ATOM = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/Qw8eR2tY6uI0oP4aS1dF5gH9jKl</id>
  <title>arXiv Query: search_query=au:Zhang_Qiuyi&amp;id_list=&amp;start=0&amp;max_results=10</title>
  <entry>
    <id>http://arxiv.org/abs/2511.16012v1</id>
    <title>Sample-Efficient Preference Optimization with Adaptive Reference Policies</title>
    <updated>2025-11-20T18:59:58Z</updated>
    <published>2025-11-20T18:59:58Z</published>
    <summary>We study preference optimization when the reference policy is updated during training.</summary>
    <author><name>Qiuyi (Richard) Zhang</name></author>
    <author><name>:</name></author>
    <author><name>Ana Ruiz</name></author>
    <arxiv:primary_category term="cs.LG"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""


def test_arxiv_atom_entry_drops_a_punctuation_only_author():
    [paper] = list(read_bytes(ATOM.encode(), "feed.atom", AS_OF, lambda *skip: None))
    assert paper.sources[0].format == arxiv_atom.NAME
    assert paper.authors == [NICK, "Ana Ruiz"]


def test_profile_author_line_with_a_nickname_and_a_junk_author():
    [paper] = run(profile, """\
        LGNov 20
        Sample-Efficient Preference Optimization with Adaptive Reference Policies
        Qiuyi (Richard) Zhang, :, Ana Ruiz et al. · Google
        We study preference optimization when the reference policy is updated during training.
        """)
    assert (paper.authors, paper.authors_truncated, paper.org) == ([NICK, "Ana Ruiz"], True, "Google")
    assert paper.abstract.startswith("We study")


def test_records_and_every_layout_through_make_drop_punctuation_only_names():
    ctx = ParseContext(file="-", as_of=AS_OF, format="hf-api")
    paper = ctx.make(1, title="T", authors=["Ana Ruiz", ":", "—", "...", "Wei Zhang"])
    assert paper.authors == ["Ana Ruiz", "Wei Zhang"]
    record = {"id": "title:t", "title": "T", "authors": [":", "Ana Ruiz"], "authors_truncated": False}
    [again] = run(records, json.dumps(record))
    assert again.authors == ["Ana Ruiz"]


def test_name_rules_for_nicknames_and_punctuation():
    assert looks_like_name(NICK) and not looks_like_name(":")
    assert is_nickname("Richard", "Zhang, Ana Ruiz") and is_nickname("Richard", " Zhang")
    assert not is_nickname("Stanford U.", ", B") and not is_nickname("MIT", "") and not is_nickname("1", " MIT")
    assert not is_nickname("Google", " and Bob Smith")
    assert is_no_name(":") and is_no_name("—") and not is_no_name("X") and not is_no_name("Ó")
    assert split_authors("Wei Zhang, :, Olga Ivanova, ...") == (["Wei Zhang", "Olga Ivanova"], True)
    # The nickname is one more given name: the person is still found as `Qiuyi Zhang`.
    assert parse_name(NICK).key == "zhang qiuyi richard"
    assert has_author(parse_name("Qiuyi Zhang"), [NICK])
