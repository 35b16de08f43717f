"""Funnel statistics from deals' stage histories: conversion from each stage to the next and
the median days spent in each stage.

- A deal *reached* a stage when it entered it or any later stage (skipping forward passes
  through the stages between). A lost deal reached the stages it got to before it was lost.
- Conversion of stage S = deals that reached the stage after S / deals that reached S
  (``None`` when no deal reached S; the last stage has no next).
- Days in stage: each completed stay (from entering S to the next move) counts once; stays
  still going count up to NOW, so a stuck stage shows.
"""
from __future__ import annotations

import datetime as _dt
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Move:
    deal_id: str
    from_stage: str | None
    to_stage: str
    at: _dt.datetime


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def funnel(stage_keys: list[str], moves: list[Move], now: _dt.datetime,
           current: dict[str, str] | None = None) -> list[dict]:
    """Per stage, in order: ``stage, reached, conversion, median_days``.

    MOVES are all stage changes of the deals (the first one has from_stage None);
    CURRENT maps deal id to its current stage (to count stays still going)."""
    index = {k: i for i, k in enumerate(stage_keys)}
    by_deal: dict[str, list[Move]] = {}
    for m in moves:
        by_deal.setdefault(m.deal_id, []).append(m)
    reached = [0] * len(stage_keys)
    stays: list[list[float]] = [[] for _ in stage_keys]
    for deal_id, history in by_deal.items():
        history.sort(key=lambda m: m.at)
        top = -1
        for m in history:
            if m.to_stage in index:
                top = max(top, index[m.to_stage])
        for i in range(top + 1):
            reached[i] += 1
        for this, nxt in zip(history, history[1:] + [None], strict=True):
            if this.to_stage not in index:
                continue
            end = nxt.at if nxt is not None else now
            if nxt is None and current is not None and current.get(deal_id) != this.to_stage:
                continue
            if index[this.to_stage] == len(stage_keys) - 1:
                continue  # a won deal does not "stay" in the last stage
            stays[index[this.to_stage]].append((end - this.at).total_seconds() / 86400)
    out = []
    for i, key in enumerate(stage_keys):
        conversion = round(reached[i + 1] / reached[i], 3) if i + 1 < len(stage_keys) and reached[i] else None
        out.append({"stage": key, "reached": reached[i], "conversion": conversion,
                    "median_days": _median(stays[i])})
    return out
