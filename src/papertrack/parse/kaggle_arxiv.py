"""The arXiv metadata dump on Kaggle (`arxiv-metadata-oai-snapshot.json`, also gzipped or zipped):
the whole of arXiv as JSON lines of `id`, `authors` (one TeX string), `title`, `comments`,
`journal-ref`, `doi`, space-separated `categories`, `abstract`, `versions` (RFC 2822 dates) and
`authors_parsed`. Read line by line, so memory stays flat over its millions of lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .arxiv_authors import arxiv_authors
from .context import ParseContext, Skipped
from .json_lines import json_values

NAME = "kaggle-arxiv"
DESCRIPTION = "the arXiv metadata dump on Kaggle (arxiv-metadata-oai-snapshot.json, JSON lines)"
EXAMPLE = '{"id": "0704.0001", "submitter": "...", "authors": "C. Bal\\\\\'azs, ...", "versions": [...], ...}'


def detect(sample: str) -> float:
    head = sample.lstrip("\ufeff \t\r\n")[:4000]
    if head.startswith("{") and '"authors_parsed"' in sample[:20000] and '"versions"' in head and '"id"' in head:
        return 1.0
    return 0.0


def _text(value: Any) -> str | None:
    return value if type(value) is str else None


def _versions(obj: dict[str, Any]) -> tuple[str | None, int | None]:
    """(the first version's date, the highest version number: the last listed, as arXiv lists them)."""
    versions = obj.get("versions")
    if type(versions) is not list or not versions:
        return None, None
    first, last = versions[0], versions[-1]
    number = last.get("version") if type(last) is dict else None
    highest = int(number[1:]) if type(number) is str and number[:1] == "v" and number[1:].isdigit() else None
    created = first.get("created") if type(first) is dict else None
    # As written (RFC 2822): ctx.make reads it, and reports it when it cannot.
    return created if type(created) is str else None, highest


def _parsed_names(obj: dict[str, Any]) -> list[str]:
    """`authors_parsed` ([keyname, forenames, suffix, affiliations...]): only when `authors` is
    empty, as its forenames are mangled (`C.-P.` becomes `C. -P.`)."""
    names = []
    for entry in obj.get("authors_parsed") or []:
        if isinstance(entry, list) and entry and all(isinstance(p, str) for p in entry[:3]):
            keyname, forenames, suffix = (entry + ["", ""])[:3]
            names.append(" ".join(p for p in (forenames, keyname.rstrip(","), suffix) if p))
    return names


def _record(obj: Any, first: int, ctx: ParseContext):
    if not isinstance(obj, dict):
        return Skipped(first, "not a JSON object")
    get = obj.get
    names, affiliations, truncated = arxiv_authors(_text(get("authors")))
    if not names:
        names = _parsed_names(obj)
    day, version = _versions(obj)
    categories = (_text(get("categories")) or "").split()
    return ctx.make(
        first, first,
        title=_text(get("title")),
        authors=names,
        authors_truncated=truncated,
        date=day,
        category=categories[0] if categories else None,
        categories=categories,
        arxiv_id=_text(get("id")),
        arxiv_version=version,
        doi=_text(get("doi")),
        abstract=_text(get("abstract")),
        comment=_text(get("comments")),
        journal_ref=_text(get("journal-ref")),
        affiliations=affiliations,
    )


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator[Any]:
    for item in json_values(lines):
        yield item if type(item) is Skipped else _record(item[2], item[0], ctx)  # type: ignore[index]
