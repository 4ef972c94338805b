"""The detection engine: pure and synchronous (extract -> blocklist lookup -> assess)."""

from checks.context import CheckContext
from checks.verdict import FLAGGED, LEVELS, Level, Reason, ShownIndicator, Verdict

__all__ = ["FLAGGED", "LEVELS", "CheckContext", "Level", "Reason", "ShownIndicator", "Verdict"]
