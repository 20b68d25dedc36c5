"""Merging the records of one paper: a value beats none, a full author list beats a truncated
one, the more authoritative layout (the registry says which) beats the less, then the first
seen; every input's provenance is kept.
"""

from __future__ import annotations

from ..model import Paper
from ..parse.registry import DEFAULT_AUTHORITY, authority

# Every field of Paper is merged by exactly one of these rules (a test holds them to the record):
# the first value in authority order ...
SCALAR_FIELDS = ("title", "date", "category", "arxiv_id", "doi", "code_url", "project_url", "abstract",
                 "comment", "journal_ref", "org", "org_slug", "upvotes", "score", "listed_on", "author_count")
# ... the first non-empty list in authority order ...
LIST_FIELDS = ("categories", "affiliations")
# ... or a rule of its own, below.
OWN_RULE_FIELDS = ("authors", "authors_truncated", "has_code", "arxiv_version", "profile_of", "sources")


def source_authority(p: Paper) -> int:
    """The rank of a record's most authoritative source (lower wins)."""
    return min((authority(s.format) for s in p.sources), default=DEFAULT_AUTHORITY)


def merge(papers: list[Paper]) -> Paper:
    """One record from several of the same paper: a value beats none, the more authoritative
    source beats the less, then the first seen; every input's provenance is kept."""
    if len(papers) == 1:
        return papers[0]
    ranked = sorted(papers, key=source_authority)  # stable: first seen wins ties
    out = Paper()
    for name in SCALAR_FIELDS:
        setattr(out, name, next((v for p in ranked if (v := getattr(p, name)) is not None), None))
    for name in LIST_FIELDS:
        setattr(out, name, list(next((v for p in ranked if (v := getattr(p, name))), [])))
    with_names = [p for p in ranked if p.authors]
    if with_names:
        best = min(with_names, key=lambda p: p.authors_truncated)  # a full list beats a truncated one
        out.authors, out.authors_truncated = list(best.authors), best.authors_truncated
    else:
        out.authors_truncated = any(p.authors_truncated for p in papers)
    out.has_code = any(p.has_code for p in papers) or bool(out.code_url)
    versions = [p.arxiv_version for p in papers if p.arxiv_version]
    out.arxiv_version = max(versions) if versions else None
    out.profile_of = list(dict.fromkeys(n for p in papers for n in p.profile_of))
    out.sources = [s for p in papers for s in p.sources]
    if out.listed_on == out.date:
        out.listed_on = None
    return out
