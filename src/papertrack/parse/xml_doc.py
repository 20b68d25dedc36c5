"""What the XML layouts share (not a layout itself): the document as byte chunks for lxml's
pull parser, and libxml2's recovered errors reported once each, in the entry they fall in or
alone, so one damaged entry costs only itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from lxml import etree

from .context import Skipped

_LINES_PER_CHUNK = 64


def xml_chunks(lines: Iterable[str]) -> Iterator[bytes]:
    """The document as UTF-8 byte chunks. A LineReader hands over its raw bytes (no splitting
    into lines and joining them again: a fifth of the parse time); other line iterables are
    sent a few dozen whole lines at a time, line ends restored so that sourceline stays true."""
    raw = getattr(lines, "chunks", None)
    if raw is not None:
        yield from raw()
        return
    it = iter(lines)
    while batch := list(islice(it, _LINES_PER_CHUNK)):
        batch.append("")
        yield "\n".join(batch).encode("utf-8")


class XmlErrors:
    """libxml2's recovered errors, (line, message), each reported once: in its entry or alone."""

    def __init__(self) -> None:
        self.pending: list[tuple[int, str]] = []
        self.seen = 0

    def update(self, log) -> None:
        new, self.seen = list(log)[self.seen:], len(log)
        self.pending += [(e.line, " ".join(e.message.split())) for e in new if e.level >= etree.ErrorLevels.ERROR]

    def within(self, first: int, last: int) -> str | None:
        """Why lines first..last are broken (their errors are consumed), or None."""
        inside = [e for e in self.pending if first <= e[0] <= last]
        self.pending = [e for e in self.pending if e not in inside]
        return f"broken XML on line {inside[0][0]}: {inside[0][1]}" if inside else None

    def before(self, line: int) -> Iterator[Skipped]:
        """Errors before `line` that no entry owns (damage between entries)."""
        while self.pending and self.pending[0][0] < line:
            n, msg = self.pending.pop(0)
            yield Skipped(n, f"broken XML: {msg}")
