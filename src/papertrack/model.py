"""The paper record: the one contract every layout produces and every writer consumes.

Read this module first. Each field of `Paper` is documented once, here, with its type and
normalization rule. Layouts fill what the page shows and leave the rest at its empty value
(null, `[]` or `false`, never `""`); nothing is invented.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

# Field order of the JSON output: stable, so diffs of two runs stay readable.
FIELD_ORDER = (
    "id", "title", "authors", "authors_truncated", "author_count", "date", "category",
    "categories", "arxiv_id", "arxiv_version", "doi", "code_url", "has_code", "project_url",
    "abstract", "comment", "journal_ref", "affiliations", "org", "org_slug", "upvotes",
    "score", "profile_of", "listed_on",
)


@dataclass(slots=True)
class SourceRef:
    """Where one record came from."""

    format: str
    """Name of the source module that parsed it (`papertrack sources` lists them)."""
    file: str
    """Path of the input file, `-` for stdin, or the URL it was fetched from."""
    line: int | None = None
    """1-based line where the paper's block starts, or null when the input has no lines."""

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "file": self.file, "line": self.line}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceRef:
        # One string per layout and per file for all the records read from it (interned).
        return cls(sys.intern(str(d.get("format") or "unknown")), sys.intern(str(d.get("file") or "-")), d.get("line"))


@dataclass(slots=True)
class Paper:
    """One paper as one source shows it (or, after `dedup`, as all its sources show it)."""

    title: str | None = None
    """Title as shown, whitespace collapsed to single spaces; case, punctuation and LaTeX kept."""
    authors: list[str] = field(default_factory=list)
    """Author names as shown, in order; "et al." and punctuation-only entries (`:`) removed; each
    name whitespace-collapsed; a nickname in parentheses stays in the name (`Qiuyi (Richard) Zhang`)."""
    authors_truncated: bool = False
    """True when the source shows fewer names than the paper has ("et al.", "N authors",
    a listing that names nobody)."""
    author_count: int | None = None
    """The number of authors when the source states it ("• 5 authors")."""
    date: str | None = None
    """The paper's date, "YYYY-MM-DD", as the source shows it (arXiv API: first version's
    `published`). A date shown without a year takes the year of the as-of date, or the year
    before when that would put it after the as-of date."""
    category: str | None = None
    """Primary arXiv category code (`cs.LG`); aggregator short codes are mapped (`LG` -> `cs.LG`,
    `ML` -> `stat.ML`, `PR` -> `math.PR`, ...; one several archives share as
    `arxiv_taxonomy.SHORT_CODE_ORDER` says), unknown codes kept as shown."""
    categories: list[str] = field(default_factory=list)
    """All categories, primary first, when the source lists them."""
    arxiv_id: str | None = None
    """arXiv identifier without version: `2510.02212`, `cond-mat/0412498`."""
    arxiv_version: int | None = None
    """The arXiv version number when the source shows one (`v2` -> 2)."""
    doi: str | None = None
    """DOI, lower-case, without a resolver prefix."""
    code_url: str | None = None
    """The paper's code repository: the source's own field, else the first github.com /
    gitlab.com / bitbucket.org / codeberg.org URL in the abstract or comment, trailing
    punctuation and braces stripped."""
    has_code: bool = False
    """True when the source shows a code badge or `code_url` is set."""
    project_url: str | None = None
    """A project page that is not a repository (for example `*.github.io`)."""
    abstract: str | None = None
    """Abstract, whitespace collapsed."""
    comment: str | None = None
    """arXiv comments line ("Preprint", "12 pages, 3 figures")."""
    journal_ref: str | None = None
    """arXiv journal reference line, when shown."""
    affiliations: list[str] = field(default_factory=list)
    """Author affiliations, when the source lists them."""
    org: str | None = None
    """Organization shown with the paper (display name)."""
    org_slug: str | None = None
    """The organization's account name when shown beside the display name (`ucdavis`)."""
    upvotes: int | None = None
    """Upvote count on a listing such as Hugging Face Daily Papers; null when not shown."""
    score: float | None = None
    """An aggregator's per-paper score shown beside it (the `84.5` in `84.5AIMay 7`)."""
    profile_of: list[str] = field(default_factory=list)
    """Names of the authors whose profile pages listed this paper (from the page header)."""
    listed_on: str | None = None
    """"YYYY-MM-DD": the day a listing showed the paper, when that differs from `date`."""
    sources: list[SourceRef] = field(default_factory=list)
    """Provenance. A parsed record has exactly one entry (written as `source`); a merged
    record has one per input record (written as `sources`)."""

    @property
    def id(self) -> str:
        """Stable identity: `arxiv:<id>`, else `doi:<doi>`, else `title:<title key>`."""
        if self.arxiv_id:
            return f"arxiv:{self.arxiv_id}"
        if self.doi:
            return f"doi:{self.doi}"
        key = _title_key(self.title or "") or _title_key((self.abstract or "")[:200])
        return f"title:{key}"

    @property
    def short_id(self) -> str:
        """The id as a table shows it and `papertrack show` takes it: the arXiv id, else the
        DOI, else `t:` and 8 hex digits of a hash of `id` (stable while the title is)."""
        return self.arxiv_id or self.doi or short_hash(self.id)

    def to_dict(self, merged: bool = False) -> dict[str, Any]:
        """The JSON object of SPEC section 1; `merged` writes `sources` instead of `source`."""
        d: dict[str, Any] = {"id": self.id}
        for name in FIELD_ORDER[1:]:
            value = getattr(self, name)
            d[name] = list(value) if isinstance(value, list) else value
        if merged or len(self.sources) != 1:
            d["sources"] = [s.to_dict() for s in self.sources]
        else:
            d["source"] = self.sources[0].to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Paper:
        """Rebuild a record from its JSON object (the inverse of `to_dict`).

        Unknown keys are ignored so that newer output still reads; types are checked,
        because JSONL input is untrusted.
        """
        kwargs = {name: check(name, value) for name, value in d.items() if (check := _CHECKS.get(name))}
        paper = cls(**kwargs)
        if isinstance(d.get("sources"), list):
            paper.sources = [SourceRef.from_dict(s) for s in d["sources"] if isinstance(s, dict)]
        elif isinstance(d.get("source"), dict):
            paper.sources = [SourceRef.from_dict(d["source"])]
        return paper


def _title_key(title: str) -> str:
    """normalize.title_key, imported on the first call, which puts it in this name's place: model
    must not depend on normalize at import, and an import statement per `id` costs 2 us."""
    global _title_key
    from .normalize import title_key

    _title_key = title_key
    return title_key(title)


def short_hash(paper_id: str) -> str:
    """`t:` and 8 hex digits of a hash of a paper's `id`: short enough for a table column."""
    import hashlib

    return "t:" + hashlib.blake2b(paper_id.encode(), digest_size=4).hexdigest()


def is_short_hash(text: str) -> bool:
    """Is `text` of the form `short_hash` gives (`t:3fa9c21e`)?"""
    return len(text) == 10 and text.startswith("t:") and all(c in "0123456789abcdef" for c in text[2:])


# The fields a JSON object may set, looked up once (dataclasses.fields is slow per record).
_INPUT_FIELDS = tuple(f.name for f in fields(Paper) if f.name != "sources")
_LIST_FIELDS = {"authors", "categories", "affiliations", "profile_of"}
_BOOL_FIELDS = {"authors_truncated", "has_code"}
_INT_FIELDS = {"author_count", "arxiv_version", "upvotes"}


def _list(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"field {name!r} must be a list of strings")
    return [v for v in value if v]


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"field {name!r} must be true or false")
    return value


def _int(name: str, value: Any) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"field {name!r} must be an integer")
    return value


def _number(name: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"field {name!r} must be a number")
    return float(value)


def _str(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"field {name!r} must be a string")
    return value or None


def _shared_str(name: str, value: Any) -> str | None:
    """_str, interned: a large input names the same days and categories over and over."""
    value = _str(name, value)
    return sys.intern(value) if value else value


# Each field's check of its JSON value: it raises ValueError naming the field. Looked up per key
# of the object (one dict probe), since from_dict runs for every record read.
_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    name: _list if name in _LIST_FIELDS else _bool if name in _BOOL_FIELDS else _int if name in _INT_FIELDS
    else _number if name == "score" else _shared_str if name in ("date", "category") else _str
    for name in _INPUT_FIELDS}
