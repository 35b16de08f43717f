"""Funnel statistics from a known stage history."""
from __future__ import annotations

import datetime as dt

from salesterm.domain.funnel import Move, funnel

KEYS = ["prepare", "observe", "opening", "close", "signed"]
T0 = dt.datetime(2026, 11, 1, 9, 0)


def _m(deal, frm, to, day):
    return Move(deal, frm, to, T0 + dt.timedelta(days=day))


def test_conversion_and_median_days_from_a_known_history():
    moves = [
        # d1: won: 2 days in prepare, 4 in observe, 1 in opening, 3 in close
        _m("d1", None, "prepare", 0), _m("d1", "prepare", "observe", 2),
        _m("d1", "observe", "opening", 6), _m("d1", "opening", "close", 7),
        _m("d1", "close", "signed", 10),
        # d2: 4 days in prepare, 2 in observe, then lost
        _m("d2", None, "prepare", 0), _m("d2", "prepare", "observe", 4),
        _m("d2", "observe", "lost", 6),
        # d3: skipped from prepare (6 days) straight to opening, still there
        _m("d3", None, "prepare", 0), _m("d3", "prepare", "opening", 6),
        # d4: still in prepare since day 20
        _m("d4", None, "prepare", 20),
    ]
    now = T0 + dt.timedelta(days=30)
    current = {"d1": "signed", "d2": "lost", "d3": "opening", "d4": "prepare"}
    rows = {r["stage"]: r for r in funnel(KEYS, moves, now, current)}
    assert [r for r in rows] == KEYS
    assert rows["prepare"]["reached"] == 4
    assert rows["observe"]["reached"] == 3  # d3 skipped through it
    assert rows["opening"]["reached"] == 2
    assert rows["close"]["reached"] == 1
    assert rows["signed"]["reached"] == 1
    assert rows["prepare"]["conversion"] == 0.75
    assert rows["observe"]["conversion"] == round(2 / 3, 3)
    assert rows["opening"]["conversion"] == 0.5
    assert rows["close"]["conversion"] == 1.0
    assert rows["signed"]["conversion"] is None
    # prepare stays: 2, 4, 6 and d4's 10 days so far
    assert rows["prepare"]["median_days"] == 5.0
    assert rows["observe"]["median_days"] == 3.0  # 4 and 2
    assert rows["opening"]["median_days"] == 12.5  # 1 and d3's 24 so far
    assert rows["close"]["median_days"] == 3.0
    assert rows["signed"]["median_days"] is None


def test_empty_history():
    rows = funnel(KEYS, [], T0)
    assert all(r["reached"] == 0 and r["conversion"] is None and r["median_days"] is None for r in rows)


def test_reopened_deal_counts_each_stay():
    moves = [_m("d", None, "prepare", 0), _m("d", "prepare", "lost", 1),
             _m("d", "lost", "prepare", 3), _m("d", "prepare", "observe", 6)]
    rows = {r["stage"]: r for r in funnel(KEYS, moves, T0 + dt.timedelta(days=7), {"d": "observe"})}
    assert rows["prepare"]["median_days"] == 2.0  # stays of 1 and 3 days
    assert rows["observe"]["median_days"] == 1.0
