"""Records that stress the citation writers: every LaTeX special character, unbalanced braces, a
title ending in a backslash, math, accents, TeX already in the text, and the names biber gets
wrong when they are written `First Last`. Plus the records of every bundled parse fixture."""

from __future__ import annotations

from papertrack.model import Paper, SourceRef
from papertrack.parse.read import read_file

from .conftest import AS_OF, fixture_inputs

NAMES = ["Chiara De Luca", "Jean-Pierre Dupont Jr.", "Élodie van der Meer", "Tomás Ó Briain",
         "José Ortega y Gasset", "J. P. van der Berg", "Dupont, Jr., Jean-Paul", "ATLAS Collaboration"]
# The family name (with its particle) biber must read from each of NAMES.
FAMILIES = [("De Luca", None), ("Dupont", None), ("Meer", "van der"), ("Ó Briain", None), ("Ortega y Gasset", None),
            ("Berg", "van der"), ("Dupont", None), ("ATLAS Collaboration", None)]


def _paper(n: int, title: str | None, **fields) -> Paper:
    fields.setdefault("authors", ["Jane Doe"])
    fields.setdefault("date", f"2020-05-{n:02d}")
    return Paper(title=title, sources=[SourceRef("records", "tricky.jsonl", n)], **fields)


# Records pdflatex can typeset (Latin script: TeX accents cover them).
TRICKY = [
    _paper(1, "A Study of Names", authors=NAMES, arxiv_id="2005.01234", category="cs.LG",
           categories=["cs.LG", "stat.ML"]),
    _paper(2, "An {Unbalanced Title with {balanced} braces", arxiv_id="2005.01235", category="cs.CL"),
    _paper(3, "A close} brace, a } and a backslash \\ inside"),
    _paper(4, "Ends with a backslash\\"),
    _paper(5, "Growth of $x^2$ with a_b & 100% of C# ~ 5^3 and $5", journal_ref="J. Tests 12 (2020) 45-67",
           doi="10.1000/xyz_123(45)"),
    _paper(6, "Math $\\mathcal{O}(n)$, $\\{x\\}$, $\\#(tP\\cap\\mathbb{Z}^d)$ and a lone $ sign"),
    _paper(7, "Accents: Élodie Ørsted łódź Adébáyọ̀ Đặng naïve Þór Straße Œuvre",
           authors=["Oluwaseun Adébáyọ̀", "Łukasz Kaiser", "Đặng Văn Lâm", "Ana María Ortega-Ruiz"]),
    _paper(8, "TeX in the source: Fr\\'echet, 10\\% and Schr\\\"odinger", abstract="An abstract with % and # and {"),
    _paper(9, "<Less> and >greater, |bars|, \"quotes\", @at and `ticks'"),
    _paper(10, "Formula-like = +1 -2 @3", authors=["Robert Tarjan", "Jane Doe"], authors_truncated=True),
    _paper(11, "An old-style arXiv id gives the year", arxiv_id="cond-mat/0412498", date=None),
    _paper(12, "A new-style arXiv id gives the year", arxiv_id="2510.02212", date=None),
    _paper(13, "A Study of Names", authors=["Chiara De Luca"], doi="10.1000/other"),  # the same key base as record 1
]
# Greek letters: pdflatex typesets them from BibTeX output (as math symbols), not from UTF-8.
GREEK = [_paper(14, "Greek in text: α-divergence, $\\beta$-VAE and $γ$")]
# pdflatex cannot typeset these in any font encoding (they need xelatex or lualatex).
NOT_FOR_PDFLATEX = [_paper(20, "Chinese 中文 and an emoji 😀")]
UNTITLED = _paper(30, None, abstract="A record with an abstract and an arXiv id but no title.", arxiv_id="2101.00001")


def fixture_records() -> list[Paper]:
    """The records of every bundled parse fixture, in order."""
    return [p for path in fixture_inputs() for p in read_file(str(path), AS_OF, lambda *_: None)]
