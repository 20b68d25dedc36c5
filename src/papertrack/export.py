"""Writers: records to jsonl, json, csv, bibtex or a terminal table.

Every writer but the table streams: a record is written as soon as it arrives, so a pipe
sees output at once and memory stays flat.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TextIO

from .model import FIELD_ORDER, Paper

FORMATS = ("jsonl", "json", "csv", "bibtex", "table")


def write(records: Iterable[Paper], fmt: str, out: TextIO, merged: bool = False) -> int:
    """Write records in `fmt` to `out`; return how many were written."""
    writer = {"jsonl": write_jsonl, "json": write_json, "csv": write_csv,
              "bibtex": write_bibtex, "table": write_table}[fmt]
    return writer(records, out, merged)


# One encoder for every record: json.dumps would build a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _dumps(paper: Paper, merged: bool) -> str:
    return _ENCODE(paper.to_dict(merged))


def write_jsonl(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    n = 0
    for n, paper in enumerate(records, 1):
        out.write(_dumps(paper, merged) + "\n")
    return n


def write_json(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    n = 0
    out.write("[")
    for n, paper in enumerate(records, 1):
        out.write(("\n" if n == 1 else ",\n") + _dumps(paper, merged))
    out.write("\n]\n" if n else "]\n")
    return n


CSV_COLUMNS = FIELD_ORDER + ("sources",)


def write_csv(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    """One row a paper; lists joined with "; " so a spreadsheet shows them in one cell."""
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    n = 0
    for n, paper in enumerate(records, 1):
        d = paper.to_dict(merged=True)
        d["sources"] = "; ".join(f"{s['file']}:{s['line']}" if s["line"] else s["file"] for s in d["sources"])
        w.writerow(["; ".join(v) if isinstance(v, list) else ("" if v is None else v)
                    for v in (d[c] for c in CSV_COLUMNS)])
    return n


# ---------------------------------------------------------------- BibTeX

_BIB_SPECIAL = re.compile(r"([&%$#_{}])")


def bib_escape(text: str) -> str:
    """Escape the characters BibTeX and LaTeX treat as markup; keep LaTeX math as written."""
    if "$" in text or "\\" in text:
        return text.replace("&", r"\&").replace("%", r"\%").replace("#", r"\#")
    return _BIB_SPECIAL.sub(r"\\\1", text).replace("~", r"\~{}").replace("^", r"\^{}")


def bib_key(paper: Paper, used: set[str]) -> str:
    """Stable key: first author's surname + year + first title word, a/b suffixes on clashes."""
    from .normalize import fold_text

    surname = fold_text(paper.authors[0].split()[-1]) if paper.authors else "anon"
    year = (paper.date or "")[:4] or "nd"
    words = [w for w in re.findall(r"[a-z0-9]+", fold_text(paper.title or "")) if len(w) > 3]
    base = re.sub(r"[^a-z0-9]", "", surname) + year + (words[0] if words else "")
    key, suffix = base, ord("a")
    while key in used:
        key, suffix = base + chr(suffix), suffix + 1
    used.add(key)
    return key


def write_bibtex(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    used: set[str] = set()
    n = 0
    for n, p in enumerate(records, 1):
        fields = [("title", "{" + bib_escape(p.title or "") + "}")]
        if p.authors:
            fields.append(("author", " and ".join(bib_escape(a) for a in p.authors)
                           + (" and others" if p.authors_truncated else "")))
        if p.date:
            fields.append(("year", p.date[:4]))
            fields.append(("month", str(int(p.date[5:7]))))
        if p.arxiv_id:
            fields += [("eprint", p.arxiv_id), ("archivePrefix", "arXiv")]
            if p.category:
                fields.append(("primaryClass", p.category))
        if p.doi:
            fields.append(("doi", p.doi))
        url = None  # the paper's own page goes to url; the code link is not the paper
        if p.arxiv_id:
            url = f"https://arxiv.org/abs/{p.arxiv_id}"
        elif p.doi:
            url = f"https://doi.org/{p.doi}"
        if url:
            fields.append(("url", url))
        if p.journal_ref:
            fields.append(("journal", bib_escape(p.journal_ref)))
        if p.abstract:
            fields.append(("abstract", bib_escape(p.abstract)))
        kind = "article" if p.journal_ref else "misc"
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        out.write(f"@{kind}{{{bib_key(p, used)},\n{body}\n}}\n\n")
    return n


# ---------------------------------------------------------------- terminal table


def write_table(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    """A rich table that fits the terminal: date, category, title, authors, id, code."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, expand=False, header_style="bold")
    table.add_column("date", no_wrap=True)
    table.add_column("cat", no_wrap=True)
    table.add_column("title", ratio=3, overflow="fold")
    table.add_column("authors", ratio=2, overflow="ellipsis")
    table.add_column("arXiv", no_wrap=True)
    table.add_column("code", no_wrap=True)
    n = 0
    for n, p in enumerate(records, 1):
        authors = ", ".join(p.authors[:3])
        if p.authors_truncated or len(p.authors) > 3:
            authors += " et al." if authors else f"{p.author_count or '?'} authors"
        table.add_row(p.date or "", p.category or "", p.title or (p.abstract or "")[:80] + "…",
                      authors, p.arxiv_id or "", "yes" if p.has_code else "")
    Console(file=out).print(table)
    return n


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def write_markdown(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    """A bulleted reading list: authors, **title**, year, and the arXiv (else DOI) link."""
    n = 0
    for n, p in enumerate(records, 1):
        parts = []
        if p.authors:
            names = ", ".join(p.authors) + (" et al." if p.authors_truncated else "")
            parts.append(_md_escape(names).rstrip(".") + ".")
        title = _md_escape(p.title or (p.abstract or "")[:80] + "…").rstrip(".")
        parts.append(f"**{title}**.")
        if p.date:
            parts.append(p.date[:4] + ".")
        if p.arxiv_id:
            parts.append(f"[arXiv:{p.arxiv_id}](https://arxiv.org/abs/{p.arxiv_id})")
        elif p.doi:
            parts.append(f"[doi:{p.doi}](https://doi.org/{p.doi})")
        out.write("- " + " ".join(parts) + "\n")
    return n
