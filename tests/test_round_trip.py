"""Round trip through the formats other tools import: `parse` of papertrack's own BibTeX,
BibLaTeX, CSL-JSON and RIS output gives back the same papers (title, authors, date, arXiv id,
DOI), over the records of every bundled fixture and the records that stress the writers."""

from __future__ import annotations

import io
import re

import pytest

from papertrack.export import write
from papertrack.model import Paper
from papertrack.normalize import title_key
from papertrack.parse import registry
from papertrack.parse.read import read_file
from papertrack.parse.tex import latex_to_text
from papertrack.people import person_key

from .conftest import AS_OF
from .export_records import GREEK, NOT_FOR_PDFLATEX, TRICKY, fixture_records

# The layout that reads each format back.
READER = {"bibtex": "bibtex", "biblatex": "bibtex", "csl-json": "csl-json", "ris": "ris"}


@pytest.fixture(scope="module")
def records() -> list[Paper]:
    return [p for p in fixture_records() + TRICKY + GREEK + NOT_FOR_PDFLATEX if p.title]


def written(records: list[Paper], fmt: str) -> bytes:
    out = io.StringIO()
    write(records, fmt, out, merged=False, warn=lambda _: None)
    return out.getvalue().encode("utf-8")


_MATH = re.compile(r"\$[^$]*\$")


def same_title(title: str | None, back: str | None, fmt: str) -> bool:
    """In BibTeX, TeX already in a title outside math is TeX: an arXiv title's `Schr\\"odinger`
    reads back decoded, a literal `{balanced}` pair groups and vanishes, and letters inside math
    are written as commands (`$γ$` as `${\\gamma}$`, which math mode keeps as written); the
    same title key (what dedup and the library match on) is the same title there."""
    in_math = "".join(_MATH.findall(title or ""))
    if title and fmt in ("bibtex", "biblatex") and (any(c in _MATH.sub("", title) for c in "\\{}")
                                                    or not in_math.isascii()):
        return back is not None and title_key(latex_to_text(title.replace("&", "\\&"))) == title_key(back)
    return back == title


@pytest.mark.parametrize("fmt", READER)
def test_parse_reads_its_own_output_back_as_the_same_papers(records, fmt):
    data = written(records, fmt)
    sample = data[:65536].decode("utf-8", errors="replace")
    assert READER[fmt] == registry.detect(sample)[0].NAME
    skipped: list = []
    back = list(read_file(f"out.{fmt}", AS_OF, lambda *s: skipped.append(s), data=data))
    assert skipped == []
    assert len(back) == len(records)
    for paper, again in zip(records, back):
        where = (fmt, paper.id, paper.title)
        assert same_title(paper.title, again.title, fmt), (where, again.title)
        assert len(again.authors) == len(paper.authors), where
        for name, back in zip(paper.authors, again.authors):
            # A name written `Last, Jr., First` comes back in display form: the same person.
            assert back == name or ("," in name and person_key(back) == person_key(name)), (where, name, back)
        if fmt in ("bibtex", "biblatex") and paper.authors:  # `and others`: CSL-JSON and RIS cannot say it
            assert again.authors_truncated == paper.authors_truncated, where
        assert again.date == paper.date, where
        assert (again.arxiv_id, again.doi) == (paper.arxiv_id, paper.doi), where
        if again.title == paper.title:
            assert again.id == paper.id, where
