"""CSL-JSON (CSL 1.0.2 items) for pandoc, Zotero and citeproc processors: one JSON array of
items with the citation keys the BibTeX writer gives (`[@zhao2025diffusion]` cites the same
paper from either file), `type` `article` for a preprint and `article-journal` with a journal
reference, names as `family`/`given`/`non-dropping-particle`/`suffix`, a preprint's arXiv id as `number`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ..model import Paper
from ..names import name_parts
from .citation import CitationKeys, date_parts, paper_url

_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def write_csl_json(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    keys = CitationKeys()
    n = 0
    out.write("[")
    for n, paper in enumerate(records, 1):
        out.write(("\n" if n == 1 else ",\n") + _ENCODE(csl_item(paper, keys.key(paper))))
    out.write("\n]\n" if n else "]\n")
    return n


def csl_item(p: Paper, key: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": "article-journal" if p.journal_ref else "article"}
    if p.title:
        item["title"] = p.title
    authors = [_csl_name(name) for name in p.authors]
    if authors := [a for a in authors if a]:
        item["author"] = authors
    if date := date_parts(p):
        item["issued"] = {"date-parts": [date]}
    if p.journal_ref:
        item["container-title"] = p.journal_ref
    elif p.arxiv_id:  # a preprint: where it is published and its number there, as Zotero writes them
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{p.arxiv_id}"
    if p.doi:
        item["DOI"] = p.doi
    if url := paper_url(p):
        item["URL"] = url
    if p.abstract:
        item["abstract"] = p.abstract
    if p.categories:
        item["keyword"] = ", ".join(p.categories)
    return item


def _csl_name(name: str) -> dict[str, str] | None:
    parts = name_parts(name)
    if parts is None:
        return None
    if parts.given is None and parts.particle is None and (" " in parts.family or "," in parts.family):
        return {"literal": parts.family}  # an institution, kept whole
    csl = {"family": parts.family}
    if parts.given:
        csl["given"] = parts.given
    if parts.particle:
        csl["non-dropping-particle"] = parts.particle
    if parts.suffix:
        csl["suffix"] = parts.suffix
    return csl
