"""Paper records other tools wrote as JSON: JSON Lines, or an array of objects, with the keys
such tools use (`title`; `authors` or `author` as one string, names or objects with a name;
`arxiv_id`/`arxivId`/`eprint`/`id`; `doi`; `date`/`published`/`year`; `abstract`/`summary`;
`url`; `categories`). Every value goes through the same field rules as any layout's, so
`arXiv:2510.02212`, `https://arxiv.org/abs/2510.02212v2` and the arXiv DOI name one paper.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..normalize import normalize_category, normalize_doi, parse_arxiv_id
from .context import ParseContext, Skipped
from .json_lines import json_values

NAME = "json-records"
DESCRIPTION = "paper records other tools wrote as JSON lines or a JSON array (title, authors, id, doi, date, ...)"
EXAMPLE = '{"title": "DiFFPO: ...", "authors": "A. Zhao, B. Yao", "arxiv_id": "arXiv:2510.02212v3", "date": "..."}'

_TITLE_KEYS = ("title",)
_PAPER_KEYS = ("authors", "author", "abstract", "summary", "arxiv_id", "arxivId", "arxiv", "eprint", "doi",
               "DOI", "date", "published", "year", "url", "categories")
_ID_KEYS = ("arxiv_id", "arxivId", "arxiv", "eprint")
_DATE_KEYS = ("date", "published", "publication_date", "publicationDate", "created", "submitted")
_URL_KEYS = ("url", "URL", "link", "abs_url", "pdf_url")
_CATEGORY_SPLIT = re.compile(r"[\s,;]+")


def _looks_like_paper(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("title"), str) and any(k in obj for k in _PAPER_KEYS)


def detect(sample: str) -> float:
    head = sample.lstrip("\ufeff \t\r\n")
    if not head.startswith(("{", "[")):
        return 0.0
    # The first value whole: a JSON line, or the first element of an array.
    for item in json_values(head.splitlines()[:2000]):
        if isinstance(item, Skipped):
            return 0.0
        # Below the API layouts (whose answers also have titles) and papertrack's own records.
        return 0.5 if _looks_like_paper(item[2]) else 0.0
    return 0.0


class _Fields:
    """One object's values by the keys other tools use; what is there but unusable is noted."""

    def __init__(self, obj: dict[str, Any], first: int, ctx: ParseContext):
        self.obj, self.first, self.ctx = obj, first, ctx

    def text(self, *keys: str) -> str | None:
        for key in keys:
            value = self.obj.get(key)
            if isinstance(value, str) and value.strip():
                return value
            if value is not None and not isinstance(value, str):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    return str(value)
                self.ctx.notes.append((self.first, f"{key} left out ({json.dumps(value)[:60]} is not text)"))
        return None


def _arxiv(f: _Fields) -> tuple[str | None, int | None]:
    given = f.text(*_ID_KEYS)
    if given:
        return given, None  # written as the record's arxiv_id: its form is made canonical, or reported
    for candidate in (f.text("id"), f.text(*_URL_KEYS)):
        arxiv_id, version = parse_arxiv_id(candidate)
        if arxiv_id:
            return arxiv_id, version
    return None, None


def _categories(value: Any) -> list[str]:
    if isinstance(value, str):
        value = _CATEGORY_SPLIT.split(value)
    if not isinstance(value, list):
        return []
    codes = [normalize_category(v) for v in value if isinstance(v, str)]
    return list(dict.fromkeys(c for c in codes if c))


def _paper(obj: Any, first: int, last: int, ctx: ParseContext):
    if not isinstance(obj, dict):
        return Skipped(first, "not a JSON object")
    f = _Fields(obj, first, ctx)
    arxiv_id, version = _arxiv(f)
    doi = f.text("doi", "DOI")
    if doi is None and (candidate := f.text("id", *_URL_KEYS)) and normalize_doi(candidate):
        doi = normalize_doi(candidate)
    categories = _categories(obj.get("categories"))
    primary = normalize_category(f.text("category", "primary_category", "primaryCategory"))
    if primary:
        categories = [primary] + [c for c in categories if c != primary]
    version_value = obj.get("arxiv_version")
    authors = obj.get("authors", obj.get("author"))
    return ctx.make(
        first, last,
        title=f.text("title"),
        authors=authors if authors is not None else [],
        date=f.text(*_DATE_KEYS),
        category=categories[0] if categories else None,
        categories=categories,
        arxiv_id=arxiv_id,
        arxiv_version=version_value if isinstance(version_value, int) and not isinstance(version_value, bool)
        else version,
        doi=doi,
        abstract=f.text("abstract", "summary"),
        comment=f.text("comment", "comments"),
        journal_ref=f.text("journal_ref", "journal-ref", "journal", "venue"),
    )


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator[Any]:
    for item in json_values(lines):
        if isinstance(item, Skipped):
            yield item
            continue
        first, last, obj = item
        yield _paper(obj, first, last, ctx)
