"""JSON Lines (one record a line, for jq and pipes) and one JSON array."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..model import Paper

# One encoder for every record: json.dumps would build a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _dumps(paper: Paper, merged: bool) -> str:
    return _ENCODE(paper.to_dict(merged))


def write_jsonl(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    n = 0
    for paper in records:
        n += 1
        out.write(_dumps(paper, merged) + "\n")
    return n


def write_json(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    n = 0
    out.write("[")
    for n, paper in enumerate(records, 1):
        out.write(("\n" if n == 1 else ",\n") + _dumps(paper, merged))
    out.write("\n]\n" if n else "]\n")
    return n
