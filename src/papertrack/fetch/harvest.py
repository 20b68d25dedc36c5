"""Where an OAI-PMH harvest stands, kept in the cache folder (`oai/`) so that a harvest cut short
(Ctrl-C, a kill, the network gone) goes on where it stopped: the resumptionToken after the last
page whose records were all written, and the latest record datestamp seen. And, per base URL,
set and format, the datestamp the last finished harvest reached, which `--since-last` starts from.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .cache import write_whole


def _name(kind: str, *parts: str | None) -> str:
    return f"{kind}-{hashlib.sha1(json.dumps(parts).encode()).hexdigest()[:16]}.json"


def _read(path: Path) -> dict:
    try:
        value = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}  # absent or damaged: as if there were none
    return value if isinstance(value, dict) else {}


@dataclass
class Harvest:
    api: str
    set_spec: str | None
    prefix: str
    since: str
    """The first day asked (`from`); a harvest restarted after an expired token moves it on."""
    until: str | None = None
    token: str | None = None
    datestamp: str | None = None
    pages: int = 0
    folder: Path | None = field(default=None, repr=False)
    asked: str = ""
    """`since` as the command asked it: with the other arguments, it names the harvest."""

    @property
    def _place(self) -> Path | None:
        return self.folder / _name("harvest", self.api, self.set_spec, self.prefix, self.asked, self.until) \
            if self.folder else None

    @classmethod
    def open(cls, folder: Path | None, api: str, set_spec: str | None, prefix: str, since: str,
             until: str | None, restart: bool = False) -> Harvest:
        """The harvest of these arguments: where an earlier run of it stopped, unless `restart`."""
        harvest = cls(api, set_spec, prefix, since, until, folder=folder, asked=since)
        saved = _read(harvest._place) if harvest._place and not restart else {}
        token, stamp, pages = saved.get("token"), saved.get("datestamp"), saved.get("pages")
        if isinstance(token, str) and token:
            harvest.token = token
            harvest.datestamp = stamp if isinstance(stamp, str) else None
            harvest.pages = pages if isinstance(pages, int) else 0
            if isinstance(saved.get("since"), str):
                harvest.since = saved["since"]
        return harvest

    def advance(self, token: str | None, datestamp: str | None) -> None:
        """One more page written: keep its place, or, after the last page, close the harvest."""
        self.token, self.datestamp, self.pages = token, datestamp or self.datestamp, self.pages + 1
        if self._place is None:
            return
        try:
            if token:
                state = {k: v for k, v in asdict(self).items() if k != "folder"}
                write_whole(self._place, json.dumps(state, indent=1).encode())
                return
            assert self.folder is not None
            last = self.folder / _name("last", self.api, self.set_spec, self.prefix)
            write_whole(last, json.dumps({"datestamp": self.datestamp or self.since}).encode())
            os.unlink(self._place)
        except OSError:
            pass  # a place that cannot be kept (or was never written) costs only the resuming

    @staticmethod
    def last_datestamp(folder: Path | None, api: str, set_spec: str | None, prefix: str) -> str | None:
        """Where the last finished harvest of this set and format reached, if any."""
        if folder is None:
            return None
        stamp = _read(folder / _name("last", api, set_spec, prefix)).get("datestamp")
        return stamp if isinstance(stamp, str) else None
