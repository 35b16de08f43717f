"""A revisit asked in the visit log is never dropped: on a day another visit to the customer is
already planned, it goes to the nearest free day, and the result says where (issue 11)."""
from __future__ import annotations

import datetime as dt

from salesterm import clock
from salesterm.domain.visit_rules import nearest_free_day
from salesterm.store import visits
from salesterm.store.models import Visit
from salesterm.store.visits import agenda
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer

D = dt.date


def test_a_free_day_keeps_the_revisit_and_says_nothing(db):
    c = customer("物美便利")
    v = visits.plan_visit(c.id, day=TODAY)
    res = visits.log_visit(v.id, revisit_date=D(2026, 12, 8))
    assert res.revisit_date == D(2026, 12, 8) and res.revisit_asked is None and res.notice is None
    assert Visit.get_by_id(v.id).revisit_date == D(2026, 12, 8)


def test_a_taken_day_moves_the_revisit_to_the_nearest_free_day_and_says_where(db):
    c = customer("物美便利")
    other = visits.plan_visit(c.id, day=D(2026, 12, 8), slot="pm", admin_objectives=["collect"])
    v = visits.plan_visit(c.id, day=TODAY)
    res = visits.log_visit(v.id, revisit_date=D(2026, 12, 8), notes="看陈列")
    assert res.revisit_date == D(2026, 12, 9) and res.revisit_asked == D(2026, 12, 8)
    assert res.notice.text("en") == "revisit planned for 12-09, 12-08 was taken"
    assert res.notice.text("zh") == "回访改在 12-09：12-08 已有拜访"
    assert Visit.get_by_id(v.id).revisit_date == D(2026, 12, 9)
    # 12-08: the visit already planned; 12-09: the revisit is due (not swallowed by the 12-08 visit)
    clock.set_today(D(2026, 12, 8))
    assert [(i.kind, i.visit_id) for i in agenda.agenda()] == [("visit", other.id)]
    clock.set_today(D(2026, 12, 9))
    assert [(i.section, i.kind, i.customer) for i in agenda.agenda()] == \
        [("revisit", "revisit", "物美便利"), ("carried", "visit", "物美便利")]


def test_a_visit_on_the_revisit_day_or_later_is_the_revisit(db):
    c = customer("物美便利")
    v = visits.plan_visit(c.id, day=TODAY)
    visits.log_visit(v.id, revisit_date=D(2026, 12, 8))
    visits.plan_visit(c.id, day=D(2026, 12, 10))
    clock.set_today(D(2026, 12, 8))
    assert [i.kind for i in agenda.agenda()] == []


def test_nearest_free_day_rules():
    taken = {D(2026, 12, 8)}
    after = D(2026, 12, 1)
    assert nearest_free_day(D(2026, 12, 7), taken, after=after) == D(2026, 12, 7)
    assert nearest_free_day(D(2026, 12, 8), taken, after=after) == D(2026, 12, 9)  # later first
    assert nearest_free_day(D(2026, 12, 8), taken | {D(2026, 12, 9)}, after=after) == D(2026, 12, 7)
    # never on or before AFTER (today), never a Sunday (12-13)
    assert nearest_free_day(D(2026, 12, 2), {D(2026, 12, 2), D(2026, 12, 3)}, after=after) == D(2026, 12, 4)
    assert nearest_free_day(D(2026, 12, 12), {D(2026, 12, 12), D(2026, 12, 11)}, after=after) == D(2026, 12, 14)
