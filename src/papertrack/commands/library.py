"""The library commands `add`, `list`, `show`, `search`, `export` and `new` (`author` and
`track` have modules of their own). Each is a thin layer over papertrack.library; heavy modules
are imported inside the commands, so `papertrack --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer

from ..errors import PapertrackError
from .common import (
    AsOfOpt,
    DbOpt,
    DebugOpt,
    FilesArg,
    Format,
    FormatOpt,
    LooseOpt,
    OutputOpt,
    Reporter,
    SourceOpt,
    StrictOpt,
    as_of_date,
    input_paths,
    open_library,
    parse_day,
    source_name,
    write_records,
)

AuthorFilterOpt = Annotated[Optional[str], typer.Option(
    "--author", metavar="NAME", help="Only papers by this person (`Zhao, Hanyang`, `David D. Yao`, ...).")]
SinceOpt = Annotated[Optional[str], typer.Option("--since", metavar="YYYY-MM-DD", help="Dated on or after.")]
UntilOpt = Annotated[Optional[str], typer.Option("--until", metavar="YYYY-MM-DD", help="Dated on or before.")]
CategoryOpt = Annotated[Optional[str], typer.Option(
    "--category", metavar="CAT", help="Primary category: cs.LG, or a whole archive: cs, math.")]
HasCodeOpt = Annotated[Optional[bool], typer.Option(
    "--has-code/--no-code", help="Only papers with (or without) a code repository.", show_default=False)]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", "-n", min=1, help="At most N papers.",
                                                 show_default=False)]


def _day(value: Optional[str], hint: str) -> Optional[str]:
    day = parse_day(value, hint)
    return day.isoformat() if day else None


def filtered(lib, author, loose, since, until, category, has_code, limit):
    """The library's papers that pass the filters of `list`, newest first."""
    from ..normalize import normalize_category

    where: list[str] = []
    params: list[str | int | None] = []
    if author:
        where.append("pk IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(lib.author_pks(author, loose))))
    for value, op, hint in ((since, ">=", "--since"), (until, "<=", "--until")):
        if value:
            where.append(f"date {op} ?")
            params.append(_day(value, hint))
    if category:
        if "." in category:
            where.append("category = ?")
            params.append(normalize_category(category))
        else:  # an archive: `cs` is every cs.XX, `hep-th` has no subject classes
            where += ["(category = ? OR category LIKE ?)"]
            params += [category, category + ".%"]
    if has_code is not None:
        where.append("has_code = ?")
        params.append(int(has_code))
    return lib.papers(" AND ".join(where), tuple(params), limit=limit)


def add(files: FilesArg = None, as_of: AsOfOpt = None, source: SourceOpt = None, strict: StrictOpt = False,
        db: DbOpt = None, debug: DebugOpt = False) -> None:
    """Add papers to the library, merged with the same papers already in it.

    Reads anything `parse` reads (dumps, saved responses, records). Says on stderr how many
    papers were added, updated and unchanged; adding the same input again changes nothing.

    Example: papertrack add profile.txt hf-daily.txt
    """
    from ..errors import InputError
    from ..library import Tally
    from ..parse.read import read_file

    report = Reporter(strict)
    paths, day, layout = input_paths(files), as_of_date(as_of), source_name(source)
    with open_library(db) as lib:
        tally = Tally()
        with lib.transaction():
            for path in paths:
                before = tally.copy()
                try:
                    with lib.savepoint():  # a bad input leaves nothing behind
                        lib.ingest(read_file(path, day, report.skip, layout), tally)
                except InputError as exc:
                    tally = before
                    report.error(exc)
    print(tally.line(), file=sys.stderr)
    raise typer.Exit(report.status)


def list_papers(author: AuthorFilterOpt = None, loose: LooseOpt = False, since: SinceOpt = None,
                until: UntilOpt = None, category: CategoryOpt = None, has_code: HasCodeOpt = None,
                limit: LimitOpt = None, fmt: FormatOpt = None, output: OutputOpt = None, db: DbOpt = None,
                debug: DebugOpt = False) -> None:
    """List the library's papers, newest first.

    Example: papertrack list --author "Hanyang Zhao" --since 2025-01-01 --has-code
    """
    with open_library(db) as lib:
        write_records(filtered(lib, author, loose, since, until, category, has_code, limit), fmt, output,
                      merged=True)


def show(ref: Annotated[str, typer.Argument(metavar="ID", help="arxiv:ID, an arXiv id or URL, doi:DOI, title:TITLE.")],
         fmt: FormatOpt = None, output: OutputOpt = None, db: DbOpt = None, debug: DebugOpt = False) -> None:
    """Show one paper of the library with every field and where it came from.

    Example: papertrack show 2510.02212
    """
    with open_library(db) as lib:
        papers = lib.find(ref)
    if not papers:
        raise PapertrackError(f"no paper {ref!r} in the library; `papertrack search WORDS` finds papers by text")
    if fmt is None and output is None and sys.stdout.isatty():
        _detail(papers)
    else:
        write_records(papers, fmt, output, merged=True)


def _detail(papers) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for p in papers:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value in p.to_dict(merged=True).items():
            if name == "sources":
                value = "\n".join(f"{s['format']}: {s['file']}" + (f":{s['line']}" if s["line"] else "")
                                  for s in value)
            elif isinstance(value, list):
                value = "; ".join(value)
            if value not in (None, "", False):
                grid.add_row(name, str(value))
        console.print(grid, "")


def search(words: Annotated[list[str], typer.Argument(metavar="TEXT...", help='Words, "a phrase", word*, OR.')],
           limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most N papers.")] = 20,
           fmt: FormatOpt = None, output: OutputOpt = None, db: DbOpt = None, debug: DebugOpt = False) -> None:
    """Full-text search over titles, abstracts and authors, best match first.

    Example: papertrack search "diffusion policy" reward
    """
    with open_library(db) as lib:
        if not lib.fts:
            print("papertrack: this SQLite has no FTS5; searching by substring, unranked", file=sys.stderr)
        write_records(lib.search(" ".join(words), limit), fmt, output, merged=True)


def export(files: Annotated[Optional[list[str]], typer.Argument(
               metavar="[FILE]...", help="Records or dumps to convert instead of the library; - is standard input.",
               show_default=False)] = None,
           fmt: Annotated[Optional[Format], typer.Option(
               "--format", "-f", case_sensitive=False, show_default=False,
               help="Output format \\[default: by the -o file's name, else jsonl].")] = None,
           output: OutputOpt = None,
           author: AuthorFilterOpt = None, loose: LooseOpt = False, since: SinceOpt = None, until: UntilOpt = None,
           category: CategoryOpt = None, has_code: HasCodeOpt = None, limit: LimitOpt = None,
           as_of: AsOfOpt = None, source: SourceOpt = None, db: DbOpt = None, debug: DebugOpt = False) -> None:
    """Write the library's papers (or records given as files) in any output format: BibTeX, CSV,
    JSONL, JSON, Markdown, ...

    Example: papertrack export --author "Hanyang Zhao" -f bibtex > zhao.bib
    """
    from ..parse.read import read_records

    def out(records) -> None:
        write_records(records, fmt, output, merged=True, default="jsonl")

    if files:
        report = Reporter()
        out(read_records(files, as_of_date(as_of), report.skip, report.error, source_name(source)))
        raise typer.Exit(report.status)
    with open_library(db) as lib:
        out(filtered(lib, author, loose, since, until, category, has_code, limit))


def new(since: Annotated[Optional[str], typer.Option(
            "--since", metavar="DATE", help="Added on or after this day (YYYY-MM-DD) instead.")] = None,
        fmt: FormatOpt = None, output: OutputOpt = None, db: DbOpt = None, debug: DebugOpt = False) -> None:
    """Papers that came into the library since the last `track run` began (or --since a day).

    Example: papertrack track run -q && papertrack new -f table
    """
    with open_library(db) as lib:
        start = _day(since, "--since") if since else lib.get_meta("last_run")
        if start is None:
            print("papertrack: no `papertrack track run` yet; showing every paper (or give --since DATE)",
                  file=sys.stderr)
        papers = lib.papers("added_at >= ?" if start else "", (start,) if start else (),
                            order="added_at DESC, pk DESC")
        write_records(papers, fmt, output, merged=True)
