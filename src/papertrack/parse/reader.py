"""Bytes to text lines for every input: files, stdin, saved responses.

Reads in chunks so memory stays flat however large the input, decodes UTF-8 strictly, and
records damaged lines (invalid UTF-8, NUL bytes, absurdly long lines) instead of failing the
file: the parser then skips only the paper that contains them.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from .repair import repair_lines

CHUNK = 1 << 20
SAMPLE = 64 * 1024
# A single line past this is not a paste anyone made by hand: it is cut here and marked
# damaged, and the rest of it is dropped, so one line cannot fill memory.
MAX_LINE = 4 << 20
# Saved API responses are often one minified line: for JSON and markup layouts the cap is higher.
MAX_DOCUMENT_LINE = 64 << 20


class _Utf16AsUtf8:
    """A UTF-16 input read as UTF-8 bytes: Windows PowerShell's `>` and Notepad's "Unicode"
    save pasted text that way (always with a byte-order mark, which tells us)."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
        self._buffer = self._decoder.decode(head).encode("utf-8")

    def read(self, n: int) -> bytes:
        while len(self._buffer) < n:
            raw = self._stream.read(CHUNK)
            self._buffer += self._decoder.decode(raw, final=not raw).encode("utf-8")
            if not raw:
                break
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out


class LineReader:
    """Iterate decoded lines (without line ends) of a binary stream, tracking damage.

    `sample` is the start of the input as text, for layout detection, read before iteration
    begins; its lines that show mojibake are repaired. `damaged` maps a 1-based line number to
    why that line is damaged; parsers consult it through `ParseContext.make` and it is pruned as
    they move on. With `repair_mojibake` set (pasted text layouts), each line that shows
    mojibake is repaired as it is read, so the layout sees its lines as the page showed them.
    """

    def __init__(self, stream: BinaryIO):
        head = stream.read(SAMPLE)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            stream = _Utf16AsUtf8(head, stream)  # type: ignore[assignment]
            head = stream.read(SAMPLE)
        if head.startswith(codecs.BOM_UTF8):
            head = head[len(codecs.BOM_UTF8):]
        # Leading blank lines beyond the sample would leave detection nothing to look at:
        # count them (line numbers must stay right) and read on to the first text.
        self._blank_lines = 0
        while not head.strip() and (more := stream.read(CHUNK)):
            self._blank_lines += head.count(b"\n")
            head = more
        self._stream = stream
        self._head = head
        self.damaged: dict[int, str] = {}
        self.max_line = MAX_LINE
        self.repair_mojibake = False
        sample = _line_feeds(head[:SAMPLE], final=True)[0]  # detection sees LF line ends only
        text = _without_bom(sample.decode("utf-8", errors="replace").replace("\x00", ""))
        self.sample = text if text.isascii() else "\n".join(repair_lines(text.split("\n")))
        self.empty = not head.strip()

    def chunks(self) -> Iterator[bytes]:
        """The input as raw UTF-8 byte chunks, for parsers of whole documents (XML) that
        decode and count lines themselves; an alternative to iterating lines, not both."""
        yield b"\n" * self._blank_lines + self._head
        while chunk := self._stream.read(CHUNK):
            yield chunk

    def __iter__(self) -> Iterator[str]:
        for _ in range(self._blank_lines):
            yield ""
        lineno = self._blank_lines
        pending = self._head
        overlong = False  # inside a line already cut at max_line: drop bytes up to its end
        while chunk := self._stream.read(CHUNK):
            if overlong:
                ends = [i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0]
                if not ends:
                    continue
                chunk, overlong = chunk[min(ends) + 1:], False
            data = pending + chunk
            data, carry = _line_feeds(data)
            cut = data.rfind(b"\n")
            if cut < 0:
                if len(data) > self.max_line:
                    lineno += 1
                    self.damaged[lineno] = f"line longer than {self.max_line >> 20} MiB"
                    yield data[:self.max_line].decode("utf-8", errors="replace").replace("\x00", "")
                    data, overlong, carry = b"", True, b""
                pending = data + carry
                continue
            block = data[:cut]
            pending = data[cut + 1:] + carry
            lines = self._decode(block, lineno)
            yield from repair_lines(lines) if self.repair_mojibake and not block.isascii() else lines
            lineno += len(lines)
        pending = _line_feeds(pending, final=True)[0]
        if pending.endswith(b"\n"):
            pending = pending[:-1]
        if pending:
            lines = self._decode(pending, lineno)
            yield from repair_lines(lines) if self.repair_mojibake and not pending.isascii() else lines

    def _decode(self, block: bytes, lineno: int) -> list[str]:
        """The lines of a block of whole lines (their ends already LF) that starts after line `lineno`."""
        if b"\x00" not in block:
            try:
                # Fast path: one decode for the whole chunk.
                return _without_bom(block.decode("utf-8")).split("\n")
            except UnicodeDecodeError:
                pass
        lines = []
        for offset, raw in enumerate(block.split(b"\n"), start=lineno + 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("utf-8", errors="replace")
                self.damaged[offset] = "invalid UTF-8 bytes"
            if "\x00" in line:
                line = line.replace("\x00", "")
                self.damaged.setdefault(offset, "NUL bytes in the text")
            lines.append(_without_bom(line))
        return lines


def _line_feeds(data: bytes, final: bool = False) -> tuple[bytes, bytes]:
    """(data with CRLF and lone CR line ends made LF, a CR held back from its end): old Mac
    files end lines with CR alone, and pasted text mixes all three. A CR at the very end may
    be the first half of a CRLF that the next chunk completes, so it waits for that chunk."""
    if b"\r" not in data:
        return data, b""
    carry = b""
    if data.endswith(b"\r") and not final:
        data, carry = data[:-1], b"\r"
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"), carry


def _without_bom(text: str) -> str:
    """Byte-order marks inside the text (`cat a.txt b.txt` of two BOM files) are not text."""
    return text.replace("\ufeff", "") if "\ufeff" in text else text
