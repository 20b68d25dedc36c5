"""What one ingest did, counted by paper: added, updated, unchanged, and stored papers that
joined others. Apart from the add path so that the commands that only read never load dedup."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Tally:
    """What an ingest did, by paper; `added` lists the papers that are new to the library."""

    added: dict[int, None] = field(default_factory=dict)  # ordered set
    updated: set[int] = field(default_factory=set)
    unchanged: set[int] = field(default_factory=set)
    joined: int = 0

    def copy(self) -> Tally:
        return Tally(dict(self.added), set(self.updated), set(self.unchanged), self.joined)

    def counts(self) -> tuple[int, int, int]:
        updated = self.updated - self.added.keys()
        return len(self.added), len(updated), len(self.unchanged - self.added.keys() - updated)

    def line(self) -> str:
        added, updated, unchanged = self.counts()
        joined = f" ({self.joined} stored papers joined others)" if self.joined else ""
        return f"added {added}, updated {updated}, unchanged {unchanged}{joined}"
