"""CSL-JSON, RIS and Atom output read by the libraries their users' tools are built on: citeproc-py
renders every CSL item, rispy reads back every RIS entry, feedparser parses the Atom feed as
well-formed Atom 1.0 with one entry per paper, and `parse` reads the feed back as the same
papers. Over every bundled fixture's records and the tricky ones (see export_records)."""

from __future__ import annotations

import io
import json
import warnings

import feedparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from papertrack.export import write
from papertrack.export.atom import entry_id
from papertrack.export.citation import paper_url
from papertrack.export.ris import ris_name
from papertrack.model import Paper
from papertrack.names import name_parts
from papertrack.parse.read import read_file

from .conftest import AS_OF
from .export_records import GREEK, NOT_FOR_PDFLATEX, TRICKY, UNTITLED, fixture_records


@pytest.fixture(scope="module")
def records() -> list[Paper]:
    return fixture_records() + TRICKY + GREEK + NOT_FOR_PDFLATEX + [UNTITLED]


def written(records: list[Paper], fmt: str) -> str:
    out = io.StringIO()
    assert write(records, fmt, out) == len(records)
    return out.getvalue()


def test_citeproc_renders_every_csl_item(records):
    items = json.loads(written(records, "csl-json"))
    assert len(items) == len(records) and len({item["id"] for item in items}) == len(items)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # citeproc-py reports fields it does not know as warnings
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)  # the style it bundles
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        citations = [Citation([CitationItem(item["id"])]) for item in items]
        for citation in citations:
            bibliography.register(citation)
        missing: list[str] = []
        cites = [bibliography.cite(c, lambda item: missing.append(item.key)) for c in citations]
        entries = [str(entry) for entry in bibliography.bibliography()]
    assert [str(w.message) for w in caught] == [] and missing == []
    assert len(entries) == len(items) and all(cites)
    text = "\n".join(entries)
    for paper in records:
        if paper.title:
            assert paper.title in text
        if paper.authors and (parts := name_parts(paper.authors[0])):
            assert parts.family in text
    study = items[records.index(TRICKY[0])]
    assert study["author"][:3] == [{"family": "De Luca", "given": "Chiara"},
                                   {"family": "Dupont", "given": "Jean-Pierre", "suffix": "Jr."},
                                   {"family": "Meer", "given": "Élodie", "non-dropping-particle": "van der"}]
    assert study["number"] == "arXiv:2005.01234" and study["issued"] == {"date-parts": [[2020, 5, 1]]}


def test_csl_items_take_the_year_of_an_arxiv_id(records):
    by_number = {item.get("number"): item for item in json.loads(written(records, "csl-json"))}
    assert by_number["arXiv:cond-mat/0412498"]["issued"] == {"date-parts": [[2004]]}
    assert by_number["arXiv:2510.02212"]["issued"] == {"date-parts": [[2025]]}


def test_rispy_reads_back_every_ris_entry(records):
    text = written(records, "ris")
    entries = rispy.loads(text)  # rispy says nothing on a malformed file: it returns fewer entries
    assert len(entries) == len(records) == text.count("\r\nER  - \r\n")
    for paper, entry in zip(records, entries):
        assert entry.get("title") == paper.title
        assert entry.get("authors", []) == [ris_name(a) for a in paper.authors]
        assert entry.get("doi") == paper.doi
        assert entry.get("urls", [None])[0] == paper_url(paper)
        assert entry["type_of_reference"] == ("JOUR" if paper.journal_ref else "UNPB")
        if paper.abstract:
            assert entry["abstract"] == " ".join(paper.abstract.split())
    assert entries[records.index(TRICKY[0])]["authors"][:4] == [
        "De Luca, Chiara", "Dupont, Jean-Pierre, Jr.", "van der Meer, Élodie", "Ó Briain, Tomás"]


def test_feedparser_reads_well_formed_atom_with_one_entry_per_paper(records):
    text = written(records, "atom")
    feed = feedparser.parse(text)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.id and feed.feed.updated
    assert len(feed.entries) == len(records)
    # feedparser does not validate: what RFC 4287 requires of each entry is checked here.
    for paper, entry in zip(records, feed.entries):
        assert entry.id == entry_id(paper.id) and entry.title and entry.updated_parsed
        if url := paper_url(paper):
            assert [link.href for link in entry.links if link.rel == "alternate"] == [url]
        else:
            assert entry.content[0].value in (paper.abstract, paper.title)
        assert [a.name for a in entry.get("authors", [])] == paper.authors
        assert [t.term for t in entry.get("tags", [])] == (paper.categories or ([paper.category] if paper.category else []))
    assert len({entry.id for entry in feed.entries}) == len({p.id for p in records})


def test_atom_entry_ids_are_the_same_in_every_feed(records):
    """A feed reader shows a paper once, also when the next digest has it again."""
    first = [e.id for e in feedparser.parse(written(records[:5], "atom")).entries]
    again = [e.id for e in feedparser.parse(written(records[3:8], "atom")).entries]
    assert first[3:] == again[:2]


def test_parse_reads_the_atom_feed_back_as_the_same_papers(records):
    """The feed carries what arXiv's own feeds do, so the arxiv-atom layout reads it back."""
    data = written(records, "atom").encode()
    back = list(read_file("feed.atom", AS_OF, lambda *skipped: pytest.fail(str(skipped)), data=data))
    assert len(back) == len(records)
    for paper, again in zip(records, back):
        assert again.id == paper.id
        for field in ("authors", "date", "category", "arxiv_id", "doi", "abstract", "comment", "journal_ref"):
            assert getattr(again, field) == getattr(paper, field), (paper.id, field)
        if paper.title:  # a feed entry needs a title: an untitled record's shows its arXiv id
            assert again.title == paper.title
        assert again.categories == (paper.categories or ([paper.category] if paper.category else []))
