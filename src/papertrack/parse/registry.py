"""The registry of layouts `parse` reads: the whole truth about each one (name, module, kind of
input, and the authority dedup gives its values when sources disagree).

Adding a layout: one module beside this file that fits `LayoutModule`, one line in `LAYOUTS`,
and one fixture folder `tests/fixtures/parse/<name>/`.

Modules are imported only when needed: detection first sniffs what kind of text the input is
(markup, JSON or plain text) and asks only the layouts of that kind, so `parse` of a pasted
page never pays for the XML, HTML and JSON parsers' imports.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from ..model import Paper
    from .context import ParseContext, Skipped

# Authority: which source wins when values disagree (lower wins).
ARXIV_API, OTHER_API, LISTING, PASTED = 0, 1, 2, 3


class Layout(NamedTuple):
    """One row of LAYOUTS (a named tuple, not a dataclass: it is built on every start-up, and
    a frozen dataclass costs 1 ms to define)."""

    name: str
    """What `--source` and `source.format` call it."""
    module: str
    """Its module in this package."""
    kind: str
    """`json`, `markup` or `text`: what the input starts like."""
    authority: int
    """Dedup's merge precedence: ARXIV_API > OTHER_API > LISTING > PASTED."""


class LayoutModule(Protocol):
    """What a layout module provides."""

    NAME: str
    DESCRIPTION: str
    EXAMPLE: str

    def detect(self, sample: str) -> float:
        """0 = not this layout, 1 = certainly this layout, from the input's first 64 KiB."""
        ...

    def parse(self, lines: Iterable[str], ctx: ParseContext) -> Iterator[Paper | Skipped]:
        """Records (built with `ctx.make`) and `Skipped` reports, in input order."""
        ...


# Order breaks ties in detection: the more specific layout first.
LAYOUTS: tuple[Layout, ...] = (
    # JSON API layouts come before records: a one-line response must not read as a record.
    Layout("hf-api", "hf_api", "json", OTHER_API),
    Layout("s2", "s2", "json", OTHER_API),
    Layout("openalex", "openalex", "json", OTHER_API),
    Layout("dblp", "dblp", "json", OTHER_API),
    Layout("kaggle-arxiv", "kaggle_arxiv", "json", ARXIV_API),
    Layout("csl-json", "csl_json", "json", LISTING),
    Layout("records", "records", "json", LISTING),
    # Other tools' records: below every layout that knows its input's shape.
    Layout("json-records", "json_records", "json", LISTING),
    # Saved pages and feeds: the site-specific ones score above citation-meta.
    Layout("arxiv-html", "arxiv_html", "markup", LISTING),
    Layout("hf-html", "hf_html", "markup", LISTING),
    Layout("citation-meta", "citation_meta", "markup", LISTING),
    Layout("arxiv-atom", "arxiv_atom", "markup", ARXIV_API),
    Layout("arxiv-oai", "arxiv_oai", "markup", ARXIV_API),
    # Text copied out of the browser.
    Layout("arxiv-listing", "arxiv_listing", "text", LISTING),
    Layout("arxiv-trailing-ids", "arxiv_trailing_ids", "text", LISTING),
    Layout("profile", "profile", "text", PASTED),
    Layout("hf-daily", "hf_daily", "text", LISTING),
    # Reference managers' exports.
    Layout("bibtex", "bibtex", "text", LISTING),
    Layout("ris", "ris", "text", LISTING),
)
# A record whose format no layout names (written by an older or newer papertrack).
DEFAULT_AUTHORITY = LISTING

# A layout must score at least this on the sample to be chosen without --source.
MIN_SCORE = 0.3

_JSON_START = re.compile(r'(?:\{\s*(?:"|\}|$)|\[\s*(?:[\[{"\]]|$))')


def load(layout: Layout) -> LayoutModule:
    module: ModuleType = importlib.import_module(f"{__package__}.{layout.module}")
    return module  # a module fits the Protocol structurally


def names() -> list[str]:
    return [layout.name for layout in LAYOUTS]


def get(name: str) -> Layout | None:
    return next((layout for layout in LAYOUTS if layout.name == name), None)


def by_name(name: str) -> LayoutModule | None:
    layout = get(name)
    return load(layout) if layout else None


def kind_of(name: str) -> str:
    """`json`, `markup` or `text`: the kind of input a layout reads."""
    layout = get(name)
    if layout is None:
        raise KeyError(name)
    return layout.kind


_AUTHORITY: dict[str, int] = {}
_AUTHORITY_OF: list[tuple[Layout, ...]] = [()]  # the LAYOUTS that _AUTHORITY was built from


def authority(name: str) -> int:
    """Dedup's precedence for values from this layout (lower wins); asked per record of a merge."""
    if _AUTHORITY_OF[0] is not LAYOUTS:
        _AUTHORITY.clear()
        _AUTHORITY.update((layout.name, layout.authority) for layout in LAYOUTS)
        _AUTHORITY_OF[0] = LAYOUTS
    return _AUTHORITY.get(name, DEFAULT_AUTHORITY)


def all_layouts() -> list[LayoutModule]:
    return [load(layout) for layout in LAYOUTS]


def sniff_kind(sample: str) -> str:
    """`markup`, `json` or `text`, from how the input starts."""
    head = sample.lstrip("\ufeff \t\r\n")[:200]
    if head.startswith("<"):
        return "markup"
    return "json" if _JSON_START.match(head) else "text"


def detect(sample: str) -> tuple[LayoutModule | None, float]:
    """The layout that fits the sample best, with its score (None when nothing fits).

    Layouts of the sniffed kind are asked first; when none of them fits, all are asked.
    """
    kind = sniff_kind(sample)
    best, best_score = _best(sample, [layout for layout in LAYOUTS if layout.kind == kind])
    if best_score < MIN_SCORE:
        best, best_score = _best(sample, [layout for layout in LAYOUTS if layout.kind != kind], best, best_score)
    return (best, best_score) if best_score >= MIN_SCORE else (None, best_score)


def _best(sample: str, layouts: list[Layout], best: LayoutModule | None = None,
          best_score: float = 0.0) -> tuple[LayoutModule | None, float]:
    for layout in layouts:
        module = load(layout)
        score = module.detect(sample)
        if score > best_score:
            best, best_score = module, score
    return best, best_score
