"""arXiv API Atom responses and author feeds (sources/arxiv_atom.py) beyond the golden files:
the API's error entry, empty and broken feeds, and hostile XML (external entities, entity
expansion, random bytes), each in-process and through the command line, never a traceback."""

from __future__ import annotations

import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from papertrack.parse import arxiv_atom, registry as sources
from papertrack.parse.context import ParseContext, Skipped
from papertrack.parse.read import read_file
from papertrack.parse.reader import LineReader

from .conftest import AS_OF, PARSE_FIXTURES, SRC, fixture_inputs

ARGS = ("--as-of", AS_OF.isoformat(), "--format", "jsonl")
CURRENT = PARSE_FIXTURES / "arxiv-atom/api-current.xml"
TRUNCATED = PARSE_FIXTURES / "arxiv-atom/truncated.xml"
ATOM_FIXTURES = fixture_inputs("arxiv-atom")

FEED_HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/Qw8eR2tY6uI0oP4aS1dF5gH9jKl</id>
  <title>arXiv Query: search_query=all:ice&amp;id_list=&amp;start=0&amp;max_results=10</title>
"""

# What the API answers (HTTP 200) to a malformed query: one pseudo-entry titled "Error".
ERROR_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3D%26id_list%3D2511.9999x%26start%3D0%26max_results%3D10" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=2511.9999x&amp;start=0&amp;max_results=10</title>
  <id>http://arxiv.org/api/Gm1xq5T0b7wR3nJ8cV2kZ6dY4sP</id>
  <updated>2026-11-20T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:itemsPerPage>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_2511.9999x</id>
    <title>Error</title>
    <summary>incorrect id format for 2511.9999x</summary>
    <updated>2026-11-20T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_2511.9999x" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
"""

EMPTY_FEED = FEED_HEAD + """  <updated>2026-11-20T09:31:02Z</updated>
  <opensearch:itemsPerPage>10</opensearch:itemsPerPage>
  <opensearch:totalResults>0</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
</feed>
"""


def entry(arxiv_id: str, title: str, authors: str = "<author><name>Ada Byron</name></author>",
          summary: str = "An abstract.") -> str:
    return f"""  <entry>
    <id>http://arxiv.org/abs/{arxiv_id}</id>
    <title>{title}</title>
    <summary>{summary}</summary>
    <published>2026-11-02T10:00:00Z</published>
    {authors}
  </entry>
"""


def parse_text(text: str) -> list:
    """Papers and Skipped items of a document, in-process, through the real line reader."""
    reader = LineReader(io.BytesIO(text.encode("utf-8") if isinstance(text, str) else text))
    ctx = ParseContext(file="t.xml", as_of=AS_OF, format=arxiv_atom.NAME, damaged=reader.damaged)
    return list(arxiv_atom.parse(reader, ctx))


def papers(items: list) -> list:
    return [i for i in items if not isinstance(i, Skipped)]


def skips(items: list) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


def run(cli, path: Path, *extra: str):
    proc = cli("parse", str(path), *ARGS, *extra)
    err = proc.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in err and "internal error" not in err, err
    out = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    return proc, out, err.splitlines()


# ---------------------------------------------------------------- detection and provenance

@pytest.mark.parametrize("path", ATOM_FIXTURES, ids=lambda p: p.name)
def test_every_atom_fixture_is_detected_as_arxiv_atom(path: Path):
    module, score = sources.detect(path.read_text(encoding="utf-8"))
    assert module is arxiv_atom and score >= 0.9


def test_other_layouts_are_not_taken():
    others = [p for p in fixture_inputs() if p not in ATOM_FIXTURES]
    assert others
    for path in others:
        sample = path.read_bytes()[:65536].decode("utf-8", errors="replace")
        assert arxiv_atom.detect(sample) == 0.0, path.name


def test_announcement_feed_is_left_to_a_more_specific_layout():
    sample = FEED_HEAD + "<entry><arxiv:announce_type>new</arxiv:announce_type></entry>"
    assert 0 < arxiv_atom.detect(sample) < 0.9


def test_each_record_points_at_its_entry_line():
    lines = CURRENT.read_text(encoding="utf-8").splitlines()
    starts = [n for n, line in enumerate(lines, 1) if line.strip() == "<entry>"]
    got = [p.sources[0].line for p in read_file(str(CURRENT), AS_OF, lambda *a: pytest.fail(str(a)))]
    assert got == starts and len(got) == 4


def test_a_one_line_document_reads_the_same():
    compact = re.sub(r">\s*\n\s*<", "><", CURRENT.read_text(encoding="utf-8"))
    assert compact.count("\n") <= 12  # only the hard-wrapped titles and abstracts keep theirs
    pretty = [p.to_dict() for p in read_file(str(CURRENT), AS_OF, lambda *a: None)]
    flat = [p.to_dict() for p in papers(parse_text(compact))]
    strip = lambda d: {k: v for k, v in d.items() if k != "source"}  # noqa: E731
    assert [strip(d) for d in flat] == [strip(d) for d in pretty]


def test_a_lone_comma_name_is_split_only_in_author_feeds():
    api = FEED_HEAD + entry("2611.00001v1", "T", "<author><name>Smith, John</name></author>") + "</feed>"
    assert papers(parse_text(api))[0].authors == ["Smith, John"]
    author_feed = api.replace("<title>arXiv Query", '<link rel="describes" href="https://arxiv.org/a/smith_j_1"/>'
                              "\n  <title>arXiv Query")
    assert papers(parse_text(author_feed))[0].authors == ["Smith", "John"]


# ---------------------------------------------------------------- API errors, empty and broken feeds

def test_api_error_entry_is_reported_not_a_paper(tmp_path: Path, cli):
    items = parse_text(ERROR_FEED)
    assert not papers(items)
    assert [(s.line, s.why) for s in skips(items)] == [(10, "arXiv API error: incorrect id format for 2511.9999x")]
    path = tmp_path / "error.xml"
    path.write_text(ERROR_FEED, encoding="utf-8")
    proc, out, err = run(cli, path)
    assert out == []
    assert err[0] == f"{path}:10: skipped: arXiv API error: incorrect id format for 2511.9999x"
    assert proc.returncode in (0, 1)
    assert run(cli, path, "--strict")[0].returncode == 1


def test_empty_feed_yields_nothing_and_no_warning(tmp_path: Path, cli):
    assert parse_text(EMPTY_FEED) == []
    path = tmp_path / "empty.xml"
    path.write_text(EMPTY_FEED, encoding="utf-8")
    proc, out, err = run(cli, path)
    # How a file without papers is reported is ingest's rule; the parser adds nothing to it.
    assert out == [] and len(err) <= 1 and proc.returncode in (0, 1)


def test_truncated_feed_keeps_complete_entries_and_warns(cli):
    items = parse_text(TRUNCATED.read_text(encoding="utf-8"))
    assert [p.arxiv_id for p in papers(items)] == ["2611.08812", "2611.08790"]
    cut = [n for n, line in enumerate(TRUNCATED.read_text().splitlines(), 1) if "<entry>" in line][-1]
    assert [s.line for s in skips(items)] == [cut]
    assert "cut off" in skips(items)[0].why
    proc, out, err = run(cli, TRUNCATED)
    assert proc.returncode == 0 and len(out) == 2
    assert err == [f"{TRUNCATED}:{cut}: skipped: {skips(items)[0].why}"]


def test_damaged_entry_midway_is_skipped_and_later_ones_survive():
    doc = (FEED_HEAD + entry("2611.00001v1", "First") + entry("2611.00002v1", "Broken & unescaped")
           + entry("2611.00003v1", "Third") + "</feed>\n")
    items = parse_text(doc)
    assert [p.title for p in papers(items)] == ["First", "Third"]
    bad_line = doc.splitlines().index("    <title>Broken & unescaped</title>") + 1
    (skip,) = skips(items)
    assert skip.line == bad_line - 2 and f"line {bad_line}" in skip.why  # the entry's own line


def test_invalid_utf8_inside_one_entry_skips_only_that_entry(tmp_path: Path):
    doc = (FEED_HEAD + entry("2611.00001v1", "First") + entry("2611.00002v1", "Second", summary="caf\xe9")
           + entry("2611.00003v1", "Third") + "</feed>\n").encode("utf-8").replace("caf\xe9".encode(), b"caf\xe9")
    path = tmp_path / "latin1.xml"
    path.write_bytes(doc)
    skipped = []
    got = [p.title for p in read_file(str(path), AS_OF, lambda f, n, why: skipped.append((n, why)))]
    assert got == ["First", "Third"]
    # The XML parser reads the raw bytes and names the damage itself.
    assert len(skipped) == 1 and "Invalid bytes in character encoding" in skipped[0][1]


def test_xml_that_is_not_an_atom_feed_is_named(tmp_path: Path, cli):
    rss = '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>arXiv</title></channel></rss>\n'
    assert [s.why for s in parse_text(rss)] == [
        "not an Atom feed (its root element is <rss>); expected an arXiv API response or author feed"]
    path = tmp_path / "feed.rss"
    path.write_text(rss, encoding="utf-8")
    proc, out, err = run(cli, path, "--source", "arxiv-atom")
    assert proc.returncode == 1 and out == [] and len(err) == 2


def test_input_past_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(arxiv_atom, "MAX_CHARS", 2000)
    doc = FEED_HEAD + "".join(entry(f"2611.{i:05d}v1", f"Paper {i}") for i in range(1, 200)) + "</feed>\n"
    items = parse_text(doc)
    assert isinstance(items[-1], Skipped) and "larger than" in items[-1].why
    assert len(items) < 20


# ---------------------------------------------------------------- hostile XML

MARKER = "PAPERTRACK-XXE-MARKER-4f1c9b"


def xxe_doc(uri: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<!DOCTYPE feed [\n  <!ENTITY leak SYSTEM "{uri}">\n]>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
            + entry("2511.00001v1", "Leaked: &leak;", summary="&leak;") + "</feed>\n")


@pytest.mark.parametrize("target", ["marker", "passwd"])
def test_external_entity_never_reads_a_local_file(tmp_path: Path, cli, target: str):
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER + "\n", encoding="utf-8")
    uri, leaked = (secret.as_uri(), MARKER) if target == "marker" else ("file:///etc/passwd", "root:")
    doc = xxe_doc(uri)
    items = parse_text(doc)
    assert not papers(items) and "refused" in skips(items)[0].why
    assert leaked not in repr(items)
    path = tmp_path / "xxe.xml"
    path.write_text(doc, encoding="utf-8")
    for extra in ((), ("--source", "arxiv-atom")):
        proc, out, err = run(cli, path, *extra)
        assert leaked.encode() not in proc.stdout + proc.stderr
        assert out == [] and err[0] == f"{path}:1: skipped: {skips(items)[0].why}"
        # A warning alone exits 0 (ingest's rule); --source or --strict make it exit 1.
        assert proc.returncode == (1 if extra else 0)


def test_external_dtd_is_not_loaded(tmp_path: Path, cli):
    """No <!ENTITY in the document itself: the parser's settings alone must keep the file shut."""
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER, encoding="utf-8")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "{secret.as_uri()}">', encoding="utf-8")
    doc = xxe_doc("x").replace('[\n  <!ENTITY leak SYSTEM "x">\n]', f'SYSTEM "{dtd.as_uri()}"')
    assert "<!ENTITY" not in doc
    items = parse_text(doc)
    assert MARKER not in repr(items)
    path = tmp_path / "dtd.xml"
    path.write_text(doc, encoding="utf-8")
    proc, _, _ = run(cli, path)
    assert MARKER.encode() not in proc.stdout + proc.stderr


def billion_laughs() -> str:
    levels = ['  <!ENTITY lol "lol">'] + [
        f'  <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE feed [\n' + "\n".join(levels) + "\n]>\n"
            '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
            + entry("2511.00002v1", "&lol9;", summary="&lol9;") + "</feed>\n")


def _limit_memory():  # runs in the child before exec: 1 GiB of address space, 3 GB would be expanded
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_billion_laughs_ends_quickly_in_bounded_memory(tmp_path: Path):
    doc = billion_laughs()
    started = time.monotonic()
    items = parse_text(doc)
    assert time.monotonic() - started < 1.0
    assert not papers(items) and "refused" in skips(items)[0].why
    path = tmp_path / "lol.xml"
    path.write_text(doc, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": SRC}
    for extra in ((), ("--source", "arxiv-atom")):
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "papertrack", "parse", str(path), *ARGS, *extra],
                              capture_output=True, env=env, timeout=60, preexec_fn=_limit_memory)
        assert time.monotonic() - started < 30
        err = proc.stderr.decode()
        assert "Traceback" not in err and "MemoryError" not in err, err
        assert proc.returncode == (1 if extra else 0) and "refused" in err
        assert b"lollol" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_never_end_in_a_traceback(tmp_path: Path, cli, seed: int):
    junk = random.Random(seed).randbytes(50_000)
    inside_first_entry = CURRENT.read_bytes()[: CURRENT.read_bytes().index(b"<summary>")]
    for data in (junk, FEED_HEAD.encode() + junk, inside_first_entry + junk):
        items = parse_text(data)
        assert all(isinstance(i, Skipped) for i in items) and items
        path = tmp_path / "junk.xml"
        path.write_bytes(data)
        for extra in ((), ("--source", "arxiv-atom")):
            proc, out, err = run(cli, path, *extra)
            assert proc.returncode in (0, 1) and out == []
            assert all(line.startswith((f"{path}", "papertrack: ")) for line in err)


def test_a_complete_entry_before_junk_survives():
    head = CURRENT.read_text(encoding="utf-8")
    head = head[: head.index("</entry>") + len("</entry>\n")]
    items = parse_text(head.encode() + random.Random(9).randbytes(20_000))
    assert [p.arxiv_id for p in papers(items)] == ["2510.02212"]
    assert skips(items)
