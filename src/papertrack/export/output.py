"""Writing an output file whole or not at all (`-o FILE`): the text goes to a temporary file
in the same folder, which replaces FILE only once everything is written; on any failure the
temporary file is removed and FILE is as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from ..errors import PapertrackError


@contextmanager
def atomic_text_file(path: Path) -> Iterator[TextIO]:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".partial")
    except OSError as exc:
        raise PapertrackError(f"{path}: cannot write here ({exc.strerror}); check the folder and its "
                              "permissions") from None
    try:
        os.chmod(temporary, _mode_for(path))  # mkstemp makes it private; the output is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())  # the rename below must not land before the data does
        os.replace(temporary, path)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise PapertrackError(f"{path}: cannot write ({exc.strerror or exc}); nothing was changed") from None
        raise


def _mode_for(path: Path) -> int:
    """The file's own permissions when it exists, else what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
