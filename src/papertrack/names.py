"""Names as pages write them: splitting an author line, telling a name from other text,
reordering `Last, First`, and splitting a name into family, given, particle and suffix for
citation formats. Whether two writings are one person is `people`.

One table of particles and one of suffixes serve every rule about names (`people` too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lazy_regex import lazy_compile

# Lowercase particles that family names carry in many languages (`Ludwig van Beethoven`,
# `José Ortega y Gasset`, `Mohammed bin Salman`): part of the family name, not given names.
PARTICLES = frozenset("de da del della dela der den des di du la le van von dos das do bin al ter ten y zu af e "
                      "ó ní".split())
# Generational suffixes (`Martin Luther King, Jr.`), folded and without their dot.
SUFFIXES = frozenset("jr sr ii iii iv".split())
# Prefixes written glued to a capitalized rest (`McDonald`, `DeVito`, `LeBlanc`, `VanDyke`): an
# inner case change after one of them is still one word.
GLUED_PREFIXES = frozenset("mc mac fitz de di da du le la van von della".split())


def is_no_name(text: str) -> bool:
    """Punctuation only (`:`, `—`, `...`): author lists hold it by mistake (arXiv's feeds: `:`)."""
    return not (text[:1].isalnum() or any(ch.isalnum() for ch in text))  # (a name starts with one)


def is_suffix(word: str) -> bool:
    """`Jr.`, `Sr`, `II`, `III`, `IV` (roman numerals only in capitals: `iv` may be a word)."""
    bare = word.strip().rstrip(".")
    return bare.lower() in ("jr", "sr") or (bare.isupper() and bare.lower() in SUFFIXES)


# ---------------------------------------------------------------- author lines

_ET_AL = lazy_compile(r",?\s*\bet\.?\s+al\.?\s*$", re.IGNORECASE)
# `A, B, and C` (serial comma) as well as `A, B and C`, `A; B`, `A & B`. Every separator starts
# with a space, `,`, `;` or `&`: the lookahead lets the scan skip other characters at once
# (half the time of a split).
_AUTHOR_SEP = lazy_compile(r"(?=[\s,;&])(?:\s*[,;]\s*(?:(?:and|&)\s+)?|\s+and\s+|\s*&\s*)")


def split_authors(text: str | None) -> tuple[list[str], bool]:
    """Split an author line (`A, B and C et al.`) into names; return (names, truncated)."""
    if not text:
        return [], False
    text = " ".join(text.split())
    truncated = False
    # `et al.` ends the text (the pattern is anchored there, so it matches once at most)
    if text[-3:].lower().endswith(("al", "al.")) and (m := _ET_AL.search(text)):
        text = text[:m.start()]
        truncated = True
    names: list[str] = []
    for part in _AUTHOR_SEP.split(text):
        part = part.strip()
        if not part or is_no_name(part):  # `A, :, B`: punctuation is no author
            truncated = truncated or part in ("...", "…")
            continue
        # `John Smith, Jr.` is one person (a suffix is at most three letters and its dots)
        if names and (len(part) <= 4 or part[-1] == ".") and is_suffix(part):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names, truncated


def citation_name(name: str) -> str | None:
    """A `Last, First` value (citation_author meta tags) as a display name: "First Last".

    A lone suffix after the comma ("King, Jr.") is not a first name; "Last, Jr., First"
    becomes "First Last Jr.".
    """
    parts = [p.strip() for p in " ".join(name.split()).split(",")]
    if not parts[0]:
        return None
    if len(parts) == 2 and parts[1] and not is_suffix(parts[1]):
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and all(parts):
        last, middle, tail = parts
        if is_suffix(middle):
            return f"{tail} {last} {middle}"
        if is_suffix(tail):
            return f"{middle} {last} {tail}"
    return ", ".join(p for p in parts if p)


# ---------------------------------------------------------------- family and given names

# A word that makes a name an institution's, kept whole (`The ATLAS Collaboration`, `Gemini Team`).
ORGANIZATION_WORDS = frozenset("collaboration consortium team group project committee laboratory lab institute "
                               "university inc ltd corporation council association society foundation".split())


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name as citation formats split it (BibTeX, CSL, RIS): `Élodie van der Meer` -> given
    `Élodie`, particle `van der` (BibTeX's "von"), family `Meer`; an institution is all family."""

    family: str
    given: str | None = None
    particle: str | None = None
    suffix: str | None = None


def _initial_word(word: str) -> bool:  # `H.`, `H`; but `y` and `Ó` are particles
    bare = word.rstrip(".")
    return len(bare) == 1 and (word.endswith(".") or (bare.isascii() and bare.isupper()))


def _family_start(words: list[str]) -> tuple[int, int]:
    """Where the particles and the family name begin in `Given... [particles] Family`: lowercase
    particles before the last word are its particle (`van der Meer`); from the first capitalized
    one on, they are the family name (`Chiara De Luca` -> `De Luca`, `Tomás Ó Briain`), but never
    the first word (`Le Song`, `Van Morrison`); `y`/`e` join two family names (`Ortega y Gasset`)."""
    start = len(words) - 1
    while start > 0 and (w := words[start - 1]).lower() in PARTICLES and not _initial_word(w) \
            and (start > 1 or w.islower()):
        start -= 1
    if start > 1 and words[start] in ("y", "e"):
        return start - 1, start - 1
    return start, next((i for i in range(start, len(words) - 1) if not words[i].islower()), len(words) - 1)


@lru_cache(maxsize=1 << 16)
def name_parts(name: str) -> NameParts | None:
    """Split a name as written (`First Last`, `Last, First`, `Last, Jr., First`, `First Last, Jr.`,
    `Zhao H.`) into family, given, particle and suffix; None for no name."""
    parts = [p for p in (" ".join(p.split()) for p in name.split(",")) if p]
    if not parts:
        return None
    suffix = None
    if len(parts) > 1 and is_suffix(parts[-1]):
        suffix = parts.pop()
    elif len(parts) == 3 and is_suffix(parts[1]):
        suffix = parts.pop(1)
    if len(parts) == 2 and ORGANIZATION_WORDS.isdisjoint(parts[0].lower().split()):  # `van der Meer, Élodie`
        words = parts[0].split()
        lead = next((i for i, w in enumerate(words[:-1]) if not (w.islower() and w in PARTICLES)), len(words) - 1)
        return NameParts(" ".join(words[lead:]), parts[1], " ".join(words[:lead]) or None, suffix)
    words = parts[0].split()
    if len(parts) > 2 or any(w.lower().rstrip(".") in ORGANIZATION_WORDS for w in words):
        return NameParts(", ".join(parts))  # an institution, or `A, B, C`, which no reading makes sure
    if len(words) > 1 and suffix is None and is_suffix(words[-1]):
        suffix = words.pop()
    if len(words) == 1:
        return NameParts(words[0], None, None, suffix)
    if not _initial_word(words[0]) and all(map(_initial_word, words[1:])):  # `Zhao H.`, `Yao D. D.`
        return NameParts(words[0], " ".join(words[1:]), None, suffix)
    start, family = _family_start(words)
    return NameParts(" ".join(words[family:]), " ".join(words[:start]) or None,
                     " ".join(words[start:family]) or None, suffix)


# ---------------------------------------------------------------- is this text a name?

# Elided or hyphenated lowercase prefixes before a capital: `d'Alembert`, `al-Khwarizmi`.
_PREFIXED_NAME = lazy_compile(r"^(?:d|l|al|el|ibn|bin)['’\-](?=[^\W\d_])", re.IGNORECASE)
_INITIALS = lazy_compile(r"^(?:[^\W\d_]\.)(?:-?[^\W\d_]\.)*$")
_WORD = lazy_compile(r"^[^\W\d_](?:[^\W\d_]|['’\-.](?=[^\W\d_]))*\.?$")


def looks_like_name(text: str) -> bool:
    """True for a person's name as listings print it: 1-6 tokens, capitalized, no digits."""
    tokens = text.split()
    return 1 <= len(tokens) <= 6 and all(map(_name_token, tokens))


@lru_cache(maxsize=1 << 16)
def _name_token(tok: str) -> bool:
    """Could this word be in a person's name? Cached: a dump repeats its people's names."""
    if tok.lower() in PARTICLES or _INITIALS.match(tok):
        return True
    tok = tok[1:-1] if len(tok) > 2 and tok[0] + tok[-1] == "()" else tok  # `Qiuyi (Richard) Zhang`
    if m := _PREFIXED_NAME.match(tok):
        tok = tok[m.end():]
    if tok[0].islower() or not _WORD.match(tok) or acronym_glued(tok):
        return False
    # A case change deep inside a token is two words glued together (`DistillationHanyang`,
    # `ViewsÉlodie`), unlike the early ones names have (`McDonald`, `DeVito`, `MacArthur`).
    return not any(i > 4 for i in case_changes(tok))


def case_changes(token: str) -> list[int]:
    """Indices where a capital follows a lower-case letter, in any script: `McDonald` -> [2]."""
    return [i for i in range(1, len(token)) if token[i].isupper() and token[i - 1].islower()]


def acronym_glued(token: str) -> bool:
    """`LLMsJohn`, `DJane`: capitals running into lower case are an acronym glued to a word
    (all-capital tokens such as `ZHANG` or `JP` are fine)."""
    caps = next((i for i, ch in enumerate(token) if not ch.isupper()), len(token))
    return caps >= 2 and caps < len(token) and token[caps].islower()


def plain_name(name: str) -> bool:
    """No inner case change except after the prefixes names glue on (Mc, Mac, De, Le, ...)."""
    return all(token[:i].lower() in GLUED_PREFIXES for token in name.split() for i in case_changes(token))
