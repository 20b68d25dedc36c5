"""The one error family: every failure papertrack reports to a user is a `PapertrackError`
carrying its exit status, so `cli.main` maps errors to exit codes in one place.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Every exit code the program uses (the README's exit-code table lists the same)."""

    OK = 0
    BAD_INPUT = 1
    """Unreadable or unrecognized input, a library or settings file that cannot be used, or a
    skipped block under --strict."""
    USAGE = 2
    """A bad option or argument."""
    NETWORK = 3
    """A request failed for good, after its retries."""
    INTERNAL = 70
    """A bug (EX_SOFTWARE): the message says how to report it."""
    INTERRUPTED = 130
    """Ctrl-C (128 + SIGINT)."""


class PapertrackError(Exception):
    """A failure with a one-line message for the user and the exit status it earns."""

    status: ExitStatus = ExitStatus.BAD_INPUT

    def __init__(self, message: str, status: ExitStatus | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


class InputError(PapertrackError):
    """A whole input cannot be read: unreadable, empty, unrecognized."""

    def __init__(self, file: str, message: str, line: int | None = None):
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class FetchError(PapertrackError):
    """A request that failed for good; the message is one line naming the host."""

    status = ExitStatus.NETWORK

    def __init__(self, url: str, reason: str):
        from urllib.parse import urlsplit

        self.url, self.reason = url, reason
        self.host = urlsplit(url).netloc.rpartition("@")[2] or url  # never a user:password@
        super().__init__(f"{self.host}: {reason}")


class LibraryError(PapertrackError):
    """The library cannot be opened or used."""


class SettingsError(PapertrackError):
    """The settings file cannot be read or written."""


class AuthorNotFound(PapertrackError):
    """A service knows no author of that name."""

    def __init__(self, service: str, query: str):
        super().__init__(f"{service} knows no author named {query!r}; check the spelling, or pin one "
                         "with --author-id")


class AmbiguousAuthor(PapertrackError):
    """Several authors fit the name; the user picks one with --author-id."""

    status = ExitStatus.USAGE

    def __init__(self, service: str, query: str, candidates: list):
        self.candidates = candidates
        lines = "".join("\n" + c.line() for c in candidates)
        super().__init__(f"{len(candidates)} authors on {service} match {query!r}; "
                         f"pick one with --author-id (name | affiliation | papers | id):{lines}")
