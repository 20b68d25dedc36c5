"""An answer's body as it comes off the socket: decoded (gzip, deflate) in bounded steps and
counted after decoding, so a compressed bomb or an endless stream stops at the size cap with
memory no larger than the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

# Decoded bytes a response may hold unless --max-bytes says otherwise: far above any listing
# papertrack asks for (an arXiv page of 2000 entries is about 5 MB), far below a machine's memory.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
# No step of the decoder produces more than this, whatever the compression ratio.
STEP = 256 * 1024


class TooLarge(Exception):
    """The decoded answer passed the cap."""

    def __init__(self, cap: int, declared: int | None = None):
        super().__init__(cap)
        self.cap, self.declared = cap, declared


class BadEncoding(Exception):
    """Compressed data that does not decode (a cut-off or garbled answer)."""


class UnknownEncoding(BadEncoding):
    """A Content-Encoding papertrack does not read (asking again brings the same)."""


def size_text(n: float) -> str:
    """1048576 -> `1 MiB`; the form --max-bytes takes."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" or n == int(n) else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data

    def flush(self) -> bytes:
        return b""


class _Inflate:
    """zlib in steps of at most STEP output bytes; gzip members one after another are read on."""

    def __init__(self, gzip: bool):
        self.gzip = gzip
        self.wbits = 16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS
        self.z: Any = zlib.decompressobj(self.wbits)
        self.started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            if self.z.eof:
                if not self.gzip or not data.strip(b"\0"):
                    return  # what follows the end of the stream (padding) is not the answer
                self.z = zlib.decompressobj(self.wbits)  # the next gzip member
            try:
                out = self.z.decompress(data, STEP)
            except zlib.error as exc:
                if self.gzip or self.started:
                    raise BadEncoding(f"the compressed answer is damaged ({exc})") from None
                # `deflate` is meant zlib-wrapped, but some servers send the raw stream.
                self.wbits = -zlib.MAX_WBITS
                self.z = zlib.decompressobj(self.wbits)
                self.started = True
                continue
            self.started = True
            if out:
                yield out
            # At the end of a member, zlib leaves the rest in unused_data (and, when output was
            # capped, a stale copy in unconsumed_tail).
            data = self.z.unused_data if self.z.eof else self.z.unconsumed_tail

    def flush(self) -> bytes:
        rest = self.z.flush()
        if self.started and not self.z.eof:  # (an empty body is just empty)
            raise BadEncoding("the compressed answer is cut off before its end")
        return rest


def _decoder(coding: str) -> _Identity | _Inflate:
    coding = coding.strip().lower()
    if coding in ("", "identity"):
        return _Identity()
    if coding in ("gzip", "x-gzip", "deflate"):
        return _Inflate(gzip=coding != "deflate")
    raise UnknownEncoding(f"the answer is encoded as {coding!r}, which papertrack does not read")


def read_body(response: Any, max_bytes: int, keep: int | None = None) -> bytes:
    """The decoded body of an httpx streaming response; raises TooLarge past `max_bytes`. With
    `keep`, only the first `keep` bytes are read (an error page's reason) and the rest left."""
    decoder = _decoder(response.headers.get("Content-Encoding", ""))
    declared = response.headers.get("Content-Length", "")
    if keep is None and isinstance(decoder, _Identity) and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(max_bytes, int(declared))
    chunks: list[bytes] = []
    size = 0
    for raw in response.iter_raw(STEP):
        for piece in decoder.feed(raw):
            size += len(piece)
            chunks.append(piece)
            if keep is not None and size >= keep:
                return b"".join(chunks)[:keep]
            if size > max_bytes:
                raise TooLarge(max_bytes)
    chunks.append(decoder.flush())
    if sum(map(len, chunks)) > max_bytes:
        raise TooLarge(max_bytes)
    return b"".join(chunks)
