"""The author block of an arXiv list-page entry: hard-wrapped lines joined back (every field of
an entry is joined so), the author line read (affiliations and nicknames in parentheses, `et al.
(N additional authors not shown)`), and where the authors start when no label says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..lazy_regex import lazy_compile
from ..names import looks_like_name, split_authors
from .arxiv_authors import is_nickname

_WRAPPED_HYPHEN = lazy_compile(r"[^\W\d_]-\Z")
_PAREN_GROUP = lazy_compile(r"\s*\(([^()]*)\)")
_NO_AUTHORS = "(author list is unavailable)"
# No title wraps to more lines than this; it bounds the search for where the authors start.
_TITLE_LINES_MAX = 8
# `et al. (460 additional authors not shown)` closes a long author list.
_MORE_AUTHORS = lazy_compile(
    r",?\s*\bet\.? al\.?\s*\((?P<more>\d+)\+? additional authors? not shown\)"
    r"(?:\s*You must enable JavaScript.*)?$",
    re.IGNORECASE,
)


def join_wrapped(parts: Iterable[str]) -> str:
    """Join hard-wrapped lines; a line broken after a word's hyphen (`Vision-`) is glued back."""
    pieces: list[str] = []
    for part in parts:
        if pieces and not _WRAPPED_HYPHEN.search(pieces[-1]):
            pieces.append(" ")
        pieces.append(part)
    return "".join(pieces)


def author_list(text: str) -> tuple[list[str], bool, int | None, list[str]]:
    """(names, truncated, stated author count, affiliations) of an author line.

    `(MIT)` after a name is its affiliation, `(Richard)` inside one a nickname; `et al. (N
    additional authors not shown)` after the names states how many more there are.
    """
    if text.strip() == _NO_AUTHORS:
        return [], True, None, []
    more = None
    affiliations: list[str] = []

    def take(m: re.Match) -> str:
        aff = " ".join(m[1].split())
        if is_nickname(aff, m.string[m.end():]):
            return f" ({aff}) "  # part of the name, spaced as names are: `Qiuyi (Richard) Zhang`
        if re.search(r"[^\W\d_]", aff) and aff not in affiliations:
            affiliations.append(aff)
        return ""

    if "(" in text:  # a count, an affiliation and a nickname are each in parentheses
        if m := _MORE_AUTHORS.search(text):
            more, text = int(m["more"]), text[: m.start()]
        # Innermost groups first: numbered lists (`A (1), B (2) ((1) MIT, (2) ETH)`) lose their
        # markers and keep the outer group as one; deeper nesting is not an affiliation.
        for _ in range(3):
            text = _PAREN_GROUP.sub(take, text)
    names, truncated = split_authors(text)
    count = len(names) + more if more and names else None
    return names, truncated or bool(more) or not names, count, affiliations


Authors = tuple[list[str], bool, int | None, list[str]]


def _names_only(text: str) -> Authors | None:
    """author_list of `text` when every name in it reads as a name, else None."""
    parsed = author_list(text)
    return parsed if parsed[0] and all(looks_like_name(n) for n in parsed[0]) else None


def author_start(head: list[str], width: int) -> tuple[int, Authors | None]:
    """Index of the first author line in unlabelled title-then-authors lines, and the
    author_list of the lines from there when it was read on the way (None when not).

    The author block is a tail that reads as names. A line ending in a comma continues the
    author list, and a line that was full (the next line's first word would not have fitted
    within the page's wrap width) continues its paragraph, so neither ends the title.
    """
    if len(head) < 2:
        return len(head), None
    ends = range(1, min(len(head), _TITLE_LINES_MAX + 1))
    named = {k: parsed for k in ends
             if not head[k - 1].endswith(",") and (parsed := _names_only(join_wrapped(head[k:])))}
    short = [k for k in named if len(head[k - 1]) + 1 + len(head[k].split()[0]) <= width]
    k = (short or list(named) or [ends[-1]])[0]
    return k, named.get(k)
