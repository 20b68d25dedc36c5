"""A table on the terminal, drawn by rich to fit its width."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..model import Paper


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
    for p in records:
        n += 1
        authors = ", ".join(p.authors[:3])
        if p.authors_truncated or len(p.authors) > 3:
            authors += " et al." if authors else f"{p.author_count or '?'} authors"
        table.add_row(p.date or "", p.category or "", p.title or (p.abstract or "")[:80] + "…",
                      authors, p.arxiv_id or "", "yes" if p.has_code else "")
    Console(file=out).print(table)
    return n
