"""The library: merged paper records in an embedded SQLite file, grown by `add` and
`fetch --save`, read by `list`, `show`, `search`, `author`, `export` and `new`.

`schema` owns every table and column list and the migrations, `access` looks at a file before
anything writes to it and opens it read-only for the commands that only read, `store` opens a
library and answers its queries, `add` matches new records against the stored ones by dedup's rules and
`writes` gathers and writes the rows that changes (`tally` counts them). Every record ever added is kept beside its
merged paper.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import LibraryError
from .access import NoLibrary
from .schema import now
from .store import Library
from .tally import Tally

__all__ = ["Library", "LibraryError", "NoLibrary", "Tally", "default_path", "now"]


def default_path() -> Path:
    """$PAPERTRACK_DB, else papertrack.db in the platform's user data folder."""
    if os.environ.get("PAPERTRACK_DB"):
        return Path(os.environ["PAPERTRACK_DB"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("papertrack")) / "papertrack.db"
