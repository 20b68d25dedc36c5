"""A Markdown reading list: one bullet a paper with its authors, title, year and link."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from ..model import Paper

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def write_markdown(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    """A bulleted reading list: authors, **title**, year, and the arXiv (else DOI) link."""
    n = 0
    for p in records:
        n += 1
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
