"""The follow-up ladder: levels by days relative to the due date, configurable."""
from __future__ import annotations

from datetime import date

import pytest

from salesterm.domain import followup as f
from salesterm.domain.errors import UserError


@pytest.mark.parametrize("days,level", [(-4, 0), (-3, 1), (6, 1), (7, 2), (29, 2), (30, 3),
                                        (60, 4), (89, 4), (90, 5), (1000, 5)])
def test_default_ladder_levels(days, level):
    assert f.level_for(days) == level


def test_steps_and_next_dates():
    assert [s.action for s in f.DEFAULT_LADDER] == [
        "call", "visit", "manager_call", "stop_supply", "bad_debt_review"]
    assert f.step_of(3).label_pair == ("经理致电", "the manager calls")
    due = date(2026, 11, 1)
    assert f.next_step_date(due, 0) == date(2026, 10, 29)
    assert f.next_step_date(due, 2) == date(2026, 12, 1)
    assert f.next_step_date(due, 5) is None
    assert f.first_days() == -3


def test_configured_ladder():
    ladder = f.parse_ladder([[1, "call"], [15, "letter"], [45, "legal"]])
    assert f.level_for(20, ladder) == 2 and f.first_days(ladder) == 1
    assert f.parse_ladder(None) == f.DEFAULT_LADDER
    for bad in ([[5, "call"], [5, "visit"]], [], [["x", "call"]], "call", [[1, ""]]):
        with pytest.raises(UserError):
            f.parse_ladder(bad)
