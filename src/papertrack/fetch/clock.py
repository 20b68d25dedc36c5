"""Time and sleeping for the fetch stage; tests swap in a fake so that waits take no real time."""

from __future__ import annotations

import time


class Clock:
    """Time and sleeping; tests swap in a fake so that waits take no real time."""

    def now(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
