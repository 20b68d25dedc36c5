"""De-duplication: records from any mix of sources in, one merged record per paper out.

Matching runs in tiers, strongest first: the same arXiv id or DOI is the same paper, and
different ones never are; then the same title key; then a fuzzy title match; then, for records
with no title, a strong abstract match. Fuzzy tiers are guarded (numbers and parts agree, dates
within about a year, a shared author surname) and only compare records that share a blocking
key, so the cost grows about linearly with the input.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from rapidfuzz import fuzz

from .model import Paper
from .normalize import arxiv_id_from_doi, fold_text, title_key

# Fuzzy thresholds (rapidfuzz ratio, 0-100). Titles of different papers by the same group
# ("Scores as Actions: a framework ..." / "Score as Action: Fine-Tuning ...") score far lower.
TITLE_RATIO = 92.0
ABSTRACT_RATIO = 90.0
MAX_DAYS_APART = 400
# A blocking key shared by more records than this is too common to say anything.
MAX_BLOCK = 64

# Which source wins when values disagree: arXiv API > other APIs > listing pages > pasted pages.
AUTHORITY = {
    "arxiv-atom": 0,
    "hf-api": 1, "s2": 1, "openalex": 1, "dblp": 1,
    "arxiv-listing": 2, "arxiv-html": 2, "arxiv-trailing-ids": 2, "hf-daily": 2, "hf-html": 2,
    "citation-meta": 2,
    "profile": 3,
}
_DEFAULT_AUTHORITY = 2

_ROMAN = {"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"}
_PART_WORDS = {"part", "vol", "volume", "chapter", "episode"}
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "first", "second", "third", "i", "v", "x"}
_DIGITS = re.compile(r"\d+")

Explain = Callable[[str], None]


class _Rec:
    """A record with the keys matching needs, computed once."""

    __slots__ = ("i", "paper", "arxiv", "doi", "tkey", "tokens", "marks", "day", "surnames", "akey")

    def __init__(self, i: int, paper: Paper):
        self.i, self.paper = i, paper
        self.arxiv = paper.arxiv_id or arxiv_id_from_doi(paper.doi)
        self.doi = paper.doi if paper.doi and not arxiv_id_from_doi(paper.doi) else None
        self.tkey = title_key(paper.title) if paper.title else ""
        self.tokens = self.tkey.split()
        self.marks = _number_marks(self.tokens)
        self.day = date.fromisoformat(paper.date) if paper.date else None
        self.surnames = frozenset(fold_text(a.split()[-1]) for a in paper.authors if a.split())
        self.akey = ""


def _number_marks(tokens: list[str]) -> frozenset[str]:
    """Numbers (also inside words: `gpt4`), roman numerals, and the number after `Part`:
    they must agree for two titles to match."""
    marks = {d for tok in tokens if not tok.isalpha() for d in _DIGITS.findall(tok)}
    for k, tok in enumerate(tokens):
        if tok in _ROMAN:
            marks.add(tok)
        elif k and tokens[k - 1] in _PART_WORDS and (tok in _NUMBER_WORDS or len(tok) == 1):
            marks.add(tok)
    return frozenset(marks) if marks else _NO_MARKS


_NO_MARKS: frozenset[str] = frozenset()


def _abstract_key(paper: Paper) -> str:
    return title_key(paper.abstract[:4000]) if paper.abstract else ""


class _Groups:
    """Union-find over records that remembers each group's arXiv ids, DOIs and surnames, so
    that no chain of pairwise matches can join what the groups as wholes contradict."""

    def __init__(self, recs: list[_Rec]):
        self.parent = list(range(len(recs)))
        # None for "nothing known" keeps a million records' worth of empty sets out of memory.
        self.arxiv = [{r.arxiv} if r.arxiv else None for r in recs]
        self.doi = [{r.doi} if r.doi else None for r in recs]
        self.names = [set(r.surnames) if r.surnames else None for r in recs]
        self.why: list[tuple[int, int, str, float | None]] = []

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def compatible(self, a: int, b: int, names: bool = True) -> bool:
        """Different arXiv ids, or different DOIs, are never the same paper; nor, unless
        `names` is off, are author lists without a surname in common."""
        ra, rb = self.find(a), self.find(b)
        for sets in (self.arxiv, self.doi, self.names) if names else (self.arxiv, self.doi):
            if sets[ra] and sets[rb] and not sets[ra] & sets[rb]:
                return False
        return True

    def union(self, a: int, b: int, rule: str, score: float | None = None) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if ra > rb:
            ra, rb = rb, ra  # the earlier record's group absorbs the later one: stable output
        self.parent[rb] = ra
        for sets in (self.arxiv, self.doi, self.names):
            if sets[rb]:
                sets[ra] = sets[ra] | sets[rb] if sets[ra] else sets[rb]
            sets[rb] = None
        self.why.append((a, b, rule, score))
        return True


def _guards(a: _Rec, b: _Rec, check_dates: bool = True) -> bool:
    """What must hold beyond a similar title or abstract."""
    if a.marks != b.marks and a.tkey and b.tkey:  # marks are a title's: untitled records have none
        return False
    if check_dates and a.day and b.day and abs((a.day - b.day).days) > MAX_DAYS_APART:
        return False
    return not (a.surnames and b.surnames and not a.surnames & b.surnames)


def _title_blocks(r: _Rec) -> tuple[str, ...]:
    t = r.tokens
    if len(t) < 3:
        return ()
    return ("p:" + " ".join(t[:4]), "s:" + " ".join(t[-4:]))


def _abstract_blocks(key: str) -> tuple[str, ...]:
    words = key.split()
    if len(words) < 20:
        return ()
    return ("ap:" + " ".join(words[:12]), "as:" + " ".join(words[-12:]))


def match(recs: list[_Rec], known: Iterable[tuple[int, int]] = ()) -> _Groups:
    g = _Groups(recs)
    for a, b in known:  # pairs a caller already holds to be one paper (a store's merged papers)
        g.union(a, b, "already one paper")
    # Tier 1: identifiers.
    for attr, rule in (("arxiv", "same arXiv id"), ("doi", "same DOI")):
        first: dict[str, int] = {}
        for r in recs:
            key = getattr(r, attr)
            if key is None:
                continue
            if key in first:
                if rule == "same arXiv id" or g.compatible(first[key], r.i, names=False):
                    g.union(first[key], r.i, rule)
            else:
                first[key] = r.i
    # Tier 2: the same title key.
    by_title: dict[str, list[int]] = defaultdict(list)
    for r in recs:
        if r.tkey:
            by_title[r.tkey].append(r.i)
    for members in by_title.values():
        for k, i in enumerate(members[1:], 1):
            for j in members[:k][-MAX_BLOCK:]:
                a, b = recs[j], recs[i]
                if g.find(i) != g.find(j) and g.compatible(j, i) and _guards(a, b, len(a.tokens) < 4):
                    g.union(j, i, "same title")
                    break
    # Tier 3: fuzzy title within blocks that share a title prefix or suffix.
    blocks: dict[str, list[int]] = defaultdict(list)
    for r in recs:
        for key in _title_blocks(r):
            blocks[key].append(r.i)
    seen_pairs: set[tuple[int, int]] = set()
    candidates: list[tuple[float, int, int]] = []
    for members in blocks.values():
        if len(members) < 2:
            continue
        for k, i in enumerate(members[1:], 1):
            for j in members[max(0, k - MAX_BLOCK):k]:
                a, b = recs[j], recs[i]
                if a.tkey == b.tkey or (j, i) in seen_pairs or g.find(i) == g.find(j):
                    continue
                seen_pairs.add((j, i))
                score = fuzz.ratio(a.tkey, b.tkey, score_cutoff=TITLE_RATIO)
                if score and _guards(a, b):
                    candidates.append((score, j, i))
    # Best match first: a record close to two papers joins the closer one.
    for score, j, i in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if g.compatible(j, i):
            g.union(j, i, "similar title", score)
    # Tier 4: records without a title join by abstract.
    untitled = [r for r in recs if not r.tkey and r.paper.abstract]
    if untitled:
        ablocks: dict[str, list[int]] = defaultdict(list)
        for r in recs:
            if r.paper.abstract:
                r.akey = _abstract_key(r.paper)
                for key in _abstract_blocks(r.akey):
                    ablocks[key].append(r.i)
        for r in untitled:
            candidates = {j for key in _abstract_blocks(r.akey) for j in ablocks[key][:MAX_BLOCK]}
            for j in sorted(candidates - {r.i}):
                other = recs[j]
                if g.find(j) == g.find(r.i):
                    continue
                score = fuzz.ratio(r.akey, other.akey, score_cutoff=ABSTRACT_RATIO)
                if score and _guards(r, other) and g.compatible(j, r.i):
                    g.union(j, r.i, "similar abstract", score)
    return g


def _authority(p: Paper) -> int:
    return min((AUTHORITY.get(s.format, _DEFAULT_AUTHORITY) for s in p.sources), default=_DEFAULT_AUTHORITY)


_SCALARS = ("title", "date", "category", "arxiv_id", "doi", "code_url", "project_url", "abstract",
            "comment", "journal_ref", "org", "org_slug", "upvotes", "score", "listed_on", "author_count")
_LISTS = ("categories", "affiliations")


def merge(papers: list[Paper]) -> Paper:
    """One record from several of the same paper: a value beats none, the more authoritative
    source beats the less, then the first seen; every input's provenance is kept."""
    if len(papers) == 1:
        return papers[0]
    ranked = sorted(papers, key=_authority)  # stable: first seen wins ties
    out = Paper()
    for name in _SCALARS:
        setattr(out, name, next((v for p in ranked if (v := getattr(p, name)) is not None), None))
    for name in _LISTS:
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


def deduplicate(records: Iterable[Paper], explain: Explain | None = None) -> Iterator[Paper]:
    """Merged records, one per distinct paper, in order of first appearance."""
    # The records and keys held here form no reference cycles; the cyclic garbage collector
    # would only rescan an ever larger heap, which was half of the run time at 250,000 records.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        recs = [_Rec(i, p) for i, p in enumerate(records)]
        g = match(recs)
    finally:
        if was_enabled:
            gc.enable()
    groups: dict[int, list[int]] = defaultdict(list)
    for r in recs:
        groups[g.find(r.i)].append(r.i)
    joins: dict[int, list] = defaultdict(list)
    for a, b, rule, score in g.why if explain else ():
        joins[g.find(a)].append((a, b, rule, score))
    for root in sorted(groups):
        paper = merge([recs[i].paper for i in groups[root]])
        if explain and root in joins:
            _explain(paper, recs, joins[root], explain)
        yield paper
    if explain:
        merged = len(recs) - len(groups)
        explain(f"dedup: {len(recs)} records -> {len(groups)} papers ({merged} joined to another)")


def _where(p: Paper) -> str:
    return ", ".join(f"{s.file}:{s.line}" if s.line else s.file for s in p.sources)


def _explain(paper: Paper, recs: list[_Rec], joins: list, say: Explain) -> None:
    """One group: the merged paper, then each join with its rule, score and both places."""
    label = paper.title or (paper.abstract or "")[:60]
    say(f"{paper.id}: {len(joins) + 1} records, {label[:70]!r}")
    for a, b, rule, score in joins:
        extra = f" {score:.1f}" if score is not None else ""
        say(f"  {rule}{extra}: {_where(recs[a].paper)} + {_where(recs[b].paper)}")


def prepare(paper: Paper) -> _Rec:
    """A record with the keys matching needs, computed once, for `match_keys` and `groups`."""
    return _Rec(0, paper)


def match_keys(rec: _Rec) -> list[str]:
    """Every key through which `match` may join this record to another: two records that can
    join share at least one. A store indexes them to find the candidates of a new record."""
    keys = [f"a:{rec.arxiv}"] if rec.arxiv else []
    if rec.doi:
        keys.append(f"d:{rec.doi}")
    if rec.tkey:
        keys.append(f"t:{rec.tkey}")
        keys += _title_blocks(rec)
    if rec.paper.abstract:
        # Abstracts join only where one side is untitled: mark which, so a titled record
        # need look only for untitled ones.
        side = "" if rec.tkey else "u"
        keys += [side + k for k in _abstract_blocks(_abstract_key(rec.paper))]
    return keys


def groups(recs: list[_Rec], known: Iterable[tuple[int, int]] = ()) -> list[list[int]]:
    """Indices of the prepared records of each distinct paper, as `deduplicate` groups them, in
    order of first appearance; `known` pairs of indices are one paper from the start."""
    for i, r in enumerate(recs):
        r.i = i
    g = match(recs, known)
    found: dict[int, list[int]] = defaultdict(list)
    for r in recs:
        found[g.find(r.i)].append(r.i)
    return [found[root] for root in sorted(found)]
