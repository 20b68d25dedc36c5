"""Regular expressions compiled on first use.

Compiling a pattern costs 0.1-0.7 ms in CPython, and papertrack defines a hundred of them for
layouts a given run never meets; start-up should pay only for the ones a run uses.
"""

from __future__ import annotations

import re

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """Stands in for `re.compile(pattern, flags)`. The first use compiles the pattern and
    binds its methods onto this object, so later calls cost what a compiled pattern's do."""

    __slots__ = ("_args", *_METHODS)

    def __init__(self, pattern: str | bytes, flags: int = 0):
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        compiled = re.compile(self._args[0], self._args[1])
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy_compile(pattern: str | bytes, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)


# The characters re.IGNORECASE matches to an ASCII letter although str.lower() maps them
# elsewhere: İ and ı match `i`, ſ matches `s` (every other code point agrees with lower()).
_ODD_FOLDS = ("\u0130", "\u0131", "\u017f")


def may_contain(text: str, needle: str) -> bool:
    """Could a case-insensitive pattern that needs the ASCII `needle` match somewhere in `text`?
    A cheap test before a pattern is compiled and run over every line: False only when no
    match is possible."""
    return needle.lower() in text.lower() or any(c in text for c in _ODD_FOLDS)
