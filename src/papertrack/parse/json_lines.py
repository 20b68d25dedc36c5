"""JSON values one after another, as tools write records (not a layout itself): JSON Lines, a
JSON array with one element a line (`papertrack --format json`, `jq -c`), a pretty-printed array
(Zotero's CSL-JSON, `json.dump(indent=2)`) or a stream of pretty-printed objects (`jq .`).

Read as a stream of lines, never whole: memory stays flat on a multi-gigabyte dump. A broken
value costs only itself: a line that does not parse is one skip, and a broken multi-line value
is skipped up to the next value that starts at its indentation or less. Arrays are looked
through: their elements are the values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..json_values import lone_surrogate
from .context import Skipped

_fast_loads: Callable[[str], Any] | None
try:  # orjson decodes a line five times as fast as json; without it (no wheel for the platform) json does
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover
    _fast_loads = None

_DECODE = json.JSONDecoder().raw_decode
# Lines that are only an array's punctuation around elements written one a line.
_PUNCTUATION = frozenset(("[", "]", ",", "],", "[]", "]]"))
# A value spanning lines is given up past this many lines (a value that never closes).
MAX_VALUE_LINES = 200_000
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")

Value = tuple[int, int, Any]
"""(first line, last line, the decoded value)."""


def json_values(lines: Iterable[str]) -> Iterator[Value | Skipped]:
    """Each top-level JSON value (each element of a top-level array) with its lines, and a
    Skipped for each one that does not parse."""
    buffer: list[str] = []  # the lines of a value that spans lines
    first = indent = 0
    skipping = False  # after a broken multi-line value: up to the next value at its indentation
    for n, line in enumerate(lines, 1):
        text = line.strip()
        if buffer or skipping:
            depth = len(line) - len(line.lstrip())
            starts_value = text[:1] in ("{", "[") and depth <= indent and not _punctuation(text)
            if skipping:
                if not starts_value:
                    continue
                skipping = False
            elif starts_value:
                yield Skipped(first, "invalid JSON: a value that never closes")
                buffer = []
            else:
                buffer.append(line)
                if text[:1] in ("}", "]") or len(buffer) > MAX_VALUE_LINES:
                    result = _decoded("\n".join(buffer).strip(), first, n, whole=len(buffer) > MAX_VALUE_LINES)
                    if isinstance(result, Skipped):
                        buffer, skipping = [], True
                        yield result
                    elif result is not None:
                        buffer = []
                        yield from _elements(result)
                continue
        if not text or _punctuation(text):
            continue
        if _fast_loads is not None:
            # The hot path (a JSON Lines file of records): one line, one value, no frames more.
            try:
                value = _fast_loads(text[:-1] if text[-1] == "," else text)
            except ValueError:
                pass
            else:
                if type(value) is list:
                    for element in value:
                        yield n, n, element
                else:
                    yield n, n, value
                continue
        result = _decoded(text, n, n, whole=False)
        if result is None and text[0] == "[" and text[1:].lstrip()[:1] in ("{", "["):
            text = text[1:].lstrip()  # `[{...},` or `[{`: an array opened on its first element's line
            result = _decoded(text, n, n, whole=False)
        if result is None:
            buffer, first, indent = [text], n, len(line) - len(line.lstrip())
        elif isinstance(result, Skipped):
            yield result
        else:
            yield from _elements(result)
    if buffer:
        joined = "\n".join(buffer).strip()
        result = _decoded(joined, first, first + len(buffer) - 1, whole=True)
        if isinstance(result, Skipped):
            yield result
        elif result is not None:
            yield from _elements(result)


def _punctuation(text: str) -> bool:
    return len(text) <= 2 and text in _PUNCTUATION  # (a long line is never hashed for the test)


def _decoded(text: str, first: int, last: int, whole: bool) -> Value | Skipped | None:
    """The value `text` holds; None when it is only the start of one (more lines may end it,
    unless `whole`); Skipped when it is broken."""
    if _fast_loads is not None:
        # A whole value, or one element of an array written one a line (`{...},`). orjson
        # refuses what json reads differently (a lone surrogate, NaN, depth past 1024): those
        # and every broken value go the json way below, which says what is wrong and where.
        try:
            return first, last, _fast_loads(text[:-1] if text[-1:] == "," else text)
        except ValueError:
            pass
    try:
        value, end = _DECODE(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text):
            return None if not whole else Skipped(first, "invalid JSON: the input ends inside this value")
        return Skipped(first, f"invalid JSON: {exc.msg} (line {first + exc.lineno - 1} column {exc.colno})")
    except RecursionError:
        return Skipped(first, "invalid JSON: nested too deeply to read")
    if end < len(text) and text[end:].strip(" \t\n,]"):
        return Skipped(first, f"invalid JSON: text after the value (line {first + text.count(chr(10), 0, end)})")
    if "\\u" in text and _SURROGATE_ESCAPE.search(text) and (bad := lone_surrogate(value)):
        return Skipped(first, f"invalid JSON: a lone surrogate ({bad}) in a string, which is no text")
    return first, last, value


def _elements(value: Value) -> Iterator[Value]:
    first, last, decoded = value
    if isinstance(decoded, list):
        for element in decoded:
            yield first, last, element
    else:
        yield value
