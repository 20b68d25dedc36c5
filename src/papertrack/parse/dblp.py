"""dblp publication search saved as JSON (`dblp.org/search/publ/api?format=json`): hits under
`result.hits.hit[].info`. dblp gives a year but no day, ends titles with a period, numbers
homonymous authors (`Wei Li 0001`), and files arXiv preprints under venue `CoRR`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..json_values import as_list, dig
from ..normalize import arxiv_id_from_doi, normalize_doi, parse_arxiv_id
from .context import ParseContext, Skipped
from .json_doc import clean_text, parse_responses, starts_like_json

NAME = "dblp"
DESCRIPTION = "dblp publication search JSON (search/publ/api?format=json)"
EXAMPLE = '{"result": {"hits": {"@total": "2", "hit": [{"info": {"title": "...", "venue": "CoRR"}}]}}}'

_RESULT = re.compile(r'^\s*\{\s*"result"\s*:\s*\{')
_HOMONYM_NUMBER = re.compile(r"\s+\d{4}$")
# CoRR record keys encode the arXiv id: journals/corr/abs-2510-02212 is arXiv 2510.02212.
_CORR_KEY = re.compile(r"^journals/corr/abs-(\d{4})-(\d{4,5})$")
_HITS = ("result", "hits", "hit")


def detect(sample: str) -> float:
    if starts_like_json(sample) and _RESULT.match(sample) and '"hits"' in sample:
        return 1.0 if '"@total"' in sample or '"info"' in sample else 0.6
    return 0.0


def _title(value) -> str | None:
    title = clean_text(value)
    # dblp closes titles with a period of its own; an ellipsis is the title's.
    if title and title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    return title


def _authors(value) -> list[str]:
    names = []
    for author in as_list(dig(value, "author")):
        name = clean_text(author.get("text") if isinstance(author, dict) else author)
        if name:
            names.append(_HOMONYM_NUMBER.sub("", name.strip()))
    return names


def _arxiv(info: dict, electronic: list[str], doi: str | None) -> tuple[str | None, int | None]:
    for url in electronic:
        arxiv_id, version = parse_arxiv_id(url)
        if arxiv_id:
            return arxiv_id, version
    if from_doi := arxiv_id_from_doi(doi):
        return from_doi, None
    if _is_corr(info):
        volume = clean_text(info.get("volume")) or ""
        arxiv_id, version = parse_arxiv_id(volume.removeprefix("abs/"))
        if arxiv_id:
            return arxiv_id, version
        if m := _CORR_KEY.match(clean_text(info.get("key")) or ""):
            return f"{m[1]}.{m[2]}", None
    return None, None


def _venues(info: dict) -> list[str]:
    return [v for v in (clean_text(x) for x in as_list(info.get("venue"))) if v]


def _is_corr(info: dict) -> bool:
    return "CoRR" in _venues(info)


def _paper(hit, first: int | None, last: int | None, ctx: ParseContext):
    info = dig(hit, "info", kind=dict)
    if info is None:
        return Skipped(first, "a hit without an info object")
    electronic = [u for u in (clean_text(e) for e in as_list(info.get("ee"))) if u]
    doi = normalize_doi(clean_text(info.get("doi")))
    if not doi:
        doi = next((d for d in map(normalize_doi, electronic) if d), None)
    arxiv_id, version = _arxiv(info, electronic, doi)
    # A list of venues names the main one first (`["Queueing Syst. Theory Appl.", "QUESTA"]`).
    venue = next((v for v in _venues(info) if v != "CoRR"), None)
    return ctx.make(
        first, last,
        title=_title(info.get("title")),
        authors=_authors(info.get("authors")),
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=doi,
        journal_ref=venue,
    )


def _locate(value):
    if dig(value, "result", "hits", kind=dict) is None:
        return False
    return _HITS


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    return parse_responses(lines, ctx, _locate, _paper, "dblp",
                           "a dblp search response (no result.hits)", "hit", "hits")
