"""The three metadata formats arXiv serves over OAI-PMH, each element to record fields (not a
layout itself; `arxiv_oai` walks the responses):

- `arXiv`: `<authors><author><keyname>`/`<forenames>`/`<suffix>`/`<affiliation>`, `<created>`
  (the first version's day), space-separated `<categories>` (primary first);
- `arXivRaw`: one TeX `<authors>` line, `<version version="vN"><date>` (RFC 2822) per version;
- `oai_dc`: Dublin Core, `dc:creator` as `Last, First`, categories only by name in `dc:subject`,
  `Comment: ...` as a second `dc:description`, journal ref and `doi:...` among `dc:identifier`.

Titles and abstracts keep arXiv's TeX, as every arXiv layout does; names are decoded to Unicode.
"""

from __future__ import annotations

from typing import Any

from ..arxiv_taxonomy import category_code
from ..names import citation_name
from ..normalize import parse_arxiv_id
from .arxiv_authors import arxiv_authors
from .tex import tex_to_text

ARXIV = "{http://arxiv.org/OAI/arXiv/}"
RAW = "{http://arxiv.org/OAI/arXivRaw/}"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}"
DC = "{http://purl.org/dc/elements/1.1/}"
FORMATS = {ARXIV + "arXiv": "arXiv", RAW + "arXivRaw": "arXivRaw", OAI_DC + "dc": "oai_dc"}


def fields(metadata, header_id: str | None) -> dict[str, Any] | None:
    """Record fields from a `<metadata>` element's one child; None for a format not read here."""
    kind = FORMATS.get(metadata.tag)
    if kind == "arXiv":
        values = _arxiv(metadata)
    elif kind == "arXivRaw":
        values = _arxiv_raw(metadata)
    elif kind == "oai_dc":
        values = _oai_dc(metadata)
    else:
        return None
    if not values.get("arxiv_id"):
        values["arxiv_id"] = header_id
    return values


def _text(element, tag: str) -> str | None:
    child = element.find(tag)
    return child.text if child is not None and child.text else None


def _categories(text: str | None) -> list[str]:
    return list(dict.fromkeys((text or "").split()))


def _common(element, ns: str) -> dict[str, Any]:
    categories = _categories(_text(element, ns + "categories"))
    dois = (_text(element, ns + "doi") or "").split()  # sometimes several; the first is the paper's
    return {
        "arxiv_id": _text(element, ns + "id"),
        "title": _text(element, ns + "title"),
        "abstract": _text(element, ns + "abstract"),
        "comment": _text(element, ns + "comments"),
        "journal_ref": _text(element, ns + "journal-ref"),
        "doi": dois[0] if dois else None,
        "categories": categories,
        "category": categories[0] if categories else None,
    }


def _arxiv(element) -> dict[str, Any]:
    values = _common(element, ARXIV)
    names, affiliations = [], []
    for author in element.iter(ARXIV + "author"):
        parts = (_text(author, ARXIV + "forenames"), _text(author, ARXIV + "keyname"), _text(author, ARXIV + "suffix"))
        name = " ".join(" ".join(tex_to_text(p).split()) for p in parts if p)
        if name:
            names.append(name)
        for affiliation in author.iter(ARXIV + "affiliation"):
            text = " ".join(tex_to_text(affiliation.text or "").split())
            if text and text not in affiliations:
                affiliations.append(text)
    values.update(authors=names, affiliations=affiliations, date=_text(element, ARXIV + "created"))
    return values


def _arxiv_raw(element) -> dict[str, Any]:
    values = _common(element, RAW)
    names, affiliations, truncated = arxiv_authors(_text(element, RAW + "authors"))
    versions = [(v.get("version") or "", _text(v, RAW + "date")) for v in element.iter(RAW + "version")]
    first = next((day for number, day in versions if number == "v1"), versions[0][1] if versions else None)
    numbers = [int(n[1:]) for n, _ in versions if n[:1] == "v" and n[1:].isdigit()]
    values.update(authors=names, affiliations=affiliations, authors_truncated=truncated, date=first,
                  arxiv_version=max(numbers) if numbers else None)
    return values


def _oai_dc(element) -> dict[str, Any]:
    def texts(tag: str) -> list[str]:
        return [" ".join(e.text.split()) for e in element.iter(DC + tag) if e.text and e.text.strip()]

    descriptions = texts("description")
    comment = next((d[len("Comment:"):].strip() for d in descriptions if d.startswith("Comment:")), None)
    abstract = next((d for d in element.iter(DC + "description")
                     if d.text and not d.text.strip().startswith("Comment:")), None)
    codes = [c for c in (category_code(s) for s in texts("subject")) if c]
    arxiv_id = doi = journal_ref = None
    for identifier in texts("identifier"):
        if identifier.lower().startswith("doi:"):
            doi = doi or identifier[4:].strip()
        elif "://" in identifier:
            arxiv_id = arxiv_id or parse_arxiv_id(identifier)[0]
        elif journal_ref is None:
            journal_ref = identifier  # arXiv lists the journal reference among the identifiers
    dates = texts("date")
    categories = list(dict.fromkeys(codes))
    return {
        "title": next(iter(texts("title")), None),
        "authors": [n for n in (citation_name(c) for c in texts("creator")) if n],
        "abstract": abstract.text if abstract is not None else None,
        "comment": comment or None,
        "date": dates[0] if dates else None,
        "categories": categories,
        "category": categories[0] if categories else None,
        "arxiv_id": arxiv_id,
        "doi": doi,
        "journal_ref": journal_ref,
    }
