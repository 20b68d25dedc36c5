"""One pace per host for every papertrack process on the machine: a small file per host in the
cache folder holds the wall-clock time of the last request sent there, read and rewritten under
an exclusive lock (fcntl.flock), so two terminals, a `track run` from cron and a `fetch` keep
arXiv's one request every 3 seconds between them. Without a usable folder (read-only, or a
system without flock) the pace holds within the process.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .clock import Clock

try:
    import fcntl
except ImportError:  # Windows: no flock; each process keeps its own pace
    fcntl = None  # type: ignore[assignment]

# Hosts not paced by their service wait this long between requests: polite to anyone.
DEFAULT_INTERVAL = 1.0
# arXiv's terms (3 s between requests) hold however it is reached, `fetch url` included.
HOST_INTERVALS = {"export.arxiv.org": 3.0, "arxiv.org": 3.0, "www.arxiv.org": 3.0}
# Another process's stamp is kept this much further apart, so that the requests arrive (not only
# leave) an interval apart whatever the jitter between two processes' connections.
STAMP_MARGIN = 0.1
# A lock held longer than this belongs to a process that hangs: go on without it.
LOCK_PATIENCE = 30.0
_LOCK_POLL = 0.05


class HostPace:
    """At most one request per interval to each host, in this process and across processes."""

    def __init__(self, clock: Clock, folder: Path | None = None):
        self.clock, self.folder = clock, folder
        self.intervals: dict[str, float] = dict(HOST_INTERVALS)
        self._last: dict[str, float] = {}  # on clock.now(), for this process
        self._before: dict[str, tuple[float | None, bytes, bytes]] = {}  # what a turn replaced, for `give_back`

    def set(self, host: str, seconds: float) -> None:
        self.intervals[host] = seconds

    def interval(self, host: str) -> float:
        return self.intervals.get(host, DEFAULT_INTERVAL)

    def wait_turn(self, host: str) -> None:
        """Wait until `host` may be asked again and stamp the request as sent now."""
        interval = self.interval(host)
        if host in self._last:
            self._sleep(self._last[host] + interval - self.clock.now())
        fd = self._open(host)
        old_stamp = new_stamp = b""
        if fd is not None:
            try:
                old_stamp, new_stamp = self._wait_on_stamp(fd, interval)
            finally:
                os.close(fd)  # closing drops the lock
        self._before[host] = (self._last.get(host), old_stamp, new_stamp)
        self._last[host] = self.clock.now()

    def give_back(self, host: str) -> None:
        """The last turn taken for `host` sent nothing (the host could not be reached): the
        next request need not wait for it."""
        last, old_stamp, new_stamp = self._before.pop(host, (None, b"", b""))
        if last is None:
            self._last.pop(host, None)
        else:
            self._last[host] = last
        fd = self._open(host) if new_stamp else None
        if fd is not None:
            try:
                if os.pread(fd, 64, 0) == new_stamp:  # no other process has gone since
                    self._write(fd, old_stamp)
            except OSError:
                pass
            finally:
                os.close(fd)

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.clock.sleep(seconds)

    def _open(self, host: str) -> int | None:
        if self.folder is None or fcntl is None:
            return None
        name = re.sub(r"[^A-Za-z0-9.-]+", "_", host) + ".pace"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / name, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None
        waited = 0.0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if waited >= LOCK_PATIENCE:
                    os.close(fd)
                    return None
                self.clock.sleep(_LOCK_POLL)
                waited += _LOCK_POLL
            except OSError:  # a file system without locks
                os.close(fd)
                return None

    def _wait_on_stamp(self, fd: int, interval: float) -> tuple[bytes, bytes]:
        """Wait for the stamp, `WALL_TIME PID` of the last request any process sent to the host,
        and replace it with this one's; the old and the new stamp."""
        old = b""
        try:
            old = os.pread(fd, 64, 0)
            wall, pid = old.decode("ascii").split()
            last, other = float(wall), int(pid) != os.getpid()
        except (OSError, ValueError, UnicodeDecodeError):
            last, other = None, False  # no stamp yet, or a damaged one
        if last is not None:
            # A stamp in the future (the clock was set back) waits no longer than one interval.
            margin = STAMP_MARGIN if other else 0.0
            self._sleep(min(interval + margin, last + interval + margin - self.clock.wall()))
        stamp = f"{self.clock.wall():.3f} {os.getpid()}\n".encode()
        self._write(fd, stamp)
        return old, stamp

    @staticmethod
    def _write(fd: int, stamp: bytes) -> None:
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, stamp, 0)
        except OSError:
            pass  # a full disk: the pace holds in this process all the same
