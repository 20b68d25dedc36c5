"""arXiv's OAI-PMH interface (oaipmh.arxiv.org/oai; export.arxiv.org/oai2 before 2025), the way
arXiv asks bulk users to harvest: ListRecords of a set changed from a day (until a day) in the
`arXiv` or `arXivRaw` metadata format, page after page by resumptionToken.

The protocol, OAI-PMH 2.0 (openarchives.org/OAI/openarchivesprotocol.html): ListRecords (4.5)
takes `from`, `until`, `set` and `metadataPrefix`, or a `resumptionToken`, an exclusive argument
sent with the verb alone; an incomplete list ends with a resumptionToken, the last page with an
empty one (3.5); a busy server answers 503 with Retry-After, the flow control arXiv uses
(info.arxiv.org/help/oa). arXiv's datestamps are days. arXiv's API terms (one request every
3 seconds) hold here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from ..errors import FetchError
from .client import Fetcher
from .harvest import Harvest
from .service import Page

DEFAULT_API = "https://oaipmh.arxiv.org/oai"
SERVICE = "arXiv OAI-PMH"
INTERVAL = 3.0
PREFIXES = ("arXiv", "arXivRaw")
# A harvest lives with flow control (503 and Retry-After now and then): its retries may wait
# this long in all before it stops (it can be resumed where it stopped).
BUDGET = 1800.0
# Pages of a thousand records are slow to make; an attempt may take this long.
TIMEOUT = 60.0

_RECORD = re.compile(rb"<(?:[\w.-]+:)?record[\s>]")
_DATESTAMP = re.compile(rb"<(?:[\w.-]+:)?datestamp>\s*(\d{4}-\d{2}-\d{2})")


class Continuation(Protocol):
    """What the parse stage reads from an answer (parse.arxiv_oai.resumption)."""

    @property
    def token(self) -> str | None: ...
    @property
    def complete_list_size(self) -> int | None: ...
    @property
    def error_code(self) -> str | None: ...
    @property
    def error_message(self) -> str | None: ...


@dataclass(slots=True)
class OaiPage(Page):
    token: str | None = None
    """The resumptionToken this page ends with; None on the last page."""
    datestamp: str | None = None
    """The latest record datestamp seen so far in the harvest."""


def list_params(harvest: Harvest) -> dict[str, str]:
    params = {"verb": "ListRecords", "metadataPrefix": harvest.prefix}
    if harvest.set_spec:
        params["set"] = harvest.set_spec
    params["from"] = harvest.since
    if harvest.until:
        params["until"] = harvest.until
    return params


def resume_params(token: str) -> dict[str, str]:
    return {"verb": "ListRecords", "resumptionToken": token}  # the token goes alone (OAI-PMH 3.5)


def latest_datestamp(content: bytes, known: str | None) -> str | None:
    stamps = [m.decode() for m in _DATESTAMP.findall(content)]
    return max(stamps + ([known] if known else [])) if stamps or known else None


def pages(fetcher: Fetcher, api: str, harvest: Harvest, read: Callable[[bytes], Continuation],
          on_note: Callable[[str], None] | None = None) -> Iterator[OaiPage]:
    """The pages of a harvest from where it stands (its saved token, or its first day); `read`
    tells how an answer continues. A saved token the server no longer knows restarts the
    harvest once, from the latest datestamp it reached."""
    fetcher.pace(api, INTERVAL, SERVICE)
    params = resume_params(harvest.token) if harvest.token else list_params(harvest)
    datestamp, restarted = harvest.datestamp, False
    while True:
        response = fetcher.get(api, params, expect="xml")
        state = read(response.content)
        if state.error_code == "badResumptionToken" and "resumptionToken" in params and not restarted:
            restarted, harvest.since = True, harvest.datestamp or harvest.since
            if on_note:
                on_note(f"{SERVICE}: the saved place is no longer known; harvesting again from {harvest.since}")
            params = list_params(harvest)
            continue
        if state.error_code == "noRecordsMatch":  # nothing changed in that time: an empty harvest
            yield OaiPage(response, 0, 0, None, datestamp)
            return
        if state.error_code:
            said = f": {state.error_message}" if state.error_message else ""
            raise FetchError(response.url, f"OAI-PMH error {state.error_code}{said}")
        datestamp = latest_datestamp(response.content, datestamp)
        yield OaiPage(response, len(_RECORD.findall(response.content)), state.complete_list_size,
                      state.token, datestamp)
        if not state.token:
            return
        params = resume_params(state.token)
