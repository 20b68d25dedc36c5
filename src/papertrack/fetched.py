"""Records of fetched pages: the parse stage run over each page the fetch stage yields, for
`papertrack fetch`, `author --fetch` and `track run`; and an author's newest arXiv papers (an
API search by name, newest first, or the author's own arXiv feed when an author id is known).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from urllib.parse import quote

from .errors import InputError
from .fetch.client import Fetcher
from .fetch.service import Page
from .model import Paper
from .parse.read import OnSkip, read_bytes

DEFAULT_FEEDS = "https://arxiv.org/a"
# `author --fetch` and `track run` reuse an identical request's answer this long: back-to-back
# runs do not ask arXiv again, and arXiv's listings change once a day, at its announcement.
LISTING_TTL = 3600.0


def page_records(page: Page, as_of: date, on_skip: OnSkip, on_error: Callable[[InputError], None],
                 source: str | None = None, on_crash: Callable[[Exception], None] | None = None) -> list[Paper]:
    """The records of one fetched page; an unreadable page is reported, unless it lists nothing
    (a page that lists nothing is an answer, not bad input). With `on_crash`, a parser's bug
    costs only the rest of this page: the records before it are kept and the bug handed over."""
    papers: list[Paper] = []
    try:
        papers.extend(read_bytes(page.response.content, page.response.url, as_of, on_skip, source))
    except InputError as exc:
        if page.count:
            on_error(exc)
    except Exception as exc:
        if on_crash is None:
            raise
        on_crash(exc)
    return papers


def pages_records(pages: Iterable[Page], as_of: date, on_skip: OnSkip, on_error: Callable[[InputError], None],
                  source: str | None = None, on_page: Callable[[Page], None] | None = None,
                  on_crash: Callable[[Exception], None] | None = None, unique: bool = False,
                  on_done: Callable[[Page], None] | None = None) -> Iterator[Paper]:
    """The records of every page in turn, as the pages arrive; `on_done(page)` once all of a
    page's records were taken. With `unique` (the pages of one paginated result), a paper a
    later page repeats (the listing shifted while it was paged) is written once."""
    seen: set[tuple[str, str]] = set()
    for page in pages:
        if on_page:
            on_page(page)
        for paper in page_records(page, as_of, on_skip, on_error, source, on_crash):
            key = ("arxiv", paper.arxiv_id) if paper.arxiv_id else ("doi", paper.doi) if paper.doi else None
            if unique and key:
                if key in seen:
                    continue
                seen.add(key)
            yield paper
        if on_done:
            on_done(page)


def author_feed_url(feeds: str, author_id: str) -> str:
    """arXiv's feed of one author's papers: arxiv.org/a/<id>.atom (an arXiv author id or an ORCID iD)."""
    return f"{feeds.rstrip('/')}/{quote(author_id.strip(), safe='')}.atom"


def arxiv_author_papers(fetcher: Fetcher, name: str, *, api: str, feeds: str = DEFAULT_FEEDS,
                        author_id: str | None = None, limit: int = 100, page_size: int = 100,
                        as_of: date, on_skip: OnSkip, on_error: Callable[[InputError], None],
                        known: Callable[[set[str]], bool] | None = None) -> Iterator[Paper]:
    """Records as the pages arrive; raises FetchError when a request fails for good. Paging
    stops at the first page holding a paper the caller already knows."""
    from .fetch import arxiv_atom

    if author_id:
        fetcher.pace(feeds, arxiv_atom.INTERVAL, arxiv_atom.SERVICE)
        response = fetcher.get(author_feed_url(feeds, author_id), expect="xml")
        yield from page_records(Page(response, 1, None), as_of, on_skip, on_error)
        return
    query = arxiv_atom.author_term(name)
    for page in arxiv_atom.pages(fetcher, api, query=query, limit=limit, sort="submittedDate", page_size=page_size):
        papers = page_records(page, as_of, on_skip, on_error)
        yield from papers
        if known and known({p.arxiv_id for p in papers if p.arxiv_id}):
            return


def oai_pages(fetcher: Fetcher, api: str, harvest, on_note: Callable[[str], None] | None = None) -> Iterator[Page]:
    """The pages of an OAI-PMH harvest (fetch.arxiv_oai), each continued by the resumptionToken
    the arxiv-oai layout reads from it."""
    from .fetch import arxiv_oai
    from .parse.arxiv_oai import resumption

    return arxiv_oai.pages(fetcher, api, harvest, resumption, on_note)
