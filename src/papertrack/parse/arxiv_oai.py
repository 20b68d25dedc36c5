"""arXiv's OAI-PMH answers (oaipmh.arxiv.org/oai, formerly export.arxiv.org/oai2), the interface
arXiv asks bulk users to harvest: `ListRecords` and `GetRecord` in the `arXiv`, `arXivRaw` and
`oai_dc` metadata formats (`oai_formats` reads each). Deleted records are no papers and are
passed over; OAI errors are reported (`noRecordsMatch` is an empty answer, not an error).

A harvester pages on with `resumption(data)`: the resumptionToken, its cursor and list size,
or the error code of an answer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from .context import ParseContext, Skipped
from .oai_formats import fields
from .xml_doc import XmlErrors, xml_chunks

NAME = "arxiv-oai"
DESCRIPTION = "arXiv OAI-PMH answer: ListRecords or GetRecord in the arXiv, arXivRaw or oai_dc format"
EXAMPLE = '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"> ... <ListRecords><record><header>...'

OAI = "{http://www.openarchives.org/OAI/2.0/}"
_RECORD, _HEADER, _IDENTIFIER, _METADATA, _ERROR, _TOKEN = (
    OAI + tag for tag in ("record", "header", "identifier", "metadata", "error", "resumptionToken"))
_RECORD_END = re.compile(rb"</(?:[\w.-]+:)?record\s*>")
_ROOT = re.compile(r"^\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)?"
                   r"(?:<!--.*?-->\s*)*<(?:[\w.-]+:)?OAI-PMH[\s>]", re.DOTALL)
# What an error code means for whoever harvests.
_ADVICE = {
    "badResumptionToken": "the token expired or is wrong; restart the harvest from its first day",
    "cannotDisseminateFormat": "ask for metadataPrefix arXiv, arXivRaw or oai_dc",
    "idDoesNotExist": "check the identifier (oai:arXiv.org:ID)",
    "badArgument": "check the request's arguments",
    "badVerb": "ask with verb ListRecords or GetRecord",
}


def detect(sample: str) -> float:
    if not _ROOT.match(sample) or "http://www.openarchives.org/OAI/2.0/" not in sample:
        return 0.0
    return 0.95 if "arxiv.org" in sample.lower() else 0.5


@dataclass(frozen=True, slots=True)
class Resumption:
    """Where a list answer leaves a harvest (OAI-PMH 2.0, section 3.5)."""

    token: str | None
    """The resumptionToken to ask for the next page with; None when the answer is complete (an
    empty token, as the last page carries, or none, as a list that fits in one answer)."""
    cursor: int | None
    """Records of the list before this page, when the server says."""
    complete_list_size: int | None
    """Records in the whole list, when the server says."""
    error_code: str | None
    """The OAI error of the answer (`badResumptionToken`, `noRecordsMatch`, ...), or None."""
    error_message: str | None = None


def resumption(data: bytes) -> Resumption:
    """How an OAI-PMH answer continues: read from the bytes of one response."""
    token = cursor = size = code = message = None
    events = etree.iterparse(io.BytesIO(data), events=("end",), tag=(_TOKEN, _ERROR), recover=True,
                             resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        for _, element in events:
            if element.tag == _ERROR:
                code, message = element.get("code"), " ".join((element.text or "").split()) or None
            else:
                token = (element.text or "").strip() or None
                cursor, size = _number(element.get("cursor")), _number(element.get("completeListSize"))
    except etree.XMLSyntaxError:
        pass  # what was read before the break stands
    return Resumption(token, cursor, size, code, message)


def _number(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def _record(record, errors: XmlErrors, ctx: ParseContext):
    first = record.sourceline
    header = record.find(_HEADER)
    if header is not None and header.get("status") == "deleted":
        return None  # a withdrawn identifier: no paper, and nothing wrong
    last = max(el.sourceline or first for el in record.iter()) if errors.pending or ctx.damaged else first
    if errors.pending and (why := errors.within(first, last)):
        return Skipped(first, why)
    identifier = header.findtext(_IDENTIFIER) if header is not None else None
    header_id = identifier.strip().rsplit(":", 1)[-1] if identifier and identifier.count(":") >= 2 else None
    metadata = record.find(_METADATA)
    if metadata is None or not len(metadata):
        return Skipped(first, "record without metadata")
    values = fields(metadata[0], header_id)
    if values is None:
        what = str(metadata[0].tag).rpartition("}")[2]
        return Skipped(first, f"metadata format {what!r} is not read; harvest with metadataPrefix arXiv, "
                              "arXivRaw or oai_dc")
    return ctx.make(first, last, **values)


def _error(element) -> Skipped | None:
    code = element.get("code") or "unknown"
    if code == "noRecordsMatch":
        return None  # an empty list: the answer to a harvest with nothing new
    text = " ".join((element.text or "").split())
    advice = _ADVICE.get(code)
    said = f'"{text}"' if text else "no message"
    return Skipped(element.sourceline, f"OAI-PMH error {code}: {said}" + (f"; {advice}" if advice else ""))


def parse(lines: Iterable[str], ctx: ParseContext) -> Iterator:
    parser = etree.XMLPullParser(
        events=("end",), tag=(_RECORD, _ERROR),
        # Untrusted input: no entity expansion, no DTD, no network, no giant text nodes; keep
        # going past damage so that the records after it still come out.
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True,
        remove_blank_text=True,
    )
    errors = XmlErrors()
    closed = seen = 0
    line_no = 1
    tail = b""

    def take() -> Iterator:
        nonlocal seen
        errors.update(parser.feed_error_log)
        for _, element in parser.read_events():
            if element.tag == _ERROR:
                if (problem := _error(element)) is not None:
                    yield problem
                continue
            seen += 1
            if errors.pending:
                yield from errors.before(element.sourceline or line_no)
            if seen > closed:
                errors.pending.clear()  # they all stem from the cut
                yield Skipped(element.sourceline, "record cut off: the answer ends before its </record>; "
                                                  "the complete records were read")
            elif (result := _record(element, errors, ctx)) is not None:
                yield result
            # A harvest page holds up to a few thousand records: none is kept once read.
            element.clear()
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]

    for chunk in xml_chunks(lines):
        window = tail + chunk
        if b"<!ENTITY" in window:
            yield Skipped(line_no, "refused: the document declares XML entities (<!ENTITY>), "
                                   "which OAI-PMH answers never do (entity expansion attack?)")
            return
        closed += len(_RECORD_END.findall(window)) - len(_RECORD_END.findall(tail))
        tail = chunk[-8:]
        parser.feed(chunk)
        line_no += chunk.count(b"\n")
        yield from take()
    try:
        root = parser.close()
    except etree.XMLSyntaxError as exc:
        root = None
        errors.pending.append((exc.lineno or line_no, " ".join(str(exc).split())))
    yield from take()
    if root is None or root.tag != OAI + "OAI-PMH":
        name = str(root.tag).rpartition("}")[2] if root is not None else None
        yield Skipped(1, "not an OAI-PMH answer " + (f"(its root element is <{name}>)" if name else "(not XML)"))
        return
    if errors.pending:
        n, msg = errors.pending[0]
        more = f" (and {len(errors.pending) - 1} more)" if len(errors.pending) > 1 else ""
        yield Skipped(n, f"broken XML: {msg}{more}; the complete records were read")
