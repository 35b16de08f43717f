"""Coverage for managers: done vs due by grade over four weeks, per rep, with missed customers."""
from __future__ import annotations

import datetime as dt

from salesterm import clock
from salesterm.store import visits
from salesterm.store.visits.coverage import coverage
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer


def _visit(c, day):
    clock.set_today(day)
    v = visits.plan_visit(c.id, day=day)
    visits.log_visit(v.id)
    clock.set_today(TODAY)


def test_coverage_by_rep_and_grade(db):
    a1 = customer("甲一", grade="A")
    a2 = customer("甲二", grade="A")
    b1 = customer("乙一", grade="B")
    c1 = customer("丙一", grade="C", rep="李娜")
    _visit(a1, TODAY - dt.timedelta(days=3))
    _visit(a1, TODAY - dt.timedelta(days=10))  # twice counts once against one due
    _visit(a2, TODAY - dt.timedelta(days=40))  # outside the four weeks
    _visit(c1, TODAY - dt.timedelta(days=27))
    visits.plan_visit(b1.id, day=TODAY)  # planned, not done
    rows = {(r["rep"], r["grade"]): r for r in coverage()}
    a = rows[("王伟", "A")]
    assert (a["due"], a["done"], a["missed_count"]) == (2, 1, 1)
    assert a["missed"] == [{"customer_id": a2.id, "customer": "甲二", "city": "杭州",
                            "last_visit": (TODAY - dt.timedelta(days=40)).isoformat()}]
    assert a["ratio"] == 0.5
    assert rows[("王伟", "B")]["done"] == 0 and rows[("王伟", "B")]["missed"][0]["last_visit"] is None
    assert rows[("李娜", "C")]["done"] == 1
    only = coverage(rep="李娜")
    assert [(r["rep"], r["grade"]) for r in only] == [("李娜", "C")]
    eight = {(r["rep"], r["grade"]): r for r in coverage(weeks=8)}
    assert eight[("王伟", "A")]["due"] == 4  # two cycles
    assert eight[("王伟", "A")]["done"] == 3  # a1 twice (two cycles), a2 on day -40
