"""One person, many writings: a name folded for comparison (`PersonName`), and the rules that
tell whether two writings are one person (any case, with or without diacritics, `Zhao, Hanyang`
or `Hanyang Zhao`, with or without middle initials, `Jean-Pierre` or `Jean Pierre`; an initial
never stands for a given name unless matching is loose), as `author`, `track` and the library's
name index ask them. Splitting author lines and telling a name from other text is `names`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lazy_regex import lazy_compile
from .names import PARTICLES, SUFFIXES
from .normalize import fold_text

_SPLIT = lazy_compile(r"[\s.\-‐‑‒–]+")
_DROP = lazy_compile(r"['’`\"()]")
_HOMONYM_NUMBER = lazy_compile(r"\s+\d{4}$")


@dataclass(frozen=True, slots=True)
class PersonName:
    """A name folded for comparison: the surname (last word) and the given names in order,
    initials as single letters."""

    surname: str
    given: tuple[str, ...]

    @property
    def key(self) -> str:
        """`yao david d`: surname first, so one index range holds every writing of a person."""
        return " ".join((self.surname, *self.given))

    @classmethod
    def from_key(cls, key: str) -> PersonName:
        words = key.split()
        return cls(words[0] if words else "", tuple(words[1:]))


@lru_cache(maxsize=1 << 16)  # a library names the same people again and again
def parse_name(text: str) -> PersonName | None:
    """`Zhao, Hanyang` -> zhao (hanyang); `David D. Yao` -> yao (david, d); None for no name."""
    parts = [p for p in (fold_text(_DROP.sub("", part)).strip() for part in text.split(","))
             if p and p.replace(".", "") not in SUFFIXES]
    if len(parts) == 2:  # `Surname, Given`
        parts = [parts[1], parts[0]]
    words = [w for w in _SPLIT.split(" ".join(parts)) if w and w not in SUFFIXES]
    if not words:
        return None
    # `Zhao H.` or `Yao DD`: a surname followed by initials, as citation styles write it.
    if len(words) > 1 and len(words[-1]) == 1 and len(words[0]) > 1:
        words = words[1:] + words[:1]
    # A one-letter word is an initial (`John E. Smith`), never the particle `e` or `y`.
    return PersonName(words[-1], tuple(w for w in words[:-1] if len(w) == 1 or w not in PARTICLES))


@lru_cache(maxsize=1 << 17)
def person_key(name: str) -> str:
    """The `PersonName.key` a library indexes a written name by (`yao david d`), or ""."""
    parsed = parse_name(name)
    return parsed.key if parsed else ""


def written_form(name: str) -> str:
    """A name as written, without case, accents, dots or hyphens, for telling the candidates
    of an author search apart: `José M. Pérez-Ruiz` -> `jose m perez ruiz`; dblp's homonym
    number (`Wei Li 0001`) is not part of the name."""
    name = _HOMONYM_NUMBER.sub("", name.strip())
    return " ".join(fold_text(name).replace(".", " ").replace("-", " ").split())


def _initial(word: str) -> bool:
    return len(word) == 1


def _compatible(a: str, b: str) -> bool:
    """Two given names at the same place: equal, or an initial of the other."""
    return a == b or ((_initial(a) or _initial(b)) and a[0] == b[0])


def same_person(query: PersonName, name: PersonName, loose: bool = False) -> bool:
    """Does `name` (from a paper) belong to the person asked for?

    Surnames must be equal. The first given names must be equal words (`David` = `David`,
    `D.` = `D.`, `Hanyang` = `Han-Yang`); with `loose`, an initial stands for a name and a
    surname alone finds everyone of that surname. Further given names may be missing on either
    side, but where both have one at the same place they must agree (`D.` fits `Daniel`)."""
    if query.surname != name.surname:
        return False
    if not query.given or not name.given:
        return loose and not query.given
    first_q, first_n = query.given[0], name.given[0]
    if first_q != first_n:
        joined_q, joined_n = "".join(query.given), "".join(name.given)
        if not any(map(_initial, query.given + name.given)) and joined_q == joined_n:
            return True  # `Han-Yang` and `Hanyang`
        if not (loose and _compatible(first_q, first_n)):
            return False
    return all(_compatible(a, b) for a, b in zip(query.given[1:], name.given[1:]))


def key_range(query: PersonName) -> tuple[str, str]:
    """The range of stored keys that can hold a match for `query`: its surname and the first
    letter of its first given name (every writing of that name starts with it)."""
    if not query.given:
        return query.surname, query.surname + "!"  # `!` sorts right after the space
    start = f"{query.surname} {query.given[0][0]}"
    return start, start[:-1] + chr(ord(start[-1]) + 1)


def has_author(query: PersonName, authors: list[str], loose: bool = False) -> bool:
    return any((n := parse_name(a)) is not None and same_person(query, n, loose) for a in authors)
