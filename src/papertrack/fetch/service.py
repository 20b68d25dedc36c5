"""What the per-service request builders share: a `Page` of a paginated result, the author
`Candidate`s a name search finds and how one is picked, and `url_pages` for `fetch url`. Each
service module (named like the parse layout that reads its answers) turns the command's options
into requests through the one Fetcher and yields the responses page by page, with the counts
that drive --max and the progress bar. Parsing stays in `parse`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import AmbiguousAuthor, AuthorNotFound, FetchError
from ..people import written_form
from .client import Fetcher
from .response import Response


@dataclass(slots=True)
class Page:
    """One response of a (possibly paginated) result."""

    response: Response
    count: int
    """Items on this page."""
    total: int | None
    """Items the whole result will hold, as far as known (already capped at --max)."""


@dataclass(slots=True)
class Candidate:
    """An author a service found for a name: enough for a person to pick the right one."""

    id: str
    name: str
    affiliation: str | None = None
    papers: int | None = None

    def line(self) -> str:
        papers = "?" if self.papers is None else str(self.papers)
        return f"  {self.name} | {self.affiliation or '(no affiliation)'} | {papers} papers | --author-id {self.id}"


def pick_author(service: str, query: str, candidates: list[Candidate]) -> Candidate:
    """The one candidate whose name is the query's, or the only candidate; else ambiguous."""
    if not candidates:
        raise AuthorNotFound(service, query)
    exact = [c for c in candidates if written_form(c.name) == written_form(query)]
    if len(exact) == 1:
        return exact[0]
    if len(candidates) == 1:
        return candidates[0]
    raise AmbiguousAuthor(service, query, exact or candidates)


def json_body(response: Response) -> Any:
    """The decoded JSON of a response the Fetcher already checked starts like JSON."""
    try:
        return json.loads(response.content)
    except ValueError as exc:
        raise FetchError(response.url, f"the response is not valid JSON ({exc}); "
                                       "rerun with --refresh, or --save-raw DIR to look at it") from None


def remaining(limit: int, got: int, page_size: int) -> int:
    return max(0, min(page_size, limit - got))


def url_pages(fetcher: Fetcher, urls: list[str], on_error: Callable[[FetchError], None]) -> Iterator[Page]:
    """Any page the parsers know, one request each; a failed URL is reported and the rest fetched."""
    for url in urls:
        try:
            yield Page(fetcher.get(url), 1, len(urls))
        except FetchError as exc:
            on_error(exc)
