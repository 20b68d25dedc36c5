"""What went wrong with one attempt, and what that means for the next: a host that cannot be
reached (the name does not resolve, nothing listens, no route: the network is down) is tried once
more at once and then given up; a timeout, a dropped connection, 429 and 5xx are worth waiting
for; everything else (4xx, an answer that is not what was asked for, a body over the size cap)
will not change by asking again.
"""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass
from typing import Literal

from .body import BadEncoding, TooLarge, UnknownEncoding, size_text
from .response import content_kind, error_detail, what_came_back, without_credentials

Kind = Literal["unreachable", "transient", "final"]

_RATE_EXCEEDED = b"Rate exceeded"
_NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}


@dataclass(slots=True)
class Failure:
    kind: Kind
    reason: str
    """For the final message: `HTTP 503 Service Unavailable`, `no answer within 15 s`."""
    short: str
    """For the line announcing a retry: `503`, `timeout`."""
    retry_after: str | None = None
    """The Retry-After header, as sent."""


def _causes(exc: BaseException):
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def from_exception(exc: Exception, timeout: float) -> Failure:
    """The Failure an httpx exception (or the body reader's) stands for."""
    import ssl

    import httpx

    if isinstance(exc, TooLarge):
        size = f" ({size_text(exc.declared)} announced)" if exc.declared else ""
        return Failure("final", f"the answer is larger than the {size_text(exc.cap)} cap{size}; "
                                "raise it with --max-bytes if this is expected", "too large")
    if isinstance(exc, BadEncoding):
        return Failure("final" if isinstance(exc, UnknownEncoding) else "transient", str(exc), "damaged answer")
    if isinstance(exc, httpx.TimeoutException):
        return Failure("transient", f"no complete answer within {timeout:g} s (--timeout)", "timeout")
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.TooManyRedirects,
                        httpx.LocalProtocolError)):
        return Failure("final", f"cannot fetch this URL: {without_credentials(str(exc))}", "bad URL")
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror):
            return Failure("unreachable", "the host name does not resolve (no network, or a wrong name)",
                           "name not resolved")
        if isinstance(cause, ConnectionRefusedError):
            return Failure("unreachable", "connection refused (nothing answers at that address)",
                           "connection refused")
        if isinstance(cause, ssl.SSLCertVerificationError):
            return Failure("final", f"the server's certificate is not valid ({cause.verify_message})", "TLS")
        if isinstance(cause, OSError) and cause.errno in _NO_ROUTE:
            return Failure("unreachable", f"no route to the host ({cause.strerror})", "unreachable")
    detail = without_credentials(str(exc)) or "no detail"
    return Failure("transient", f"connection failed ({type(exc).__name__}: {detail})", "connection failed")


def from_answer(status: int, phrase: str, content: bytes, expect: str | None,
                retry_after: str | None) -> Failure | None:
    """The Failure an answer stands for, or None for a good one."""
    http = f"HTTP {status} {phrase}".rstrip()
    if status == 429 or content.lstrip()[:len(_RATE_EXCEEDED)] == _RATE_EXCEEDED:
        return Failure("transient", f"HTTP {status}: rate limited", "rate limited", retry_after)
    if status >= 500:
        return Failure("transient", http, str(status), retry_after)
    if status >= 400:
        detail = error_detail(content)
        return Failure("final", http + (f": {detail}" if detail else "") +
                       " (not retried: the request itself was refused)", str(status))
    if expect and content_kind(content) != expect:
        return Failure("final", f"HTTP {status} but {what_came_back(content)} (expected {expect.upper()})",
                       "not a feed")
    return None
