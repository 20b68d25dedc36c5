"""What every source module shares: the parse context and the `Skipped` report.

A source module has NAME, DESCRIPTION, EXAMPLE, `detect(sample) -> float` (0 = not this
layout, 1 = certainly this layout) and `parse(lines, ctx)`, a generator of `Paper` and
`Skipped` items. Sources build records only through `ctx.make`, which applies the rules
every record obeys, so no source can emit an empty string or an unchecked record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..json_values import strings_in
from ..lazy_regex import lazy_compile
from ..model import Paper, SourceRef
from ..names import is_no_name
from ..normalize import collapse_ws, find_code_url, find_project_url
from .canonical import canonical_values
from .repair import repair_text

_TEXT_FIELDS = ("title", "abstract", "comment", "journal_ref", "org", "org_slug")



@dataclass(slots=True)
class Skipped:
    """A block that looks like a paper but could not be parsed; reported as FILE:LINE."""

    line: int | None
    why: str


@dataclass(slots=True)
class ParseContext:
    """Per-input settings and state handed to a source's `parse`."""

    file: str
    """Input name for provenance and messages (path, `-`, or URL)."""
    as_of: date
    """The day yearless dates are resolved against."""
    format: str = ""
    """Set by the driver to the chosen source's NAME."""
    damaged: dict[int, str] = field(default_factory=dict)
    """Damaged line numbers (shared with the LineReader) and why."""
    json: bool = False
    """The layout reads JSON, where one line may hold many records (a minified response):
    invalid bytes on a line cost only the records whose values show them."""
    notes: list[tuple[int | None, str]] = field(default_factory=list)
    """Values left out of records built so far, (line, what and why), for the driver to report
    and clear: the record itself was kept."""

    def damage_in(self, first: int, last: int) -> str | None:
        """Why a line in [first, last] is damaged, or None; forgets damage before `first`."""
        if not self.damaged:
            return None
        why = None
        for n in list(self.damaged):
            if n < first:
                del self.damaged[n]
            elif n <= last and why is None:
                why = f"{self.damaged[n]} on line {n}"
        return why

    def make(self, first: int | None, last: int | None = None, **values) -> Paper | Skipped:
        """Build a record from a block spanning lines first..last, or say why it is skipped.

        Identifiers, dates and authors are brought to the record's forms (`canonical`; what
        cannot be read is left null and noted), text fields are repaired (mojibake) and
        whitespace-collapsed, empty values become null, `has_code` follows `code_url`, and a
        record needs a title, an abstract or an arXiv id.
        """
        if first is not None and self.damaged and (why := self.damage_of(first, last or first, values)):
            return Skipped(first, why)
        if problems := canonical_values(values):
            self.notes.extend((first, problem) for problem in problems)
        for name in _TEXT_FIELDS:
            if text := values.get(name):
                # (mojibake is made of characters outside ASCII: ASCII text skips the repair call)
                values[name] = collapse_ws(text if text.isascii() else repair_text(text))
            elif text is not None:
                values[name] = None  # "" and the like: absent
        if "authors" in values:
            values["authors"] = _clean_names(values["authors"])
        if "code_url" not in values or "project_url" not in values:
            abstract, comment = values.get("abstract"), values.get("comment")
            # Every URL has a slash, which memchr finds at once: most abstracts have none.
            linked = (abstract is not None and "/" in abstract) or (comment is not None and "/" in comment)
            if "code_url" not in values:
                values["code_url"] = find_code_url(abstract, comment) if linked else None
            if "project_url" not in values:
                values["project_url"] = find_project_url(abstract, comment) if linked else None
        if values.get("code_url"):
            values["has_code"] = True
        paper = Paper(**values)
        if not (paper.title or paper.abstract or paper.arxiv_id):
            return Skipped(first, "no title, abstract or arXiv id")
        paper.sources = [SourceRef(self.format, self.file, first)]
        return paper

    def damage_of(self, first: int, last: int, value) -> str | None:
        """Why the record made of `value` (its fields, or the JSON value it was read from) on
        lines first..last is damaged, or None. JSON lines may hold a whole response: invalid
        bytes on one damage only the records whose strings show the replacement character
        they were decoded to."""
        why = self.damage_in(first, last)
        if why and self.json and why.startswith("invalid UTF-8") and not any(
                "\ufffd" in text for text in strings_in(value)):
            return None
        return why


def _clean_names(names: list[str]) -> list[str]:
    """Each name repaired and whitespace-collapsed, empty and punctuation-only ones (`:`) dropped;
    a list that is already clean (nearly all) is told so by a few scans of the names joined, not
    a call per name."""
    joined = "\x1f".join(names)
    if (joined.isascii() and joined[:1] not in (" ", "\x1f") and joined[-1:] not in (" ", "\x1f")
            and joined.count("\x1f") == len(names) - 1 and "\x1f\x1f" not in joined and " \x1f" not in joined
            and "\x1f " not in joined and "  " not in joined and "\n" not in joined and "\t" not in joined
            and "\r" not in joined and "\x0b" not in joined and "\x0c" not in joined
            and not _ASCII_NO_NAME.search(f"\x1f{joined}\x1f")):
        return names
    return [n for n in (collapse_ws(repair_text(a)) for a in names) if n and not is_no_name(n)]


# `is_no_name` over ASCII names joined by \x1f: one with no letter or digit between two separators.
_ASCII_NO_NAME = lazy_compile(r"\x1f[^0-9A-Za-z\x1f]*\x1f")
