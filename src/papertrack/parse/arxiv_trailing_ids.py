"""arXiv abstracts copied with their ids trailing: each `arXiv:ID` closes the paper before it.

Shape: an abstract, optional comment lines (`Preprint`, `Survey paper`, `arXiv admin note:
text overlap with arXiv:2409.08400`), then `arXiv:ID`, to which the next abstract is glued
(`arXiv:2510.10767We propose ...`). An id inside a comment belongs to another paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..lazy_regex import lazy_compile, may_contain
from ..normalize import ARXIV_ID, collapse_ws, find_project_url, parse_arxiv_id
from .context import ParseContext

NAME = "arxiv-trailing-ids"
DESCRIPTION = "arXiv abstracts, each closed by its arXiv:ID glued to the next abstract"
EXAMPLE = "...higher-stochasticity SDE training. | arXiv:2510.10767We propose DiFFPO, ..."

# The id's own digit count is fixed (normalize.ARXIV_ID knows 4 vs 5 digits by era), so an
# abstract that starts with a digit stays apart: `arXiv:2511.043213D Gaussian ...`.
ID_LINE = lazy_compile(rf"^(?i:arxiv):\s?(?P<id>{ARXIV_ID})(?:v(?P<v>\d+))?(?P<rest>.*)$")
# Comment lines are short notes; anything longer, or a full sentence, continues the abstract.
_COMMENT_MAX = 250
_WORD_START = lazy_compile(r"^[A-Z][a-z]")


def detect(sample: str) -> float:
    if not may_contain(sample, "arxiv:"):  # no id line: not this layout, and no pattern compiled
        return 0.0
    hits = sum(1 for line in sample.splitlines() if ID_LINE.match(line.strip()))
    return 0.0 if not hits else min(0.9, 0.5 + 0.1 * hits)


def split_version(digits: str | None, rest: str) -> tuple[int | None, str]:
    """The version and the glued abstract from `v<digits><rest>`.

    `v12We ...` is version 12, but in `v912-lead ECGs` or `v23D Gaussian` the abstract starts
    with digits: unless the rest starts like a word (or is empty), the version is one digit
    (versions past 9 are rare, abstracts opening with a number are not).
    """
    if not digits:
        return None, rest
    if len(digits) == 1 or not rest or _WORD_START.match(rest):
        return int(digits), rest
    return int(digits[0]), digits[1:] + rest


def _is_comment(text: str) -> bool:
    return len(text) <= _COMMENT_MAX and not (text.endswith(".") and len(text.split()) > 12)


def _join_comments(lines: list[str]) -> str:
    """Separate comment lines with `; ` unless a line already ends in punctuation."""
    out = ""
    for text in lines:
        if out:
            out += " " if out.endswith((".", ";", ",", ":")) else "; "
        out += text
    return out


def _record(block: list[tuple[int, str]], ref: str | None, version: int | None, last: int,
            ctx: ParseContext):
    abstract = [t for _, t in block[:1]]
    comment: list[str] = []
    for _, text in block[1:]:
        # Once a comment line is seen, the rest are comments too; before that, long lines
        # are more of the abstract (a hard-wrapped copy).
        if comment or _is_comment(text):
            comment.append(text)
        else:
            abstract.append(text)
    arxiv_id, _ = parse_arxiv_id(ref)
    abstract_text, comment_text = " ".join(abstract), _join_comments(comment)
    return ctx.make(
        block[0][0] if block else last, last,
        abstract=abstract_text,
        comment=comment_text,
        project_url=find_project_url(abstract_text, comment_text),
        arxiv_id=arxiv_id,
        arxiv_version=version,
    )


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    block: list[tuple[int, str]] = []
    for n, raw in enumerate(lines, 1):
        text = collapse_ws(raw)  # also turns no-break spaces and tabs into plain spaces
        if not text:
            continue
        m = ID_LINE.match(text) if text[0] in "aA" else None  # (an id line starts `arXiv:`, in any case)
        if not m:
            block.append((n, text))
            continue
        version, rest = split_version(m["v"], m["rest"])
        yield _record(block, m["id"], version, n, ctx)
        rest = rest.strip()
        block = [(n, rest)] if rest else []
    if block:
        # Text after the last id: an abstract whose id was not copied.
        yield _record(block, None, None, block[-1][0], ctx)
