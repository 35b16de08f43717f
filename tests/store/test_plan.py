"""The week's plan from stored customers and visits; accepting it; hand-placed visits kept."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import visits
from salesterm.store.models import Visit
from salesterm.store.visits import plan
from tests.store.visit_fixtures import customer

WEEK1 = dt.date(2026, 12, 7)  # cycle week 1 from the default anchor 2026-01-05


def _fill():
    out = {}
    for grade, n in (("A", 4), ("B", 5), ("C", 3), ("D", 2)):
        for i in range(n):
            c = customer(f"{grade}客户{i}", grade=grade, city=["杭州", "宁波"][i % 2])
            out[c.id] = grade
    customer("别人的客户", grade="A", rep="李娜")
    return out


def test_four_weeks_of_plans_visit_each_customer_once(db):
    grades = _fill()
    seen = Counter()
    for k in range(4):
        who, p = plan.week_plan(WEEK1 + dt.timedelta(weeks=k), rep="王伟")
        assert p.cycle_week == k + 1
        for d in p.days:
            for v in d.visits:
                seen[v.customer_id] += 1
                if k == 0:
                    assert v.slot == "am" and grades[v.customer_id] == "A"
    assert set(seen) == set(grades) and set(seen.values()) == {1}


def test_accepting_saves_visits_and_replanning_keeps_them(db):
    _fill()
    added = plan.accept_plan(WEEK1, rep="王伟")
    assert added == 4
    assert Visit.select().where(Visit.status == "planned").count() == 4
    who, again = plan.week_plan(WEEK1, rep="王伟")
    assert again.proposed() == []
    assert sum(len(d.visits) for d in again.days) == 4
    assert plan.accept_plan(WEEK1, rep="王伟") == 0


def test_a_hand_placed_visit_is_respected(db):
    grades = _fill()
    a = next(cid for cid, g in grades.items() if g == "A")
    friday = WEEK1 + dt.timedelta(days=4)
    v = visits.plan_visit(a, day=friday, slot="pm", admin_objectives=["complaint"])
    who, p = plan.week_plan(WEEK1, rep="王伟")
    placed = [x for d in p.days for x in d.visits if x.customer_id == a]
    assert len(placed) == 1 and placed[0].date == friday and placed[0].slot == "pm"
    assert placed[0].pinned and placed[0].visit_id == v.id and placed[0].purpose == ["complaint"]


def test_rep_cycle_anchor_and_cap(db):
    _fill()
    plan.set_rep_cycle("王伟", anchor=dt.date(2026, 12, 9), cap=2)
    who, p = plan.week_plan(dt.date(2026, 12, 14), rep="王伟")
    assert who.cap == 2 and p.cycle_week == 2
    assert all(len(d.visits) <= 2 for d in p.days)
    data = plan.plan_json(p, who)
    assert data["week_start"] == "2026-12-14" and data["cycle_week"] == 2
    assert {"date", "visits"} <= set(data["days"][0])
    with pytest.raises(UserError):
        plan.set_rep_cycle("王伟", cap=0)


def test_rep_must_be_named_when_there_are_several(db):
    _fill()
    with pytest.raises(UserError, match="--rep"):
        plan.week_plan(WEEK1)
    with pytest.raises(UserError, match="no rep"):
        plan.week_plan(WEEK1, rep="nobody")


def test_competitor_records_are_never_proposed_nor_counted_as_missed(db):
    """A competitor's record (同类产品) is watched through notes, not visited: no week of the cycle
    proposes it, even with money overdue, and coverage does not count it as missed."""
    from salesterm.store.ledger.receivables import record_receivable
    from salesterm.store.visits.coverage import coverage

    mine = customer("金龙鱼杭州办事处", grade="A", kind="同类产品")
    customer("康师傅竞品档案", grade="B", kind="competitor")
    record_receivable(mine.id, number="SO-9", issued=WEEK1 - dt.timedelta(days=90),
                      due=WEEK1 - dt.timedelta(days=60), amount=100000)
    shop = customer("华联超市", grade="A")
    proposed = set()
    for week in range(4):
        _who, p = plan.week_plan(WEEK1 + dt.timedelta(days=7 * week), rep="王伟")
        proposed |= {v.customer for v in p.proposed()} | {c.name for c in p.overflow}
    assert "华联超市" in proposed
    assert not proposed & {"金龙鱼杭州办事处", "康师傅竞品档案"}
    plan.accept_plan(WEEK1, rep="王伟")
    assert {v.customer_id for v in Visit.select()} == {shop.id}
    missed = {m["customer"] for row in coverage(as_of=WEEK1) for m in row["missed"]}
    assert missed == {"华联超市"}
