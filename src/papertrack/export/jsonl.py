"""JSON Lines (one record a line, for jq and pipes) and one JSON array, each record's text as
`record_json` writes it (the standard encoder's bytes for `Paper.to_dict`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..model import Paper
from ..record_json import record_json


def write_jsonl(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    n = 0
    write = out.write
    for paper in records:
        n += 1
        write(record_json(paper, merged) + "\n")
    return n


def write_json(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    n = 0
    out.write("[")
    for n, paper in enumerate(records, 1):
        out.write(("\n" if n == 1 else ",\n") + record_json(paper, merged))
    out.write("\n]\n" if n else "]\n")
    return n
