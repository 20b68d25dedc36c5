"""A record's JSON text: the bytes `json.JSONEncoder(ensure_ascii=False)` writes for
`Paper.to_dict` (`": "` and `", "` between items, non-ASCII kept, field order of
model.FIELD_ORDER), as JSON Lines output and the library's stored records hold it.

Each record is put together from its fields directly, every value encoded by orjson: no dict
per record and no pass of the standard encoder, which cost more than the parsing of most
layouts. orjson differs from the standard encoder on floats (exponents, NaN) and refuses lone
surrogates and integers past 64 bits; a float is written by the standard rules here, and a
record orjson refuses is written by the standard encoder whole (tests/test_golden_output.py
holds the bytes; tests/test_export_formats.py holds the two encoders to one output on every
character).
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import orjson

from .model import FIELD_ORDER, Paper, SourceRef

_dumps = orjson.dumps
_INF = float("inf")

# Per field after `id`: its `, "name": ` prefix, that prefix with null, and whether it holds a list.
_FIELDS = tuple((b', "' + name.encode() + b'": ', b', "' + name.encode() + b'": null',
                 isinstance(getattr(Paper(), name), list)) for name in FIELD_ORDER[1:])
_VALUES = attrgetter(*FIELD_ORDER[1:])


def _float(value: float) -> bytes:
    """A float as the standard encoder writes it: float.__repr__, NaN and Infinity bare."""
    if value != value:
        return b"NaN"
    if value == _INF:
        return b"Infinity"
    if value == -_INF:
        return b"-Infinity"
    return float.__repr__(value).encode()


def _list(items: list) -> bytes:
    """`["a", "b"]`: one orjson call for the list, its `","` spaced; only where every item is a
    string and none holds a quote is each `","` a separator (an escaped quote can end a string)."""
    if not items:
        return b"[]"
    text = _dumps(items)
    if b'\\"' not in text and text.count(b'","') == len(items) - 1:
        return text.replace(b'","', b'", "')
    return b"[" + b", ".join(_value(item) for item in items) + b"]"


def _value(value: Any) -> bytes:
    if value.__class__ is float:
        return _float(value)
    if value.__class__ is list:
        return _list(value)
    return _dumps(value)


def _source(s: SourceRef) -> bytes:
    return (b'{"format": ' + _dumps(s.format) + b', "file": ' + _dumps(s.file)
            + b', "line": ' + _value(s.line) + b"}")


def _fast(paper: Paper, merged: bool) -> bytes:
    parts = [b'{"id": ' + _dumps(paper.id)]
    append = parts.append
    for (key, null, is_list), value in zip(_FIELDS, _VALUES(paper)):
        if value is None:
            append(null)
        elif is_list:
            append(key + _list(value))
        elif value.__class__ is float:
            append(key + _float(value))
        else:
            append(key + _dumps(value))
    sources = paper.sources
    if merged or len(sources) != 1:
        append(b', "sources": [' + b", ".join(_source(s) for s in sources) + b"]}")
    else:
        append(b', "source": ' + _source(sources[0]) + b"}")
    return b"".join(parts)


def record_json(paper: Paper, merged: bool) -> str:
    """One record's JSON text: the bytes the standard encoder writes for `paper.to_dict(merged)`."""
    try:
        return _fast(paper, merged).decode()
    except (orjson.JSONEncodeError, TypeError):  # a lone surrogate, an integer past 64 bits
        return _standard(paper, merged)


def _standard(paper: Paper, merged: bool) -> str:
    import json

    return json.JSONEncoder(ensure_ascii=False, check_circular=False).encode(paper.to_dict(merged))
