"""The four-week cycle planner: cycle weeks, grades per week, caps, city grouping, pinned visits."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from salesterm.domain import cadence
from salesterm.domain.cadence import PlanCustomer, PlanVisit, cycle_week, plan_week
from salesterm.domain.errors import UserError

ANCHOR = dt.date(2026, 1, 5)


def _customers():
    out = []
    cities = ["杭州", "宁波", "温州"]
    for grade, n in (("A", 9), ("B", 12), ("C", 10), ("D", 8), (None, 2)):
        for i in range(n):
            out.append(PlanCustomer(f"{grade}{i}", f"客户{grade}{i}", grade, cities[i % 3]))
    return out


def test_cycle_weeks_follow_each_other_from_the_anchor():
    weeks = [cycle_week(ANCHOR + dt.timedelta(weeks=k)) for k in range(9)]
    assert weeks == [1, 2, 3, 4, 1, 2, 3, 4, 1]
    # any day of the week belongs to its Monday's cycle week
    assert cycle_week(dt.date(2026, 1, 11)) == 1
    assert cycle_week(dt.date(2026, 1, 12)) == 2
    # before the anchor too
    assert cycle_week(ANCHOR - dt.timedelta(weeks=1)) == 4
    # a rep's own anchor
    assert cycle_week(dt.date(2026, 11, 30), anchor=dt.date(2026, 11, 30)) == 1
    assert cycle_week(dt.date(2026, 12, 7), anchor=dt.date(2026, 12, 2)) == 2


def test_four_consecutive_weeks_visit_each_customer_once_in_its_week():
    custs = _customers()
    start = ANCHOR + dt.timedelta(weeks=48)  # 2026-12-07, a cycle week 1
    assert cycle_week(start) == 1
    seen = Counter()
    for k in range(4):
        plan = plan_week(start + dt.timedelta(weeks=k), custs)
        assert plan.cycle_week == k + 1
        assert plan.overflow == []
        for day in plan.days:
            assert len(day.visits) <= cadence.DEFAULT_CAP
            for v in day.visits:
                seen[v.customer_id] += 1
                want = {1: ("A",), 2: ("B",), 3: ("C", "D"), 4: ()}[k + 1]
                assert cadence.grade_of(v.grade) in want
                if k == 0:
                    assert v.slot == "am"
        if k + 1 == 4:
            assert sum(len(d.visits) for d in plan.days) == 0
            assert plan.days[-1].planning
    assert set(seen) == {c.id for c in custs}
    assert all(n == 1 for n in seen.values())


def test_cap_spreads_visits_over_the_week_and_reports_overflow():
    custs = [PlanCustomer(f"b{i}", f"B{i:02d}", "B", "杭州") for i in range(20)]
    plan = plan_week(ANCHOR + dt.timedelta(weeks=1), custs, cap=3, days=5)
    assert len(plan.days) == 5
    counts = [len(d.visits) for d in plan.days]
    assert max(counts) <= 3 and sum(counts) == 15
    assert len(plan.overflow) == 5
    # mornings take the larger half of the cap
    for d in plan.days:
        assert Counter(v.slot for v in d.visits) == Counter({"am": 2, "pm": 1})


def test_a_customers_only_take_mornings():
    custs = [PlanCustomer(f"a{i}", f"A{i:02d}", "A", "杭州") for i in range(20)]
    plan = plan_week(ANCHOR, custs, cap=6, days=6)
    placed = [v for d in plan.days for v in d.visits]
    assert len(placed) == 18 and all(v.slot == "am" for v in placed)
    assert len(plan.overflow) == 2


def test_customers_of_one_city_share_a_day():
    custs = []
    for city, n in (("杭州", 4), ("宁波", 3), ("温州", 2), ("绍兴", 2)):
        custs += [PlanCustomer(f"{city}{i}", f"{city}{i}", "C", city) for i in range(n)]
    plan = plan_week(ANCHOR + dt.timedelta(weeks=2), custs, cap=6)
    day_of_city = {}
    for d in plan.days:
        for v in d.visits:
            day_of_city.setdefault(v.city, set()).add(d.date)
    assert all(len(days) == 1 for days in day_of_city.values()), day_of_city
    assert len(day_of_city) == 4


def test_a_city_bigger_than_a_day_is_split_over_as_few_days_as_possible():
    custs = [PlanCustomer(f"h{i}", f"杭{i:02d}", "B", "杭州") for i in range(10)]
    plan = plan_week(ANCHOR + dt.timedelta(weeks=1), custs, cap=6)
    used = [d for d in plan.days if d.visits]
    assert len(used) == 2 and sorted(len(d.visits) for d in used) == [4, 6]


def test_pinned_visits_are_kept_and_count_toward_the_cap():
    custs = [PlanCustomer(f"b{i}", f"B{i:02d}", "B", "杭州") for i in range(8)]
    monday = ANCHOR + dt.timedelta(weeks=1)
    tuesday = monday + dt.timedelta(days=1)
    pinned = [PlanVisit("b0", "B00", "B", "杭州", tuesday, "pm", ["complaint"], pinned=True,
                        visit_id="v0", status="planned"),
              PlanVisit("x", "Other", "C", "宁波", monday, "am", ["collect"], pinned=True,
                        visit_id="v1", status="planned")]
    plan = plan_week(monday, custs, pinned, cap=3, days=6)
    all_visits = [v for d in plan.days for v in d.visits]
    assert [v for v in all_visits if v.customer_id == "b0"][0].date == tuesday
    assert Counter(v.customer_id for v in all_visits)["b0"] == 1
    mon = [d for d in plan.days if d.date == monday][0]
    assert len(mon.visits) <= 3
    # the city of a pinned visit draws the rest of that city to its day when they fit
    assert {v.customer_id for v in all_visits} >= {f"b{i}" for i in range(8)}
    assert sum(len(d.visits) for d in plan.days) == 9


def test_week_four_plans_collections_with_payday_and_no_morning_rule():
    week4 = ANCHOR + dt.timedelta(weeks=3)  # 2026-01-26 .. 31
    custs = [
        PlanCustomer("p", "欠款甲", "A", "杭州", overdue=500000, payday=28, no_morning=True),
        PlanCustomer("q", "欠款乙", "C", "杭州", overdue=1000),
        PlanCustomer("r", "不欠", "A", "杭州"),
    ]
    plan = plan_week(week4, custs)
    visits = {v.customer_id: v for d in plan.days for v in d.visits}
    assert set(visits) == {"p", "q"}
    assert visits["p"].date == dt.date(2026, 1, 28) and visits["p"].slot == "pm"
    assert visits["p"].purpose == ["collect", "service"]
    assert plan.days[-1].planning and not plan.days[-1].visits


def test_purposes():
    a = PlanCustomer("a", "A", "A", has_orders=False, overdue=10)
    assert cadence.purpose_for(a, 1) == ["first_order", "collect"]
    assert cadence.purpose_for(PlanCustomer("b", "B", "B"), 2) == ["more_volume"]


def test_bad_settings_are_refused():
    with pytest.raises(UserError):
        plan_week(ANCHOR, [], cap=0)
    with pytest.raises(UserError):
        plan_week(ANCHOR, [], days=8)


def test_days_already_past_get_no_new_visits():
    custs = [PlanCustomer(f"c{i}", f"C{i}", "C", "杭州") for i in range(3)]
    week3 = ANCHOR + dt.timedelta(weeks=2)
    thursday = week3 + dt.timedelta(days=3)
    plan = plan_week(week3, custs, today=thursday)
    assert all(v.date >= thursday for d in plan.days for v in d.visits)
    assert sum(len(d.visits) for d in plan.days) == 3
    # on the Sunday, nothing is left to place: everyone goes to the overflow
    late = plan_week(week3, custs, today=week3 + dt.timedelta(days=6))
    assert len(late.overflow) == 3
