"""Inputs to records: open a file or stdin, pick its layout, run the layout's parser.

Every command that reads records (`parse`, `dedup`, `add`, `author`, `export`, `fetch`) reads
through `read_file`; skipped blocks go to a callback so the caller decides how to report them
(stderr, --strict).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from typing import BinaryIO

from ..errors import InputError
from ..model import Paper
from . import registry
from .containers import Member, open_members
from .context import ParseContext, Skipped
from .reader import MAX_DOCUMENT_LINE, LineReader

OnSkip = Callable[[str, int | None, str], None]


@contextmanager
def open_input(path: str) -> Iterator[BinaryIO]:
    """`-` is stdin; anything else a file, with a one-line error when it cannot be read."""
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        f = open(path, "rb")  # noqa: SIM115  (closed by the `with` below, once opening is known to work)
    except FileNotFoundError:
        raise InputError(path, "no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory; name the files inside it") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror}); check its permissions") from None
    with f:
        yield f


def unrecognized(path: str) -> InputError:
    known = ", ".join(registry.names())
    return InputError(path, f"layout not recognized (known: {known}); force one with --source NAME")


def read_bytes(data: bytes, name: str, as_of: date, on_skip: OnSkip, source: str | None = None) -> Iterator[Paper]:
    """Records of a response held in memory (`fetch`), named `name` (its URL) in records and messages."""
    return read_file(name, as_of, on_skip, source, data=data)


def read_file(path: str, as_of: date, on_skip: OnSkip, source: str | None = None,
              data: bytes | None = None) -> Iterator[Paper]:
    """Records of one input, in order; raises InputError when the input as a whole is bad.
    With `data`, those bytes are the input and `path` only names it. A compressed input is
    read decompressed; each member of a zip is read as an input of its own (`archive.zip/name`),
    and one that cannot be read is reported after the others were."""
    with (nullcontext(io.BytesIO(data)) if data is not None else open_input(path)) as stream:
        errors: list[InputError] = []
        try:
            for member in open_members(stream, path):
                try:
                    if member.error:
                        raise member.error
                    yield from _read_member(member, as_of, on_skip, source, fetched=data is not None)
                except InputError as exc:
                    errors.append(exc)
        except OSError as exc:
            raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise InputError(path, f"{len(errors)} of its files could not be read; the first: {errors[0]}")


def _read_member(member: Member, as_of: date, on_skip: OnSkip, source: str | None, fetched: bool) -> Iterator[Paper]:
    path = member.name
    assert member.stream is not None
    reader = LineReader(member.stream)
    if reader.empty:
        on_skip(path, None, member.damage or "empty input, nothing to parse")
        return
    module = registry.by_name(source) if source else registry.detect(reader.sample)[0]
    if module is None:
        raise unrecognized(path)
    kind = registry.kind_of(module.NAME)
    if kind != "text":
        reader.max_line = MAX_DOCUMENT_LINE
    else:
        # Pasted text is repaired line by line before its blocks are recognized: mojibake in a
        # header or author line (`JosÃ© GarcÃ­a`, `Â·`) would otherwise hide it from the layout.
        reader.repair_mojibake = True
    ctx = ParseContext(file=path, as_of=as_of, format=module.NAME, damaged=reader.damaged, json=kind == "json")
    produced = skipped = False
    for item in module.parse(reader, ctx):
        if ctx.notes:
            skipped = True
            for line, why in ctx.notes:
                on_skip(path, line, _one_line(why) + "; the paper is kept")
            ctx.notes.clear()
        if isinstance(item, Skipped):
            skipped = True
            on_skip(path, item.line, _one_line(item.why))
        else:
            produced = True
            yield item
    if member.damage:
        skipped = True
        on_skip(path, None, member.damage)
    if not produced and source:
        raise InputError(path, f"no papers found as layout {source!r}; try without --source")
    if not produced and not skipped and not fetched and kind == "text":
        # A pasted text detected as a layout that yields nothing is most likely another
        # layout: say so instead of ending mutely. (An empty feed or API answer is just empty.)
        on_skip(path, None, f"no papers found (read as {module.NAME}); "
                            "if it is another layout, force it with --source NAME")


def _one_line(why: str) -> str:
    """A reason fit for one line on a terminal: the input quoted in it may hold anything."""
    if why.isascii() and why.isprintable():
        return why
    return " ".join("".join(ch if ch.isprintable() else " " for ch in why).split())


def read_records(paths: list[str], as_of: date, on_skip: OnSkip, on_error: Callable[[InputError], None],
                 source: str | None = None) -> Iterator[Paper]:
    """Records of every input in turn; a bad input is reported and the others still read."""
    for path in paths:
        try:
            yield from read_file(path, as_of, on_skip, source)
        except InputError as exc:
            on_error(exc)
