"""The profile layout's pre-tests: each one only skips a pattern that could not match."""

from __future__ import annotations

from hypothesis import given, strategies as st

from papertrack.normalize import collapse_ws
from papertrack.parse import profile

from .conftest import PARSE_FIXTURES

_PIECES = ["LG", "CL", "84.5", "7", "May", "Sep", " ", "31", "17,", " 2024", "Code", " Code", "AI", "cs.LG", "x", "."]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8).map("".join))
def test_a_line_the_head_pattern_matches_passes_the_pre_test(text):
    text = collapse_ws(text)
    if text and profile.HEAD.match(text):
        assert profile.may_be_head(text)


def test_every_head_line_of_the_fixtures_passes_the_pre_test_and_the_heads_are_found():
    lines = [collapse_ws(line) for f in sorted((PARSE_FIXTURES / "profile").glob("*.txt"))
             for line in f.read_text(encoding="utf-8").splitlines()]
    heads = [line for line in lines if line and profile.HEAD.match(line)]
    assert len(heads) > 20
    assert all(profile.may_be_head(line) for line in heads)


def test_an_author_line_without_an_organization_is_read_without_the_separator_pattern():
    assert profile.parse_author_line("Hanyang Zhao, Haoxian Chen et al.") == (["Hanyang Zhao", "Haoxian Chen"], True, None)
    assert profile.parse_author_line("Ana Ruiz, Tom Berg \u00b7 Inria") == (["Ana Ruiz", "Tom Berg"], False, "Inria")
