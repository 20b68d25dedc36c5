"""The registry of layouts `parse` reads. Adding one: write a module beside this file with
NAME, DESCRIPTION, EXAMPLE, detect(sample) and parse(lines, ctx), list it in SOURCES, and drop
a dump and its expected records into tests/fixtures/.
"""

from __future__ import annotations

from types import ModuleType

from . import arxiv_trailing_ids, hf_daily, profile, records

# Order breaks ties in detection: the more specific layout first.
SOURCES: tuple[ModuleType, ...] = (
    records,
    arxiv_trailing_ids,
    profile,
    hf_daily,
)

# A layout must score at least this on the sample to be chosen without --source.
MIN_SCORE = 0.3


def by_name(name: str) -> ModuleType | None:
    return next((s for s in SOURCES if s.NAME == name), None)


def names() -> list[str]:
    return [s.NAME for s in SOURCES]


def detect(sample: str) -> tuple[ModuleType | None, float]:
    """The layout that fits the sample best, with its score (None when nothing fits)."""
    best, best_score = None, 0.0
    for source in SOURCES:
        score = source.detect(sample)
        if score > best_score:
            best, best_score = source, score
    return (best, best_score) if best_score >= MIN_SCORE else (None, best_score)
