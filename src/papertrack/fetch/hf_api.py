"""Hugging Face papers API: Daily Papers of a day, an ISO week or a month
(`daily_papers?date=|week=|month=`, paged with `p` and `limit`), and paper search (`papers/search?q=`).
"""

from __future__ import annotations

from collections.abc import Iterator

from .client import Fetcher
from .service import Page, json_body, remaining

DEFAULT_API = "https://huggingface.co/api"
# Anonymous Hub API calls share a per-IP quota; one a second keeps well inside it.
INTERVAL = 1.0
# The endpoint takes `limit` from 1 to 100.
MAX_PAGE = 100


def daily_pages(fetcher: Fetcher, api: str, *, period: dict[str, str], limit: int = 100) -> Iterator[Page]:
    """`period` is one of {"date": "YYYY-MM-DD"}, {"week": "YYYY-Www"}, {"month": "YYYY-MM"}."""
    url = api.rstrip("/") + "/daily_papers"
    fetcher.pace(url, INTERVAL)
    got = page_number = 0
    while (size := remaining(limit, got, MAX_PAGE)) > 0:
        response = fetcher.get(url, {**period, "p": page_number, "limit": size}, expect="json")
        body = json_body(response)
        count = len(body) if isinstance(body, list) else 0
        got += count
        # The total is unknown until a short page ends the listing.
        yield Page(response, count, limit if count == size else got)
        if count < size:
            return
        page_number += 1


def search_pages(fetcher: Fetcher, api: str, *, query: str, limit: int = 100) -> Iterator[Page]:
    url = api.rstrip("/") + "/papers/search"
    fetcher.pace(url, INTERVAL)
    response = fetcher.get(url, {"q": query}, expect="json")
    body = json_body(response)
    count = min(limit, len(body)) if isinstance(body, list) else 0
    yield Page(response, count, count)
