"""Seeded synthetic Kaggle arXiv dump (`arxiv-metadata-oai-snapshot.json` in shape) for the
foreign-records benchmark: one JSON object a line with the dump's keys in its order, `authors`
as one TeX string (accents such as `M{\\"u}ller` and `Garc\\'ia` in about a fifth of the lines,
some affiliations in parentheses, collaborations, `et al`), titles wrapped with `\\n  `,
abstracts of 80-200 words wrapped at 76 columns, 1-4 versions with RFC 2822 dates, and
`authors_parsed`. Written with `ensure_ascii`, as the dump is. Run alone: `python
benchmarks/kaggle_corpus.py N`.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
VERSION = 1  # bump when the generator changes, so cached dumps are rebuilt

WORDS = """we study show propose novel method model models learning data training network networks deep
results performance problem approach framework algorithm algorithms analysis theory experiments
graph quantum field energy spin phase transition state states dynamics system systems optimal
bound bounds prove proof theorem lemma estimate estimates random matrix matrices operator space
spaces function functions equation equations solution solutions boundary nonlinear linear
stochastic gradient convergence rate rates efficient scalable robust sparse low-rank kernel
gaussian process inference bayesian posterior prior distribution distributions sample samples
galaxy galaxies star stars cluster clusters dark matter cosmological observations survey
detector collider decay mass masses neutrino neutrinos symmetry gauge string theory black hole
holes entropy thermodynamic lattice simulation simulations numerical monte carlo method
language vision transformer attention reinforcement policy agent agents reward benchmark""".split()
FIRST = """J. M. A. S. K. L. R. D. C. T. P. H. E. G. F. B. N. W. Y. X. Z. Wei Jing Anna Maria David
Michael Sarah Thomas Pierre Hans Olga Ivan Priya Rahul Kenji Yuki Ji-woo Carlos Juan Ana""".split()
PLAIN = """Smith Johnson Chen Wang Zhang Li Liu Kim Lee Park Brown Taylor Wilson Martin Thompson
Anderson Nguyen Tanaka Suzuki Sato Rossi Russo Ferrari Schmidt Fischer Weber Wagner Becker Novak
Kowalski Petrov Ivanov Smirnov Singh Kumar Sharma Patel Khan Cohen Levi Dubois Moreau Laurent""".split()
# Surnames as arXiv's metadata writes them: TeX accents in the submitter's own markup.
TEX = [r"M{\"u}ller", r"Garc\'ia", r"Fern\'andez", r"Sch{\"a}fer", r"Dupr\'e", r"Lef\`evre", r"Ko\c{c}",
       r"Erd\H{o}s", r"{\O}kland", r"Wei{\ss}", r"N{\'u}{\~n}ez", r"Jim\'enez", r"Sj{\"o}str{\"o}m",
       r"W\'ojcik", r"Gra\.zyna", r"Castell\'o", r"P\'erez", r"Mart\'inez", r"{\"O}zt{\"u}rk", r"Ba\v{s}i\'c"]
CATEGORIES = """hep-th hep-ph hep-ex gr-qc quant-ph cond-mat.str-el cond-mat.mes-hall cond-mat.stat-mech
astro-ph.CO astro-ph.GA astro-ph.HE math.AG math.CO math.PR math.AP math.OC math-ph cs.LG cs.CL cs.CV
cs.AI cs.DS cs.IT stat.ML stat.ME physics.optics nlin.CD q-bio.NC eess.SP""".split()
LICENSES = (None, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/", "http://creativecommons.org/licenses/by/4.0/")


def _name(rng: random.Random) -> tuple[str, str, str]:
    """(as the authors line writes it, keyname, forenames) of one author."""
    first = rng.choice(FIRST)
    if rng.random() < 0.06:
        last = rng.choice(TEX)
        decoded = (last.replace(r"{\"u}", "ü").replace(r"\'i", "í").replace(r"\'a", "á").replace(r"{\"a}", "ä")
                   .replace(r"\'e", "é").replace(r"\`e", "è").replace(r"\c{c}", "ç").replace(r"\H{o}", "ő")
                   .replace(r"{\O}", "Ø").replace(r"{\ss}", "ß").replace(r"{\'u}", "ú").replace(r"{\~n}", "ñ")
                   .replace(r"{\"o}", "ö").replace(r"\'o", "ó").replace(r"\.z", "ż").replace(r"{\"O}", "Ö")
                   .replace(r"{\"u}", "ü").replace(r"\v{s}", "š").replace(r"\'c", "ć"))
    else:
        last = decoded = rng.choice(PLAIN)
    return f"{first} {last}", decoded, first


def _wrapped(words: list[str], width: int, lead: str) -> str:
    lines, current = [], lead
    for word in words:
        if current.strip() and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current.strip() else current + word
    return "\n".join([*lines, current]) + "\n"


def line(rng: random.Random, n: int, day: datetime) -> dict:
    count = min(max(1, round(rng.lognormvariate(1.2, 0.7))), 40)
    names = [_name(rng) for _ in range(count)]
    shown = [n_[0] for n_ in names]
    if rng.random() < 0.05:
        shown = [f"{s} ({rng.choice(('MIT', 'CERN', 'Stanford U.', 'DESY', 'Caltech'))})" for s in shown]
    authors = ", ".join(shown[:-1]) + (" and " + shown[-1] if len(shown) > 1 else shown[-1])
    if rng.random() < 0.01:
        authors = "The ATLAS Collaboration: " + authors + ", et al"
    title_words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    title = " ".join(title_words).capitalize()
    if rng.random() < 0.1:
        title += f" with $O(n^{{{rng.randint(2, 4)}}})$ cost"
    if len(title) > 60:
        cut = title.rfind(" ", 0, 60)
        title = title[:cut] + "\n " + title[cut:]
    abstract = [rng.choice(WORDS) for _ in range(rng.randint(80, 200))]
    if rng.random() < 0.3:
        abstract.insert(rng.randrange(len(abstract)), r"$\alpha_s(M_Z)$")
    versions = []
    created = day
    for v in range(1, rng.choices((1, 2, 3, 4), (50, 30, 14, 6))[0] + 1):
        versions.append({"version": f"v{v}", "created": created.strftime("%a, %-d %b %Y %H:%M:%S GMT")})
        created += timedelta(days=rng.randint(5, 300), seconds=rng.randint(0, 86000))
    year = day.year
    ident = f"{year % 100:02d}{day.month:02d}.{n % 100000:05d}" if year >= 2015 else (
        f"{year % 100:02d}{day.month:02d}.{n % 10000:04d}" if year >= 2007 else
        f"{rng.choice(('hep-th', 'math', 'cond-mat', 'astro-ph'))}/{year % 100:02d}{day.month:02d}{n % 1000:03d}")
    cats = list(dict.fromkeys(rng.choice(CATEGORIES) for _ in range(rng.randint(1, 3))))
    return {
        "id": ident, "submitter": shown[0].split(" (")[0], "authors": authors, "title": title,
        "comments": rng.choice((None, f"{rng.randint(4, 60)} pages, {rng.randint(1, 15)} figures", "Accepted")),
        "journal-ref": f"Phys. Rev. D {rng.randint(50, 110)} ({year}) {rng.randint(1000, 99999)}" if rng.random() < 0.2 else None,
        "doi": f"10.1103/PhysRevD.{rng.randint(50, 110)}.{rng.randint(1000, 99999)}" if rng.random() < 0.25 else None,
        "report-no": f"CERN-TH-{year}-{rng.randint(1, 300)}" if rng.random() < 0.05 else None,
        "categories": " ".join(cats), "license": rng.choice(LICENSES),
        "abstract": _wrapped(abstract, 76, "  "), "versions": versions,
        "update_date": (created - timedelta(days=1)).strftime("%Y-%m-%d"),
        "authors_parsed": [[last, first, ""] for _, last, first in names],
    }


def generate(lines: int, seed: int = 11) -> Path:
    path = DATA / f"kaggle-{lines}-s{seed}-v{VERSION}.json"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out:
        for n in range(lines):
            day = datetime(1995, 1, 1) + timedelta(days=rng.randrange(30 * 365), seconds=rng.randrange(86400))
            out.write(json.dumps(line(rng, n, day)) + "\n")
    partial.rename(path)
    return path


if __name__ == "__main__":
    print(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
