"""Per-service request builders and pagination for `papertrack fetch`: each service module turns
the command's options into requests through the one Fetcher and yields the responses page by
page, with the counts that drive --max and the progress bar. Parsing stays with the sources.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..fetch import Fetcher, FetchError, Response


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


class AuthorNotFound(Exception):
    def __init__(self, service: str, query: str):
        super().__init__(f"{service} knows no author named {query!r}; check the spelling, or pin one "
                         "with --author-id")


class AmbiguousAuthor(Exception):
    """Several authors fit the name; the user picks one with --author-id."""

    def __init__(self, service: str, query: str, candidates: list[Candidate]):
        self.candidates = candidates
        super().__init__(f"{len(candidates)} authors on {service} match {query!r}; "
                         "pick one with --author-id (name | affiliation | papers | id):")


def name_key(name: str) -> str:
    """Names compare without case, accents, dots or hyphens: `José M. Pérez-Ruiz` ~ `jose m perez ruiz`;
    dblp's homonym number (`Wei Li 0001`) is not part of the name."""
    from ..normalize import fold_text

    name = re.sub(r"\s+\d{4}$", "", name.strip())
    return " ".join(fold_text(name).replace(".", " ").replace("-", " ").split())


def pick_author(service: str, query: str, candidates: list[Candidate]) -> Candidate:
    """The one candidate whose name is the query's, or the only candidate; else ambiguous."""
    if not candidates:
        raise AuthorNotFound(service, query)
    exact = [c for c in candidates if name_key(c.name) == name_key(query)]
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
