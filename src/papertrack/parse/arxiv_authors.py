"""arXiv's own author line, as its metadata writes it (the Kaggle dump's `authors`, OAI arXivRaw's
`<authors>`): one TeX string of names joined by `,` and `and`, affiliations in parentheses
after a name (`M. Okafor (Stanford U.)`, also numbered: `A (1), B (2) ((1) MIT, (2) CERN)`), a
leading `The X Collaboration:` and a trailing `et al`; a nickname in parentheses inside a name
(`Qiuyi (Richard) Zhang`) is part of it. Not a layout itself (the list-page layout shares
`is_nickname`).
"""

from __future__ import annotations

import re

from ..lazy_regex import lazy_compile
from ..names import is_suffix, split_authors
from .tex import tex_to_text

# The common line: names joined by commas and `and`, nothing else (most of arXiv's).
_PLAIN_SEPARATOR = lazy_compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_SUFFIXES = frozenset("Jr Jr. JR JR. jr jr. Sr Sr. sr sr. II III IV".split())  # as a name of their own
_GROUP = lazy_compile(r"^(.*\b(?:collaboration|consortium|group|team|collaborations)\b[^:]*):\s*(.+)$", re.IGNORECASE)
_NUMBERED = lazy_compile(r"\(\d+\)\s*")
_MARKS_ONLY = lazy_compile(r"^[\d,\s]*$")
_NICKNAME = lazy_compile(r"^[^\W\d_][^\W\d_'’\-]*(?: [^\W\d_][^\W\d_'’\-]*)?$")


def arxiv_authors(text: str | None) -> tuple[list[str], list[str], bool]:
    """(names, affiliations in order of appearance, truncated) of an arXiv author line."""
    if not text:
        return [], [], False
    if "(" not in text and ":" not in text and " al" not in text and ";" not in text and "&" not in text:
        line = " ".join(tex_to_text(text).split()) if "\\" in text or "{" in text else " ".join(text.split())
        joined = line.replace(", and ", ", ").replace(" and ", ", ")
        if joined.count(",") == joined.count(", "):  # every comma followed by one space: split there
            plain = [n for n in joined.split(", ") if n]
        else:
            plain = [n for n in _PLAIN_SEPARATOR.split(line) if n]
        if _SUFFIXES.isdisjoint(plain):
            return plain, [], False
    line, groups = _without_parentheses(text)
    affiliations: list[str] = []
    for group in groups:
        if _MARKS_ONLY.match(group):
            continue  # `(1)`, `(1,2)`: marks pointing into a numbered list
        parts = _NUMBERED.split(group) if group.lstrip().startswith("(") else [group]
        for part in parts:
            affiliation = " ".join(tex_to_text(part).split()).strip(" ,;")
            if affiliation and affiliation not in affiliations:
                affiliations.append(affiliation)
    line = " ".join(tex_to_text(line).split())
    names: list[str] = []
    if ":" in line and (m := _GROUP.match(line)):
        names.append(m[1].strip())  # the collaboration signs as an author, as arXiv shows it
        line = m[2]
    more, truncated = split_authors(line)
    for name in more:
        if "," in name and is_suffix(name.rsplit(",", 1)[1]):
            name = " ".join(name.replace(",", " ").split())  # `Robert K. Whitfield, Jr.` -> `... Whitfield Jr.`
        names.append(name)
    return names, affiliations, truncated


def is_nickname(group: str, after: str) -> bool:
    """Is `(group)`, with `after` following it, a nickname inside a name (`Qiuyi (Richard) Zhang`;
    arXiv's list pages print `Qiuyi (Richard)Zhang`) rather than an affiliation after one
    (`M. Okafor (Stanford U.)`, `A (1), B (2)`)? A nickname is one or two capitalized words,
    and more of the name follows it before the next separator."""
    group = group.strip()
    return _NICKNAME.match(group) is not None and group[0].isupper() and after.lstrip()[:1].isupper()


def _without_parentheses(text: str) -> tuple[str, list[str]]:
    """The line with its top-level parenthesized groups cut out, and those groups' contents; a
    nickname in parentheses inside a name stays in the line."""
    if "(" not in text:
        return text, []
    out, groups, depth, start = [], [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                out.append(text[start:i])
                start = i + 1
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                if is_nickname(text[start:i], text[i + 1:]):
                    out.append(f" ({text[start:i].strip()}) ")  # `Qiuyi (Richard) Zhang`: part of the name
                else:
                    groups.append(text[start:i])
                start = i + 1
    if depth:  # an unclosed parenthesis: it was text, not an affiliation
        return text, groups
    out.append(text[start:])
    return "".join(out), groups
