"""The on-disk response cache (one file per URL: a JSON header line, then the body) and the
names of raw response files kept with --save-raw.
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


class ResponseCache:
    """Successful responses on disk, one file each: a JSON header line, then the body."""

    def __init__(self, folder: Path, ttl: float, clock: Clock):
        self.folder, self.ttl, self.clock = folder / "http", ttl, clock

    def _path(self, url: str) -> Path:
        import hashlib

        return self.folder / (hashlib.sha256(url.encode()).hexdigest() + ".cache")

    def load(self, url: str) -> Response | None:
        try:
            with open(self._path(url), "rb") as f:
                header = json.loads(f.readline())
                content = f.read()
        except (OSError, ValueError):
            return None  # absent or damaged: fetch again
        if header.get("url") != url or self.clock.wall() - header.get("fetched", 0) > self.ttl:
            return None
        return Response(url, content, header.get("status", 200), from_cache=True)

    def store(self, response: Response) -> None:
        path = self._path(response.url)
        header = {"url": response.url, "status": response.status, "fetched": self.clock.wall()}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(json.dumps(header).encode() + b"\n" + response.content)
            os.replace(tmp, path)  # readers never see half a file
        except OSError:
            pass  # a cache that cannot be written only costs a refetch


def raw_file_name(url: str, content: bytes) -> str:
    """A stable, readable name for a saved response: host, path and query, a hash, the type."""
    import hashlib

    parts = urlsplit(url)
    slug = re.sub(r"[^A-Za-z0-9._]+", "-", f"{parts.path}-{parts.query}").strip("-.")[:80].rstrip("-.")
    host = re.sub(r"[^A-Za-z0-9.]+", "_", parts.netloc)
    digest = hashlib.sha1(url.encode()).hexdigest()[:8]
    ext = {"json": "json", "xml": "xml", "html": "html"}.get(content_kind(content), "txt")
    return f"{host}-{slug}-{digest}.{ext}" if slug else f"{host}-{digest}.{ext}"


