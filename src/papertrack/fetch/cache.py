"""The on-disk response cache (one file per URL: a JSON header line, then the body), the names
of raw response files kept with --save-raw, and the one way both are written: whole or not at
all, a failed write (a full disk) costing only the copy, never the fetch.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from .clock import Clock
from .response import Response, content_kind


def default_cache_dir() -> Path:
    if env := os.environ.get("PAPERTRACK_CACHE_DIR"):
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("papertrack"))


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file renamed at the end, so readers never see
    half a file; on failure nothing is left behind and the OSError is raised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class ResponseCache:
    """Successful responses on disk, one file each: a JSON header line, then the body."""

    def __init__(self, folder: Path, ttl: float, clock: Clock):
        self.folder, self.ttl, self.clock = folder / "http", ttl, clock

    def _path(self, url: str) -> Path:
        import hashlib

        return self.folder / (hashlib.sha256(url.encode()).hexdigest() + ".cache")

    def load(self, url: str) -> Response | None:
        """A fresh copy of `url`'s answer; None when absent, stale or damaged (fetch again)."""
        try:
            with open(self._path(url), "rb") as f:
                header = json.loads(f.readline())
                content = f.read()
        except (OSError, ValueError):
            return None
        if not isinstance(header, dict):
            return None
        fetched, status = header.get("fetched"), header.get("status", 200)
        if header.get("url") != url or not isinstance(fetched, (int, float)) or type(status) is not int:
            return None
        # A copy a little from the future (clocks set a few seconds apart) is still fresh.
        if not -60 < self.clock.wall() - fetched <= self.ttl:
            return None
        return Response(url, content, status, from_cache=True)

    def store(self, response: Response) -> None:
        header = {"url": response.url, "status": response.status, "fetched": self.clock.wall()}
        try:
            write_whole(self._path(response.url), json.dumps(header).encode() + b"\n" + response.content)
        except OSError:
            pass  # a cache that cannot be written only costs a refetch


def raw_file_name(url: str, content: bytes) -> str:
    """A stable, readable name for a saved response: host, path and query, a hash, the type."""
    import hashlib

    parts = urlsplit(url)
    slug = re.sub(r"[^A-Za-z0-9._]+", "-", f"{parts.path}-{parts.query}").strip("-.")[:80].rstrip("-.")
    host = re.sub(r"[^A-Za-z0-9.]+", "_", parts.netloc.rpartition("@")[2])
    digest = hashlib.sha1(url.encode()).hexdigest()[:8]
    ext = {"json": "json", "xml": "xml", "html": "html"}.get(content_kind(content), "txt")
    return f"{host}-{slug}-{digest}.{ext}" if slug else f"{host}-{digest}.{ext}"
