"""Aggregator short category codes (`LG`, `PR`, `ST`): every two-letter subject class of arXiv's
taxonomy maps to a real category with that code, or to the canonical category of the alias that
has it; a code several archives share is read as arxiv_taxonomy.SHORT_CODE_ORDER documents."""

from __future__ import annotations

import pytest

from papertrack.arxiv_taxonomy import ALIASES, SHORT_CODE_ORDER, categories, is_category, short_codes
from papertrack.normalize import normalize_category
from papertrack.parse import profile
from papertrack.parse.context import ParseContext

from .conftest import AS_OF

TWO_LETTER = sorted(c for c in categories() if "." in c and len(s := c.rpartition(".")[2]) == 2 and s.isupper())


def test_the_taxonomy_has_its_two_letter_classes():
    archives = {c.partition(".")[0] for c in TWO_LETTER}
    assert archives == set(SHORT_CODE_ORDER)  # cond-mat and physics classes are lower-case words
    assert len(TWO_LETTER) == 40 + 32 + 6 + 4 + 3 + 10 + 9 + 6 + 5
    assert {"math.PR", "math.ST", "q-fin.PR", "q-fin.ST", "stat.TH", "cs.NA", "math.IT"} <= set(TWO_LETTER)
    assert set(ALIASES) <= set(TWO_LETTER) and all(is_category(c) for c in ALIASES.values())


@pytest.mark.parametrize("category", TWO_LETTER)
def test_every_two_letter_class_maps_to_a_category_with_that_code(category: str):
    code = category.rpartition(".")[2]
    mapped = normalize_category(code)
    assert mapped is not None and is_category(mapped), f"{code} -> {mapped!r}"
    assert mapped not in ALIASES, f"{code} -> {mapped}, an alias of {ALIASES.get(mapped)}"
    owners = [c for c in TWO_LETTER if c.endswith("." + code)]
    # Its own class, or the canonical category of an alias that has the code.
    assert mapped in owners or mapped in {ALIASES[c] for c in owners if c in ALIASES}, f"{code} -> {mapped}"
    assert normalize_category(mapped) == mapped


# Every code more than one archive has, and what it is read as (the rule in arxiv_taxonomy).
SHARED = {
    "AP": "stat.AP", "CG": "cs.CG", "CO": "stat.CO", "CV": "cs.CV", "DS": "cs.DS", "GN": "math.GN",
    "GR": "cs.GR", "GT": "cs.GT", "IT": "cs.IT", "LO": "cs.LO", "NA": "math.NA", "OT": "stat.OT",
    "PR": "math.PR", "SC": "cs.SC", "SI": "cs.SI", "SP": "eess.SP", "ST": "math.ST", "SY": "eess.SY",
    "TH": "econ.TH",
}


def test_codes_several_archives_share_are_read_as_documented():
    shared = {}
    for c in TWO_LETTER:
        shared.setdefault(c.rpartition(".")[2], []).append(c)
    assert {code for code, owners in shared.items() if len(owners) > 1} == set(SHARED)
    assert {code: normalize_category(code) for code in SHARED} == SHARED
    # A code that only an alias has is that alias's canonical category.
    assert (normalize_category("MP"), normalize_category("EC")) == ("math-ph", "econ.GN")
    assert len(short_codes()) == len(shared)


def test_profile_heads_with_probability_and_statistics_codes():
    ctx = ParseContext(file="-", as_of=AS_OF, format=profile.NAME)
    lines = ["Ana Ruiz", "h-index12",
             "PRMay 3", "Sharp Mixing Times for Random Walks on Dynamic Graphs", "Ana Ruiz, Wei Zhang",
             "We bound the mixing time of a random walk on a graph whose edges change over time.",
             "88.1STJan 5, 2025Code", "Minimax Rates for Conformal Prediction", "Ana Ruiz",
             "We derive minimax rates for the length of conformal prediction sets."]
    got = [(p.category, p.title) for p in profile.parse(lines, ctx)]
    assert got == [("math.PR", "Sharp Mixing Times for Random Walks on Dynamic Graphs"),
                   ("math.ST", "Minimax Rates for Conformal Prediction")]
