"""OpenAlex: an author's works (`works?filter=author.id:A...`, paged with cursors), after
resolving the name with `authors?search=`. A mailto (PAPERTRACK_OPENALEX_MAILTO) or an API key
(OPENALEX_API_KEY) goes with every request, as OpenAlex asks of regular users.

Paging, as the API guide (developers.openalex.org/guides/page-through-results) defines it:
`cursor=*` starts, each answer's `meta.next_cursor` asks for the next page, and a null cursor
or an empty page ends; `per_page` is the page size, 1 to 100 (basic `page` paging stops at
10,000 results, cursors do not).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..json_values import dig
from .client import Fetcher
from .service import Candidate, Page, json_body, pick_author

DEFAULT_API = "https://api.openalex.org"
SERVICE = "OpenAlex"
# OpenAlex allows 10 requests a second; half that leaves room for others on the same address.
INTERVAL = 0.2
MAX_PAGE = 100


def _credentials() -> dict[str, str]:
    params = {}
    if mailto := os.environ.get("PAPERTRACK_OPENALEX_MAILTO"):
        params["mailto"] = mailto
    if key := os.environ.get("OPENALEX_API_KEY"):
        params["api_key"] = key
    return params


def short_id(value: str) -> str:
    """`https://openalex.org/A5023888391` -> `A5023888391`."""
    return value.strip().rstrip("/").rsplit("/", 1)[-1]


def _institution(author: dict) -> str | None:
    # Current responses list last_known_institutions; older ones had one last_known_institution.
    institutions = dig(author, "last_known_institutions", kind=list) or [author.get("last_known_institution")]
    names = [name for i in institutions if (name := dig(i, "display_name", kind=str))]
    return "; ".join(names) or None


def find_author(fetcher: Fetcher, api: str, name: str) -> Candidate:
    fetcher.pace(api, INTERVAL, SERVICE)
    response = fetcher.get(f"{api}/authors", {"search": name, "per_page": 10, **_credentials()}, expect="json")
    body = json_body(response)
    found = []
    for a in dig(body, "results", kind=list) or []:
        if isinstance(a, dict) and isinstance(a.get("id"), str):
            found.append(Candidate(short_id(a["id"]), str(a.get("display_name") or "?"), _institution(a),
                                   dig(a, "works_count", kind=int)))
    return pick_author(SERVICE, name, found)


def pages(fetcher: Fetcher, api: str, *, author: str | None = None, author_id: str | None = None,
          limit: int = 100) -> Iterator[Page]:
    api = api.rstrip("/")
    fetcher.pace(api, INTERVAL, SERVICE)
    author_id = short_id(author_id) if author_id else find_author(fetcher, api, author or "").id
    # One page size for the whole walk: a cursor continues a listing, it does not re-slice it.
    cursor, got, size = "*", 0, min(limit, MAX_PAGE)
    while got < limit:
        params = {"filter": f"author.id:{author_id}", "sort": "publication_date:desc", "per_page": size,
                  "cursor": cursor, **_credentials()}
        response = fetcher.get(f"{api}/works", params, expect="json")
        body = json_body(response)
        count = len(dig(body, "results", kind=list) or ())
        total = dig(body, "meta", "count", kind=int)
        got += count
        yield Page(response, count, min(limit, total) if total is not None else None)
        next_cursor = dig(body, "meta", "next_cursor", kind=str)
        if not count or not next_cursor:
            return
        cursor = next_cursor
