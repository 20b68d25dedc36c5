"""What a library command says when a query finds nothing, and the second tries before it does:
a name written family name first (`Zhao Hanyang`), an aggregator's short category code (`LG`).
Suggestions come from the names the library holds, ranked by rapidfuzz.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..library import Library


def category_code(value: str | None) -> str | None:
    """`--category` as arXiv writes it: `LG` (or `lg`) -> `cs.LG`, `cs.lg` -> `cs.LG`; an archive
    (`cs`, `math`, `hep-th`) stays as it is."""
    from ..normalize import normalize_category

    if not value:
        return None
    value = value.strip()
    if "." not in value:
        mapped = normalize_category(value.upper())  # `MP` -> `math-ph`, a category with no dot
        return mapped if mapped and mapped != value.upper() else value.lower()
    return normalize_category(value)


def author_pks(lib: Library, name: str, loose: bool = False) -> tuple[set[int], str]:
    """The papers of `name`, and the name they were found under: as written, else read family
    name first (`Zhao Hanyang` as `Zhao, Hanyang`), as people from many places write it."""
    pks = lib.author_pks(name, loose)
    if pks or "," in name:
        return pks, name
    words = name.split()
    if len(words) < 2:
        return pks, name
    swapped = f"{words[0]}, {' '.join(words[1:])}"
    found = lib.author_pks(swapped, loose)
    return (found, f"{' '.join(words[1:])} {words[0]}") if found else (pks, name)


def similar_names(lib: Library, name: str, limit: int = 5) -> list[str]:
    """Names in the library written like `name` (`Zhao` -> `Hanyang Zhao`, `Wenpin Zhao`), best first."""
    from rapidfuzz import fuzz, process

    from ..normalize import fold_text
    from ..people import parse_name

    names = lib.author_names()
    query = fold_text(name)
    found: dict[str, str] = {}  # one writing per person
    for candidate, _score, _ in process.extract(query, names, scorer=fuzz.WRatio, processor=fold_text,
                                               limit=limit * 4, score_cutoff=80):
        person = parse_name(candidate)
        key = person.key if person else candidate
        found.setdefault(key, candidate)
        if len(found) == limit:
            break
    return list(found.values())


def nothing_found(lib: Library, what: str, author: str | None = None, also: str | None = None) -> str:
    """`no papers WHAT in the library of 158; did you mean ...?`, or how to fill an empty library;
    `also` names where else was looked (`on arXiv`)."""
    total = lib.count()
    elsewhere = f" {also} or" if also else ""
    if not total:
        return (f"papertrack: {'no papers ' + what + elsewhere + ' ' if also else ''}the library {lib.path} is "
                "empty; add papers with `papertrack add FILE` or `papertrack fetch ... --save`")
    line = f"papertrack: no papers {what}{elsewhere} in the library of {total}"
    if author:
        names = similar_names(lib, author)
        if names:
            line += f"; did you mean {', '.join(names)}?"
        elif len(author.split()) == 1:
            line += f"; --loose finds everyone named {author}"
    return line
