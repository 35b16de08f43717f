"""Visit coverage for managers: over the last weeks, the visits done against the visits due by
grade (the four-week cycle sees every customer once per cycle: A and B once each, C and D
once), per rep, with the customers who were missed."""
from __future__ import annotations

from datetime import date, timedelta

from peewee import Case, fn

from salesterm import clock
from salesterm.domain import cadence
from salesterm.domain.errors import UserError
from salesterm.store.models import Customer, Rep, Visit
from salesterm.store.reps import find_rep

GRADES = ("A", "B", "C", "D")


def _as_date(value) -> date:
    """MAX() of a date column comes back as text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def coverage(*, weeks: int = 4, rep: str | None = None, as_of: date | None = None,
             missed_limit: int = 500) -> list[dict]:
    """One row per rep and grade: ``rep, grade, customers, due, done, missed_count, ratio,
    missed[{customer_id, customer, city, last_visit}]``. Due = customers x cycles in the window
    (weeks / 4, at least one); done = visits logged in the window (at most due per customer).
    Missed lists the never-visited first, then the longest unvisited, up to MISSED_LIMIT
    (missed_count counts them all)."""
    if weeks < 1:
        raise UserError("plan.coverage_needs_least_one_week")
    end = as_of or clock.today()
    start = end - timedelta(days=7 * weeks - 1)
    cycles = max(1, weeks // 4)
    customers = Customer.live().where(Customer.merged_into.is_null()
                                      & Customer.kind.not_in(cadence.NOT_PLANNED_KINDS))
    if rep:
        customers = customers.where(Customer.rep == find_rep(rep).id)
    custs = list(customers.select(Customer.id, Customer.name, Customer.city, Customer.grade,
                                  Customer.rep).tuples())
    reps = {r.id: r.name for r in Rep.live()}
    done: dict[str, int] = {}
    last: dict[str, date] = {}
    in_window = fn.SUM(Case(None, [(Visit.planned_date >= start, 1)], 0))
    rows = (Visit.select(Visit.customer, fn.MAX(Visit.planned_date), in_window)
            .where(Visit.deleted_at.is_null() & (Visit.status == "done") & (Visit.planned_date <= end))
            .group_by(Visit.customer).tuples())
    for customer_id, last_day, n in rows:
        if n:
            done[customer_id] = int(n)
        if last_day is not None:
            last[customer_id] = _as_date(last_day)
    groups: dict[tuple[str, str], list] = {}
    for cid, name, city, grade, rep_id in custs:
        rep_name = reps.get(rep_id, "") if rep_id else ""
        groups.setdefault((rep_name, cadence.grade_of(grade)), []).append((cid, name, city))
    out = []
    for (rep_name, grade), members in sorted(groups.items(), key=lambda kv: (kv[0][0], GRADES.index(kv[0][1]))):
        due = len(members) * cycles
        got = sum(min(done.get(c[0], 0), cycles) for c in members)
        missed = sorted((c for c in members if done.get(c[0], 0) == 0),
                        key=lambda c: (last.get(c[0]) or date.min, c[1]))
        out.append({
            "rep": rep_name, "grade": grade, "customers": len(members), "due": due, "done": got,
            "ratio": round(got / due, 3) if due else None, "missed_count": len(missed),
            "missed": [{"customer_id": cid, "customer": name, "city": city,
                        "last_visit": last[cid].isoformat() if cid in last else None}
                       for cid, name, city in missed[:missed_limit]],
            "from": start.isoformat(), "to": end.isoformat(),
        })
    return out
