"""BibTeX field values as written (not a layout itself; `bibtex` reads the entries): `{...}` and
`"..."` pieces and `@string` macros joined by `#`, BibTeX's predefined month macros, the value
that swallowed the next field because a comma is missing, and names (`Last, First`,
`First von Last`, `Last, Jr., First`, `{Corporate Name}`) to display form.

bibtexparser resolves only a value that is one macro and takes a missing comma between fields
silently, so values are read here from the raw text it keeps.
"""

from __future__ import annotations

from ..lazy_regex import lazy_compile
from .tex import tex_to_text

MONTH_MACROS = dict(zip(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(),
    "January February March April May June July August September October November December".split()))
_FIELD_START = lazy_compile(r"\s*[A-Za-z][\w\-:.]*\s*=")
_HOMONYM_NUMBER = lazy_compile(r"\s+\d{4}$")  # dblp: `Wei Li 0001`


class BadValue(Exception):
    """A field value that cannot be read; the message says why."""


def resolve(raw: str, strings: dict[str, str]) -> str:
    """The text of a raw field value: its pieces joined, macros (case-insensitive) replaced.
    Raises BadValue for a value that is broken or followed by more than its pieces."""
    pieces: list[str] = []
    pos, n = 0, len(raw)
    while True:
        while pos < n and raw[pos].isspace():
            pos += 1
        if pos >= n:
            raise BadValue("a '#' with nothing after it" if pieces else "no value")
        ch = raw[pos]
        if ch == "{":
            end = _closing_brace(raw, pos)
            pieces.append(raw[pos + 1:end])
            pos = end + 1
        elif ch == '"':
            end = _closing_quote(raw, pos)
            pieces.append(raw[pos + 1:end])
            pos = end + 1
        else:
            end = pos
            while end < n and not raw[end].isspace() and raw[end] not in "#,{}\"":
                end += 1
            word = raw[pos:end]
            if not word:
                raise BadValue(f"unexpected {raw[pos]!r}")
            if word.isdigit():
                pieces.append(word)
            elif (macro := strings.get(word.lower(), MONTH_MACROS.get(word.lower()))) is not None:
                pieces.append(macro)
            else:
                raise BadValue(f"the @string {word!r} is not defined")
            pos = end
        while pos < n and raw[pos].isspace():
            pos += 1
        if pos >= n:
            return "".join(pieces)
        if raw[pos] != "#":
            rest = raw[pos:]
            if m := _FIELD_START.match(rest):
                field = m.group(0).strip(" \t\r\n=")
                raise BadValue(f"a comma is missing before the field {field!r}")
            raise BadValue(f"text after the value: {rest[:30]!r}")
        pos += 1


def _closing_brace(raw: str, start: int) -> int:
    depth = 0
    for i in range(start, len(raw)):
        ch = raw[i]
        if ch == "\\":
            continue
        if ch == "{" and (i == 0 or raw[i - 1] != "\\"):
            depth += 1
        elif ch == "}" and raw[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i
    raise BadValue("a '{' that never closes")


def _closing_quote(raw: str, start: int) -> int:
    depth = 0
    for i in range(start + 1, len(raw)):
        ch = raw[i]
        if ch == "{" and raw[i - 1] != "\\":
            depth += 1
        elif ch == "}" and raw[i - 1] != "\\":
            depth -= 1
        elif ch == '"' and depth == 0:
            return i
    raise BadValue("a '\"' that never closes")


def person_names(value: str) -> tuple[list[str], bool]:
    """(display names "Given von Last Jr", truncated) of an author field: `and`-separated, in
    any of BibTeX's three name forms, split before the TeX is decoded (so that `{De Luca}`
    and `{Google DeepMind}` stay one family name); `and others` means more authors."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

    names, truncated = [], False
    for person in split_multiple_persons_names(value):
        if person.strip().lower() == "others":
            truncated = True
            continue
        try:
            parts = parse_single_name_into_parts(person, strict=False)
            words = [*parts.first, *parts.von, *parts.last, *parts.jr]
        except Exception:  # a name bibtexparser cannot split: shown as written
            words = person.split()
        name = _HOMONYM_NUMBER.sub("", " ".join(" ".join(tex_to_text(w) for w in words).split()))
        if name:
            names.append(name)
    return names, truncated
