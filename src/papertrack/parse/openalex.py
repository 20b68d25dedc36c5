"""OpenAlex works saved as JSON: a list response (`{"meta", "results": [work, ...]}`), a bare
list of works, or one work (`api.openalex.org/works/W...`). The abstract is rebuilt from
`abstract_inverted_index`, the arXiv id from the DOI or arxiv.org locations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..json_values import as_list, dig
from ..normalize import arxiv_id_from_doi, normalize_doi, parse_arxiv_id, parse_date
from .context import ParseContext, Skipped
from .json_doc import clean_text, parse_responses, starts_like_json

NAME = "openalex"
DESCRIPTION = "OpenAlex works JSON (api.openalex.org/works list or single work)"
EXAMPLE = '{"meta": {"count": 2}, "results": [{"id": "https://openalex.org/W...", "display_name": ...}]}'

_MARKS = ('"abstract_inverted_index"', '"authorships"', '"https://openalex.org/W')


def detect(sample: str) -> float:
    return 1.0 if starts_like_json(sample) and any(m in sample for m in _MARKS) else 0.0


def rebuild_abstract(inverted) -> str | None:
    """OpenAlex stores abstracts as {word: [positions]}; put each word back at its places."""
    if not isinstance(inverted, dict):
        return None
    placed: dict[int, str] = {}
    for word, positions in inverted.items():
        for pos in as_list(positions):
            if isinstance(pos, int) and not isinstance(pos, bool) and 0 <= pos < 100_000:
                placed[pos] = word
    return " ".join(placed[p] for p in sorted(placed)) or None


def _locations(work: dict) -> list[dict]:
    locations = [work.get("primary_location"), work.get("best_oa_location"), *as_list(work.get("locations"))]
    return [loc for loc in locations if isinstance(loc, dict)]


def _arxiv(work: dict, doi: str | None) -> tuple[str | None, int | None]:
    """arXiv id from the DOI, from `ids`, or from an arxiv.org landing page or PDF link."""
    if from_doi := arxiv_id_from_doi(doi):
        return from_doi, None
    urls = [dig(work, "ids", "arxiv")]
    for loc in _locations(work):
        urls += [loc.get("landing_page_url"), loc.get("pdf_url")]
    for url in urls:
        arxiv_id, version = parse_arxiv_id(clean_text(url))
        if arxiv_id:
            return arxiv_id, version
    return None, None


def _journal_ref(work: dict) -> str | None:
    """The primary venue, unless it is arXiv or another repository (a preprint's home)."""
    source = dig(work, "primary_location", "source", kind=dict)
    if source is None or source.get("type") == "repository":
        return None
    name = clean_text(source.get("display_name"))
    return name if name and "arxiv" not in name.lower() else None


def _affiliations(authorships: list) -> list[str]:
    seen: list[str] = []
    for authorship in authorships:
        for inst in as_list(authorship.get("institutions")):
            name = clean_text(dig(inst, "display_name"))
            if name and name not in seen:
                seen.append(name)
    return seen


def _paper(work, first: int | None, last: int | None, ctx: ParseContext):
    if not isinstance(work, dict):
        return Skipped(first, "not a JSON object")
    doi = normalize_doi(clean_text(work.get("doi")))
    arxiv_id, version = _arxiv(work, doi)
    authorships = [a for a in as_list(work.get("authorships")) if isinstance(a, dict)]
    authors = []
    for authorship in authorships:
        authors.append(clean_text(dig(authorship, "author", "display_name"))
                       or clean_text(authorship.get("raw_author_name")) or "")
    return ctx.make(
        first, last,
        title=clean_text(work.get("display_name")) or clean_text(work.get("title")),
        abstract=rebuild_abstract(work.get("abstract_inverted_index")),
        authors=authors,
        # OpenAlex cuts list views at 100 authorships and says so.
        authors_truncated=work.get("is_authors_truncated") is True,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=doi,
        date=parse_date(clean_text(work.get("publication_date")), ctx.as_of),
        journal_ref=_journal_ref(work),
        affiliations=_affiliations(authorships),
    )


def _locate(value):
    if isinstance(value, list):
        return ()
    if isinstance(value, dict) and "results" in value:
        return ("results",)
    if isinstance(value, dict) and ("display_name" in value or "title" in value):
        return None
    return False


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    return parse_responses(lines, ctx, _locate, _paper, "OpenAlex",
                           "an OpenAlex works response (no results list or work)", "result", "works")
