"""The sockets under the Fetcher: an httpx client whose every connect, write and read is cut to
the deadline of the current attempt. httpx's own timeouts bound each read, so a server sending
one byte a second would hold a request for ever; here the attempt as a whole (connect, request,
all of the answer) ends at `Deadline.at`, whichever read it falls in.
"""

from __future__ import annotations

import time
from typing import Any

import httpcore
import httpx

from .clock import Clock


class Deadline:
    """The end of the current attempt on the fetcher's clock (None: no attempt under way)."""

    def __init__(self, clock: Clock):
        self.clock = clock
        self.at: float | None = None

    def left(self) -> float | None:
        return None if self.at is None else self.at - self.clock.now()

    def cut(self, timeout: float | None, expired: type[Exception], poll: bool = False) -> float | None:
        """`timeout` shortened to what is left of the attempt (and to the clock's poll step);
        raises `expired` once nothing is left."""
        left = self.left()
        if left is not None and left <= 0:
            raise expired("the request ran past its deadline")
        waits = [w for w in (timeout, left, self.clock.poll if poll else None) if w is not None]
        return min(waits) if waits else None


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline):
        self.inner, self.deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        started = time.monotonic()
        while True:
            wait = self.deadline.cut(timeout, httpcore.ReadTimeout, poll=True)
            try:
                return self.inner.read(max_bytes, wait)
            except httpcore.ReadTimeout:
                # A wait cut short by the poll step is worth another look, until the deadline
                # or httpx's own timeout for one read (in real seconds) has passed.
                if wait == timeout or (timeout is not None and time.monotonic() - started >= timeout):
                    raise
                if wait is not None:
                    self.deadline.clock.waited(wait)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.deadline.cut(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        wait = self.deadline.cut(timeout, httpcore.ConnectTimeout)
        return _Stream(self.inner.start_tls(ssl_context, server_hostname, wait), self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend with every wait cut to the attempt's deadline."""

    def __init__(self, deadline: Deadline):
        self.inner, self.deadline = httpcore.SyncBackend(), deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        wait = self.deadline.cut(timeout, httpcore.ConnectTimeout)
        return _Stream(self.inner.connect_tcp(host, port, wait, local_address, socket_options), self.deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        wait = self.deadline.cut(timeout, httpcore.ConnectTimeout)
        return _Stream(self.inner.connect_unix_socket(path, wait, socket_options), self.deadline)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def make_client(agent: str, timeout: float, deadline: Deadline) -> httpx.Client:
    """One client, so each host gets one kept-alive connection and the same headers. The body is
    read raw and decoded by `body.read_body` (under the size cap), so only encodings it decodes
    are asked for."""
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4)
    transport = httpx.HTTPTransport(limits=limits)
    # httpx gives no way to choose the socket backend of its connection pool: set it.
    transport._pool._network_backend = DeadlineBackend(deadline)
    return httpx.Client(
        transport=transport, follow_redirects=True, timeout=httpx.Timeout(timeout),
        headers={"User-Agent": agent, "Accept-Encoding": "gzip, deflate"})
