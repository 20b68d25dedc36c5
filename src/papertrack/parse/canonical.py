"""The forms every record's identifiers, dates and authors take, whatever wrote them: applied by
`ParseContext.make` to every record a layout builds, and by `records` to the records it reads
back. An arXiv id in any written form becomes `arxiv_id` + `arxiv_version`, a DOI loses its
resolver and case, a date becomes YYYY-MM-DD, authors given as one string or as objects become
names. A value that cannot be read is left null and reported, never passed on to crash later.

Values already in the record's form (what every layout but the foreign-record ones produces)
pass a cheap test and are left alone: this runs once per record on every parse.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

from ..names import split_authors
from ..normalize import (
    arxiv_id_from_doi,
    is_arxiv_id,
    is_partial_date,
    normalize_date,
    normalize_doi,
    parse_arxiv_id,
)

_DOI_END = ".,;)] \t\n"
_STR = repeat(str)  # isinstance's second argument, for map over a list of values
# Keys other tools give a person's whole name under.
_NAME_KEYS = ("name", "literal", "full_name", "fullName", "display_name", "displayName")


def canonical_values(values: dict[str, Any]) -> list[str] | None:
    """Bring `values` (Paper fields by name) to the record's forms in place; the problems found,
    each a phrase for a `skipped:` report (`date left out ("yesterday" is not a date)`), or None."""
    problems: list[str] | None = None
    arxiv_id = values.get("arxiv_id")
    if arxiv_id is not None and not (type(arxiv_id) is str and is_arxiv_id(arxiv_id)):
        ident, version = parse_arxiv_id(arxiv_id) if isinstance(arxiv_id, str) else (None, None)
        if ident is None:
            problems = [f"arxiv_id left out ({_shown(arxiv_id)} is not an arXiv id)"]
        values["arxiv_id"] = ident
        if version and not values.get("arxiv_version"):
            values["arxiv_version"] = version
    doi = values.get("doi")
    if doi is not None:
        if not (type(doi) is str and doi[:3] == "10." and doi[-1] not in _DOI_END and doi == doi.lower()
                and " " not in doi):
            fixed = normalize_doi(doi) if isinstance(doi, str) else None
            if fixed is None:
                problems = (problems or []) + [f"doi left out ({_shown(doi)} is not a DOI)"]
            values["doi"] = doi = fixed
        if doi and doi[:15] == "10.48550/arxiv." and not values.get("arxiv_id"):
            values["arxiv_id"] = arxiv_id_from_doi(doi)  # the DataCite DOI arXiv gives every paper
    for name in ("date", "listed_on"):
        day = values.get(name)
        if day is not None and (type(day) is not str or (written := normalize_date(day)) != day):
            values[name] = written if isinstance(day, str) else None
            if values[name] is None:
                why = "a year or month, not a day" if isinstance(day, str) and is_partial_date(day) else "not a date"
                problems = (problems or []) + [f"{name} left out ({_shown(day)} is {why})"]
    authors = values.get("authors")
    if authors is not None and not (type(authors) is list and all(map(isinstance, authors, _STR))):
        names, truncated, bad = author_names(authors)
        values["authors"] = names
        if truncated:
            values["authors_truncated"] = True
        if bad:
            problems = (problems or []) + [f"author left out ({_shown(b)} is not a name)" for b in bad[:3]]
    return problems


def author_names(value: Any) -> tuple[list[str], bool, list[Any]]:
    """(names, truncated, values that are no name) of an author list as other tools write it:
    one string (`A, B and C et al.`), a list of strings, or of objects with a name
    (`{"name": ...}`, CSL's `{"given", "family", "suffix", ...}` or `{"literal"}`)."""
    if value is None:
        return [], False, []
    if isinstance(value, str):
        names, truncated = split_authors(value)
        return names, truncated, []
    if not isinstance(value, list):
        return [], False, [value]
    names, bad = [], []
    for item in value:
        name = item if isinstance(item, str) else person_name(item) if isinstance(item, dict) else None
        if name and name.strip():
            names.append(name)
        elif name is None:
            bad.append(item)
    return names, False, bad


def person_name(person: dict[str, Any]) -> str | None:
    """The display name of one person object: `{"name": ...}` (and the other whole-name keys),
    or CSL-JSON's parts, "Given [particles] Family[ Suffix]" (`Élodie van der Meer`,
    `Charles de la Vallée Poussin`, `Ramón Castillo Jr.`)."""
    for key in _NAME_KEYS:
        if isinstance(whole := person.get(key), str) and whole.strip():
            return whole
    family = person.get("family") or person.get("last") or person.get("lastName")
    given = person.get("given") or person.get("first") or person.get("firstName")
    if not isinstance(family, str) or not family.strip():
        return given if isinstance(given, str) and given.strip() else None
    parts = [given, person.get("dropping-particle"), person.get("non-dropping-particle"), family,
             person.get("suffix")]
    return " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return '"' + (text if len(text) <= 60 else text[:57] + "...") + '"'
