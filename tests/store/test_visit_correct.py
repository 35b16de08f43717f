"""Correcting a logged visit keeps what it replaced: each correction is a record with the old and
new values, who and when, listed by the read-only view; a planned visit cannot be corrected, and a
correction that changes nothing is refused."""
from __future__ import annotations

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import visits
from salesterm.store.models import Visit
from salesterm.store.visits.correct import correct_visit
from salesterm.store.visits.record import logged_visit
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer


def _logged():
    c = customer("永辉超市")
    v = visits.plan_visit(c.id, day=TODAY, reason="催款")
    visits.log_visit(v.id, notes="老板答应月底结清", outcome="同意")
    return v


def test_a_correction_keeps_what_it_replaced(db):
    v = _logged()
    correct_visit(v.id, rep="王伟", notes="老板答应下月初结清", outcome="同意", complaint_handled=True)
    correct_visit(v.id, notes="老板答应下月 5 日结清")
    row = Visit.get_by_id(v.id)
    assert row.notes == "老板答应下月 5 日结清" and row.complaint_handled and row.outcome == "同意"
    record = logged_visit(v.id)
    first, second = record["corrections"]
    assert first.by == "王伟" and first.before == {"notes": "老板答应月底结清", "complaint_handled": False}
    assert first.after == {"notes": "老板答应下月初结清", "complaint_handled": True}
    assert second.by == "" and second.before == {"notes": "老板答应下月初结清"}
    assert record["notes"] == "老板答应下月 5 日结清"


def test_only_a_logged_visit_is_corrected_and_nothing_changed_is_refused(db):
    c = customer("华联超市")
    planned = visits.plan_visit(c.id, day=TODAY, reason="拜访")
    with pytest.raises(UserError) as err:
        correct_visit(planned.id, notes="x")
    assert err.value.msgid == "visits.correct_only_logged"
    v = _logged()
    with pytest.raises(UserError) as err:
        correct_visit(v.id, notes=" 老板答应月底结清 ")
    assert err.value.msgid == "visits.correction_changes_nothing"
    assert logged_visit(v.id)["corrections"] == []


def test_an_unknown_rep_is_refused_not_created(db):
    v = _logged()
    with pytest.raises(UserError):
        correct_visit(v.id, rep="无此人", notes="改")
    assert Visit.get_by_id(v.id).notes == "老板答应月底结清"
