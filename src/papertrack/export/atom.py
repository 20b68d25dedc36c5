"""An Atom feed (RFC 4287) for feed readers: one entry a paper with its title, link (arXiv, else
DOI), authors, date, abstract and categories. Entry ids are derived from the record's id, so a
reader that gets the same paper in the next digest shows it once. The DOI, primary category,
comment and journal reference are written as arXiv's own API feeds write them (its `arxiv:`
elements, which readers ignore), so `papertrack parse` reads the feed back."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from ..model import Paper
from .citation import doi_url, paper_url

ATOM_NS = "http://www.w3.org/2005/Atom"
ARXIV_NS = "http://arxiv.org/schemas/atom"
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ENTRY_IDS = uuid.UUID("5b0c1a52-9f1e-4a7c-8a51-3d1f64c1e2a0")  # the namespace of papertrack's entry ids


def write_atom(records: Iterable[Paper], out: TextIO, merged: bool) -> int:
    now = _now()
    out.write('<?xml version="1.0" encoding="utf-8"?>\n'
              f'<feed xmlns="{ATOM_NS}" xmlns:arxiv="{ARXIV_NS}">\n'
              f"  <id>{entry_id('feed')}</id>\n"
              "  <title>Papers from papertrack</title>\n"
              f"  <updated>{now}</updated>\n"
              # The feed's author stands for entries whose record names nobody (RFC 4287, 4.1.1).
              "  <author><name>papertrack</name></author>\n"
              "  <generator>papertrack</generator>\n")
    n = 0
    for p in records:
        n += 1
        out.write(_entry(p, now))
    out.write("</feed>\n")
    return n


def entry_id(record_id: str) -> str:
    """`urn:uuid:...`, the same for the same record id in every run and on every machine."""
    return f"urn:uuid:{uuid.uuid5(_ENTRY_IDS, record_id)}"


def _entry(p: Paper, now: str) -> str:
    day = _day(p.date) or _day(p.listed_on)
    updated = f"{day}T00:00:00Z" if day else now
    lines = ["  <entry>", f"    <id>{entry_id(p.id)}</id>", f"    <title>{_text(p.title or _label(p))}</title>"]
    if url := paper_url(p):
        lines.append(f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>')
    if p.doi:
        lines.append(f'    <link rel="related" title="doi" href={quoteattr(doi_url(_clean(p.doi)))}/>')
    if p.code_url:
        lines.append(f'    <link rel="related" title="code" href={quoteattr(_clean(p.code_url))}/>')
    if _day(p.date):
        lines.append(f"    <published>{updated}</published>")
    lines.append(f"    <updated>{updated}</updated>")
    lines += [f"    <author><name>{_text(name)}</name></author>" for name in p.authors]
    categories = p.categories or ([p.category] if p.category else [])
    lines += [f"    <category term={quoteattr(_clean(c))}/>" for c in categories]
    if p.category:
        lines.append(f"    <arxiv:primary_category term={quoteattr(_clean(p.category))}/>")
    lines += [f"    <arxiv:{tag}>{_text(value)}</arxiv:{tag}>"
              for tag, value in (("doi", p.doi), ("comment", p.comment), ("journal_ref", p.journal_ref)) if value]
    if p.abstract:
        lines.append(f"    <summary>{_text(p.abstract)}</summary>")
    if not url:  # an entry without a link must carry its content (RFC 4287, 4.1.2)
        lines.append(f'    <content type="text">{_text(p.abstract or p.title or _label(p))}</content>')
    return "\n".join(lines) + "\n  </entry>\n"


def _day(value: str | None) -> str | None:
    """A `YYYY-MM-DD` that is a real day (records read from JSON Lines are untrusted)."""
    try:
        return date.fromisoformat(value).isoformat() if value and len(value) == 10 else None
    except ValueError:
        return None


def _label(p: Paper) -> str:
    """What a reader shows for a record without a title: its arXiv id, DOI or abstract's start."""
    if p.arxiv_id:
        return f"arXiv:{p.arxiv_id}"
    if p.doi:
        return f"doi:{p.doi}"
    abstract = p.abstract or ""
    return abstract[:80] + ("…" if len(abstract) > 80 else "")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _text(text: str) -> str:
    return escape(_clean(text))


def _now() -> str:
    """The feed's time: now, or $SOURCE_DATE_EPOCH for output that builds the same every time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() \
        else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
