"""Progress on stderr for work that takes a while: a bar on a terminal, nothing in a pipe or
with --quiet (and nothing imported then: rich loads only when a bar is drawn)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar


class PageProgress:
    """A bar on stderr once work takes several requests; none off a terminal or with --quiet."""

    def __init__(self, enabled: bool, label: str):
        self.enabled, self.label, self.done, self.pages = enabled, label, 0, 0
        self.bar: Any = None  # a rich Progress, made once there is more than one page to show

    def page(self, count: int, total: int | None) -> None:
        self.done += count
        self.pages += 1
        # A result of unknown size shows its bar from the second page on.
        if not self.enabled or (self.bar is None and (total or 0) <= self.done and self.pages < 2):
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=self.done, total=total)

    def note(self, line: str) -> None:
        """A line on stderr (a retry's wait) that does not break the bar."""
        if self.bar is not None:
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            import sys

            print(line, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


DELAY = 0.25
"""Seconds of work before a bar is drawn: a quick command never flashes one."""
T = TypeVar("T")


def progress_wanted(quiet: bool, records_to_terminal: bool = False) -> bool:
    """Progress is drawn when stderr is a terminal, unless --quiet, or unless records stream to
    that same terminal (they show the progress themselves, and a bar would cut through them)."""
    return not quiet and not records_to_terminal and sys.stderr.isatty()


class WorkProgress:
    """A line on stderr for local work: what is being done, how many items so far, the time.
    Off, it costs nothing: `counted` hands back what it is given, and rich is never imported."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.monotonic()
        self.label, self.noun, self.count = "", "", 0
        self.bar: Any = None  # a rich Progress, once the work has taken DELAY seconds

    def __enter__(self) -> WorkProgress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def stage(self, label: str) -> None:
        if self.enabled:
            self.label = label
            self._show()

    def counted(self, items: Iterable[T], noun: str, label: str | None = None, then: str | None = None,
                cumulative: bool = False) -> Iterable[T]:
        """`items` as they are, counted on the line as `noun` (on from the count so far when
        `cumulative`); `then` is the label once they run out (the work that follows reading:
        matching, writing the library)."""
        if not self.enabled:
            return items
        return self._counted(items, noun, label, then, cumulative)

    def _counted(self, items: Iterable[T], noun: str, label: str | None, then: str | None,
                 cumulative: bool) -> Iterator[T]:
        n = base = self.count if cumulative else 0
        for item in items:
            if n == base:  # the work before the first item may be another stage's (dedup's matching)
                self.noun, self.count = noun, base
                if label is not None:
                    self.label = label
            n += 1
            if not n & 127:
                self.count = n
                self._show()
            yield item
        self.count = n
        if then is not None:
            self.label = then.format(count=n)
        self._show()

    def files(self, paths: Iterable[str], verb: str = "reading") -> Iterator[str]:
        """The paths, the line naming each as its turn comes."""
        paths = list(paths)
        for i, path in enumerate(paths, 1):
            if self.enabled:
                self.label = f"{verb} {path}" + (f" ({i}/{len(paths)})" if len(paths) > 1 else "")
                self._show()
            yield path

    def _show(self) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < DELAY:
                return
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            # Not redirect_stdout: the records go to stdout untouched. Messages printed on stderr
            # while the line is up are drawn above it.
            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                TextColumn("{task.fields[counted]}"), TimeElapsedColumn(),
                                console=Console(stderr=True), transient=True, redirect_stdout=False)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=None, counted="")
        counted = f"{self.count:,} {self.noun}" if self.noun else ""
        self.bar.update(self.task, description=self.label, counted=counted)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
            self.enabled = False
