"""dblp: an author's publications (`search/publ/api?q=author:Name_0001:`, paged with `h` and `f`),
after resolving the name with `search/author/api`. dblp names are unique (homonyms carry a
number, `Wei Li 0001`), so the author id is the name as dblp writes it.

Paging, as dblp's FAQ "How to use the dblp search API?" (dblp.org/faq/13501473.html) defines it:
`f` is the first hit to return, counted from 0, and `h` the number of hits, capped at 1000;
`hits/@total` is the size of the result.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..json_values import as_list, dig
from .client import Fetcher
from .service import Candidate, Page, json_body, pick_author, remaining

DEFAULT_API = "https://dblp.org"
SERVICE = "dblp"
# dblp throttles clients that hurry (429 with Retry-After); one request a second is welcome.
INTERVAL = 1.0
MAX_PAGE = 1000


def _hits(body) -> tuple[list, int | None]:
    listed = as_list(dig(body, "result", "hits", "hit"))
    total = dig(body, "result", "hits", "@total", kind=str)
    return listed, int(total) if total and total.isdigit() else None


def _affiliation(info: dict) -> str | None:
    for note in as_list(dig(info, "notes", "note")):
        if isinstance(note, dict) and note.get("@type") == "affiliation" and note.get("text"):
            return str(note["text"])
    return None


def find_author(fetcher: Fetcher, api: str, name: str) -> Candidate:
    fetcher.pace(api, INTERVAL, SERVICE)
    response = fetcher.get(f"{api}/search/author/api", {"q": name, "format": "json", "h": 10}, expect="json")
    listed, _ = _hits(json_body(response))
    found = []
    for hit in listed:
        info = dig(hit, "info", kind=dict)
        if info and isinstance(info.get("author"), str):
            found.append(Candidate(info["author"], info["author"], _affiliation(info)))
    return pick_author(SERVICE, name, found)


def pages(fetcher: Fetcher, api: str, *, author: str | None = None, author_id: str | None = None,
          limit: int = 100) -> Iterator[Page]:
    api = api.rstrip("/")
    fetcher.pace(api, INTERVAL, SERVICE)
    name = author_id or find_author(fetcher, api, author or "").id
    # dblp's query syntax: `author:Name_With_Underscores:` matches that author exactly.
    query = f"author:{'_'.join(name.split())}:"
    first = 0
    while (size := remaining(limit, first, MAX_PAGE)) > 0:
        response = fetcher.get(f"{api}/search/publ/api", {"q": query, "format": "json", "h": size, "f": first},
                               expect="json")
        listed, total = _hits(json_body(response))
        yield Page(response, len(listed), min(limit, total) if total is not None else None)
        first += len(listed)
        if not listed or (total is not None and first >= total):
            return
