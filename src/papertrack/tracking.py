"""An author's newest arXiv papers, for `papertrack author --fetch` and `papertrack track run`:
an API search by name, newest submission first, or the author's own arXiv feed when an author
id is known. Paging stops at the first page holding a paper the caller already knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from urllib.parse import quote

from .fetch import Fetcher
from .ingest import OnSkip, read_bytes
from .model import Paper
from .reader import InputError

DEFAULT_FEEDS = "https://arxiv.org/a"


def author_feed_url(feeds: str, author_id: str) -> str:
    """arXiv's feed of one author's papers: arxiv.org/a/<id>.atom (an arXiv author id or an ORCID iD)."""
    return f"{feeds.rstrip('/')}/{quote(author_id.strip(), safe='')}.atom"


def arxiv_author_papers(fetcher: Fetcher, name: str, *, api: str, feeds: str = DEFAULT_FEEDS,
                        author_id: str | None = None, limit: int = 100, page_size: int = 100,
                        as_of: date, on_skip: OnSkip, on_error: Callable[[InputError], None],
                        known: Callable[[set[str]], bool] | None = None) -> Iterator[Paper]:
    """Records as the pages arrive; raises FetchError when a request fails for good."""
    from .services import arxiv

    if author_id:
        response = fetcher.get(author_feed_url(feeds, author_id), expect="xml")
        try:
            yield from read_bytes(response.content, response.url, as_of, on_skip)
        except InputError as exc:
            on_error(exc)
        return
    query = arxiv.author_term(name)
    for page in arxiv.pages(fetcher, api, query=query, limit=limit, sort="submittedDate", page_size=page_size):
        papers: list[Paper] = []
        try:
            papers = list(read_bytes(page.response.content, page.response.url, as_of, on_skip))
        except InputError as exc:
            if page.count:  # a page that lists nothing is an answer, not bad input
                on_error(exc)
        yield from papers
        if known and known({p.arxiv_id for p in papers if p.arxiv_id}):
            return
