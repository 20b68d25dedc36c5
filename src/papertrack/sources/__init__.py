"""The registry of layouts `parse` reads. Adding one: write a module beside this file with
NAME, DESCRIPTION, EXAMPLE, detect(sample) and parse(lines, ctx), add its line to SOURCES, and
drop a dump and its expected records into tests/fixtures/parse/.

Modules are imported only when needed: detection first sniffs what kind of text the input is
(markup, JSON or plain text) and asks only the layouts of that kind, so `parse` of a pasted
page never pays for the XML, HTML and JSON parsers' imports.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

# (NAME, module, kind). Order breaks ties in detection: the more specific layout first.
SOURCES: tuple[tuple[str, str, str], ...] = (
    # JSON API layouts come before records: a one-line response must not read as a record.
    ("hf-api", "hf_api", "json"),
    ("s2", "s2_api", "json"),
    ("openalex", "openalex_api", "json"),
    ("dblp", "dblp_api", "json"),
    ("records", "records", "json"),
    # Saved pages and feeds: the site-specific ones score above citation-meta.
    ("arxiv-html", "arxiv_html", "markup"),
    ("hf-html", "hf_html", "markup"),
    ("citation-meta", "citation_meta", "markup"),
    ("arxiv-atom", "arxiv_atom", "markup"),
    # Text copied out of the browser.
    ("arxiv-listing", "arxiv_listing", "text"),
    ("arxiv-trailing-ids", "arxiv_trailing_ids", "text"),
    ("profile", "profile", "text"),
    ("hf-daily", "hf_daily", "text"),
)

# A layout must score at least this on the sample to be chosen without --source.
MIN_SCORE = 0.3

_JSON_START = re.compile(r'(?:\{\s*(?:"|\}|$)|\[\s*(?:[\[{"\]]|$))')


def load(module: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{module}")


def names() -> list[str]:
    return [name for name, _, _ in SOURCES]


def by_name(name: str) -> ModuleType | None:
    return next((load(module) for n, module, _ in SOURCES if n == name), None)


def kind_of(name: str) -> str:
    """`json`, `markup` or `text`: the kind of input a layout reads."""
    return next(k for n, _, k in SOURCES if n == name)


def all_sources() -> list[ModuleType]:
    return [load(module) for _, module, _ in SOURCES]


def sniff_kind(sample: str) -> str:
    """`markup`, `json` or `text`, from how the input starts."""
    head = sample.lstrip("\ufeff \t\r\n")[:200]
    if head.startswith("<"):
        return "markup"
    return "json" if _JSON_START.match(head) else "text"


def detect(sample: str) -> tuple[ModuleType | None, float]:
    """The layout that fits the sample best, with its score (None when nothing fits).

    Layouts of the sniffed kind are asked first; when none of them fits, all are asked.
    """
    kind = sniff_kind(sample)
    best, best_score = _best(sample, [m for _, m, k in SOURCES if k == kind])
    if best_score < MIN_SCORE:
        best, best_score = _best(sample, [m for _, m, k in SOURCES if k != kind], best, best_score)
    return (best, best_score) if best_score >= MIN_SCORE else (None, best_score)


def _best(sample: str, modules: list[str], best: ModuleType | None = None, best_score: float = 0.0):
    for module in modules:
        source = load(module)
        score = source.detect(sample)
        if score > best_score:
            best, best_score = source, score
    return best, best_score
