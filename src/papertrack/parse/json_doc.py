"""What the JSON API sources share (not a source itself): reading a saved response whole,
the line where each listed item starts, and cleaning the text fields APIs return.

A file may hold several responses one after another (pages appended with `>>`, or items
one a line as `jq -c '.[]'` writes them); each is read in turn.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..json_values import as_list, lone_surrogate
from ..model import Paper
from .context import Skipped

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
# Markup some APIs leave in titles (OpenAlex: `<i>Drosophila</i>`, `H<sub>2</sub>O`).
_INLINE_TAG = re.compile(r"</?(?:i|b|u|em|strong|sub|sup|scp|sc|tt|span|mml:[a-z]+)\b[^<>]*>", re.I)
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|jats:[a-z]+)\b[^<>]*>", re.I)


def starts_like_json(sample: str) -> bool:
    """A saved API response starts with `{` or `[`; an HTML error page does not."""
    head = sample.lstrip("\ufeff \t\r\n")
    return head[:1] in ("{", "[")


def clean_text(value: Any) -> str | None:
    """A string field with markup tags dropped and HTML entities (`&amp;`) decoded."""
    if not isinstance(value, str):
        return None
    if "<" in value:
        value = _INLINE_TAG.sub("", _BLOCK_TAG.sub(" ", value))
    if "&" in value:
        value = html.unescape(value)
    return value


@dataclass(slots=True)
class Document:
    """One JSON value of the input, with where it sits in the text."""

    text: str
    start: int
    end: int
    first_line: int
    value: Any

    @property
    def last_line(self) -> int:
        return self.first_line + self.text.count("\n", self.start, self.end)

    def items(self, path: tuple[str, ...] | None) -> Iterator[tuple[int, int | None, int | None, Any]]:
        """(index, first line, last line, item) of the list at `path` (object keys from the
        top); `path=None` means the document itself is the one item."""
        if path is None:
            yield 0, self.first_line, self.last_line, self.value
            return
        container = self.value
        for key in path:
            container = container.get(key) if isinstance(container, dict) else None
        try:
            spans = self._spans(path)
        except (ValueError, IndexError, RecursionError):
            spans = []  # duplicate keys and the like: records still come, without lines
        for i, item in enumerate(as_list(container)):
            first, last = spans[i] if i < len(spans) else (None, None)
            yield i, first, last, item

    def _spans(self, path: tuple[str, ...]) -> list[tuple[int, int]]:
        text = self.text
        pos = self.start
        for key in path:
            pos = _member_value(text, pos, key)
        if text[pos] != "[":
            return []
        spans, line, counted_to = [], self.first_line, self.start
        pos = _skip_ws(text, pos + 1)
        while text[pos] != "]":
            _, end = _DECODER.raw_decode(text, pos)
            line += text.count("\n", counted_to, pos)
            spans.append((line, line + text.count("\n", pos, end)))
            counted_to = pos
            pos = _skip_ws(text, end)
            if text[pos] == ",":
                pos = _skip_ws(text, pos + 1)
        return spans


def _skip_ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]  # `[ \t\n\r]*` always matches


def _member_value(text: str, pos: int, key: str) -> int:
    """Offset of the value of `key` in the object starting at `pos`."""
    if text[pos] != "{":
        raise ValueError("not an object")
    pos = _skip_ws(text, pos + 1)
    while text[pos] != "}":
        name, pos = _DECODER.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if text[pos] != ":":
            raise ValueError("no colon")
        pos = _skip_ws(text, pos + 1)
        if name == key:
            return pos
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        if text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
    raise ValueError(f"no key {key!r}")


def read_documents(lines: Iterable[str]) -> Iterator[Document | Skipped]:
    """Every JSON value in the input, in order; a Skipped that says where the JSON breaks.

    After a broken value, reading goes on at the next line that starts a value at its first
    column (the next response of a JSON Lines file); a pretty-printed document has none."""
    text = "\n".join(lines)
    pos, line = _skip_ws(text, 0), 1
    counted_to = 0
    while pos < len(text):
        line += text.count("\n", counted_to, pos)
        counted_to = pos
        if text[pos] == "<":
            yield Skipped(line, "an HTML page, not a JSON response (an error or login page?); "
                                "save the API response itself")
            return
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield Skipped(exc.lineno, f"invalid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})")
            end = _next_value(text, exc.pos)
        except RecursionError:
            yield Skipped(line, "JSON nested too deeply to read")
            end = _next_value(text, pos)
        else:
            yield Document(text, pos, end, line, value)
        if end < 0:
            return
        pos = _skip_ws(text, end)


def _next_value(text: str, pos: int) -> int:
    """Where the next line that starts with `{` or `[` begins, or -1."""
    starts = [i for i in (text.find("\n{", pos), text.find("\n[", pos)) if i >= 0]
    return min(starts) + 1 if starts else -1


def api_error(value: Any) -> str | None:
    """The message of an API error body (`{"error": "..."}`, `{"message": "..."}`), if it is one."""
    if isinstance(value, dict):
        for key in ("error", "message", "detail"):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key].strip()
    return None


def parse_responses(lines: Iterable[str], ctx, locate, to_paper, service: str, expected: str,
                    label: str, none_listed: str) -> Iterator:
    """The walk every JSON source shares: each document in the input, its items found by
    `locate(value)` (a key path to the item list, `()` for a bare list, None for one item, or
    False when the document is not this API's), each item made a Paper by
    `to_paper(item, first_line, last_line, ctx)`; skip reports name the item (`label N`)."""
    for doc in read_documents(lines):
        if isinstance(doc, Skipped):
            yield doc
            continue
        path = locate(doc.value)
        if path is False:
            why = api_error(doc.value)
            yield Skipped(doc.first_line, f"{service} API error: {why}" if why else f"not {expected}")
            continue
        items = list(doc.items(path))
        if not items and path is not None:
            yield Skipped(None, f"the response lists no {none_listed}")
        # JSON may write a lone surrogate (`\\ud800`), which is no text: its item is damaged.
        surrogates = (doc.text.find("\\u", doc.start, doc.end) >= 0
                      and _SURROGATE_ESCAPE.search(doc.text, doc.start, doc.end))
        for i, first, last, item in items:
            if surrogates and (bad := lone_surrogate(item)):
                yield Skipped(first, f"{label} {i}: a lone surrogate ({bad}) in a JSON string, which is no text")
                continue
            yield labelled(to_paper(item, first, last, ctx), f"{label} {i}")


def labelled(result: Paper | Skipped, label: str) -> Paper | Skipped:
    """Name the item in a skip report (`result 3: no title, ...`) so it can be found."""
    if isinstance(result, Skipped):
        return Skipped(result.line, f"{label}: {result.why}")
    return result
