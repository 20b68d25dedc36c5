"""Bytes to text lines for every input: files, stdin, saved responses.

Reads in chunks so memory stays flat however large the input, decodes UTF-8 strictly, and
records damaged lines (invalid UTF-8, NUL bytes) instead of failing the file: the parser
then skips only the paper that contains them.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

CHUNK = 1 << 20
SAMPLE = 64 * 1024
# A single line past this is not a paste anyone made by hand; it is cut into pieces so one
# line cannot hold the whole file in memory twice over.
MAX_LINE = 4 << 20


class InputError(Exception):
    """A whole input cannot be read: unreadable, empty, unrecognized. One line for the user."""

    def __init__(self, file: str, message: str, line: int | None = None):
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class LineReader:
    """Iterate decoded lines (without line ends) of a binary stream, tracking damage.

    `sample` is the start of the input as text, for layout detection, read before iteration
    begins. `damaged` maps a 1-based line number to why that line is damaged; parsers consult
    it through `ParseContext.make` and it is pruned as they move on.
    """

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self._head = stream.read(SAMPLE)
        if self._head.startswith(codecs.BOM_UTF8):
            self._head = self._head[len(codecs.BOM_UTF8):]
        self.damaged: dict[int, str] = {}
        self.sample = self._head.decode("utf-8", errors="replace").replace("\x00", "")
        self.empty = not self._head.strip()

    def __iter__(self) -> Iterator[str]:
        lineno = 0
        pending = self._head
        while chunk := self._stream.read(CHUNK):
            data = pending + chunk
            cut = data.rfind(b"\n")
            if cut < 0:
                if len(data) > MAX_LINE:
                    # No line end for megabytes: hand over a piece so memory stays bounded.
                    yield from self._decode([data], lineno)
                    lineno += 1
                    data = b""
                pending = data
                continue
            parts = data[:cut].split(b"\n")
            pending = data[cut + 1:]
            yield from self._decode(parts, lineno)
            lineno += len(parts)
        if pending.endswith(b"\n"):
            pending = pending[:-1]
        if pending:
            yield from self._decode(pending.split(b"\n"), lineno)

    def _decode(self, parts: list[bytes], lineno: int) -> Iterator[str]:
        blob = b"\n".join(parts)
        if b"\x00" not in blob:
            try:
                # Fast path: one decode for the whole chunk.
                for line in blob.decode("utf-8").split("\n"):
                    yield line[:-1] if line.endswith("\r") else line
                return
            except UnicodeDecodeError:
                pass
        for offset, raw in enumerate(parts, start=lineno + 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("utf-8", errors="replace")
                self.damaged[offset] = "invalid UTF-8 bytes"
            if "\x00" in line:
                line = line.replace("\x00", "")
                self.damaged[offset] = "NUL bytes in the text"
            yield line[:-1] if line.endswith("\r") else line
