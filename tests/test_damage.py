"""One damaged record costs only itself: each kind of damage the issue names, in each JSON,
XML and text layout it can reach; the good records all come out, the damaged one is named in a
`FILE:LINE: skipped:` line, exit 0 (1 under --strict), never an internal error (70)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import AS_OF, PARSE_FIXTURES

ARGS = ("--as-of", AS_OF.isoformat(), "--format", "jsonl")


def run(cli, path: Path, *extra: str):
    proc = cli("parse", str(path), *ARGS, *extra)
    err = proc.stderr.decode("utf-8", errors="replace")
    assert proc.returncode in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err
    return proc, err.splitlines()


def titles(proc) -> list[str | None]:
    return [json.loads(line)["title"] for line in proc.stdout.splitlines()]


def check(cli, path: Path, want_titles: list, line: int, why: str) -> None:
    """The good records, one skip naming the damaged record's line, and --strict's exit 1."""
    proc, err = run(cli, path)
    assert proc.returncode == 0
    assert titles(proc) == want_titles
    assert len(err) == 1 and err[0].startswith(f"{path}:{line}: skipped: ") and why in err[0], err
    strict, _ = run(cli, path, "--strict")
    assert strict.returncode == 1 and strict.stdout == proc.stdout


def own_records() -> list[str]:
    return (PARSE_FIXTURES / "records/parse-output.jsonl").read_text(encoding="utf-8").splitlines()


def own_titles() -> list[str]:
    return [json.loads(line)["title"] for line in own_records()]


# ---------------------------------------------------------------- lone surrogate

def test_lone_surrogate_in_papertrack_records(cli, tmp_path):
    lines = own_records()
    bad = json.loads(lines[1])
    bad["title"] = "Broken \udc80 title"
    lines.insert(1, json.dumps(bad))  # json.dumps writes it as the escape "\udc80"
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check(cli, path, own_titles(), 2, "lone surrogate (\\udc80)")


def test_lone_surrogate_in_foreign_records_kaggle_and_csl(cli, tmp_path):
    foreign = tmp_path / "tool.jsonl"
    foreign.write_text('{"title": "Good", "authors": "A B"}\n{"title": "Bad \\ud800", "authors": "A B"}\n'
                       '{"title": "Also good \\ud83d\\ude00", "authors": "A B"}\n', encoding="utf-8")
    check(cli, foreign, ["Good", "Also good 😀"], 2, "lone surrogate (\\ud800)")
    dump = (PARSE_FIXTURES / "kaggle-arxiv/sample.json").read_text(encoding="utf-8").splitlines()
    dump[2] = dump[2].replace('"Tangle replacements', '"Tangle \\udbff replacements')
    kaggle = tmp_path / "kaggle.json"
    kaggle.write_text("\n".join(dump) + "\n", encoding="utf-8")
    proc, err = run(cli, kaggle)
    assert len(proc.stdout.splitlines()) == 9 and len(err) == 1 and f"{kaggle}:3: skipped" in err[0]
    items = json.loads((PARSE_FIXTURES / "csl-json/mixed-tools.json").read_text(encoding="utf-8"))
    items[1]["author"][0]["family"] = "\udfff"
    csl = tmp_path / "items.json"
    csl.write_text(json.dumps(items, indent=2), encoding="utf-8")
    proc, err = run(cli, csl)
    assert len(proc.stdout.splitlines()) == len(items) - 1 and len(err) == 1 and "surrogate" in err[0]


def test_lone_surrogate_in_an_api_answer_costs_one_item(cli, tmp_path):
    answer = json.loads((PARSE_FIXTURES / "s2/search.json").read_text(encoding="utf-8"))
    items = answer["data"]
    items[1]["title"] = "Broken \ud800"
    path = tmp_path / "search.json"
    path.write_text(json.dumps(answer, indent=2), encoding="utf-8")
    proc, err = run(cli, path)
    want = titles(run(cli, PARSE_FIXTURES / "s2/search.json")[0])
    assert proc.returncode == 0 and len(want) == len(items)
    assert titles(proc) == want[:1] + want[2:]
    assert len(err) == 1 and "item 1: a lone surrogate (\\ud800)" in err[0]


# ---------------------------------------------------------------- deep nesting

def test_deep_nesting_costs_only_its_line(cli, tmp_path):
    lines = own_records()
    lines.insert(2, '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}")
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check(cli, path, own_titles(), 3, "nested too deeply")


def test_deep_nesting_in_json_lines_of_api_answers(cli, tmp_path):
    """Two saved answers, one a line (`jq -c`), with a deeply nested one between them."""
    answer = json.dumps(json.loads((PARSE_FIXTURES / "s2/search.json").read_text(encoding="utf-8")))
    path = tmp_path / "pages.json"
    path.write_text(answer + "\n" + "[" * 100_000 + "]" * 100_000 + "\n" + answer + "\n", encoding="utf-8")
    proc, err = run(cli, path)
    n = len(json.loads(answer)["data"])
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 2 * n
    assert err == [f"{path}:2: skipped: JSON nested too deeply to read"]


# ---------------------------------------------------------------- a line starting with [ in JSONL

@pytest.mark.parametrize("line,why", [
    ("[[", "never closes"),
    ('["a list", "of strings"]', "not a JSON object"),
    ('[{"title": "half a', "invalid JSON"),
])
def test_a_line_starting_with_a_bracket_costs_only_itself(cli, tmp_path, line, why):
    lines = own_records()
    lines.insert(1, line)
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc, err = run(cli, path)
    assert proc.returncode == 0
    assert titles(proc) == own_titles()
    assert err and all(e.startswith(f"{path}:2: skipped: ") for e in err) and why in err[0], err


def test_a_json_array_one_record_a_line_still_reads(cli, tmp_path):
    path = tmp_path / "records.json"
    path.write_text("[\n" + ",\n".join(own_records()) + "\n]\n", encoding="utf-8")
    proc, err = run(cli, path)
    assert err == [] and titles(proc) == own_titles()
    lines = [json.loads(line)["source"]["line"] for line in proc.stdout.splitlines()]
    assert lines == [json.loads(r)["source"]["line"] for r in own_records()]  # provenance kept


def test_a_broken_element_of_a_pretty_printed_array_costs_only_itself(cli, tmp_path):
    text = json.dumps([json.loads(r) for r in own_records()], indent=2, ensure_ascii=False)
    cut = text.index('"title"', text.index('"title"') + 1)  # inside the second element
    path = tmp_path / "records.json"
    path.write_text(text[:cut] + '"title": oops,\n' + text[cut:], encoding="utf-8")
    proc, err = run(cli, path)
    assert titles(proc) == own_titles()[:1] + own_titles()[2:]
    assert len(err) == 1 and "invalid JSON" in err[0]


# ---------------------------------------------------------------- a bare & in one Atom entry

@pytest.mark.parametrize("where", ["<title>", "<summary>", "<name>", "<arxiv:comment"])
def test_a_bare_ampersand_in_one_atom_entry_costs_only_that_entry(cli, tmp_path, where):
    text = (PARSE_FIXTURES / "arxiv-atom/api-current.xml").read_text(encoding="utf-8")
    want = titles(run(cli, PARSE_FIXTURES / "arxiv-atom/api-current.xml")[0])
    second = text.index("<entry>", text.index("<entry>") + 1)
    at = text.index(where, second)
    at = text.index(">", at) + 1
    path = tmp_path / "feed.xml"
    path.write_text(text[:at] + "R&D " + text[at:], encoding="utf-8")
    check(cli, path, want[:1] + want[2:], text[:second].count("\n") + 1, "broken XML")


# ---------------------------------------------------------------- line ends, in the new layouts

@pytest.mark.parametrize("dump", ["bibtex/names-and-markup.bib", "ris/zotero-crlf.ris", "ris/mendeley-lf.ris",
                                  "records/parse-output.jsonl", "json-records/other-tools.jsonl",
                                  "kaggle-arxiv/sample.json", "csl-json/zotero-export.json"])
@pytest.mark.parametrize("ends", [b"\r", b"\r\n"])
def test_lone_cr_and_crlf_read_as_lf(cli, tmp_path, dump, ends):
    source = PARSE_FIXTURES / dump
    data = source.read_bytes().replace(b"\r\n", b"\n")
    path = tmp_path / source.name
    path.write_bytes(data.replace(b"\n", ends))
    plain = tmp_path / ("lf-" + source.name)
    plain.write_bytes(data)
    want, want_err = run(cli, plain)
    got, got_err = run(cli, path)
    strip = lambda out: [{**json.loads(x), "source": None} for x in out.splitlines()]  # noqa: E731
    assert strip(got.stdout) == strip(want.stdout) and len(want.stdout.splitlines()) > 0
    assert [e.replace(str(path), str(plain)) for e in got_err] == want_err


# ---------------------------------------------------------------- one bad byte in a minified answer

@pytest.mark.parametrize("fixture,items", [("s2/search.json", ("data",)), ("hf-api/daily-papers.json", ()),
                                           ("openalex/works.json", ("results",))])
def test_one_bad_byte_in_a_one_line_answer_costs_one_item(cli, tmp_path, fixture, items):
    answer = json.loads((PARSE_FIXTURES / fixture).read_text(encoding="utf-8"))
    listed = answer
    for key in items:
        listed = listed[key]
    original, original_err = run(cli, PARSE_FIXTURES / fixture)
    want = titles(original)
    marker = "ZZBADBYTEZZ"
    target = listed[1]
    if "paper" in target:  # HF daily papers wrap the paper
        target = target["paper"]
    target["title"] = (target.get("title") or "") + marker
    if "display_name" in target:
        target["display_name"] = target["title"]
    raw = json.dumps(answer, ensure_ascii=False).encode("utf-8").replace(marker.encode(), b"\xff")
    assert b"\n" not in raw
    path = tmp_path / "answer.json"
    path.write_bytes(raw)
    proc, err = run(cli, path)
    assert proc.returncode == 0
    assert titles(proc) == want[:1] + want[2:]
    new = [e for e in err if e.replace(str(path), str(PARSE_FIXTURES / fixture)) not in original_err]
    assert len(new) == 1 and new[0].startswith(f"{path}:1: skipped: ") and "invalid UTF-8" in new[0], err


# ---------------------------------------------------------------- never an internal error

NEW_LAYOUTS = ("kaggle-arxiv", "arxiv-oai", "bibtex", "ris", "csl-json", "json-records", "records")


def mutations(data: bytes, rng) -> list[bytes]:
    """Damage as files meet it: cut short, a burst of random bytes, a line lost, a byte flipped."""
    out = []
    for _ in range(6):
        at = rng.randrange(len(data))
        out.append(data[:at])
        out.append(data[:at] + rng.randbytes(rng.randint(1, 40)) + data[at:])
        lines = data.split(b"\n")
        del lines[rng.randrange(len(lines))]
        out.append(b"\n".join(lines))
        flipped = bytearray(data)
        flipped[at] ^= 1 << rng.randrange(8)
        out.append(bytes(flipped))
    return out


@pytest.mark.parametrize("dump", [p for layout in NEW_LAYOUTS for p in sorted((PARSE_FIXTURES / layout).iterdir())
                                  if not p.name.endswith(".expected.jsonl")], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_damaged_inputs_never_raise_anything_but_an_input_error(dump):
    import random

    from papertrack.errors import InputError
    from papertrack.parse.read import read_file

    rng = random.Random(dump.name)
    for data in mutations(dump.read_bytes(), rng):
        try:
            for paper in read_file(dump.name, AS_OF, lambda *skipped: None, data=data):
                json.dumps(paper.to_dict(), ensure_ascii=False).encode("utf-8")  # writable as UTF-8
        except InputError:
            pass
