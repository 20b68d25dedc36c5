"""Settings: the authors `papertrack track` follows, kept in config.toml in the user's config
folder (PAPERTRACK_CONFIG names another file). Read with tomllib, written with tomli-w.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import SettingsError

HEADER = ("# papertrack settings: the authors `papertrack track run` follows.\n"
          "# Edit by hand or with `papertrack track add|remove`; author_id is an arXiv author\n"
          "# identifier (arxiv.org/a/<author_id>) or an ORCID iD.\n")


@dataclass(slots=True)
class TrackedAuthor:
    name: str
    author_id: str | None = None


def config_path() -> Path:
    if os.environ.get("PAPERTRACK_CONFIG"):
        return Path(os.environ["PAPERTRACK_CONFIG"])
    from platformdirs import user_config_dir

    return Path(user_config_dir("papertrack")) / "config.toml"


def load_tracked(path: Path) -> list[TrackedAuthor]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read the settings ({exc}); fix or remove the file") from None
    tables = data.get("track", [])
    if not isinstance(tables, list):
        raise SettingsError(f"{path}: `track` must be a list of [[track]] tables")
    out = []
    for n, table in enumerate(tables, 1):
        name, author_id = (table.get("name"), table.get("author_id")) if isinstance(table, dict) else (None, None)
        if not isinstance(name, str) or not name.strip() or not isinstance(author_id, (str, type(None))):
            raise SettingsError(f"{path}: [[track]] table {n} needs name = \"...\" (and author_id a string)")
        out.append(TrackedAuthor(" ".join(name.split()), author_id or None))
    return out


def save_tracked(path: Path, authors: list[TrackedAuthor]) -> None:
    import tomli_w

    tables = [{"name": a.name, **({"author_id": a.author_id} if a.author_id else {})} for a in authors]
    text = HEADER + "\n" + tomli_w.dumps({"track": tables}) if tables else HEADER
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)  # a reader never sees half a file
    except OSError as exc:
        raise SettingsError(f"{path}: cannot write the settings ({exc.strerror})") from None
