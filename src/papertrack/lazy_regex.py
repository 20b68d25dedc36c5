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
