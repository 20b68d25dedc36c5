"""BibTeX entries for LaTeX: `@misc`/`@article` with stable keys, arXiv eprint fields."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from ..model import Paper

_BIB_SPECIAL = re.compile(r"([&%$#_{}])")


def bib_escape(text: str) -> str:
    """Escape the characters BibTeX and LaTeX treat as markup; keep LaTeX math as written."""
    if "$" in text or "\\" in text:
        return text.replace("&", r"\&").replace("%", r"\%").replace("#", r"\#")
    return _BIB_SPECIAL.sub(r"\\\1", text).replace("~", r"\~{}").replace("^", r"\^{}")


def bib_key(paper: Paper, used: set[str]) -> str:
    """Stable key: first author's surname + year + first title word, a/b suffixes on clashes."""
    from ..normalize import fold_text

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
    for p in records:
        n += 1
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
