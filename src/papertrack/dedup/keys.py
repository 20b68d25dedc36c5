"""What matching needs of each record, computed once: identifiers, the title key and its
number marks, the date, the author surnames, and the blocking keys through which two records
can be compared at all (`match_keys`, which a library indexes to find a new record's candidates).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..model import Paper
from ..normalize import arxiv_id_from_doi, fold_text, title_key

_ROMAN = {"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"}
_PART_WORDS = {"part", "vol", "volume", "chapter", "episode"}
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "first", "second", "third", "i", "v", "x"}
_DIGITS = re.compile(r"\d+")

class MatchRecord:
    """A record with the keys matching needs, computed once."""

    __slots__ = ("akey", "arxiv", "day", "doi", "i", "marks", "paper", "surnames", "tkey", "words")

    def __init__(self, i: int, paper: Paper):
        self.i, self.paper = i, paper
        self.arxiv = paper.arxiv_id or arxiv_id_from_doi(paper.doi)
        self.doi = paper.doi if paper.doi and not arxiv_id_from_doi(paper.doi) else None
        self.tkey = title_key(paper.title) if paper.title else ""
        # The title's words are not kept (a list of them per record was a sixth of the memory
        # of a large dedup): their count, and the blocks made of them when asked.
        tokens = self.tkey.split()
        self.words = len(tokens)
        self.marks = _number_marks(tokens)
        self.day = _day(paper.date) if paper.date else None
        self.surnames = frozenset(_surname(words[-1]) for words in map(str.split, paper.authors) if words)
        self.akey = ""


_day = lru_cache(maxsize=1 << 16)(date.fromisoformat)  # one object per day: records share their days


@lru_cache(maxsize=1 << 17)
def _surname(word: str) -> str:
    """A surname folded, one string per surname for all the records that name it (a large
    input repeats its surnames hundreds of thousands of times)."""
    return fold_text(word)


def _number_marks(tokens: list[str]) -> frozenset[str]:
    """Numbers (also inside words: `gpt4`), roman numerals, and the number after `Part`:
    they must agree for two titles to match."""
    marks = {d for tok in tokens if not tok.isalpha() for d in _DIGITS.findall(tok)}
    for k, tok in enumerate(tokens):
        if tok in _ROMAN or (k and tokens[k - 1] in _PART_WORDS and (tok in _NUMBER_WORDS or len(tok) == 1)):
            marks.add(tok)
    return frozenset(marks) if marks else _NO_MARKS


_NO_MARKS: frozenset[str] = frozenset()


def abstract_key(paper: Paper) -> str:
    return title_key(paper.abstract[:4000]) if paper.abstract else ""


def title_blocks(r: MatchRecord) -> tuple[str, ...]:
    if r.words < 3:
        return ()
    t = r.tkey.split()
    return ("p:" + " ".join(t[:4]), "s:" + " ".join(t[-4:]))


def abstract_blocks(key: str) -> tuple[str, ...]:
    words = key.split()
    if len(words) < 20:
        return ()
    return ("ap:" + " ".join(words[:12]), "as:" + " ".join(words[-12:]))


def prepare(paper: Paper) -> MatchRecord:
    """A record with the keys matching needs, computed once, for `match_keys` and `groups`."""
    return MatchRecord(0, paper)


def match_keys(rec: MatchRecord) -> list[str]:
    """Every key through which `match` may join this record to another: two records that can
    join share at least one. A store indexes them to find the candidates of a new record."""
    keys = [f"a:{rec.arxiv}"] if rec.arxiv else []
    if rec.doi:
        keys.append(f"d:{rec.doi}")
    if rec.tkey:
        keys.append(f"t:{rec.tkey}")
        keys += title_blocks(rec)
    if rec.paper.abstract:
        # Abstracts join only where one side is untitled: mark which, so a titled record
        # need look only for untitled ones.
        side = "" if rec.tkey else "u"
        keys += [side + k for k in abstract_blocks(abstract_key(rec.paper))]
    return keys
