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

from ..normalize import (
    MONTH_PATTERN, looks_like_name, normalize_category, parse_date, split_authors,
)
from .base import ParseContext, Skipped

NAME = "profile"
DESCRIPTION = "aggregator author profile (score, category, date, Code badge; title; authors; abstract)"
EXAMPLE = "LGMay 31 | OPD+: Rethinking the Advantage Design... | Hanyang Zhao, Haoxian Chen et al."

HEAD = re.compile(
    rf"^(?P<score>\d{{1,3}}(?:\.\d+)?)?"
    rf"(?P<cat>[A-Za-z][A-Za-z\-]*(?:\.[A-Za-z\-]+)?)??"
    rf"(?P<date>{MONTH_PATTERN} \d{{1,2}}(?:, \d{{4}})?)(?P<code>\s*Code)?\s*$"
)
_ORG_SEP = " · "
_UPPER_AFTER_TEXT = re.compile(r"(?<=\S)(?=[A-Z])")
_CASE_CHANGE = re.compile(r"[a-z][A-Z]")


def detect(sample: str) -> float:
    """Head lines that glue a category code (or a score) to a date mark this layout."""
    hits = 0
    for line in sample.splitlines():
        m = HEAD.match(line.strip())
        if m and (m["cat"] or m["score"]):
            hits += 1
    return 0.0 if not hits else min(0.95, 0.6 + 0.1 * hits)


def parse_author_line(text: str) -> tuple[list[str], bool, str | None] | None:
    """(names, truncated, org) when `text` is an author line, else None."""
    if len(text) > 2000:
        return None
    org = None
    if _ORG_SEP in text:
        text, org = text.rsplit(_ORG_SEP, 1)
    names, truncated = split_authors(text)
    if not names or not all(looks_like_name(n) for n in names):
        return None
    return names, truncated, (org.strip() or None) if org else None


def split_glued_title(text: str) -> tuple[str, tuple[list[str], bool, str | None]] | None:
    """Split `TitleFirst Author, Second Author et al.` where copying lost the line break.

    Every place where a capital letter follows a non-space is a candidate; the remainder must
    read as an author line. Among candidates, prefer a first name of two or more words, then
    one without an inner case change (`John Smith` over `ZeroJohn Smith`), then the leftmost.
    """
    best = None
    for m in _UPPER_AFTER_TEXT.finditer(text):
        title, rest = text[: m.start()].strip(), text[m.start():]
        if not title:
            continue
        parsed = parse_author_line(rest)
        if not parsed:
            continue
        first = parsed[0][0]
        rank = (len(first.split()) >= 2, not _CASE_CHANGE.search(first), -m.start())
        if best is None or rank > best[0]:
            best = (rank, title, parsed)
    return (best[1], best[2]) if best else None


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
    return ctx.make(
        line, block[-1][0],
        title=title,
        authors=names,
        authors_truncated=truncated,
        date=parse_date(m["date"], ctx.as_of),
        category=normalize_category(m["cat"]),
        has_code=bool(m["code"]),
        abstract=" ".join(text for _, text in rest),
        org=org,
        score=float(m["score"]) if m["score"] else None,
        profile_of=[owner] if owner else [],
    )


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    owner: str | None = None
    seen_header_line = False
    head = None
    block: list[tuple[int, str]] = []
    for n, raw in enumerate(lines, 1):
        text = raw.strip()
        if not text:
            continue
        m = HEAD.match(text)
        if m:
            if head:
                yield _paper(head, block, owner, ctx)
            head, block = (n, m), []
        elif head:
            block.append((n, text))
        elif not seen_header_line:
            # The header's first line names the profile's owner.
            seen_header_line = True
            if len(text.split()) >= 2 and looks_like_name(text):
                owner = text
    if head:
        yield _paper(head, block, owner, ctx)
