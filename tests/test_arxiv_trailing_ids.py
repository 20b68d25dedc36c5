"""The trailing-ids layout's pre-test: only a line starting with `a` or `A` can be an id line."""

from __future__ import annotations

import re

from papertrack.normalize import collapse_ws
from papertrack.parse import arxiv_trailing_ids

from .conftest import PARSE_FIXTURES


def test_only_a_or_capital_a_starts_what_the_id_pattern_matches():
    # The pattern opens with `(?i:arxiv)`: every character re.IGNORECASE takes for `a`.
    first = {chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000 and re.match("(?i:a)", chr(cp))}
    assert first == {"a", "A"}


def test_every_id_line_of_the_fixtures_starts_with_a():
    lines = [collapse_ws(line) for f in sorted((PARSE_FIXTURES / "arxiv-trailing-ids").glob("*.txt"))
             for line in f.read_text(encoding="utf-8").splitlines()]
    ids = [line for line in lines if line and arxiv_trailing_ids.ID_LINE.match(line)]
    assert len(ids) >= 10
    assert all(line[0] in "aA" for line in ids)
