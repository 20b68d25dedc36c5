"""Time and sleeping for the fetch stage; tests swap in a fake so that waits take no real time."""

from __future__ import annotations

import time


class Clock:
    """Time and sleeping; tests swap in a fake so that waits take no real time."""

    poll: float | None = None
    """How often a blocked socket read looks at `now()` again. The real clock needs no polling
    (the socket's own timeout is the deadline); a fake clock sets a small value so that deadlines
    follow it, and hears each look that found nothing through `waited`."""

    def waited(self, seconds: float) -> None:
        """A blocked read waited `seconds` for data that did not come (real time moved anyway)."""

    def now(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
