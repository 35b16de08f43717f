"""A deal's current stage follows its stage history (domain/stage_history)."""
from __future__ import annotations

from salesterm.domain.stage_history import Change, current, latest


def test_the_latest_change_by_time_then_creation_then_id_decides():
    a = Change("2026-03-01 10:00:00", "2026-03-01 10:00:00", "b", "observe")
    b = Change("2026-03-01 10:00:05", "2026-03-01 09:00:00", "a", "opening")
    c = Change("2026-03-01 10:00:05", "2026-03-01 09:00:00", "c", "present")
    assert latest([a, b]) == b
    assert latest([c, a, b]) == c  # same time and creation: the larger id, on every side
    assert latest([]) is None


def test_status_and_lost_reason_follow_the_stage():
    won = Change("2026-03-02 10:00:00", "2026-03-02 10:00:00", "x", "signed")
    lost = Change("2026-03-03 10:00:00", "2026-03-03 10:00:00", "y", "lost", "price too high")
    assert current("handbook", [won])[1].status == "won"
    last, now = current("handbook", [won, lost])
    assert (last, now.stage, now.status, now.lost_reason, now.stage_since) == (
        lost, "lost", "lost", "price too high", "2026-03-03 10:00:00")
    assert current("handbook", []) is None
    assert current("no-such-template", [won])[1].status == "open"
