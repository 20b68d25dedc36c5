"""What every citation format derives from a record in the same way: its citation key, its year
(from the date, else from the arXiv id), the link to the paper's own page, and a record's
place for messages.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..model import Paper
from ..names import name_parts
from ..normalize import fold_text, title_key

# Words a key's title word never is: they say nothing about the paper.
_KEY_STOP_WORDS = frozenset("about after against among from into onto over than that their there these this "
                            "those through toward towards under using what when where which while with within "
                            "without your".split())
# Letters that folding keeps outside ASCII, as keys spell them (`Ørsted` -> orsted).
_KEY_LETTERS = str.maketrans({"ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "þ": "th",
                              "ð": "d", "ı": "i"})
_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")
_NEW_STYLE_ID = re.compile(r"(\d\d)(\d\d)\.\d{4,5}")
_OLD_STYLE_ID = re.compile(r"[a-z\-]+(?:\.[A-Z]{2})?/(\d\d)(\d\d)\d{3}")


def arxiv_year_month(arxiv_id: str | None) -> tuple[int, int] | None:
    """The year and month an arXiv id was given out: `2510.02212` -> (2025, 10), `cond-mat/0412498`
    -> (2004, 12); the ids say it, since arXiv numbers papers by the month they arrive."""
    if not arxiv_id:
        return None
    m = _NEW_STYLE_ID.fullmatch(arxiv_id) or _OLD_STYLE_ID.fullmatch(arxiv_id)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    yy = int(m.group(1))
    return (1900 + yy if yy >= 91 else 2000 + yy), int(m.group(2))


def paper_year(paper: Paper) -> int | None:
    parts = date_parts(paper)
    return parts[0] if parts else None


def date_parts(paper: Paper) -> list[int]:
    """[year, month, day] of the record's date (as far as it goes), else [year] of its arXiv id."""
    if paper.date and (m := _DATE.match(paper.date)):
        year, month, day = (int(part) if part else 0 for part in m.groups())
        return [year] if not 1 <= month <= 12 else [year, month] if not 1 <= day <= 31 else [year, month, day]
    from_id = arxiv_year_month(paper.arxiv_id)
    return [from_id[0]] if from_id else []


def paper_url(paper: Paper) -> str | None:
    """The paper's own page: its arXiv abstract page, else its DOI; never the code repository."""
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}"
    if paper.doi:
        return doi_url(paper.doi)
    return None


def doi_url(doi: str) -> str:
    # A DOI may hold any printable character; the URL escapes what URLs and TeX cannot carry.
    return "https://doi.org/" + quote(doi, safe="/:;()._-<>[]!*'@+=,")


def where(paper: Paper) -> str:
    """`FILE:LINE` of the record's first source (as skipped blocks are reported), else its id."""
    if not paper.sources:
        return paper.id
    source = paper.sources[0]
    return f"{source.file}:{source.line}" if source.line else source.file


class CitationKeys:
    """Keys like `zhao2025diffusion`: first author's family name, year, first telling title
    word; `b`, `c`, ... on a clash, so the same records in the same order get the same keys."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.clashes: dict[str, int] = {}  # per base, the suffix number to try next

    def key(self, paper: Paper) -> str:
        parts = name_parts(paper.authors[0]) if paper.authors else None
        family = re.sub(r"[^a-z0-9]", "", fold_text(parts.family).translate(_KEY_LETTERS)) if parts else ""
        year = paper_year(paper)
        words = [w for w in title_key(paper.title or "").split() if len(w) > 3 and w not in _KEY_STOP_WORDS]
        base = (family or "anon") + (str(year) if year else "") + (words[0] if words else "")
        key, n = base, self.clashes.get(base, 1)
        while key in self.used:
            n += 1
            key = base + _letters(n)
        self.clashes[base] = n
        self.used.add(key)
        return key


def _letters(n: int) -> str:
    """2 -> b, 26 -> z, 27 -> aa."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out
