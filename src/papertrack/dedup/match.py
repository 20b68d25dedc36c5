"""Matching in tiers, strongest first: the same arXiv id or DOI, then the same title key, then
a similar title within blocks, then (for untitled records) a similar abstract; every fuzzy join
guarded, and no chain of joins may unite what the groups as wholes contradict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from ..normalize import fold_text
from .keys import MatchRecord, abstract_blocks, abstract_key, title_blocks

# Fuzzy thresholds (rapidfuzz ratio, 0-100). Titles of different papers by the same group
# ("Scores as Actions: a framework ..." / "Score as Action: Fine-Tuning ...") score far lower.
TITLE_RATIO = 92.0
ABSTRACT_RATIO = 90.0
MAX_DAYS_APART = 400
# A blocking key shared by more records than this is too common to say anything.
MAX_BLOCK = 64
# Records sharing an id are one paper unless their titles are less alike than this (token set ratio:
# a title that gained or lost words stays alike) and no author is in both. DiFFPO and
# "Diffusion Policies with O(1) ..." score 63; a title with "revisited" added scores 100.
SAME_ID_TITLE_RATIO = 80.0
# The members of an id's group a new record of that id is compared with.
IDENTITY_SAMPLE = 8

# Per group root: one key (a str), or a set of them once groups with different keys joined (by
# names: surnames), or None for "nothing known". A record's own key is held as it is, not
# copied into a set of one: a million records' worth of one-element sets was a fifth of the
# memory of a large dedup.
Keys = str | frozenset[str] | None
KeySets = list[Keys]


def _disjoint(a: str | frozenset[str], b: str | frozenset[str]) -> bool:
    """No key in common."""
    if isinstance(a, str):
        return a != b if isinstance(b, str) else a not in b
    return b not in a if isinstance(b, str) else a.isdisjoint(b)


def _as_set(keys: str | frozenset[str]) -> frozenset[str]:
    return frozenset((keys,)) if isinstance(keys, str) else keys


def _joined(kept: Keys, absorbed: str | frozenset[str]) -> str | frozenset[str]:
    if not kept or kept == absorbed:
        return absorbed
    return _as_set(kept) | _as_set(absorbed)


class Groups:
    """Union-find over records that remembers each group's arXiv ids, DOIs and surnames, so
    that no chain of pairwise matches can join what the groups as wholes contradict."""

    def __init__(self, recs: list[MatchRecord]):
        self.parent = list(range(len(recs)))
        self.arxiv: KeySets = [r.arxiv or None for r in recs]
        self.doi: KeySets = [r.doi or None for r in recs]
        self.names: KeySets = [r.surnames or None for r in recs]
        self.why: list[tuple[int, int, str, float | None]] = []
        # (earlier, later, "arXiv id" or "DOI", the id): records one id names that are two papers.
        self.apart: list[tuple[int, int, str, str]] = []

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
            of_a, of_b = sets[ra], sets[rb]
            if of_a and of_b and _disjoint(of_a, of_b):
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
            absorbed = sets[rb]
            if absorbed:
                sets[ra] = _joined(sets[ra], absorbed)
            sets[rb] = None
        self.why.append((a, b, rule, score))
        return True


def id_evidence(a: MatchRecord, b: MatchRecord) -> bool | None:
    """Do two records that share an id show one paper (True: alike titles, or an author in
    both), two (False: what they both show disagrees), or too little to tell (None)?

    An author is in both when initial and surname agree (`J. Smith` = `John Smith`), also with
    one side writing names family name first (`Zhao Hanyang`); a surname alone (`Li`, `Wang`)
    is too common to vouch for one paper."""
    titles = fuzz.token_set_ratio(a.tkey, b.tkey) >= SAME_ID_TITLE_RATIO if a.tkey and b.tkey else None
    names = None
    if a.surnames and b.surnames:
        ours = _people(a)
        names = bool(ours & _people(b) or ours & _people(b, family_first=True))
    if titles or names:
        return True
    return False if titles is False or names is False else None


def group_evidence(recs: list[MatchRecord], members: list[int], r: MatchRecord, g: Groups) -> bool | None:
    """id_evidence of `r` against a group of records of its id: one member showing another
    paper is enough to keep it out, so a record that agrees with one member only by showing
    little (an untitled or authorless copy) cannot bridge two papers."""
    if g.find(members[0]) == g.find(r.i):
        return True
    seen = [id_evidence(recs[m], r) for m in members[:IDENTITY_SAMPLE]]
    return False if False in seen else True if True in seen else None


def join_by_id(recs: list[MatchRecord], g: Groups, attr: str, rule: str) -> None:
    """Tier 1 for one kind of id. Records showing a title and authors go first, so that the
    groups an id names are known before a record that shows less picks one of them: the first
    group it agrees with, else the first it does not contradict; one that contradicts every
    group is another paper under a wrong id, kept apart and named in `g.apart`."""
    holders: dict[str, int | list[list[int]]] = {}  # an int while the id names one record
    full = [r for r in recs if getattr(r, attr) is not None and r.tkey and r.surnames]
    rest = [r for r in recs if getattr(r, attr) is not None and not (r.tkey and r.surnames)]
    for r in full + rest:
        key = getattr(r, attr)
        held = holders.get(key)
        if held is None:
            holders[key] = r.i
            continue
        if isinstance(held, int):
            held = holders[key] = [[held]]
        verdicts = [group_evidence(recs, members, r, g) for members in held]
        chosen = next((k for k, v in enumerate(verdicts) if v), None)
        if chosen is None:
            chosen = next((k for k, v in enumerate(verdicts) if v is None), None)
        if chosen is None:
            g.apart.append((held[0][0], r.i, "arXiv id" if attr == "arxiv" else "DOI", key))
            held.append([r.i])
            continue
        members = held[chosen]
        if rule == "same arXiv id" or g.compatible(members[0], r.i, names=False):
            g.union(members[0], r.i, rule)
            members.append(r.i)


def _people(r: MatchRecord, family_first: bool = False) -> set[tuple[str, str]]:
    """(initial, surname) of each author, folded; with `family_first`, as if each name were
    written family name first; a one-word name is its own surname."""
    out = set()
    for name in r.paper.authors:
        words = [fold_text(w) for w in name.split()]
        if len(words) > 1:
            first, last = (words[-1], words[0]) if family_first else (words[0], words[-1])
            out.add((first[:1], last))
        elif words:
            out.add(("", words[0]))
    return out


def guards(a: MatchRecord, b: MatchRecord, check_dates: bool = True) -> bool:
    """What must hold beyond a similar title or abstract."""
    if a.marks != b.marks and a.tkey and b.tkey:  # marks are a title's: untitled records have none
        return False
    if check_dates and a.day and b.day and abs((a.day - b.day).days) > MAX_DAYS_APART:
        return False
    return not (a.surnames and b.surnames and not a.surnames & b.surnames)


def match(recs: list[MatchRecord], known: Iterable[tuple[int, int]] = ()) -> Groups:
    g = Groups(recs)
    for one, other in known:  # pairs a caller already holds to be one paper (a store's merged papers)
        g.union(one, other, "already one paper")
    # Tier 1: identifiers, each checked against what its records show (join_by_id).
    join_by_id(recs, g, "arxiv", "same arXiv id")
    join_by_id(recs, g, "doi", "same DOI")
    # Tier 2: the same title key.
    by_title: dict[str, list[int]] = defaultdict(list)
    for r in recs:
        if r.tkey:
            by_title[r.tkey].append(r.i)
    for members in by_title.values():
        for k, i in enumerate(members[1:], 1):
            for j in members[:k][-MAX_BLOCK:]:
                a, b = recs[j], recs[i]
                if g.find(i) != g.find(j) and g.compatible(j, i) and guards(a, b, a.words < 4):
                    g.union(j, i, "same title")
                    break
    # Tier 3: fuzzy title within blocks that share a title prefix or suffix.
    blocks: dict[str, list[int]] = defaultdict(list)
    for r in recs:
        for key in title_blocks(r):
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
                if score and guards(a, b):
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
                r.akey = abstract_key(r.paper)
                for key in abstract_blocks(r.akey):
                    ablocks[key].append(r.i)
        for r in untitled:
            near = {j for key in abstract_blocks(r.akey) for j in ablocks[key][:MAX_BLOCK]}
            for j in sorted(near - {r.i}):
                if g.find(j) == g.find(r.i):
                    continue
                score = fuzz.ratio(r.akey, recs[j].akey, score_cutoff=ABSTRACT_RATIO)
                if score and guards(r, recs[j]) and g.compatible(j, r.i):
                    g.union(j, r.i, "similar abstract", score)
    return g


def groups(recs: list[MatchRecord], known: Iterable[tuple[int, int]] = (),
           apart: list[tuple[int, int, str, str]] | None = None) -> list[list[int]]:
    """Indices of the prepared records of each distinct paper, as `deduplicate` groups them, in
    order of first appearance; `known` pairs of indices are one paper from the start; `apart`
    gets the records kept apart from another with their id (Groups.apart)."""
    for i, r in enumerate(recs):
        r.i = i
    g = match(recs, known)
    if apart is not None:
        apart += g.apart
    found: dict[int, list[int]] = defaultdict(list)
    for r in recs:
        found[g.find(r.i)].append(r.i)
    return [found[root] for root in sorted(found)]
