"""Pure, idempotent field normalizers shared by every layout: whitespace, arXiv ids, DOIs,
dates, categories, URLs and title keys (rules about people's names live in `names`). No I/O,
no state; each function accepts what pages really show and returns the record's form or None.
"""

from __future__ import annotations

import re
import unicodedata

from .arxiv_taxonomy import short_codes

# The date rules live in `dates`; layouts find them here with the other field rules.
from .dates import (
    MONTH_PATTERN as MONTH_PATTERN,
    MONTHS as MONTHS,
    is_partial_date as is_partial_date,
    normalize_date as normalize_date,
    parse_date as parse_date,
)
from .lazy_regex import lazy_compile

_WS = lazy_compile(r"\s+")


def collapse_ws(text: str | None) -> str | None:
    """Collapse runs of whitespace to one space and strip; empty becomes None."""
    if text is None:
        return None
    # Fast paths for ASCII text, on the hot path of every parser (every line of a paste): a
    # one-character test runs at memchr speed, several times faster than splitting a line
    # into words and joining them again; a search for a longer string costs about a
    # microsecond a kilobyte. The characters tested are the ASCII ones str.split() breaks at.
    if (text.isascii() and "\t" not in text and "\r" not in text and "\x0b" not in text and "\x0c" not in text
            and "\x1c" not in text and "\x1d" not in text and "\x1e" not in text and "\x1f" not in text):
        if "\n" not in text:
            if text[:1] != " " and text[-1:] != " " and "  " not in text:
                return text or None  # already clean, as most text is
        else:
            # Wrapped with single line breaks (arXiv abstracts and titles): replacing them is a
            # fraction of splitting the text into words and joining them again.
            flat = text.strip().replace("\n", " ")
            if "  " not in flat:
                return flat or None
    text = " ".join(text.split())
    return text or None


# ---------------------------------------------------------------- arXiv identifiers

# New-style ids have exactly 4 digits after the dot from 0704 to 1412 and exactly 5 from 1501
# on; knowing which keeps an id apart from text glued after it (`arXiv:1412.69803D ...`).
# Old-style ids are archive[.SC]/YYMMNNN. ARXIV_ID (an id without version, no groups) is
# shared with the sources.
_MONTH = r"(?:0[1-9]|1[0-2])"
_NEW_ID = rf"(?:0[7-9]|1[0-4]){_MONTH}\.\d{{4}}|(?:1[5-9]|[2-9]\d){_MONTH}\.\d{{5}}"
_OLD_ID = r"[a-z][a-z\-]*(?:\.[A-Za-z]{2})?/\d{2}" + _MONTH + r"\d{3}"
ARXIV_ID = rf"(?:{_NEW_ID}|{_OLD_ID})"
_ID = rf"(?P<id>{ARXIV_ID})(?:v(?P<v>\d+))?"
# A bare number inside prose is not an id: outside an exact match, a prefix is required.
_BARE_ID = lazy_compile(rf"^{_ID}(?:\.pdf)?$", re.IGNORECASE)
_PREFIXED_ID = lazy_compile(
    rf"(?:\barxiv:\s*|arxiv\.org/(?:abs|pdf|html)/|(?:hf|huggingface)\.co/papers/"
    rf"|10\.48550/arxiv\.){_ID}(?!\d)",
    re.IGNORECASE,
)


_CANONICAL_ID = lazy_compile(rf"^(?:{_NEW_ID}|[a-z][a-z\-]*(?:\.[A-Z]{{2}})?/\d{{2}}{_MONTH}\d{{3}})$")


def is_arxiv_id(text: str) -> bool:
    """True for an id already in the record's form (`2510.02212`, `math.OC/0501001`): no
    prefix, no version, the case arXiv writes."""
    return _CANONICAL_ID.match(text) is not None


def parse_arxiv_id(text: str | None) -> tuple[str | None, int | None]:
    """Return (id without version, version) from any written form, or (None, None).

    Accepts `2510.02212`, `arXiv:2510.02212v2`, `https://arxiv.org/abs/2510.02212v1`,
    `.../pdf/2510.02212v1.pdf`, `10.48550/arXiv.2510.02212`, `cond-mat/0412498v3`, and
    Hugging Face paper URLs (`huggingface.co/papers/2510.02212`), which are arXiv ids.
    """
    if not text:
        return None, None
    text = text.strip()
    m = _BARE_ID.match(text) or _PREFIXED_ID.search(text)
    if not m:
        return None, None
    arxiv_id = m.group("id")
    if "/" in arxiv_id:  # old style: archive lower-case, subject class upper (math.OC/0501001)
        archive, number = arxiv_id.split("/", 1)
        name, _, subject = archive.partition(".")
        arxiv_id = f"{name.lower()}{'.' + subject.upper() if subject else ''}/{number}"
    return arxiv_id, int(m.group("v")) if m.group("v") else None


def arxiv_id_from_doi(doi: str | None) -> str | None:
    """`10.48550/arXiv.2510.02212` names an arXiv paper; return its id or None."""
    if doi and doi.lower().startswith("10.48550/arxiv."):
        return parse_arxiv_id(doi)[0]
    return None


def normalize_doi(text: str | None) -> str | None:
    """Lower-case DOI without `doi:` or resolver prefix; None when it is not a DOI."""
    if not text:
        return None
    text = text.strip()
    text = re.sub(r"^(?:doi:\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)", "", text, flags=re.IGNORECASE)
    if not re.match(r"^10\.\d{4,9}/\S+$", text):
        return None
    text = text.lower().rstrip(".,;")
    # DOIs may hold parentheses (`10.1016/s0140-6736(20)30183-5`); only an unbalanced
    # closing one at the end is the prose around it.
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(".,;")
    return text or None


# ---------------------------------------------------------------- categories

_FULL_CODE = lazy_compile(r"^([A-Za-z]+(?:-[A-Za-z]+)?)\.([A-Za-z]{2}|[A-Za-z]+-[A-Za-z]+)$")


def normalize_category(code: str | None) -> str | None:
    """Map an aggregator's short code to the arXiv taxonomy (`LG` -> `cs.LG`, a code several
    archives share as `arxiv_taxonomy.SHORT_CODE_ORDER` says); keep others."""
    if not code:
        return None
    code = code.strip()
    if len(code) == 2 and (mapped := short_codes().get(code)):
        return mapped
    if m := _FULL_CODE.match(code):
        # arXiv spells archives in lower case, two-letter subject classes in upper case
        # (`cs.LG`, `q-bio.NC`) and longer ones in lower case (`cond-mat.stat-mech`).
        archive, subject = m[1].lower(), m[2]
        subject = subject.upper() if len(subject) == 2 else subject.lower()
        return f"{archive}.{subject}"
    return code or None


# ---------------------------------------------------------------- URLs

# Abstracts also write repositories without a scheme (`Code: github.com/user/repo`). The host
# comes first in the pattern so the regex engine can scan for it quickly; the optional scheme
# and `www.` before it are looked up afterwards (_URL_LEAD).
_REPO_URL = lazy_compile(
    r"(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/[^\s<>\"'\]]+", re.IGNORECASE
)
_HOST_HINT = lazy_compile(r"\.(?:com|org)/")
_REPO_HOSTS = ("github.com/", "gitlab.com/", "bitbucket.org/", "codeberg.org/")
_URL_LEAD = lazy_compile(r"(?:https?://)?(?:www\.)?$", re.IGNORECASE)
_PROJECT_URL = lazy_compile(
    r"https?://[A-Za-z0-9\-]+\.(?:github|gitlab)\.io(?:/[^\s<>\"'\]]*)?", re.IGNORECASE
)
_URL_TRAIL = ".,;:)}]>\\'\""


def clean_url(url: str | None) -> str | None:
    """Strip the punctuation and braces that prose and LaTeX glue to the end of a URL."""
    if not url:
        return None
    url = url.strip().rstrip(_URL_TRAIL)
    return url or None


def find_code_url(*texts: str | None) -> str | None:
    """First code-repository URL (github, gitlab, bitbucket, codeberg) in the given texts."""
    for text in texts:
        # Every repository URL has a slash, which memchr finds in no time (a search for a longer
        # string costs a microsecond a kilobyte); most texts name no repository at all.
        if not text or "/" not in text:
            continue
        # A case-insensitive regex scan is slow (~0.2 ms an abstract): a literal-led pattern over
        # the lowered text tells in ~2 us whether a host is named.
        lowered = text.lower()
        if not _HOST_HINT.search(lowered):
            continue
        # Start the slow scan just before the first host (lowering keeps offsets in ASCII).
        hits = [i for host in _REPO_HOSTS if (i := lowered.find(host)) >= 0]
        if not hits:
            continue
        start = max(0, min(hits) - 12) if len(lowered) == len(text) else 0
        for m in _REPO_URL.finditer(text, start):
            window = text[max(0, m.start() - 12):m.start()]
            lead = _URL_LEAD.search(window).group(0)
            before = window[: len(window) - len(lead)][-1:]
            # Without a scheme, a match inside another URL or an e-mail address is not a link.
            if not lead.lower().startswith("http") and before and (before.isalnum() or before in "./@-_"):
                continue
            url = (clean_url(m.group(0)) or "").rstrip("/")
            url = ("" if lead.lower().startswith("http") else "https://") + lead + url
            # A bare account URL (github.com/user) is a person, not a repository.
            if len(url.split("://", 1)[1].split("/")) >= 3:
                return url
    return None


def find_project_url(*texts: str | None) -> str | None:
    """First project-page URL that is not a repository (`*.github.io`, `*.gitlab.io`)."""
    for text in texts:
        # Substring test first, for the same reason as in find_code_url.
        if text and "/" in text and ".io" in text.lower() and (m := _PROJECT_URL.search(text)):
            return clean_url(m.group(0))
    return None


# ---------------------------------------------------------------- identity keys

_LATEX_CMD = lazy_compile(r"\\[a-zA-Z]+\*?")
_NON_WORD = lazy_compile(r"[^0-9a-z]+")


def fold_text(text: str) -> str:
    """Case-fold and strip diacritics: `Ramírez` -> `ramirez`."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def title_key(title: str) -> str:
    """Title identity key: folded, LaTeX commands, braces, punctuation and spacing removed."""
    # Braces vanish without a space ({F}ine -> Fine); commands and math delimiters split words.
    text = _LATEX_CMD.sub(" ", title.replace("{", "").replace("}", "").replace("$", " "))
    return _NON_WORD.sub(" ", fold_text(text)).strip()
