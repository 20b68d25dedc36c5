"""What every source module shares: the parse context and the `Skipped` report.

A source module has NAME, DESCRIPTION, EXAMPLE, `detect(sample) -> float` (0 = not this
layout, 1 = certainly this layout) and `parse(lines, ctx)`, a generator of `Paper` and
`Skipped` items. Sources build records only through `ctx.make`, which applies the rules
every record obeys, so no source can emit an empty string or an unchecked record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..model import Paper, SourceRef
from ..normalize import collapse_ws, find_code_url, find_project_url
from .repair import repair_text


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

        Text fields are repaired (mojibake, HTML entities) and whitespace-collapsed, empty
        values become null, `has_code` follows
        `code_url`, and a record needs a title, an abstract or an arXiv id.
        """
        if first is not None and (why := self.damage_in(first, last or first)):
            return Skipped(first, why)
        for name in ("title", "abstract", "comment", "journal_ref", "org", "org_slug"):
            if name in values:
                values[name] = collapse_ws(repair_text(values[name])) if values[name] else None
        if "authors" in values:
            values["authors"] = [n for n in (collapse_ws(repair_text(a)) for a in values["authors"]) if n]
        if "code_url" not in values:
            values["code_url"] = find_code_url(values.get("abstract"), values.get("comment"))
        if "project_url" not in values:
            values["project_url"] = find_project_url(values.get("abstract"), values.get("comment"))
        if values.get("code_url"):
            values["has_code"] = True
        paper = Paper(**values)
        if not (paper.title or paper.abstract or paper.arxiv_id):
            return Skipped(first, "no title, abstract or arXiv id")
        paper.sources = [SourceRef(self.format, self.file, first)]
        return paper
