"""Small statistics for the benchmarks: percentiles of one run, median and spread over repeated runs."""

from __future__ import annotations

import math
import resource
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between the closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def latency_summary_ms(latencies_ns: Sequence[int]) -> dict[str, float]:
    ms = sorted(value / 1e6 for value in latencies_ns)
    return {
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "max_ms": ms[-1] if ms else math.nan,
        "mean_ms": statistics.fmean(ms) if ms else math.nan,
    }


@dataclass(frozen=True)
class Spread:
    """One figure over repeated runs: the median, and the lowest and highest run."""

    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        found = [float(v) for v in values if v is not None and not math.isnan(float(v))]
        if not found:
            return cls(math.nan, math.nan, math.nan, 0)
        return cls(statistics.median(found), min(found), max(found), len(found))


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB (macOS in bytes; the bench targets Linux).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_figures(result: Any, users: int, rss_before: float, calls: dict[str, float]) -> dict[str, Any]:
    """The figures every full-stack scenario reports, ours and the baseline alike."""
    return {
        "users": users,
        "updates": result.updates,
        "completed": result.completed,
        "wall_s": result.wall_seconds,
        "updates_per_s": result.updates / result.wall_seconds if result.wall_seconds else None,
        **latency_summary_ms(result.latencies_ns),
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
        "bot_api_calls_per_conversation": calls,
    }
