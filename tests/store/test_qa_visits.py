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


def test_a_cancelled_visit_can_be_planned_again_and_only_that(db):
    v = visits.plan_visit(customer("质检商行", grade="C").id, day=TODAY)
    with pytest.raises(UserError, match="only a cancelled visit"):
        visits.restore_visit(v.id)
    visits.cancel_visit(v.id)
    assert visits.restore_visit(v.id).status == "planned"
    assert visits.get_visit(v.id).planned_date == TODAY
