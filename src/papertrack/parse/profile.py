"""Author profile page of a paper aggregator, copied from the browser as text.

Shape: a header whose first line is the profile owner (then page chrome: h-index, counts,
Novelty, AI Score), then per paper a head line gluing an optional score, a category code, a
date and an optional `Code` badge (`LGMay 31`, `CLMay 19, 2025Code`, `84.5AIMay 7`), the
title, the author line (`A, B, C et al. · org`) and the abstract. Some copies lose the blank
lines and glue title and authors into one line (`...DistillationHanyang Zhao, ...`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..lazy_regex import lazy_compile
from ..names import looks_like_name, plain_name, split_authors
from ..normalize import MONTH_PATTERN, collapse_ws, find_project_url, normalize_category, parse_date
from .context import ParseContext, Skipped

NAME = "profile"
DESCRIPTION = "aggregator author profile (score, category, date, Code badge; title; authors; abstract)"
EXAMPLE = "LGMay 31 | OPD+: Rethinking the Advantage Design... | Hanyang Zhao, Haoxian Chen et al."

HEAD = lazy_compile(
    rf"^(?P<score>\d{{1,3}}(?:\.\d+)?)?"
    rf"(?P<cat>[A-Za-z][A-Za-z\-]*(?:\.[A-Za-z\-]+)?)??"
    rf"(?P<date>{MONTH_PATTERN}\s\d{{1,2}}(?:,\s\d{{4}})?)(?P<code>\s*Code)?\s*$"
)
# Pages put no-break spaces where a copy shows spaces (`May\xa031`, ` ·\xa0Inria`).
_ORG_SEP = lazy_compile(r"\s·\s")
_STATS = lazy_compile(r"^h-index\s*\d+$", re.IGNORECASE)
# Page chrome above the papers is a few dozen lines at most.
_MAX_HEADER = 50
# No author line is longer; a longer line is an abstract (and scanning it would be slow).
_MAX_AUTHOR_LINE = 2000


def detect(sample: str) -> float:
    """Head lines that glue a category code (or a score) to a date mark this layout."""
    hits = 0
    for line in sample.splitlines():
        m = HEAD.match(line.strip())
        if m and (m["cat"] or m["score"]):
            hits += 1
    return 0.0 if not hits else min(0.95, 0.6 + 0.1 * hits)


def may_be_head(text: str) -> bool:
    """Could HEAD match this collapsed line? A head line ends in its date's digits or the
    `Code` badge: other lines, the long abstracts among them, skip the pattern."""
    return text[-1].isdigit() or text.endswith("Code")


def parse_author_line(text: str) -> tuple[list[str], bool, str | None] | None:
    """(names, truncated, org) when `text` is an author line, else None."""
    if len(text) > _MAX_AUTHOR_LINE:
        return None
    org = None
    pieces: list[str] = _ORG_SEP.split(text, 1) if "·" in text else [text]
    if len(pieces) > 1:  # names hold no `·`: the first one starts the organization (`MIT · CSAIL`)
        text, org = pieces
    names, truncated = split_authors(text)
    if not names or not all(looks_like_name(n) for n in names):
        return None
    return names, truncated, (org.strip() or None) if org else None


def split_glued_title(text: str) -> tuple[str, tuple[list[str], bool, str | None]] | None:
    """Split `TitleFirst Author, Second Author et al.` where copying lost the line break.

    Every place where a capital letter (of any script) follows a non-space is a candidate; the
    remainder must read as an author line. Among candidates, prefer a first author whose name
    has no case change a name does not have (`John McDonald` over `MsJohn McDonald` after
    `LLMs`), then a first name of two or more words, then the leftmost.
    """
    best = None
    # Only the tail can be an author line (parse_author_line takes at most _MAX_AUTHOR_LINE).
    start = max(0, len(text) - _MAX_AUTHOR_LINE)
    for cut in range(max(1, start), len(text)):
        if not text[cut].isupper() or text[cut - 1].isspace():
            continue
        parsed = parse_author_line(text[cut:])
        if not parsed or not text[:cut].strip():
            continue
        first = parsed[0][0]
        rank = (plain_name(first), len(first.split()) >= 2, -cut)
        if best is None or rank > best[0]:
            best = (rank, cut, parsed)
    return (text[: best[1]].strip(), best[2]) if best else None


def _paper(head: tuple[int, re.Match], block: list[tuple[int, str]], owner, ctx: ParseContext):
    line, m = head
    if not block:
        return Skipped(line, "paper head line with no title after it")
    title = block[0][1]
    rest = block[1:]
    parsed = parse_author_line(rest[0][1]) if rest else None
    if parsed:
        rest = rest[1:]
    elif glued := split_glued_title(title):
        title, parsed = glued
    names, truncated, org = parsed or ([], False, None)
    abstract = " ".join(text for _, text in rest)
    return ctx.make(
        line, block[-1][0],
        title=title,
        authors=names,
        authors_truncated=truncated,
        date=parse_date(m["date"], ctx.as_of),
        category=normalize_category(m["cat"]),
        has_code=bool(m["code"]),
        abstract=abstract,
        project_url=find_project_url(abstract),
        org=org,
        score=float(m["score"]) if m["score"] else None,
        profile_of=[owner] if owner else [],
    )


def profile_owner(header: list[str]) -> str | None:
    """The owner's name from the lines above the first paper.

    The name sits right above the stats (`h-index42`), after any navigation text the copy
    caught; without stats it is the first line.
    """
    stats = next((i for i, text in enumerate(header) if _STATS.match(text)), None)
    candidates = reversed(header[:stats]) if stats is not None else header[:1]
    return next((" ".join(t.split()) for t in candidates if len(t.split()) >= 2 and looks_like_name(t)), None)


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    header: list[str] = []
    owner: str | None = None
    head = None
    block: list[tuple[int, str]] = []
    for n, raw in enumerate(lines, 1):
        text = collapse_ws(raw) or ""  # also turns no-break spaces and tabs into plain spaces
        if not text:
            continue
        m = HEAD.match(text) if may_be_head(text) else None
        if m:
            if head:
                yield _paper(head, block, owner, ctx)
            else:
                owner = profile_owner(header)
            head, block = (n, m), []
        elif head:
            block.append((n, text))
        elif len(header) < _MAX_HEADER:
            header.append(text)
    if head:
        yield _paper(head, block, owner, ctx)
