"""One BibTeX/BibLaTeX entry to record fields (not a layout itself; `bibtex` splits the file):
where each tool puts the arXiv id, category, day and venue, titles and subtitles decoded from TeX.
Imported only when a .bib file is read.
"""

from __future__ import annotations

import re
from typing import Any

from ..arxiv_taxonomy import is_category
from ..normalize import is_partial_date, normalize_date, parse_arxiv_id
from .bibtex_values import BadValue, person_names, resolve
from .context import ParseContext, Skipped
from .tex import latex_to_text

__all__ = ["BadValue", "paper", "resolve"]

# Venues that only say "a preprint": no journal reference.
_PLACEHOLDER_VENUE = re.compile(r"^(?:arxiv(?:\s+preprint\b.*|\s+e-prints|\.org)?|corr|preprint|ssrn)\.?$",
                                re.IGNORECASE)
_PREPRINT_ID = re.compile(r"^arxiv\s+preprint\s+(?:arxiv:\s*)?(\S+)", re.IGNORECASE)
_BRACKETED_CLASS = re.compile(r"arxiv:\s*\S+\s*\[([A-Za-z.\-]+)\]", re.IGNORECASE)
_PLAIN_ESCAPE = re.compile(r"\\([_%#&$])")


def _plain(value: str | None) -> str | None:
    """A DOI, URL or id as written, without the braces and escapes BibTeX wraps it in."""
    return _PLAIN_ESCAPE.sub(r"\1", value.replace("{", "").replace("}", "")).strip() or None if value else None


def _arxiv(f: dict[str, str]) -> tuple[str | None, str | None]:
    """(the arXiv id as written, the primary category the entry names)."""
    prefix = (f.get("archiveprefix") or f.get("eprinttype") or "").strip().lower()
    category = next((c for c in (f.get("primaryclass"), f.get("eprintclass")) if c and is_category(c.strip())), None)
    eprint = _plain(f.get("eprint"))
    if eprint and (prefix == "arxiv" or (not prefix and parse_arxiv_id(eprint)[0])):
        return eprint, category
    journal = f.get("journal") or f.get("journaltitle") or ""
    if m := _PREPRINT_ID.match(journal.strip()):
        return m[1].rstrip(".,"), category
    for key in ("volume", "url", "howpublished", "note", "doi"):
        text = _plain(f.get(key)) or ""
        if key == "volume" and not text.startswith("abs/"):
            continue
        arxiv_id, _ = parse_arxiv_id(text.removeprefix("abs/"))
        if arxiv_id:
            bracketed = _BRACKETED_CLASS.search(text)
            if not category and bracketed and is_category(bracketed[1]):
                category = bracketed[1]
            return text.removeprefix("abs/") if key == "volume" else arxiv_id_with_version(text), category
    return None, category


def arxiv_id_with_version(text: str) -> str | None:
    """The id written in a URL or note, with its version (`arXiv:1901.00042v3 [quant-ph]`)."""
    m = re.search(r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)(\S+?)(?:\.pdf)?(?=[\s\]},;]|$)", text, re.IGNORECASE)
    return m[1] if m else parse_arxiv_id(text)[0]


def _date(f: dict[str, str]) -> str | None:
    """BibLaTeX's `date` (`2024-05-17`, `2024-05-17/2024-05-20`); a year or a month is no day."""
    written = (f.get("date") or "").strip().split("/")[0]
    if not written or is_partial_date(written):
        return None
    return normalize_date(written) or written  # as written when unreadable: make reports it


def _title(f: dict[str, str]) -> str | None:
    title = latex_to_text(f["title"]) if f.get("title") else None
    subtitle = latex_to_text(f["subtitle"]) if f.get("subtitle") else None
    if title and subtitle:
        title = title.rstrip() + ("" if title.rstrip()[-1:] in ".?!" else ".") + " " + subtitle
    return title or subtitle


def _venue(f: dict[str, str]) -> str | None:
    venue = next((f[k] for k in ("journal", "journaltitle", "booktitle") if f.get(k)), None)
    if not venue:
        return None
    venue = " ".join(latex_to_text(venue).split())
    return None if _PLACEHOLDER_VENUE.match(venue) else venue


def paper(entry, strings: dict[str, str], ctx: ParseContext) -> Any:
    """The record of one bibtexparser Entry (raw values), or Skipped naming the field that breaks it."""
    first = (entry.start_line or 0) + 1  # bibtexparser counts lines from 0
    last = first + (entry.raw or "").count("\n")
    f: dict[str, str] = {}
    for field in entry.fields:
        key = field.key.lower()
        if key in f:
            ctx.notes.append((first, f"field {field.key!r} left out (a second one; BibTeX reads the first)"))
            continue
        try:
            f[key] = resolve(field.value if isinstance(field.value, str) else str(field.value), strings)
        except BadValue as exc:
            return Skipped(first, f"@{entry.entry_type}{{{entry.key}: field {field.key!r}: {exc}")
    names, truncated = person_names(f["author"]) if f.get("author") else ([], False)
    arxiv_id, category = _arxiv(f)
    return ctx.make(
        first, last,
        title=_title(f),
        authors=names,
        authors_truncated=truncated,
        date=_date(f),
        category=category,
        categories=[category] if category else [],
        arxiv_id=arxiv_id,
        doi=_plain(f.get("doi")),
        abstract=latex_to_text(f["abstract"]) if f.get("abstract") else None,
        journal_ref=_venue(f),
    )
