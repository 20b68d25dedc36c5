"""The parts BibTeX and BibLaTeX entries share: the author list as biber and bibtex split it
(`{De Luca}, Chiara`, `Dupont, Jr., Jean-Pierre`, `van der Meer, Élodie`) and the entry text."""

from __future__ import annotations

import re

from ..model import Paper
from ..names import NameParts, name_parts
from .latex import tex_value

# Words BibTeX reads as markup in a name list: `and` parts names, `others` is "et al.".
_NAME_KEYWORD = re.compile(r"(?<!\S)(and|others)(?!\S)", re.IGNORECASE)


def bib_authors(paper: Paper, accents: bool) -> str | None:
    """`author` for BibTeX: `Family, Given` names joined by `and`, `and others` when truncated."""
    names = [bib_name(parts, accents) for parts in map(name_parts, paper.authors) if parts]
    if not names:
        return None
    return " and ".join(names) + (" and others" if paper.authors_truncated else "")


def bib_name(parts: NameParts, accents: bool) -> str:
    """`von Last, Jr., First`, the one form in which bibtex and biber never guess: a family name
    of several words is braced (`{De Luca}`), so no word of it is taken for a given name."""
    def tex(text: str) -> str:
        return _NAME_KEYWORD.sub(r"{\1}", tex_value(text, accents))

    family = tex(parts.family)
    if " " in parts.family or "," in parts.family or "~" in family:
        family = f"{{{family}}}"
    if parts.particle:
        family = f"{tex(parts.particle)} {family}"
    if parts.suffix:
        return f"{family}, {tex(parts.suffix)}, {tex(parts.given or '')}".rstrip(", ")
    return f"{family}, {tex(parts.given)}" if parts.given else family


def verbatim(value: str | None) -> str | None:
    """A value styles copy as it is (doi, url, eprint): kept only without brace, backslash, `%`
    or `#`, which would break the entry or the page."""
    return value if value and not any(ch in value for ch in "{}\\%#") else None


class Macro(str):
    """A field value written bare, as a BibTeX string macro (`month = oct`)."""


MONTHS = tuple(Macro(m) for m in "jan feb mar apr may jun jul aug sep oct nov dec".split())


def bib_entry(kind: str, key: str, fields: list[tuple[str, str | None]]) -> str:
    """`@kind{key, name = {value}, ...}`; fields without a value are left out."""
    body = ",\n".join(f"  {name} = {value if isinstance(value, Macro) else '{' + value + '}'}"
                      for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}\n\n"
