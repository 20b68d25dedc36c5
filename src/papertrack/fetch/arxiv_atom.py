"""arXiv API queries (export.arxiv.org/api/query): search_query built from author, category,
dates and free text, or id_list in batches; paged with start/max_results. arXiv's terms ask for
one request every 3 seconds on one connection.

Paging, as the API User's Manual (info.arxiv.org/help/api/user-manual.html, "Paging Through
Results") defines it: `start` is the 0-based index of the first result, `max_results` how many
to return from there, at most 2000 a call; `opensearch:totalResults` is the size of the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..errors import FetchError
from . import ARXIV_API
from .client import Fetcher
from .service import Page, remaining

DEFAULT_API = ARXIV_API
SERVICE = "arXiv"
# https://info.arxiv.org/help/api/tou.html: "no more than one request every three seconds".
INTERVAL = 3.0
# The API manual: results are best fetched in slices of at most 2000.
MAX_PAGE = 2000
# Ids per id_list request: keeps the URL far below the length servers refuse.
ID_BATCH = 100
SORTS = ("relevance", "lastUpdatedDate", "submittedDate")

_TOTAL = re.compile(rb"<(?:[\w-]+:)?totalResults[^>]*>\s*(\d+)\s*<")
_ENTRY = re.compile(rb"<(?:[\w-]+:)?entry[\s>]")
_ENTRY_ID = re.compile(rb"<(?:[\w-]+:)?id>\s*https?://arxiv\.org/abs/(\S+?)(?:v\d+)?\s*</")
_ERROR_FEED = b"arxiv.org/api/errors"


def author_term(name: str) -> str:
    """`au:"First Last"`, or `au:"Last_First"` when written `Last, First` (the API manual's forms)."""
    name = " ".join(name.split())
    if "," in name:
        last, first = (" ".join(p.split()) for p in name.split(",", 1))
        return f'au:"{last.replace(" ", "_")}_{first.replace(" ", "_")}"' if first else f'au:"{last}"'
    return f'au:"{name}"'


def date_term(since: date | None, until: date | None) -> str | None:
    if not (since or until):
        return None
    # arXiv opened in August 1991; nothing is submitted after today.
    start = (since or date(1991, 8, 1)).strftime("%Y%m%d")
    end = (until or date.today()).strftime("%Y%m%d")
    return f"submittedDate:[{start}0000 TO {end}2359]"


def search_query(author: str | None = None, query: str | None = None, category: str | None = None,
                 since: date | None = None, until: date | None = None) -> str | None:
    terms = [author_term(author) if author else None, f"cat:{category}" if category else None,
             date_term(since, until)]
    parts = [t for t in terms if t]
    if query:
        parts.append(f"({query})" if parts else query)
    return " AND ".join(parts) or None


def id_list(ids: list[str]) -> list[str]:
    """Ids in any written form (`arXiv:2510.02212v2`, abs URLs) as the API takes them; the
    version is kept when given, since it asks for that version."""
    from ..normalize import parse_arxiv_id

    out: dict[str, None] = {}  # in the order given, each once
    for raw in ids:
        arxiv_id, version = parse_arxiv_id(raw.strip())
        if arxiv_id is None:
            raise ValueError(f"{raw!r} is not an arXiv id")
        out[f"{arxiv_id}v{version}" if version else arxiv_id] = None
    return list(out)


def page_counts(content: bytes) -> tuple[int, int | None]:
    """(entries on the page, the total the feed reports) without parsing the whole feed."""
    if _ERROR_FEED in content:
        return 0, 0  # the one pseudo-entry of an error feed is not a paper
    total = _TOTAL.search(content[:8192])
    return len(_ENTRY.findall(content)), int(total[1]) if total else None


def pages(fetcher: Fetcher, api: str, *, query: str | None = None, ids: list[str] | None = None,
          limit: int = 100, sort: str | None = None, page_size: int = 200) -> Iterator[Page]:
    fetcher.pace(api, INTERVAL, SERVICE)
    page_size = max(1, min(page_size, MAX_PAGE))
    order = {"sortBy": sort, "sortOrder": "descending"} if sort else {}
    if ids:
        for i in range(0, min(len(ids), limit), ID_BATCH):
            batch = ids[i:min(i + ID_BATCH, limit)]
            params = {"id_list": ",".join(batch), "start": 0, "max_results": len(batch), **order}
            if query:
                params["search_query"] = query
            response = fetcher.get(api, params, expect="xml")
            count, _ = page_counts(response.content)
            yield Page(response, count, min(len(ids), limit))
        return
    if not query:
        raise ValueError("an arXiv search needs a query or ids")
    yield from _search_pages(fetcher, api, query, limit, order, page_size)


def _search_pages(fetcher: Fetcher, api: str, query: str, limit: int, order: dict, page_size: int) -> Iterator[Page]:
    start = got = 0
    total: int | None = None
    seen: set[bytes] = set()
    while (size := remaining(limit, got, page_size)) > 0:
        params = {"search_query": query, "start": start, "max_results": size, **order}
        response = fetcher.get(api, params, expect="xml")
        count, reported = page_counts(response.content)
        retries = 0
        # arXiv now and then answers a page in the middle of a result with no entries; the
        # same request a little later has them. An empty page past the total is just the end.
        while count == 0 and reported is not None and start < reported and retries < fetcher.retries:
            retries += 1
            response = fetcher.get(api, params, expect="xml", refresh=True)
            count, reported = page_counts(response.content)
        if reported is not None:
            total = reported
        # A paper announced while the result is paged pushes it down: the next page starts with
        # papers already seen. They are not counted, so --max still gets as many new ones.
        ids = _ENTRY_ID.findall(response.content)
        new = len(set(ids) - seen) if ids else count
        seen.update(ids)
        got += new
        yield Page(response, new, min(limit, total) if total is not None else None)
        if count == 0:
            if total is not None and start < total:
                raise FetchError(response.url, f"page at start={start} came back empty "
                                               f"{retries + 1} times although arXiv reports {total} results; "
                                               "try again later")
            return
        start += count
        if total is not None and start >= total:
            return
