"""What the blocklist lookup found for a message's indicators (filled in by the caller)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Matches:
    blocked: tuple[str, ...] = field(default_factory=tuple)
    """Defanged or masked indicators that are on the blocklist."""
    reporters: int = 0
    """Distinct people who reported any of the indicators (pending or approved)."""
    allowed: tuple[str, ...] = field(default_factory=tuple)
    """Indicators an admin allowlisted; they never count as risky."""
