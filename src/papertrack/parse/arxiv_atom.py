"""arXiv API Atom responses (export.arxiv.org/api/query) and arXiv author feeds
(arxiv.org/a/<id>.atom, and .atom2 whose one <name> holds every author comma-joined),
saved to a file: the older layout (namespaces on each element) and the current one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from lxml import etree

from ..normalize import find_code_url, find_project_url, normalize_doi, parse_arxiv_id
from .context import ParseContext, Skipped
from .xml_doc import XmlErrors, xml_chunks

NAME = "arxiv-atom"
DESCRIPTION = "arXiv API Atom response (export.arxiv.org/api/query) or author feed (arxiv.org/a/ID.atom, .atom2)"
EXAMPLE = '<feed xmlns="http://www.w3.org/2005/Atom"> ... <entry><id>http://arxiv.org/abs/2510.02212v1</id>'

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_ENTRY = _ATOM + "entry"
_ID, _TITLE, _SUMMARY, _PUBLISHED, _AUTHOR, _NAME, _CATEGORY, _LINK = (
    _ATOM + tag for tag in ("id", "title", "summary", "published", "author", "name", "category", "link"))
_PRIMARY, _AFFILIATION, _COMMENT, _JOURNAL_REF, _DOI = (
    _ARXIV + tag for tag in ("primary_category", "affiliation", "comment", "journal_ref", "doi"))

# Larger than any real response (the API pages at 2000 entries, a few MB): past this the
# input is not a saved response, and reading on would only burn time.
MAX_CHARS = 200 * 1024 * 1024
# Recover mode closes an entry cut off by the end of the file as if it were whole; counting
# the real closing tags tells the complete entries from the cut one.
_ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?entry\s*>")
# arXiv taxonomy codes (`cs.LG`, `hep-th`, `math.OC`); old responses also list ACM and MSC
# classes (`I.2.6`, `68T05`) as categories, which are not arXiv categories.
_TAXONOMY = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?$")
_OWNER_SUFFIX = re.compile(r"['’]s articles on arXiv\s*$", re.IGNORECASE)
# The root element comes after an optional XML declaration, comments and DOCTYPE.
_FEED_START = re.compile(
    r"^\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)?"
    r"(?:<!--.*?-->\s*)*<(?:[\w.-]+:)?feed[\s>]",
    re.DOTALL,
)
_FEED_MARKS = ("arxiv.org/abs/", "arxiv.org/schemas/atom", "arxiv.org/api", "arxiv.org/a/")
# The hosts of SPEC's `code_url` and `project_url`. The case-insensitive regexes of
# find_code_url / find_project_url try every position of a text (~0.1 ms on a 1 kB abstract,
# more than the rest of an entry costs); most texts name no such host, which `in` tells fast.
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")
_PAGE_HOSTS = ("github.io", "gitlab.io")


def detect(sample: str) -> float:
    """An XML document whose root is an Atom <feed> and that names arXiv."""
    if (not _FEED_START.match(sample) or "http://www.w3.org/2005/Atom" not in sample
            or not any(mark in sample for mark in _FEED_MARKS)):
        return 0.0
    # The announcement feeds of rss.arxiv.org are Atom too, with another entry shape.
    return 0.5 if "announce_type" in sample else 0.95


class _Feed:
    """What the feed says about all its entries: is it an author's feed, and whose."""

    def __init__(self) -> None:
        self.owner: str | None = None
        self.author_feed = False
        self._title: str | None = None

    def observe(self, element) -> None:
        """Take in one feed-level element (title, id, link, ...), all of which precede the entries."""
        tag = element.tag
        if tag == _TITLE:
            self._title = element.text
        elif ((tag == _ID and "arxiv.org/a/" in (element.text or ""))
              or (tag == _LINK and "arxiv.org/a/" in (element.get("href") or ""))):
            self.author_feed = True
        if self.author_feed and self._title:
            self.owner = " ".join(_OWNER_SUFFIX.sub("", self._title).split()) or None


def _split_joined_names(names: list[str], author_feed: bool) -> list[str]:
    """`.atom2` author feeds put every author in one <name>, comma-joined. Elsewhere a name
    holds no comma, but one lone comma might be `Surname, Given`: split only from two on."""
    if len(names) == 1 and "," in names[0] and (author_feed or names[0].count(",") >= 2):
        return [n.strip() for n in names[0].split(",") if n.strip()]
    return names


def _repository_urls(abstract: str | None, comment: str | None) -> tuple[str | None, str | None]:
    """(code_url, project_url) by find_code_url and find_project_url, each given only the texts
    that hold a host name its pattern needs: the same answers, a fraction of the time."""
    low_abstract, low_comment = (abstract or "").lower(), (comment or "").lower()
    code = (_if_any(abstract, low_abstract, _CODE_HOSTS), _if_any(comment, low_comment, _CODE_HOSTS))
    page = (_if_any(comment, low_comment, _PAGE_HOSTS), _if_any(abstract, low_abstract, _PAGE_HOSTS))
    return (find_code_url(*code) if any(code) else None, find_project_url(*page) if any(page) else None)


def _if_any(text: str | None, low_text: str, hosts: tuple[str, ...]) -> str | None:
    return text if any(map(low_text.__contains__, hosts)) else None


def _day(timestamp: str | None) -> str | None:
    """The day an RFC 3339 timestamp shows (`2025-10-02T17:59:58Z`, or `2025-10-02 17:59:58+00:00`
    in author feeds), as written: no shift to UTC."""
    day = timestamp.strip()[:10] if timestamp else ""
    try:
        return date.fromisoformat(day).isoformat() if day[4:5] == "-" else None
    except ValueError:
        return None


def _entry_record(entry, feed: _Feed, errors: XmlErrors, ctx: ParseContext):
    """The Paper of one <entry>, or Skipped when it is damaged or the API's error entry."""
    first = entry.sourceline
    entry_id = title = summary = published = primary = comment = journal_ref = doi = None
    links, names, affiliations, terms = [], [], [], []
    for child in entry:
        tag = child.tag
        if tag == _AUTHOR:
            for part in child:
                part_tag, text = part.tag, part.text
                if not text:
                    continue
                if part_tag == _NAME:
                    names.append(text)
                elif part_tag == _AFFILIATION:
                    affiliation = " ".join(text.split())
                    if affiliation and affiliation not in affiliations:
                        affiliations.append(affiliation)
        elif tag == _CATEGORY:
            term = child.get("term")
            if term and term not in terms and _TAXONOMY.match(term):
                terms.append(term)
        elif tag == _LINK:
            links.append(child)  # read only when <id> or <arxiv:doi> is missing
        elif tag == _ID:
            entry_id = child.text
        elif tag == _TITLE:
            title = child.text
        elif tag == _SUMMARY:
            summary = child.text
        elif tag == _PUBLISHED:
            published = child.text
        elif tag == _PRIMARY:
            primary = child.get("term")
        elif tag == _COMMENT:
            comment = child.text
        elif tag == _JOURNAL_REF:
            journal_ref = child.text
        elif tag == _DOI:
            doi = child.text
    # Line ranges matter only when something is damaged; finding them costs a tree walk.
    last = max(el.sourceline or first for el in entry.iter()) if errors.pending or ctx.damaged else first
    if errors.pending and (why := errors.within(first, last)):
        return Skipped(first, why)
    if entry_id and "/api/errors" in entry_id:
        # The API answers a bad query with HTTP 200 and this one pseudo-entry.
        why = " ".join((summary or title or "unknown error").split())
        return Skipped(first, f"arXiv API error: {why}")
    # The id as the bare `2510.02212v2` (or `cond-mat/0412498v2`) matches without a search.
    arxiv_id, version = parse_arxiv_id(entry_id.rpartition("/abs/")[2] if entry_id else None)
    if arxiv_id is None:
        alternate = next((ln.get("href") for ln in links if ln.get("rel") == "alternate"
                          and not ln.get("title")), None)
        arxiv_id, version = parse_arxiv_id(alternate)
    if primary and _TAXONOMY.match(primary):
        if primary in terms:
            terms.remove(primary)
        terms.insert(0, primary)
    if not doi:
        doi = next((ln.get("href") for ln in links if ln.get("title") == "doi"), None)
    # arxiv:doi sometimes holds several DOIs separated by spaces; the first is the paper's.
    doi_text = (doi or "").split()
    code_url, project_url = _repository_urls(summary, comment)
    return ctx.make(
        first, last,
        title=title,
        authors=_split_joined_names(names, feed.author_feed),
        date=_day(published),
        category=terms[0] if terms else None,
        categories=terms,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=normalize_doi(doi_text[0]) if doi_text else None,
        code_url=code_url,
        project_url=project_url,
        abstract=summary,
        comment=comment,
        journal_ref=journal_ref,
        affiliations=affiliations,
        profile_of=[feed.owner] if feed.owner else [],
    )


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    parser = etree.XMLPullParser(
        # Only the root's start is reported: every root child but the last is complete (the
        # parser only appends), so entries are taken from there with no event per element.
        events=("start",), tag=_ATOM + "feed",
        # Untrusted input: no entity expansion, no DTD, no network, no giant text nodes.
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_blank_text=True,  # the indentation between elements is no data: fewer nodes
        # Keep going past damage so that the entries after it still come out.
        recover=True,
    )
    feed, errors, root = _Feed(), XmlErrors(), None
    size = closed_entries = seen_entries = 0
    line_no = 1

    def take(children: list) -> Iterator:
        nonlocal seen_entries
        for child in children:
            if child.tag != _ENTRY:
                feed.observe(child)
                continue
            seen_entries += 1
            first = child.sourceline or line_no
            if errors.pending:
                yield from errors.before(first)
            if seen_entries > closed_entries:
                errors.pending.clear()  # they all stem from the cut
                yield Skipped(first, "entry cut off: the document ends before its </entry>; "
                                     "the complete entries were read")
            else:
                yield _entry_record(child, feed, errors, ctx)

    tail = b""  # the end of the previous chunk: a tag may straddle two chunks
    for chunk in xml_chunks(lines):
        window = tail + chunk
        if b"<!ENTITY" in window:
            yield Skipped(line_no, "refused: the document declares XML entities (<!ENTITY>), "
                                   "which arXiv responses never do (entity expansion attack?)")
            return
        size += len(chunk)
        if size > MAX_CHARS:
            yield Skipped(line_no, f"stopped reading: the document is larger than {MAX_CHARS >> 20} MB, "
                                   "which no arXiv response is; check what was saved")
            return
        # arXiv writes a plain </entry>; only a prefixed one needs the (slower) regex. The
        # tail is shorter than any closing tag, so no tag is counted twice.
        closed_entries += (len(_ENTRY_END.findall(window)) - len(_ENTRY_END.findall(tail))
                           if b":entry" in window else window.count(b"</entry") - tail.count(b"</entry"))
        tail = chunk[-7:]
        parser.feed(chunk)
        line_no += chunk.count(b"\n")
        if root is None:
            root = next((element for _, element in parser.read_events()), None)
        if root is not None and len(root) > 1:
            errors.update(parser.feed_error_log)
            done, root[:-1] = root[:-1], []  # a long feed is never held whole in memory
            yield from take(done)
    try:
        last = parser.close()
    except etree.XMLSyntaxError as exc:
        last = None
        errors.pending.append((exc.lineno or line_no, " ".join(str(exc).split())))
    errors.update(parser.feed_error_log)
    root = root if root is not None else last
    if root is None or root.tag != _ATOM + "feed":
        name = str(root.tag).rpartition("}")[2] if root is not None else None  # QName() refuses a broken tag
        what = ("not XML" if name is None else "its <feed> lacks the Atom namespace" if name == "feed"
                else f"its root element is <{name}>")
        yield Skipped(1, f"not an Atom feed ({what}); expected an arXiv API response or author feed")
        return
    yield from take(list(root))
    if errors.pending:
        n, msg = errors.pending[0]
        more = f" (and {len(errors.pending) - 1} more)" if len(errors.pending) > 1 else ""
        yield Skipped(n, f"broken XML: {msg}{more}; the complete entries were read")
