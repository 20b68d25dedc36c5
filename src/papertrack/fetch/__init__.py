"""The only network code: `client.Fetcher` (pacing, retries, cache, raw copies) and one request
builder per service, each named like the `parse` layout that reads its answers
(`fetch/arxiv_atom.py` asks what `parse/arxiv_atom.py` reads). Nothing here parses records.
"""
