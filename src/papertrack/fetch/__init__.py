"""The only network code: `client.Fetcher` (pacing, retries, cache, raw copies) and one request
builder per service, each named like the `parse` layout that reads its answers
(`fetch/arxiv_atom.py` asks what `parse/arxiv_atom.py` reads). Nothing here parses records.
"""

# The arXiv API's address, here so that commands name it as an option default without loading
# the fetch code (`author` answers from the library in most runs).
ARXIV_API = "https://export.arxiv.org/api/query"
