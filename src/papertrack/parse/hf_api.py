"""Hugging Face papers API responses saved as JSON: `api/daily_papers` and `api/papers/search`
(arrays of items wrapping a `paper`, with the listing's own fields beside it) and
`api/papers/{arxiv_id}` (one paper object).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..json_values import as_list, int_or_none
from ..normalize import clean_url, find_code_url, parse_arxiv_id, parse_date
from .context import ParseContext, Skipped
from .json_doc import clean_text, parse_responses, starts_like_json

NAME = "hf-api"
DESCRIPTION = "Hugging Face papers API JSON (api/daily_papers, api/papers/search, api/papers/ID)"
EXAMPLE = '[{"paper": {"id": "2510.02212", "title": "...", "upvotes": 7, ...}, "publishedAt": ...}]'

_WRAPPED_PAPER = re.compile(r'"paper"\s*:\s*\{')
# Fields only the papers API gives a paper; papertrack's own records carry none of them.
_PAPER_ONLY_KEYS = ('"discussionId"', '"submittedOnDailyAt"', '"ai_keywords"', '"mediaUrls"')


def detect(sample: str) -> float:
    if not starts_like_json(sample) or '"upvotes"' not in sample:
        return 0.0
    if _WRAPPED_PAPER.search(sample) or any(k in sample for k in _PAPER_ONLY_KEYS):
        return 1.0
    return 0.0


def _organization(item: dict, paper: dict) -> tuple[str | None, str | None]:
    org = item.get("organization") or paper.get("organization")
    if not isinstance(org, dict):
        return None, None
    slug = clean_text(org.get("name"))
    return clean_text(org.get("fullname")) or slug, slug


def _links(item: dict, paper: dict) -> dict:
    """code_url and project_url; a repository given as the project page is the code."""
    links: dict[str, str | None] = {}
    repo = clean_url(clean_text(item.get("githubRepo") or paper.get("githubRepo")))
    page = clean_url(clean_text(item.get("projectPage") or paper.get("projectPage")))
    if page and find_code_url(page) == page:
        repo, page = repo or page, None
    if repo:
        links["code_url"] = repo  # left out when absent, so the abstract is searched instead
    links["project_url"] = page
    return links


def _paper(item, first: int | None, last: int | None, ctx: ParseContext):
    if not isinstance(item, dict):
        return Skipped(first, "not a JSON object")
    wrapped = isinstance(item.get("paper"), dict)
    paper = item["paper"] if wrapped else item
    arxiv_id, version = parse_arxiv_id(clean_text(paper.get("id")))
    date = parse_date(clean_text(paper.get("publishedAt")), ctx.as_of)
    # A listing item's own publishedAt is the day Daily Papers showed it; a bare paper
    # object says the same in submittedOnDailyAt.
    listed = parse_date(clean_text(item.get("publishedAt") if wrapped else None)
                        or clean_text(paper.get("submittedOnDailyAt")), ctx.as_of)
    # `"hidden": true` only keeps the paper off that author's own profile page (the author
    # chose so): the person is still an author, in place.
    authors = [
        clean_text(a.get("name")) for a in as_list(paper.get("authors"))
        if isinstance(a, dict) and clean_text(a.get("name"))
    ]
    org, org_slug = _organization(item, paper)
    upvotes = int_or_none(paper.get("upvotes"))
    return ctx.make(
        first, last,
        title=clean_text(paper.get("title")) or clean_text(item.get("title")),
        abstract=clean_text(paper.get("summary")) or clean_text(item.get("summary")),
        authors=authors,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        date=date,
        listed_on=listed if listed != date else None,
        upvotes=upvotes if upvotes is not None else int_or_none(item.get("upvotes")),
        org=org,
        org_slug=org_slug,
        **_links(item, paper),
    )


def _locate(value):
    if isinstance(value, list):
        return ()
    if isinstance(value, dict) and ("paper" in value or "title" in value or "id" in value):
        return None
    return False


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    return parse_responses(lines, ctx, _locate, _paper, "Hugging Face",
                           "a Hugging Face papers response (no paper list or paper)", "item", "papers")
