"""BibTeX and BibLaTeX files, as arXiv's "Export BibTeX citation", Google Scholar, dblp, Zotero
(Better BibTeX), JabRef and `papertrack --format bibtex` write them: `eprint` with
`archivePrefix`/`eprinttype` and `primaryClass`/`eprintclass`, `arXiv preprint arXiv:ID` in
`journal`, CoRR's `volume = {abs/ID}`, `doi`, `Last, First and ...` names with von parts and
suffixes, TeX markup to Unicode, `date` (a year or month alone is no day: no date).

bibtexparser v2 splits the file into blocks; a broken entry is skipped with its line and the
rest is read. Math (`$O(n \\log n)$`) stays as written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..arxiv_taxonomy import is_category
from ..normalize import is_partial_date, normalize_date, parse_arxiv_id
from .bibtex_values import BadValue, person_names, resolve
from .context import ParseContext, Skipped
from .tex import latex_to_text

NAME = "bibtex"
DESCRIPTION = "BibTeX or BibLaTeX (.bib): arXiv, Google Scholar, dblp, Zotero exports and papertrack's own"
EXAMPLE = "@misc{vaswani2017attention, title={Attention Is All You Need}, eprint={1706.03762}, archivePrefix={arXiv}}"

_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*\{", re.MULTILINE)
_NOT_ENTRY = ("comment", "string", "preamble")
# Venues that only say "a preprint": no journal reference.
_PLACEHOLDER_VENUE = re.compile(r"^(?:arxiv(?:\s+preprint\b.*|\s+e-prints|\.org)?|corr|preprint|ssrn)\.?$",
                                re.IGNORECASE)
_PREPRINT_ID = re.compile(r"^arxiv\s+preprint\s+(?:arxiv:\s*)?(\S+)", re.IGNORECASE)
_BRACKETED_CLASS = re.compile(r"arxiv:\s*\S+\s*\[([A-Za-z.\-]+)\]", re.IGNORECASE)
_PLAIN_ESCAPE = re.compile(r"\\([_%#&$])")

# bibtexparser logs each broken block at WARNING level; they are reported here as skips instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False


def detect(sample: str) -> float:
    entries = [m.group(0) for m in _ENTRY.finditer(sample)]
    kinds = {e.split("@", 1)[1].strip(" \t{").lower() for e in entries}
    return 0.95 if kinds - set(_NOT_ENTRY) else 0.0


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


def _paper(entry, strings: dict[str, str], ctx: ParseContext) -> Any:
    first = _line(entry)
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


def _line(block) -> int:
    return (block.start_line or 0) + 1  # bibtexparser counts lines from 0


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator[Any]:
    import bibtexparser
    from bibtexparser.model import DuplicateFieldKeyBlock, Entry, ParsingFailedBlock, String

    # The raw values: strings, `#` and broken values are read by bibtex_values.
    library = bibtexparser.parse_string("\n".join(lines), parse_stack=[])
    strings: dict[str, str] = {}
    for block in library.blocks:
        if isinstance(block, String):
            try:
                strings[block.key.lower()] = resolve(block.value, strings)
            except BadValue as exc:
                yield Skipped(_line(block), f"@string{{{block.key}: {exc}")
        elif isinstance(block, DuplicateFieldKeyBlock):
            yield _paper(block.ignore_error_block, strings, ctx)
        elif isinstance(block, ParsingFailedBlock):
            why = getattr(block.error, "abort_reason", None) or str(block.error) or "not BibTeX"
            head = (block.raw or "").split("\n", 1)[0].strip().rstrip(",")[:60]
            yield Skipped(_line(block), f"{head}: {' '.join(why.split())}")
        elif isinstance(block, Entry):
            yield _paper(block, strings, ctx)
