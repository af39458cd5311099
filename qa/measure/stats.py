"""Timing summaries, one rule everywhere: the median, and the nearest-rank percentile (rounding half up)."""

from __future__ import annotations

import statistics


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` by nearest rank: the sorted value at ``q·(n-1)``, rounded half up."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def timing(ms: list[float]) -> dict[str, float]:
    """Median and 95th percentile of timings in milliseconds."""
    return {"p50": statistics.median(ms), "p95": percentile(ms, 0.95)}


def median_ms(seconds: list[float]) -> float:
    """The median of timings in seconds, in milliseconds to the microsecond."""
    return round(statistics.median(seconds) * 1000, 3)


def p95_ms(seconds: list[float]) -> float:
    return round(percentile(seconds, 0.95) * 1000, 3)


__all__ = ["median_ms", "p95_ms", "percentile", "timing"]
