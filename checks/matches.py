"""What the blocklist lookup found for a message's indicators (filled in by the caller)."""

from __future__ import annotations

from dataclasses import dataclass, field

from checks.lookup import Indicator


@dataclass(frozen=True, slots=True)
class Matches:
    blocked: tuple[Indicator, ...] = field(default_factory=tuple)
    """Indicators found on the blocklist (allowlisted ones are never here)."""
    confirmed: tuple[Indicator, ...] = field(default_factory=tuple)
    """Of those, the ones on it only because a moderator confirmed people's reports."""
    reporters: int = 0
    """Distinct people who reported any of the indicators (pending or approved reports)."""
    last_report_age: int | None = None
    """Seconds since the latest of those reports; None without reports."""
    allowed: frozenset[Indicator] = field(default_factory=frozenset)
    """Indicators an admin allowlisted; they never count as risky."""
