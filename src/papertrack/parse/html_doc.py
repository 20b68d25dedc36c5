"""What the saved-HTML sources share (not a source itself): reading a page whole with a size
cap, parsing it with lxml through BeautifulSoup, element text, meta tags, citation-style author
names, and the source line of a spot in the page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..normalize import collapse_ws
from .context import Skipped

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

MAX_PAGE_BYTES = 50 * 1024 * 1024
TOO_LARGE = "page larger than 50 MB, not parsed; save the page alone (HTML only) and retry"

_HTML_MARK = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|div|dl)\b", re.IGNORECASE)
# arXiv prints auto-linked URLs as "this https URL"; the href is what the author wrote.
_LINK_PLACEHOLDER = re.compile(r"^\s*this\s+https?\s+URL\s*$", re.IGNORECASE)
_BLOCKS = ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "td", "dd", "dt"]


def looks_like_html(sample: str) -> bool:
    return bool(_HTML_MARK.search(sample))


class Page:
    """One saved page: its text and parsed tree, and a way back from tree to source lines."""

    def __init__(self, text: str, soup: BeautifulSoup):
        self.text = text
        self.soup = soup
        self._line_starts: list[int] | None = None

    def line_at(self, offset: int) -> int | None:
        """1-based line of a character offset (None for a negative offset: not found)."""
        if offset < 0:
            return None
        if self._line_starts is None:
            self._line_starts = [m.end() for m in re.finditer("\n", self.text)]
        return bisect_right(self._line_starts, offset) + 1

    def find(self, pattern: str | re.Pattern, start: int = 0) -> int:
        """Offset of the first match at or after `start`, or -1."""
        if isinstance(pattern, str):
            return self.text.find(pattern, start)
        m = pattern.search(self.text, start)
        return m.start() if m else -1

    def line_of(self, tag: Tag | None, pattern: str | re.Pattern, start: int = 0) -> tuple[int | None, int]:
        """(source line of `tag`, offset to search on from).

        bs4 records lines only with html.parser; under lxml the first match of `pattern`
        (the element's own opening markup) at or after `start` stands in for the tag.
        """
        offset = self.find(pattern, start)
        line = getattr(tag, "sourceline", None) or self.line_at(offset)
        return line, (offset + 1 if offset >= 0 else start)


def read_page(lines: Iterable[str]) -> Page | Skipped:
    """Join the input lines and parse them as HTML; a Skipped when too large or unparseable."""
    parts: list[str] = []
    size = 0
    for line in lines:
        size += len(line.encode("utf-8", "replace")) + 1
        if size > MAX_PAGE_BYTES:
            return Skipped(None, TOO_LARGE)
        parts.append(line)
    text = "\n".join(parts)
    from bs4 import BeautifulSoup  # imported here: only HTML inputs pay for it
    from bs4.exceptions import ParserRejectedMarkup

    try:
        soup = BeautifulSoup(text, "lxml")
    except (ParserRejectedMarkup, ValueError) as exc:
        return Skipped(1, f"not parseable as HTML ({exc})")
    return Page(text, soup)


def element_text(tag: Tag | None) -> str | None:
    """Visible text of an element, its `Title:`-style descriptor dropped, links arXiv
    shortened to "this https URL" written out, whitespace collapsed."""
    if tag is None:
        return None
    for descriptor in tag.select(".descriptor"):
        descriptor.decompose()
    for link in tag.find_all("a", href=True):
        if _LINK_PLACEHOLDER.match(link.get_text()):
            link.string = link["href"]
    # Blocks end words (`<h5>Abstract</h5><span>We` is two words); inline markup does not
    # (`H<sub>2</sub>O`), so only blocks get a space.
    for block in tag.find_all(_BLOCKS):
        block.insert_after(" ")
    return collapse_ws(tag.get_text())


def link_targets(*tags: Tag | None) -> str:
    """The hrefs inside the given elements, space-separated (for finding code URLs)."""
    return " ".join(a["href"] for t in tags if t is not None for a in t.find_all("a", href=True))


def meta_values(soup: BeautifulSoup) -> dict[str, list[str]]:
    """`<meta name|property=K content=V>` as {lower-case K: [V, ...]} in page order."""
    values: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("name") or tag.get("property")
        content = collapse_ws(tag.get("content"))
        if isinstance(key, str) and content:
            values.setdefault(key.strip().lower(), []).append(content)
    return values
