"""What a fetched response is, and what can be told from its bytes and URL alone: its kind
(JSON, HTML, XML, text), the reason an error body gives, the URL fit to show.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SECRET_PARAMS = {"api_key", "apikey", "key", "token", "access_token"}


@dataclass(slots=True)
class Response:
    url: str
    """The URL asked for, secrets (api_key=...) removed: it names the records' source."""
    content: bytes
    status: int = 200
    from_cache: bool = False
    saved_to: Path | None = None


def public_url(url: str) -> str:
    """The URL without secret query parameters, fit for output, cache keys and file names."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _SECRET_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query)))


def content_kind(content: bytes) -> str:
    """`json`, `html`, `xml` or `text`: enough to tell an API answer from an error page."""
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    lower = head.lower()
    if lower.startswith(b"<!doctype html") or b"<html" in lower:
        return "html"
    return "xml" if head.startswith(b"<") else "text"


def error_detail(content: bytes) -> str:
    """A short reason from an error body: an API's JSON message or arXiv's error entry."""
    kind = content_kind(content)
    text = content[:4000].decode("utf-8", errors="replace")
    if kind == "json":
        try:
            value = json.loads(content)
        except ValueError:
            return ""
        if isinstance(value, dict):
            for key in ("error", "message", "detail"):
                if isinstance(value.get(key), str):
                    return " ".join(value[key].split())[:200]
        return ""
    if kind == "xml" and (m := re.search(r"<summary[^>]*>(.*?)</summary>", text, re.S)):
        return " ".join(m[1].split())[:200]
    if kind == "text":
        return " ".join(text.split())[:200]
    return ""
