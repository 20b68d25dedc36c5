"""Walking JSON values that come from untrusted answers (saved API responses, foreign records):
`dig` follows a path of object keys and list indexes and gives back what is there only when
it has the expected type, so no caller writes `x.get(k) if isinstance(x, dict) else {}` ladders.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar, overload

T = TypeVar("T")


@overload
def dig(value: Any, *path: str | int) -> Any: ...
@overload
def dig(value: Any, *path: str | int, kind: type[T]) -> T | None: ...


def dig(value: Any, *path: str | int, kind: type | None = None) -> Any:
    """`value[path[0]][path[1]]...`, or None where a step is missing or of the wrong type; with
    `kind`, None also when the value found is not of that type (a bool is never an int)."""
    for step in path:
        if isinstance(step, str):
            value = value.get(step) if isinstance(value, dict) else None
        elif isinstance(value, list) and -len(value) <= step < len(value):
            value = value[step]
        else:
            return None
        if value is None:
            return None
    if kind is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
        return None
    return value


def as_list(value: Any) -> list:
    """APIs that turn a one-element list into the element itself (dblp) read as lists."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def strings_in(value: Any) -> Iterator[str]:
    """Every string inside a JSON value (object keys included), depth first; iterative, so a
    value nested thousands deep costs no recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def lone_surrogate(value: Any) -> str | None:
    """`\\ud800` written alone in a JSON string decodes to a code point that is no character
    and cannot be written as UTF-8; the first one inside `value`, as `\\ud800`, or None."""
    for text in strings_in(value):
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                return f"\\u{ord(text[exc.start]):04x}"
    return None
