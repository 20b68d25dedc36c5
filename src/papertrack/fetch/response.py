"""What a fetched response is, and what can be told from its bytes and URL alone: its kind
(JSON, HTML, XML, text), the reason an error body gives, what came back instead of a feed, the
URL fit to show (no credentials).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that carry credentials (OpenAlex's api_key, tokens of any service); the
# OpenAlex mailto goes too: a person's address has no place in records that get shared.
_SECRET_PARAMS = {"api_key", "apikey", "key", "token", "access_token", "auth", "password", "passwd", "secret",
                  "client_secret", "signature", "sig", "mailto"}
_USERINFO = re.compile(r"(?<=//)[^/@\s]*@")


@dataclass(slots=True)
class Response:
    url: str
    """The URL asked for, secrets (api_key=...) removed: it names the records' source."""
    content: bytes
    status: int = 200
    from_cache: bool = False
    saved_to: Path | None = None


def public_url(url: str) -> str:
    """The URL without `user:password@` and secret query parameters: fit for records, messages,
    cache keys and file names."""
    parts = urlsplit(url)
    if "@" in parts.netloc:
        parts = parts._replace(netloc=parts.netloc.rpartition("@")[2])
    if parts.query:
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                 if k.lower() not in _SECRET_PARAMS]
        parts = parts._replace(query=urlencode(query))
    return urlunsplit(parts)


def without_credentials(text: str) -> str:
    """Any `scheme://user:password@` in a message (an exception's text quoting a URL) blanked."""
    return _USERINFO.sub("", text)


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


def what_came_back(content: bytes) -> str:
    """`got an HTML page: Service unavailable`: what an answer was instead of the feed asked for."""
    kind = content_kind(content)
    text = content[:8000].decode("utf-8", errors="replace")
    if kind == "html":
        found = re.search(r"<title[^>]*>(.*?)</title>", text, re.S | re.I) or \
            re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S | re.I)
        title = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found[1])).split())[:120] if found else ""
        return "got an HTML page" + (f": {title}" if title else "")
    if kind == "text":
        words = " ".join(text.split())[:120]
        return f"got text: {words}" if words else "got an empty answer"
    detail = error_detail(content)
    return f"got {kind.upper()}" + (f": {detail}" if detail else "")
