"""The library commands `add`, `list`, `show`, `search`, `export` and `new` (`author` and
`track` have modules of their own). Each is a thin layer over papertrack.library; heavy modules
are imported inside the commands, so `papertrack --help` stays fast.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Annotated, Optional

import typer

from ..errors import PapertrackError
from .common import (
    AsOfOpt,
    AuthorOpt,
    CategoryOpt,
    DbOpt,
    DebugOpt,
    FilesArg,
    Format,
    FormatOpt,
    LimitOpt,
    LooseOpt,
    OutputOpt,
    QuietOpt,
    Reporter,
    SinceOpt,
    SourceOpt,
    StrictOpt,
    UntilOpt,
    VerboseOpt,
    as_of_date,
    input_paths,
    open_library,
    parse_day,
    read_inputs,
    source_name,
    streams_to_terminal,
    write_records,
)
from .hints import author_pks, category_code, nothing_found
from .progress import WorkProgress, progress_wanted

HasCodeOpt = Annotated[Optional[bool], typer.Option(
    "--has-code/--no-code", help="Only papers with (or without) a code repository.", show_default=False)]


def _day(value: Optional[str], hint: str) -> Optional[str]:
    day = parse_day(value, hint)
    return day.isoformat() if day else None


class Filters:
    """The filters of `list`, `export` and `new` as one SQL condition, and as words for a hint."""

    def __init__(self, lib, report: Reporter, author=None, loose=False, since=None, until=None, category=None,
                 has_code=None):
        self.where: list[str] = []
        self.params: list[str | int | None] = []
        self.said: list[str] = []
        self.author = author
        if author:
            pks, found_as = author_pks(lib, author, loose)
            if found_as != author:
                report.note(f"papertrack: no papers by {author!r}; reading it family name first: {found_as}")
            self.add("pk IN (SELECT value FROM json_each(?))", json.dumps(sorted(pks)), f"by {author!r}")
        for value, op, hint in ((since, ">=", "--since"), (until, "<=", "--until")):
            if value:
                self.add(f"date {op} ?", _day(value, hint), f"dated {'from' if op == '>=' else 'until'} {value}")
        if category:
            code = category_code(category) or category
            if "." in code:
                self.add("category = ?", code, f"in {code}")
            else:  # an archive: `cs` is every cs.XX, `hep-th` has no subject classes
                self.where.append("(category = ? OR category LIKE ?)")
                self.params += [code, code + ".%"]
                self.said.append(f"in {code}")
        if has_code is not None:
            self.add("has_code = ?", int(has_code), "with code" if has_code else "without code")

    def add(self, condition: str, value, words: str) -> None:
        self.where.append(condition)
        self.params.append(value)
        self.said.append(words)

    def papers(self, lib, limit=None, order: str | None = None):
        return lib.papers(" AND ".join(self.where), tuple(self.params), order=order, limit=limit)

    def nothing(self, lib, report: Reporter) -> None:
        report.note(nothing_found(lib, " ".join(self.said) or "at all", self.author))


def add(files: FilesArg = None, as_of: AsOfOpt = None, source: SourceOpt = None, strict: StrictOpt = False,
        db: DbOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False, debug: DebugOpt = False) -> None:
    """Add papers to the library, merged with the same papers already in it.

    Reads anything `parse` reads (dumps, saved responses, records). Says on stderr how many
    papers were added, updated and unchanged, and where the library is; adding the same input
    again changes nothing.

    Example: papertrack add profile.txt hf-daily.txt
    """
    from ..errors import InputError
    from ..library import Tally
    from ..parse.read import read_file

    report = Reporter(strict, verbose, quiet)
    paths, day, layout = input_paths(files), as_of_date(as_of), source_name(source)
    with open_library(db) as lib, WorkProgress(progress_wanted(quiet)) as progress:
        tally = Tally()
        with lib.transaction():
            for path in progress.files(paths):
                before = tally.copy()
                try:
                    with lib.savepoint():  # a bad input leaves nothing behind
                        records = progress.counted(read_file(path, day, report.skip, layout), "records",
                                                   cumulative=True)
                        lib.ingest(records, tally, report.warn)
                except InputError as exc:
                    tally = before
                    report.error(exc)
            progress.stage("writing the library")
    report.note(f"{tally.line()} in {lib.path}")
    raise typer.Exit(report.done())


def list_papers(author: AuthorOpt = None, loose: LooseOpt = False, since: SinceOpt = None,
                until: UntilOpt = None, category: CategoryOpt = None, has_code: HasCodeOpt = None,
                limit: LimitOpt = None, fmt: FormatOpt = None, output: OutputOpt = None, db: DbOpt = None,
                quiet: QuietOpt = False, debug: DebugOpt = False) -> None:
    """List the library's papers, newest first.

    Example: papertrack list --author "Hanyang Zhao" --since 2025-01-01 --has-code
    """
    report = Reporter(quiet=quiet)
    progress_line = WorkProgress(progress_wanted(quiet, streams_to_terminal(fmt, output)))
    with open_library(db, readonly=True) as lib, progress_line as progress:
        filters = Filters(lib, report, author, loose, since, until, category, has_code)
        papers = progress.counted(filters.papers(lib, limit), "papers", label="reading the library")
        if not write_records(papers, fmt, output, merged=True, view="library"):
            filters.nothing(lib, report)


def show(ref: Annotated[str, typer.Argument(metavar="ID", help="arxiv:ID, an arXiv id or URL, doi:DOI, "
                                            "title:TITLE, or the t:XXXXXXXX of a table's id column.")],
         fmt: FormatOpt = None, output: OutputOpt = None, db: DbOpt = None, quiet: QuietOpt = False,
         debug: DebugOpt = False) -> None:
    """Show one paper of the library with every field and where it came from.

    Example: papertrack show 2510.02212
    """
    with open_library(db, readonly=True) as lib:
        papers = lib.find(ref)
    if not papers:
        raise PapertrackError(f"no paper {ref!r} in the library; `papertrack search WORDS` finds papers by text")
    if fmt is None and output is None and sys.stdout.isatty():
        _detail(papers)
    else:
        write_records(papers, fmt, output, merged=True, view="library")


def _detail(papers) -> None:
    """Every field of each paper, one a line, as text (a `[b]` in a title is not markup)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..export.table_layout import clean

    console = Console()
    for p in papers:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value in p.to_dict(merged=True).items():
            if name == "sources":
                value = "\n".join(clean(f"{s['format']}: {s['file']}" + (f":{s['line']}" if s["line"] else ""))
                                  for s in value)
            elif isinstance(value, list):
                value = clean("; ".join(value))
            elif isinstance(value, str):
                value = clean(value)
            if value not in (None, "", False):
                grid.add_row(name, Text(str(value)))
        console.print(grid, "")


def query_words(text: str) -> list[str]:
    """The words and phrases of a search, without its operators and `*`: what a table marks."""
    found = [m[1] or m[2].rstrip("*") for m in re.finditer(r'"([^"]*)"|(\S+)', text)]
    return [w.replace('"', "") for w in found if w and w not in ("OR", "NOT", "AND")]


def search(words: Annotated[list[str], typer.Argument(metavar="TEXT...", help='Words, "a phrase", word*, OR.')],
           limit: LimitOpt = 20, fmt: FormatOpt = None, output: OutputOpt = None, db: DbOpt = None,
           quiet: QuietOpt = False, debug: DebugOpt = False) -> None:
    """Full-text search over titles, abstracts and authors, best match first.

    Example: papertrack search "diffusion policy" reward
    """
    report = Reporter(quiet=quiet)
    text = " ".join(words)
    with open_library(db, readonly=True) as lib:
        if not lib.fts:
            report.note("papertrack: this SQLite has no FTS5; searching by substring, unranked")
        if not write_records(lib.search(text, limit or 20), fmt, output, merged=True, view="search",
                             words=query_words(text)):
            report.note(nothing_found(lib, f"match {text!r}"))


def export(files: Annotated[Optional[list[str]], typer.Argument(
               metavar="[FILE]...", help="Records or dumps to convert instead of the library; - is standard input.",
               show_default=False)] = None,
           fmt: Annotated[Optional[Format], typer.Option(
               "--format", "-f", case_sensitive=False, show_default=False,
               help="Output format [default: by the -o file's name, else jsonl].")] = None,
           output: OutputOpt = None,
           author: AuthorOpt = None, loose: LooseOpt = False, since: SinceOpt = None, until: UntilOpt = None,
           category: CategoryOpt = None, has_code: HasCodeOpt = None, limit: LimitOpt = None,
           as_of: AsOfOpt = None, source: SourceOpt = None, db: DbOpt = None, quiet: QuietOpt = False,
           verbose: VerboseOpt = False, debug: DebugOpt = False) -> None:
    """Write the library's papers (or records given as files) in any output format.

    BibTeX, CSV, JSONL, JSON, Markdown, a table: see --format.

    Example: papertrack export --author "Hanyang Zhao" -f bibtex > zhao.bib
    """
    report = Reporter(verbose=verbose, quiet=quiet)
    with WorkProgress(progress_wanted(quiet, streams_to_terminal(fmt, output, "jsonl"))) as progress:
        if files:
            records = read_inputs(files, as_of_date(as_of), report, source_name(source), progress)
            write_records(progress.counted(records, "records"), fmt, output, merged=True, default="jsonl")
            raise typer.Exit(report.done())
        with open_library(db, readonly=True) as lib:
            filters = Filters(lib, report, author, loose, since, until, category, has_code)
            papers = progress.counted(filters.papers(lib, limit), "papers", label="reading the library")
            if not write_records(papers, fmt, output, merged=True, default="jsonl", view="library"):
                filters.nothing(lib, report)


def new(added_since: Annotated[Optional[str], typer.Option(
            "--added-since", metavar="YYYY-MM-DD", help="Added on or after this day, instead of since the last "
            "`track run`.")] = None,
        since: SinceOpt = None, until: UntilOpt = None, limit: LimitOpt = None,
        fmt: FormatOpt = None, output: OutputOpt = None, db: DbOpt = None, quiet: QuietOpt = False,
        debug: DebugOpt = False) -> None:
    """Papers that came into the library since the last `track run` began (or --added-since a day).

    Example: papertrack track run -q && papertrack new -f table
    """
    report = Reporter(quiet=quiet)
    with open_library(db, readonly=True) as lib:
        start = _day(added_since, "--added-since") if added_since else lib.get_meta("last_run")
        if start is None:
            report.note("papertrack: no `papertrack track run` yet; showing every paper (or give --added-since DAY)")
        filters = Filters(lib, report, since=since, until=until)
        if start:
            filters.add("added_at >= ?", start, f"added since {start[:10]}")
        papers = filters.papers(lib, limit, order="added_at DESC, pk DESC")
        if not write_records(papers, fmt, output, merged=True, view="library"):
            filters.nothing(lib, report)
