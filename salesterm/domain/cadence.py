"""The four-week visit cycle (四周拜访循环): which customers a rep sees in a given week, and when.

- Cycle week 1: every A customer, in the mornings (best energy for the best customers).
- Cycle week 2: every B customer.
- Cycle week 3: every C and D customer (customers without a grade count as D).
- Cycle week 4: service, collections and planning: customers with money overdue get a
  collection visit (afternoons for those who do not pay in the morning, on or after payday
  when it falls in the week); the last working day stays free to plan the next cycle.

The cycle week of any date comes from a per-rep anchor date (default :data:`DEFAULT_ANCHOR`,
a Monday), so consecutive weeks give 1, 2, 3, 4, 1, ...

Working days are Monday to Saturday by default (field reps in China usually work Saturdays);
``working_days=5`` gives Monday to Friday. A cap of visits per day (default 6) spreads the
week's customers over its days; a day's cap is split into morning places (the larger half)
and afternoon places. Customers of one city are kept on the same day when they fit, to save
travel. Visits already placed by hand (pinned) are kept where they are and count toward the
caps; a customer that already has a visit in the week is not proposed again. Customers that
do not fit in the week are returned in ``overflow``, never silently dropped.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .dates import monday_of
from .errors import UserError

DEFAULT_ANCHOR = _dt.date(2026, 1, 5)  # a Monday
DEFAULT_CAP = 6
DEFAULT_WORKING_DAYS = 6  # Monday to Saturday
SLOTS = ("am", "pm")
GRADES_BY_WEEK: dict[int, tuple[str, ...]] = {1: ("A",), 2: ("B",), 3: ("C", "D"), 4: ()}
# archive kinds the cycle never proposes a visit to: a competitor's record (同类产品) is watched
# through notes, not visited to sell (a visit placed by hand is still kept)
NOT_PLANNED_KINDS = ("competitor",)


def cycle_week(day: _dt.date, anchor: _dt.date | None = None) -> int:
    """1..4: the cycle week holding DAY, counted from the Monday of ANCHOR's week."""
    start = monday_of(anchor or DEFAULT_ANCHOR)
    weeks = (monday_of(day) - start).days // 7
    return weeks % 4 + 1


def grade_of(grade: str | None) -> str:
    g = (grade or "").strip().upper()
    return g if g in ("A", "B", "C", "D") else "D"


def week_for_grade(grade: str | None) -> int:
    g = grade_of(grade)
    return {"A": 1, "B": 2, "C": 3, "D": 3}[g]


def morning_places(cap: int) -> int:
    return (cap + 1) // 2


def working_days(week_start: _dt.date, count: int = DEFAULT_WORKING_DAYS) -> list[_dt.date]:
    if not 1 <= count <= 7:
        raise UserError("plan.working_days_per_week_must")
    monday = monday_of(week_start)
    return [monday + _dt.timedelta(days=i) for i in range(count)]


@dataclass(frozen=True)
class PlanCustomer:
    """What the planner needs to know about a customer."""

    id: str
    name: str
    grade: str | None = None
    city: str = ""
    overdue: int = 0  # fen overdue: a collection objective
    has_orders: bool = True  # False: the visit aims at a first order
    no_morning: bool = False  # does not pay in the morning
    payday: int | None = None  # day of the month


@dataclass
class PlanVisit:
    customer_id: str
    customer: str
    grade: str | None
    city: str
    date: _dt.date
    slot: str
    purpose: list[str]
    pinned: bool = False
    visit_id: str | None = None  # an existing visit (pinned, planned or done)
    status: str = "proposed"  # proposed | planned | done


@dataclass
class PlanDay:
    date: _dt.date
    visits: list[PlanVisit] = field(default_factory=list)
    planning: bool = False  # kept free to plan the next cycle (week 4)


@dataclass
class WeekPlan:
    week_start: _dt.date
    cycle_week: int
    cap: int
    days: list[PlanDay]
    overflow: list[PlanCustomer] = field(default_factory=list)

    def proposed(self) -> list[PlanVisit]:
        return [v for d in self.days for v in d.visits if v.status == "proposed"]


def purpose_for(c: PlanCustomer, cw: int) -> list[str]:
    if cw == 4:
        return ["collect", "service"] if c.overdue > 0 else ["service"]
    out = ["more_volume"] if c.has_orders else ["first_order"]
    if c.overdue > 0:
        out.append("collect")
    return out


class _Day:
    def __init__(self, day: _dt.date, cap: int):
        self.date = day
        self.am_free = morning_places(cap)
        self.pm_free = cap - morning_places(cap)
        self.cities: set[str] = set()

    def free(self, morning_only: bool) -> int:
        return self.am_free if morning_only else self.am_free + self.pm_free

    def take(self, slot: str | None, morning_only: bool) -> str | None:
        if slot == "am" or (slot is None and self.am_free > 0):
            if self.am_free > 0:
                self.am_free -= 1
                return "am"
            if morning_only:
                return None
        if slot in (None, "pm") and not morning_only and self.pm_free > 0:
            self.pm_free -= 1
            return "pm"
        return None


def _due(customers, cw: int) -> list[PlanCustomer]:
    if cw == 4:
        return sorted((c for c in customers if c.overdue > 0), key=lambda c: (-c.overdue, c.name))
    grades = GRADES_BY_WEEK[cw]
    due = [c for c in customers if grade_of(c.grade) in grades]
    return sorted(due, key=lambda c: (grades.index(grade_of(c.grade)), c.city, c.name))


def plan_week(
    week_start: _dt.date,
    customers: list[PlanCustomer],
    existing: list[PlanVisit] = (),
    *,
    cap: int = DEFAULT_CAP,
    days: int = DEFAULT_WORKING_DAYS,
    anchor: _dt.date | None = None,
    today: _dt.date | None = None,
) -> WeekPlan:
    """Plan the week holding WEEK_START. EXISTING visits (placed by hand, already planned or
    done) stay where they are and count toward the caps. Days before TODAY get no new visits."""
    if cap < 1:
        raise UserError("plan.visits_per_day_must_least")
    start = monday_of(week_start)
    cw = cycle_week(start, anchor)
    dates = working_days(start, days)
    open_dates = dates[:-1] if cw == 4 and len(dates) > 1 else dates
    if today is not None:
        open_dates = [d for d in open_dates if d >= today]
    slots = {d: _Day(d, cap) for d in dates}
    plan_days = {d: PlanDay(d, planning=(cw == 4 and d not in open_dates)) for d in dates}
    extra_days: dict[_dt.date, PlanDay] = {}
    seen: set[str] = set()
    for v in sorted(existing, key=lambda v: (v.date, SLOTS.index(v.slot) if v.slot in SLOTS else 0)):
        seen.add(v.customer_id)
        day = slots.get(v.date)
        if day is not None:
            if v.slot == "am":
                day.am_free -= 1
            else:
                day.pm_free -= 1
            day.cities.add(v.city)
            plan_days[v.date].visits.append(v)
        else:  # a hand-placed visit on a non-working day is kept too
            extra_days.setdefault(v.date, PlanDay(v.date)).visits.append(v)
    todo = [c for c in _due(customers, cw) if c.id not in seen]
    morning_only = cw == 1
    overflow: list[PlanCustomer] = []

    def place(c: PlanCustomer, day: _Day) -> bool:
        slot = "pm" if (cw == 4 and c.no_morning) else None
        got = day.take(slot, morning_only)
        if got is None:
            return False
        day.cities.add(c.city)
        plan_days[day.date].visits.append(PlanVisit(
            c.id, c.name, c.grade, c.city, day.date, got, purpose_for(c, cw)))
        return True

    if cw == 4:
        for c in todo:
            order = [slots[d] for d in open_dates]
            if c.payday:
                after = [s for s in order if s.date.day >= c.payday]
                order = after + [s for s in order if s not in after]
            if not any(place(c, s) for s in order if s.free(False) > 0):
                overflow.append(c)
    else:
        groups: dict[str, list[PlanCustomer]] = {}
        for c in todo:
            groups.setdefault(c.city, []).append(c)
        for city, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            rest = list(members)
            while rest:
                candidates = [slots[d] for d in open_dates if slots[d].free(morning_only) > 0]
                if not candidates:
                    overflow.extend(rest)
                    break
                n = len(rest)
                # a day already visiting this city, then the emptiest day that holds them all
                # (cities spread over the week, one city a day), else the emptiest day (a big
                # city is split over as few days as possible)
                same = [s for s in candidates if city in s.cities and s.free(morning_only) >= n]
                fits = [s for s in candidates if s.free(morning_only) >= n]
                if same:
                    day = same[0]
                elif fits:
                    day = max(fits, key=lambda s: (s.free(morning_only), -s.date.toordinal()))
                else:
                    day = max(candidates, key=lambda s: (s.free(morning_only), -s.date.toordinal()))
                while rest and place(rest[0], day):
                    rest.pop(0)
    for pd in plan_days.values():
        pd.visits.sort(key=lambda v: (SLOTS.index(v.slot) if v.slot in SLOTS else 0,
                                      v.city, v.customer))
    all_days = sorted([*plan_days.values(), *extra_days.values()], key=lambda d: d.date)
    return WeekPlan(start, cw, cap, all_days, overflow)
