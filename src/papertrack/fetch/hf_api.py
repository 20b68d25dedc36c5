"""Hugging Face papers API: Daily Papers of a day, an ISO week or a month
(`daily_papers?date=|week=|month=`, paged with `p` and `limit`), and paper search (`papers/search?q=`).

The Hub API reference (huggingface.co/docs/hub/api, "Get daily papers"): `p` is the page number
(0 the first) and `limit` the page size, 1 to 100, so page p holds items p*limit to
(p+1)*limit - 1 and every page of one listing must ask the same `limit`. `papers/search` takes
`q` (at most 250 characters) and `limit`, 1 to 120, and is not paged.
"""

from __future__ import annotations

from collections.abc import Iterator

from .client import Fetcher
from .service import Page, json_body

DEFAULT_API = "https://huggingface.co/api"
SERVICE = "Hugging Face"
# Anonymous Hub API calls share a per-IP quota; one a second keeps well inside it.
INTERVAL = 1.0
MAX_PAGE = 100
MAX_SEARCH = 120


def page_size(limit: int) -> int:
    """The one page size for a listing of `limit` items: as few pages as MAX_PAGE allows, of equal
    size, so that --max 150 asks 2 pages of 75 rather than 100 and a wasted 50."""
    pages = -(-limit // MAX_PAGE)
    return -(-limit // pages)


def daily_pages(fetcher: Fetcher, api: str, *, period: dict[str, str], limit: int = 100) -> Iterator[Page]:
    """`period` is one of {"date": "YYYY-MM-DD"}, {"week": "YYYY-Www"}, {"month": "YYYY-MM"}."""
    url = api.rstrip("/") + "/daily_papers"
    fetcher.pace(url, INTERVAL, SERVICE)
    size = page_size(limit)
    got = page_number = 0
    while got < limit:
        response = fetcher.get(url, {**period, "p": page_number, "limit": size}, expect="json")
        body = json_body(response)
        count = len(body) if isinstance(body, list) else 0
        got += count
        # The total is unknown until a short page ends the listing.
        yield Page(response, count, limit if count == size else min(got, limit))
        if count < size:
            return
        page_number += 1


def search_pages(fetcher: Fetcher, api: str, *, query: str, limit: int = 100) -> Iterator[Page]:
    url = api.rstrip("/") + "/papers/search"
    fetcher.pace(url, INTERVAL, SERVICE)
    response = fetcher.get(url, {"q": query, "limit": min(limit, MAX_SEARCH)}, expect="json")
    body = json_body(response)
    count = min(limit, len(body)) if isinstance(body, list) else 0
    yield Page(response, count, count)
