"""Progress on stderr for work that takes a while: a bar on a terminal, nothing in a pipe or
with --quiet (and nothing imported then: rich loads only when a bar is drawn)."""

from __future__ import annotations

from typing import Any


class PageProgress:
    """A bar on stderr once work takes several requests; none off a terminal or with --quiet."""

    def __init__(self, enabled: bool, label: str):
        self.enabled, self.label, self.done = enabled, label, 0
        self.bar: Any = None  # a rich Progress, made once there is more than one page to show

    def page(self, count: int, total: int | None) -> None:
        self.done += count
        if not self.enabled or (self.bar is None and (total is None or total <= self.done)):
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=self.done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
