"""The real consumers of papertrack's BibTeX: biber's validator and name parser, and LaTeX
documents built with bibtex (plain style) and with biblatex + biber, as a user would build them.

Each helper returns what the tool said, so a test can assert there was nothing wrong. Without
the tools a test skips, except under CI (`PAPERTRACK_CI` set), where it fails: CI installs them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

LATEX = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
# What a document that cites these papers loads: T1 fonts (ą, Đ, Þ exist only there) and the AMS
# symbols titles' math uses ($\mathbb{Z}$).
PREAMBLE = "\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n\\usepackage{amssymb}\n"
BIBTEX_DOCUMENT = ("\\documentclass{article}\n" + PREAMBLE + "\\begin{document}\n\\nocite{*}\n"
                   "\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n")
BIBLATEX_DOCUMENT = ("\\documentclass{article}\n" + PREAMBLE + "\\usepackage[backend=biber]{biblatex}\n"
                     "\\addbibresource{refs.bib}\n\\begin{document}\n\\nocite{*}\n\\printbibliography\n"
                     "\\end{document}\n")
BLTX = "{http://biblatex-biber.sourceforge.net/biblatexml}"


def need(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (Debian: biber texlive-bibtex-extra texlive-latex-recommended lmodern)"
        if os.environ.get("PAPERTRACK_CI"):
            pytest.fail(message + "; .ci/run installs them")
        pytest.skip(message)


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=300,
                          env={**os.environ, "TEXMFOUTPUT": str(cwd)})


def _biber_complaints(stdout: str) -> list[str]:
    """biber's ERROR and WARN lines (it writes every message to stdout)."""
    return [line for line in stdout.splitlines() if line.startswith(("ERROR - ", "WARN - "))]


def biber_validate(bib: Path, work: Path) -> tuple[int, list[str]]:
    """`biber --tool --validate-datamodel`: its exit status (2 on any error) and its complaints."""
    need("biber")
    proc = _run(["biber", "--tool", "--validate-datamodel", "--nolog", "--output-file", str(work / "checked.bib"),
                 str(bib)], work)
    return proc.returncode, _biber_complaints(proc.stdout)


def _tex_errors(log: Path) -> list[str]:
    if not log.exists():
        return [f"{log.name} not written"]
    text = log.read_text(encoding="latin-1")
    return re.findall(r"^(?:! |\./[^:\n]+:\d+: )(.*)$", text, re.MULTILINE)


def bibtex_document(bib: Path, work: Path) -> dict:
    """pdflatex, bibtex, pdflatex twice on a `\\nocite{*}` document: return codes, bibtex's error
    count (it exits 2 on errors, 0 on warnings), the TeX errors and the `\\bibitem`s written."""
    need("pdflatex", "bibtex")
    shutil.copy(bib, work / "refs.bib")
    (work / "doc.tex").write_text(BIBTEX_DOCUMENT, encoding="utf-8")
    first = _run(LATEX + ["doc.tex"], work)
    bibtex = _run(["bibtex", "doc"], work)
    latex = [_run(LATEX + ["doc.tex"], work) for _ in range(2)]
    blg = (work / "doc.blg").read_text(encoding="latin-1")
    errors = re.search(r"\(There (?:was|were) (\d+) error messages?\)", blg)
    bbl = (work / "doc.bbl").read_text(encoding="latin-1") if (work / "doc.bbl").exists() else ""
    return {"latex": [first.returncode] + [p.returncode for p in latex], "bibtex": bibtex.returncode,
            "bibtex_errors": int(errors.group(1)) if errors else 0,
            "bibtex_messages": [line for line in blg.splitlines() if not line.startswith(("Database", "The ", "A level"))
                                and ("---" in line or line.startswith(("I was", "I'm", "Too many", "Illegal")))],
            "tex_errors": _tex_errors(work / "doc.log"),
            "items": len(re.findall(r"^\\bibitem", bbl, re.MULTILINE)), "pdf": (work / "doc.pdf").exists()}


def biblatex_document(bib: Path, work: Path) -> dict:
    """The same document with biblatex and biber: return codes, biber's complaints, TeX errors,
    and the `\\entry`s biber wrote to the .bbl. biber writes letters pdflatex has no glyph for
    as TeX commands (`--output-safechars`), as pdflatex users run it."""
    need("pdflatex", "biber")
    shutil.copy(bib, work / "refs.bib")
    (work / "doc.tex").write_text(BIBLATEX_DOCUMENT, encoding="utf-8")
    first = _run(LATEX + ["doc.tex"], work)
    biber = _run(["biber", "--output-safechars", "--output-safecharsset=full", "doc"], work)
    latex = [_run(LATEX + ["doc.tex"], work) for _ in range(2)]
    bbl = (work / "doc.bbl").read_text(encoding="utf-8") if (work / "doc.bbl").exists() else ""
    return {"latex": [first.returncode] + [p.returncode for p in latex], "biber": biber.returncode,
            "biber_errors": [line for line in _biber_complaints(biber.stdout) if line.startswith("ERROR")],
            "tex_errors": _tex_errors(work / "doc.log"),
            "entries": len(re.findall(r"^\s*\\entry\{", bbl, re.MULTILINE)), "pdf": (work / "doc.pdf").exists()}


def biber_names(bib: Path, work: Path) -> dict[str, tuple[list[dict[str, str]], bool]]:
    """The author names as biber parses them, by entry key: ([{family, given, prefix, suffix}],
    whether `and others` ended the list), from its BibLaTeXML output (where a part of several
    words holds one namepart per word)."""
    need("biber")
    out = work / "names.bltxml"
    proc = _run(["biber", "--tool", "--output-format=biblatexml", "--nolog", "--output-file", str(out), str(bib)],
                work)
    assert proc.returncode == 0, _biber_complaints(proc.stdout)
    names: dict[str, tuple[list[dict[str, str]], bool]] = {}
    for entry in ET.parse(out).getroot().iter(f"{BLTX}entry"):
        for group in entry.iter(f"{BLTX}names"):
            if group.get("type") == "author":
                names[entry.get("id")] = ([
                    {part.get("type"): " ".join("".join(word.itertext()).strip() for word in part.findall(f"{BLTX}namepart"))
                     or "".join(part.itertext()).strip()
                     for part in name.findall(f"{BLTX}namepart")}
                    for name in group.iter(f"{BLTX}name")], group.get("morenames") == "1")
    return names
