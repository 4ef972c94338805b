"""Checks per day by level as a PNG (matplotlib, imported only when an admin asks)."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

LEVELS = ("safe", "unsure", "suspicious", "dangerous")
COLORS = {
    "safe": "#2e9e44",
    "unsure": "#b0b0b0",
    "suspicious": "#f08c00",
    "dangerous": "#d62828",
}


def chart_png(
    rows: list[tuple[str, str, int]], days: int = 30, today: date | None = None
) -> bytes:
    """Stacked bars: one per day (UTC), one colour per level; empty days shown as gaps."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    end = today or datetime.now(UTC).date()
    dates = [end - timedelta(days=days - 1 - i) for i in range(days)]
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for day, level, n in rows:
        counts[level][day] = n
    figure, axes = plt.subplots(figsize=(8, 3.5), dpi=100)
    bottom = [0] * days
    for level in LEVELS:
        heights = [counts[level].get(d.isoformat(), 0) for d in dates]
        axes.bar(range(days), heights, bottom=bottom, color=COLORS[level], label=level)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_xticks(range(0, days, 7), [dates[i].strftime("%d.%m") for i in range(0, days, 7)])
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=4, fontsize=8, frameon=False)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
