"""Benchmarks behind `salesterm bench` (they ship with the app so users can measure their machine)."""
from __future__ import annotations

import statistics


def summary(name: str, n: int, samples_ms: list[float], **extra) -> dict:
    """The bench shape of docs/architecture.md#json-shapes: {"name", "n", "p50_ms", "p99_ms", ...}."""
    ordered = sorted(samples_ms)
    if not ordered:
        return {"name": name, "n": n, "p50_ms": None, "p99_ms": None, "max_ms": None, **extra}
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return {
        "name": name,
        "n": n,
        "samples": len(ordered),
        "p50_ms": round(statistics.median(ordered), 3),
        "p99_ms": round(p99, 3),
        "max_ms": round(ordered[-1], 3),
        **extra,
    }
