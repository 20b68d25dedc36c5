"""The README's recipe for adding a layout, followed for a toy layout: one new module in
papertrack/parse/, one line in the registry, one fixture folder; nothing else is touched, and
detection, parsing, the golden checks, `papertrack sources` and dedup's authority all see it."""

from __future__ import annotations

import json
import sys

import papertrack.parse
from papertrack.parse import registry
from papertrack.parse.read import read_file

from .conftest import AS_OF
from .test_golden import check_golden, golden_pairs

TOY_MODULE = '''"""A toy layout: one paper a line, `Title | Author, Author | YYYY-MM-DD`."""

from collections.abc import Iterable, Iterator

from ..names import split_authors
from ..normalize import parse_date
from .context import ParseContext

NAME = "toy-lines"
DESCRIPTION = "one paper a line: title | authors | date"
EXAMPLE = "Attention Is All You Need | Ashish Vaswani, Noam Shazeer | 2017-06-12"


def detect(sample: str) -> float:
    lines = [line for line in sample.splitlines() if line.strip()]
    return 0.9 if lines and all(line.count(" | ") == 2 for line in lines) else 0.0


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    for n, line in enumerate(lines, 1):
        if line.strip():
            title, authors, day = line.split(" | ")
            yield ctx.make(n, title=title, authors=split_authors(authors)[0], date=parse_date(day, ctx.as_of))
'''


def test_a_toy_layout_is_one_module_one_registry_line_one_fixture_folder(tmp_path, monkeypatch):
    # 1. One module beside the others (here in a folder added to the parse package's path).
    package = tmp_path / "package"
    package.mkdir()
    (package / "toy_lines.py").write_text(TOY_MODULE, encoding="utf-8")
    monkeypatch.setattr(papertrack.parse, "__path__", [*papertrack.parse.__path__, str(package)])
    monkeypatch.delitem(sys.modules, "papertrack.parse.toy_lines", raising=False)
    # 2. One registry line.
    monkeypatch.setattr(registry, "LAYOUTS", (*registry.LAYOUTS,
                                              registry.Layout("toy-lines", "toy_lines", "text", registry.LISTING)))
    # 3. One fixture folder: a dump and its expected records.
    folder = tmp_path / "fixtures" / "toy-lines"
    folder.mkdir(parents=True)
    (folder / "two-papers.txt").write_text(
        "Attention Is All You Need | Ashish Vaswani, Noam Shazeer | 2017-06-12\n"
        "Deep Residual Learning | Kaiming He, Xiangyu Zhang | 2015-12-10\n", encoding="utf-8")
    (folder / "two-papers.expected.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"title": "Attention Is All You Need", "authors": ["Ashish Vaswani", "Noam Shazeer"], "date": "2017-06-12"},
        {"title": "Deep Residual Learning", "authors": ["Kaiming He", "Xiangyu Zhang"], "date": "2015-12-10"},
    ]) + "\n", encoding="utf-8")

    [(dump, expected)] = golden_pairs(tmp_path / "fixtures")
    check_golden(dump, expected)  # detected as the folder's layout, records as expected
    assert "toy-lines" in registry.names() and registry.kind_of("toy-lines") == "text"
    assert registry.authority("toy-lines") == registry.LISTING
    [first, _] = read_file(str(dump), AS_OF, lambda *a: None)
    assert first.sources[0].format == "toy-lines" and first.sources[0].line == 1
