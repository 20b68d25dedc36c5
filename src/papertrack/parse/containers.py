"""What an input is before it is text: gzip, bz2 and xz streams are decompressed as they are read
(the Kaggle dump and most saved API dumps travel that way), a zip's members are read one after
another, each as its own input; PDF, Office documents, images, SQLite files and tar archives are
named as what they are, with what to do instead.

Decompression streams: nothing is unpacked to disk or held whole (a zip read from a pipe is the
one exception: zip needs to seek, so it is spooled to a temporary file), and the size caps of the
layouts count decompressed bytes, as they see only those.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import InputError

HEAD = 512  # enough for every signature below (tar's sits at offset 257)
CHUNK = 1 << 16
# A container inside a container (a .json.gz in a .zip) is opened too, this deep at most.
MAX_DEPTH = 3

_COMPRESSED = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
)
# Files that are no text at all, and what to do instead.
_SCAN = "; copy its text into a .txt file, or export the references as BibTeX, RIS or CSL-JSON, and parse that"
_BINARY = (
    (b"%PDF-", "a PDF document" + _SCAN),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls, .ppt)" + _SCAN),
    (b"{\\rtf", "an RTF document" + _SCAN),
    (b"SQLite format 3\x00", "an SQLite database; if it is a papertrack library, read it with "
                              "`papertrack export --db FILE`"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; papertrack reads text, not pictures: copy the page's text instead"),
    (b"\xff\xd8\xff", "a JPEG image; papertrack reads text, not pictures: copy the page's text instead"),
    (b"GIF87a", "a GIF image; papertrack reads text, not pictures: copy the page's text instead"),
    (b"GIF89a", "a GIF image; papertrack reads text, not pictures: copy the page's text instead"),
    (b"II*\x00", "a TIFF image; papertrack reads text, not pictures: copy the page's text instead"),
    (b"MM\x00*", "a TIFF image; papertrack reads text, not pictures: copy the page's text instead"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it (7z x FILE) and name the files inside"),
)
# Zip files that are documents: their first members say which.
_OFFICE = (("word/", "a Word document (.docx)"), ("xl/", "an Excel workbook (.xlsx)"),
           ("ppt/", "a PowerPoint file (.pptx)"), ("mimetype", "an OpenDocument or EPUB file"))
# Members a zip tool adds that are no input.
_NOT_INPUT = ("__MACOSX/", ".DS_Store")


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read to look at them: they come first again."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head, self._stream = head, stream

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self._head:
            if n < 0 or n >= len(self._head):
                out, self._head = self._head, b""
                rest = self._stream.read(-1 if n < 0 else n - len(out))
                return out + (rest or b"")
            out, self._head = self._head[:n], self._head[n:]
            return out
        return self._stream.read(n)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class Decompressed(io.RawIOBase):
    """A decompressing stream that ends where its data breaks (a truncated download, a corrupt
    block) instead of raising: what came before is read, and `damage` says what happened."""

    def __init__(self, stream: BinaryIO, kind: str):
        self.kind = kind
        self.damage: str | None = None
        # read1: one step of decompression per call, so that what was decompressed before the
        # data breaks is handed on instead of lost with the exception (read(n) gathers first).
        self._read = getattr(stream, "read1", stream.read)

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self.damage:
            return b""
        try:
            return self._read(n if 0 < n < CHUNK else CHUNK)
        except EOFError:
            self.damage = f"the {self.kind} data ends early (a truncated download?); read up to there"
        except Exception as exc:  # zlib.error, lzma.LZMAError, OSError, BadZipFile, CRC errors
            self.damage = f"the {self.kind} data is damaged ({exc}); read up to there"
        return b""

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@dataclass
class Member:
    """One input inside what was named: the file itself, its decompressed content, or one
    member of a zip (named `archive.zip/member`)."""

    name: str
    stream: BinaryIO | None
    layers: tuple[Decompressed, ...] = ()
    error: InputError | None = None
    """Why this input cannot be read at all (then `stream` is None)."""
    """The decompressions the bytes went through, outermost first."""

    @property
    def damage(self) -> str | None:
        """Why the data stopped early, once it has been read."""
        return next((layer.damage for layer in self.layers if layer.damage), None)


def open_members(stream: BinaryIO, name: str, depth: int = 0,
                 layers: tuple[Decompressed, ...] = ()) -> Iterator[Member]:
    """The inputs a named file holds, in order; one that is no text carries the error to report
    (and the other members of an archive are still read)."""
    head = stream.read(HEAD) or b""
    kind = next((k for magic, k in _COMPRESSED if head.startswith(magic)), None)
    if kind and depth < MAX_DEPTH:
        layer = Decompressed(_decompressor(_Prefixed(head, stream), kind), kind)  # type: ignore[arg-type]
        yield from open_members(_buffered(layer), name, depth + 1, layers + (layer,))
        return
    if head.startswith(b"PK\x03\x04") and depth < MAX_DEPTH:
        # zipfile, tempfile and shutil cost a tenth of papertrack's start-up: imported for a zip only.
        import shutil
        import tempfile

        if _seekable(stream):
            stream.seek(0)
            yield from _zip_members(stream, name, depth, layers)
        else:
            with tempfile.TemporaryFile() as spooled:
                # zip's directory sits at the end of the file: a pipe is copied to seek in it.
                spooled.write(head)
                shutil.copyfileobj(stream, spooled, 1 << 20)
                spooled.seek(0)
                yield from _zip_members(spooled, name, depth, layers)
        return
    what = next((what for magic, what in _BINARY if head.startswith(magic)), None)
    if head[257:262] == b"ustar":
        what = "a tar archive; unpack it (tar xf FILE) and name the files inside"
    if what:
        yield Member(name, None, layers, InputError(name, f"is {what}"))
        return
    yield Member(name, _Prefixed(head, stream), layers)  # type: ignore[arg-type]


def _buffered(layer: Decompressed) -> BinaryIO:
    return io.BufferedReader(layer, 1 << 20)


def _decompressor(stream: BinaryIO, kind: str) -> BinaryIO:
    if kind == "gzip":
        import gzip

        inner: BinaryIO = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
    elif kind == "bz2":
        import bz2

        inner = bz2.BZ2File(stream)  # type: ignore[assignment]
    else:
        import lzma

        inner = lzma.LZMAFile(stream)  # type: ignore[assignment]  # noqa: SIM115 (closed with the input)
    return inner


def _seekable(stream: BinaryIO) -> bool:
    try:
        return stream.seekable()
    except (OSError, ValueError, AttributeError):
        return False


def _zip_members(stream: BinaryIO, name: str, depth: int, layers: tuple[Decompressed, ...]) -> Iterator[Member]:
    import zipfile

    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Member(name, None, layers, InputError(name, f"is a damaged zip archive ({exc}); unpack what you can "
                                                          "and name the files"))
        return
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith(_NOT_INPUT)
                 and not i.filename.rsplit("/", 1)[-1].startswith("._")]
        for prefix, what in _OFFICE:
            if any(i.filename.startswith(prefix) for i in infos[:8]) and any(
                    i.filename in ("[Content_Types].xml", "mimetype", "META-INF/manifest.xml") for i in infos):
                yield Member(name, None, layers, InputError(name, f"is {what}" + _SCAN))
                return
        if not infos:
            yield Member(name, None, layers, InputError(name, "is a zip archive with no files in it"))
        for info in infos:
            member_name = f"{name}/{info.filename}"
            try:
                opened = archive.open(info)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
                yield Member(member_name, None, layers, InputError(member_name, f"cannot be unpacked ({exc})"))
                continue
            with opened:
                layer = Decompressed(opened, "zip")  # type: ignore[arg-type]
                yield from open_members(_buffered(layer), member_name, depth + 1, layers + (layer,))
