"""Semantic Scholar Graph API responses saved as JSON: paper search (`{"total", "data"}`),
author papers and citations/references (`{"data"}`, items possibly wrapped as `citingPaper`,
`citedPaper` or `paper`), paper batch (a bare list, `null` for unknown ids), or one paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..json_values import as_list, dig
from ..normalize import arxiv_id_from_doi, normalize_doi, parse_arxiv_id, parse_date
from .context import ParseContext, Skipped
from .json_doc import clean_text, parse_responses, starts_like_json

NAME = "s2"
DESCRIPTION = "Semantic Scholar Graph API JSON (paper search, author papers, citations, batch)"
EXAMPLE = '{"total": 120, "data": [{"paperId": "...", "externalIds": {"ArXiv": "..."}, "title": ...}]}'

_WRAPPERS = ("citingPaper", "citedPaper", "paper")


def detect(sample: str) -> float:
    # Every Graph API paper object starts with its paperId; externalIds is asked for by name.
    if starts_like_json(sample) and ('"paperId"' in sample or '"externalIds"' in sample):
        return 1.0
    return 0.0


def _unwrap(item):
    if isinstance(item, dict) and "paperId" not in item and "title" not in item:
        for key in _WRAPPERS:
            if isinstance(item.get(key), dict):
                return item[key]
    return item


def _journal_ref(paper: dict) -> str | None:
    """The venue or journal name; arXiv is where preprints sit, not a journal."""
    for value in (paper.get("venue"), dig(paper, "journal", "name")):
        name = clean_text(value)
        if name and name.strip() and "arxiv" not in name.lower():
            return name
    return None


def _paper(item, first: int | None, last: int | None, ctx: ParseContext):
    if item is None:
        return Skipped(first, "null (the API found no such paper)")
    paper = _unwrap(item)
    if not isinstance(paper, dict):
        return Skipped(first, "not a JSON object")
    doi = normalize_doi(clean_text(dig(paper, "externalIds", "DOI")))
    arxiv_id, version = parse_arxiv_id(clean_text(dig(paper, "externalIds", "ArXiv")))
    if not arxiv_id:
        arxiv_id, version = parse_arxiv_id(clean_text(dig(paper, "openAccessPdf", "url")))
    return ctx.make(
        first, last,
        title=clean_text(paper.get("title")),
        abstract=clean_text(paper.get("abstract")),
        authors=[clean_text(a.get("name")) or "" for a in as_list(paper.get("authors")) if isinstance(a, dict)],
        arxiv_id=arxiv_id or arxiv_id_from_doi(doi),
        arxiv_version=version,
        doi=doi,
        # A year alone is no date: the record keeps null rather than invent a day.
        date=parse_date(clean_text(paper.get("publicationDate")), ctx.as_of),
        journal_ref=_journal_ref(paper),
    )


def _locate(value):
    if isinstance(value, list):
        return ()
    if isinstance(value, dict) and ("data" in value or "total" in value):
        return ("data",)  # a search with no hits has `total` and no `data`
    if isinstance(value, dict) and ("paperId" in value or "title" in value):
        return None
    return False


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    return parse_responses(lines, ctx, _locate, _paper, "Semantic Scholar",
                           "a Semantic Scholar response (no data list or paper)", "item", "papers")
