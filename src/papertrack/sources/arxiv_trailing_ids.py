"""arXiv abstracts copied with their ids trailing: each `arXiv:ID` closes the paper before it.

Shape: an abstract, optional comment lines (`Preprint`, `Survey paper`, `arXiv admin note:
text overlap with arXiv:2409.08400`), then `arXiv:ID`, to which the next abstract is glued
(`arXiv:2510.10767We propose ...`). An id inside a comment belongs to another paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..normalize import parse_arxiv_id
from .base import ParseContext

NAME = "arxiv-trailing-ids"
DESCRIPTION = "arXiv abstracts, each closed by its arXiv:ID glued to the next abstract"
EXAMPLE = "...higher-stochasticity SDE training. | arXiv:2510.10767We propose DiFFPO, ..."

ID_LINE = re.compile(
    r"^arXiv:(?P<ref>(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Za-z]{2})?/\d{7})(?:v\d+)?)(?P<rest>.*)$"
)
# Comment lines are short notes; anything longer, or a full sentence, continues the abstract.
_COMMENT_MAX = 250


def detect(sample: str) -> float:
    hits = sum(1 for l in sample.splitlines() if ID_LINE.match(l.strip()))
    return 0.0 if not hits else min(0.9, 0.5 + 0.1 * hits)


def _is_comment(text: str) -> bool:
    return len(text) <= _COMMENT_MAX and not (text.endswith(".") and len(text.split()) > 12)


def _record(block: list[tuple[int, str]], ref: str | None, last: int, ctx: ParseContext):
    abstract = [t for _, t in block[:1]]
    comment: list[str] = []
    for _, text in block[1:]:
        # Once a comment line is seen, the rest are comments too; before that, long lines
        # are more of the abstract (a hard-wrapped copy).
        if comment or _is_comment(text):
            comment.append(text)
        else:
            abstract.append(text)
    arxiv_id, version = parse_arxiv_id(ref)
    return ctx.make(
        block[0][0] if block else last, last,
        abstract=" ".join(abstract),
        comment=" ".join(comment),
        arxiv_id=arxiv_id,
        arxiv_version=version,
    )


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    block: list[tuple[int, str]] = []
    for n, raw in enumerate(lines, 1):
        text = raw.strip()
        if not text:
            continue
        m = ID_LINE.match(text)
        if not m:
            block.append((n, text))
            continue
        yield _record(block, m["ref"], n, ctx)
        rest = m["rest"].strip()
        block = [(n, rest)] if rest else []
    if block:
        # Text after the last id: an abstract whose id was not copied.
        yield _record(block, None, block[-1][0], ctx)
