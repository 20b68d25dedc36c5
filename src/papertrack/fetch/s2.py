"""Semantic Scholar Graph API: an author's papers (`author/{id}/papers`, paged with offset and
`next`), after resolving the name with `author/search`. The key, if any, comes from S2_API_KEY.

Paging, as the Graph API reference (api.semanticscholar.org/api-docs/graph, "Details about an
author's papers") defines it: `offset` is the index of the first paper returned, `limit` how many,
at most 1000; the answer's `next` is the offset of the following page and is absent on the last.
(The `token` paging of the bulk search endpoints does not apply to this one.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import quote

from ..json_values import dig
from .client import Fetcher
from .service import Candidate, Page, json_body, pick_author, remaining

DEFAULT_API = "https://api.semanticscholar.org/graph/v1"
SERVICE = "Semantic Scholar"
# An API key is granted 1 request per second; unkeyed callers share a pool, so no faster.
INTERVAL = 1.0
MAX_PAGE = 1000
# The fields the s2 source reads; paperId always comes along.
PAPER_FIELDS = "title,abstract,authors,externalIds,publicationDate,venue,journal,openAccessPdf"


def _headers() -> dict[str, str]:
    key = os.environ.get("S2_API_KEY")
    return {"x-api-key": key} if key else {}


def find_author(fetcher: Fetcher, api: str, name: str) -> Candidate:
    fetcher.pace(api, INTERVAL, SERVICE)
    response = fetcher.get(f"{api}/author/search", {"query": name, "fields": "name,affiliations,paperCount",
                                                    "limit": 10}, expect="json", headers=_headers())
    body = json_body(response)
    found = []
    for a in dig(body, "data", kind=list) or []:
        if isinstance(a, dict) and a.get("authorId"):
            affiliations = [x for x in dig(a, "affiliations", kind=list) or [] if isinstance(x, str) and x.strip()]
            found.append(Candidate(str(a["authorId"]), str(a.get("name") or "?"), "; ".join(affiliations) or None,
                                   dig(a, "paperCount", kind=int)))
    return pick_author(SERVICE, name, found)


def pages(fetcher: Fetcher, api: str, *, author: str | None = None, author_id: str | None = None,
          limit: int = 100) -> Iterator[Page]:
    api = api.rstrip("/")
    fetcher.pace(api, INTERVAL, SERVICE)
    expected = None
    if author_id is None:
        found = find_author(fetcher, api, author or "")
        author_id, expected = found.id, found.papers
    url = f"{api}/author/{quote(author_id, safe='')}/papers"
    offset = 0
    while (size := remaining(limit, offset, MAX_PAGE)) > 0:
        response = fetcher.get(url, {"fields": PAPER_FIELDS, "offset": offset, "limit": size},
                               expect="json", headers=_headers())
        body = json_body(response)
        count = len(dig(body, "data", kind=list) or ())
        following = dig(body, "next", kind=int)
        yield Page(response, count, min(limit, expected) if expected is not None else None)
        # `next` is absent on the last page.
        if not count or following is None or following <= offset:
            return
        offset = following
