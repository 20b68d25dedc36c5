"""Inputs in containers: gzip, bz2, xz and zip (each member its own input) read as the plain
file would be, streaming, with the size caps on the decompressed bytes and a cut-off download
reported; files that are no text at all (PDF, Office, images, SQLite, tar) named with what to do,
exit 1."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import sqlite3
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import AS_OF, PARSE_FIXTURES

ARGS = ("--as-of", AS_OF.isoformat(), "--format", "jsonl")
DUMPS = [PARSE_FIXTURES / "hf-daily/daily-papers.txt", PARSE_FIXTURES / "kaggle-arxiv/sample.json",
         PARSE_FIXTURES / "arxiv-oai/listrecords-oai-dc.xml", PARSE_FIXTURES / "bibtex/dblp.bib"]
COMPRESS = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}


def records(stdout: bytes) -> list[dict]:
    out = []
    for line in stdout.decode("utf-8").splitlines():
        d = json.loads(line)
        d["source"] = {**d["source"], "file": None}
        out.append(d)
    return out


def run(cli, *args, stdin: bytes | None = None):
    proc = cli("parse", *args, *ARGS, stdin=stdin)
    err = proc.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in err and "internal error" not in err, err
    return proc, err.splitlines()


@pytest.mark.parametrize("suffix", COMPRESS)
@pytest.mark.parametrize("dump", DUMPS, ids=lambda p: p.name)
def test_compressed_reads_as_the_plain_file(cli, tmp_path, dump, suffix):
    plain, _ = run(cli, str(dump))
    path = tmp_path / (dump.name + suffix)
    path.write_bytes(COMPRESS[suffix](dump.read_bytes()))
    packed, err = run(cli, str(path))
    assert packed.returncode == 0 and err == []
    assert records(packed.stdout) == records(plain.stdout)
    piped, _ = run(cli, "-", stdin=path.read_bytes())
    assert records(piped.stdout) == records(plain.stdout)


def test_zip_members_are_inputs_of_their_own(cli, tmp_path):
    path = tmp_path / "papers.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for dump in DUMPS:
            z.write(dump, f"export/{dump.name}")
        z.writestr("__MACOSX/._sample.json", b"\x00\x05\x16\x07")
        z.writestr("export/", b"")
    proc, err = run(cli, str(path))
    assert proc.returncode == 0 and err == []
    got = [json.loads(line) for line in proc.stdout.splitlines()]
    want = [r for d in DUMPS for r in records(run(cli, str(d))[0].stdout)]
    assert len(got) == len(want)
    assert {r["source"]["file"] for r in got} == {f"{path}/export/{d.name}" for d in DUMPS}
    assert {r["source"]["format"] for r in got} == {"hf-daily", "kaggle-arxiv", "arxiv-oai", "bibtex"}
    piped, _ = run(cli, "-", stdin=path.read_bytes())  # from a pipe: spooled, then read alike
    assert len(piped.stdout.splitlines()) == len(want)


def test_zip_with_a_member_that_is_no_text_reads_the_others(cli, tmp_path):
    path = tmp_path / "mixed.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.write(DUMPS[1], "sample.json")
        z.writestr("paper.pdf", b"%PDF-1.7\n%binary\n")
    proc, err = run(cli, str(path))
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 10
    assert err == [f"papertrack: {path}/paper.pdf: is a PDF document; copy its text into a .txt file, or export "
                   "the references as BibTeX, RIS or CSL-JSON, and parse that"]


def test_compressed_inside_zip_and_gzip_of_gzip(cli, tmp_path):
    inner = gzip.compress(DUMPS[1].read_bytes())
    path = tmp_path / "nested.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("sample.json.gz", inner)
    assert len(run(cli, str(path))[0].stdout.splitlines()) == 10
    twice = tmp_path / "twice.json.gz.gz"
    twice.write_bytes(gzip.compress(inner))
    assert len(run(cli, str(twice))[0].stdout.splitlines()) == 10


@pytest.mark.parametrize("suffix,kind", [(".gz", "gzip"), (".xz", "xz")])
def test_a_cut_off_download_gives_what_came_before(cli, tmp_path, suffix, kind):
    data = (PARSE_FIXTURES / "kaggle-arxiv/sample.json").read_bytes() * 40
    packed = COMPRESS[suffix](data)
    path = tmp_path / ("cut.json" + suffix)
    path.write_bytes(packed[: len(packed) * 2 // 3])
    proc, err = run(cli, str(path))
    assert proc.returncode == 0
    assert 0 < len(proc.stdout.splitlines()) < 400
    assert err[-1] == f"{path}: skipped: the {kind} data ends early (a truncated download?); read up to there"
    assert all("skipped" in line for line in err)
    assert run(cli, str(path), "--strict")[0].returncode == 1


def test_damaged_gzip_data_is_reported(cli, tmp_path):
    packed = bytearray(gzip.compress((PARSE_FIXTURES / "kaggle-arxiv/sample.json").read_bytes() * 40))
    packed[len(packed) // 2:len(packed) // 2 + 40] = b"\xff" * 40
    path = tmp_path / "bad.json.gz"
    path.write_bytes(bytes(packed))
    proc, err = run(cli, str(path))
    assert proc.returncode == 0 and "the gzip data is damaged" in err[-1]


def test_size_caps_count_decompressed_bytes(cli, tmp_path):
    """A small gzip holding one 20 MB line: the line is cut at the line cap, as in the plain
    file, and only its paper is lost."""
    good = (PARSE_FIXTURES / "profile/hanyang-zhao.txt").read_bytes()
    cut = good.index(b"LGSep 12, 2024")
    monster = b"LGJan 1, 2026\nA Paper With An Absurd Abstract\n\nJane Doe\n\n" + b"spam " * 4_000_000 + b"\n\n"
    plain = tmp_path / "monster.txt"
    plain.write_bytes(good[:cut] + monster + good[cut:])
    packed = tmp_path / "monster.txt.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert packed.stat().st_size < 200_000
    want, want_err = run(cli, str(plain))
    got, got_err = run(cli, str(packed))
    assert records(got.stdout) == records(want.stdout) and len(records(got.stdout)) == 15
    assert [line.replace(str(packed), str(plain)) for line in got_err] == want_err
    assert "line longer than 4 MiB" in got_err[0]


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def sqlite_bytes(tmp_path: Path) -> bytes:
    db = tmp_path / "x.db"
    with sqlite3.connect(db) as con:
        con.execute("create table t (a)")
    return db.read_bytes()


def tar_bytes() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("sample.json")
        data = DUMPS[1].read_bytes()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.mark.parametrize("name,make,what", [
    ("paper.pdf", lambda _: b"%PDF-1.7\n1 0 obj\n", "is a PDF document"),
    ("notes.docx", lambda _: docx_bytes(), "is a Word document (.docx)"),
    ("old.doc", lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "is an old Microsoft Office document"),
    ("shot.png", lambda _: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "is a PNG image"),
    ("shot.jpg", lambda _: b"\xff\xd8\xff\xe0" + b"\x00" * 100, "is a JPEG image"),
    ("library.db", sqlite_bytes, "is an SQLite database; if it is a papertrack library"),
    ("dump.tar", lambda _: tar_bytes(), "is a tar archive; unpack it"),
    ("dump.tar.gz", lambda _: gzip.compress(tar_bytes()), "is a tar archive; unpack it"),
])
def test_files_that_are_no_text_are_named(cli, tmp_path, name, make, what):
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    proc, err = run(cli, str(path))
    assert proc.returncode == 1 and proc.stdout == b""
    assert len(err) == 1 and err[0].startswith(f"papertrack: {path}: {what}"), err
    assert "--source" not in err[0]  # forcing a layout cannot help here
