"""QA: a planned visit moved by hand goes to today or later, never into the past."""
from __future__ import annotations

import datetime as dt

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import visits
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer


def test_a_visit_is_not_moved_into_the_past(db):
    v = visits.plan_visit(customer("质检超市", grade="B").id, day=TODAY)
    with pytest.raises(UserError, match="cannot be moved into the past"):
        visits.move_visit(v.id, TODAY - dt.timedelta(days=28), "am")
    assert visits.get_visit(v.id).planned_date == TODAY
    assert visits.move_visit(v.id, TODAY, "pm").slot == "pm"
