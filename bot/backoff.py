"""Retrying with growing pauses: background loops and database bookkeeping never give up
on one error (a `database is locked` from a feed import in another process, a network
blip), and never spin either.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Backoff:
    """Delays of first, 2×first, 4×first… capped at `most`; `reset()` after a success."""

    first: float = 0.5
    most: float = 30.0
    failures: int = 0

    def next_delay(self) -> float:
        self.failures += 1
        return min(self.most, self.first * 2 ** (self.failures - 1))

    def reset(self) -> None:
        self.failures = 0
