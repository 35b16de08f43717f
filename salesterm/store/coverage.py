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

GRADES = ("A", "B", "C", "D")


def _as_date(value) -> date:
    """MAX() of a date column comes back as text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def coverage(*, weeks: int = 4, rep: str | None = None, as_of: date | None = None) -> list[dict]:
    """One row per rep and grade: ``rep, grade, customers, due, done, missed_count, ratio,
    missed[{customer_id, customer, city, last_visit}]``. Due = customers x cycles in the window
    (weeks / 4, at least one); done = visits logged in the window (at most due per customer)."""
    if weeks < 1:
        raise UserError("coverage needs at least one week")
    end = as_of or clock.today()
    start = end - timedelta(days=7 * weeks - 1)
    cycles = max(1, weeks // 4)
    customers = Customer.live().where(Customer.merged_into.is_null())
    if rep:
        row = Rep.get_or_none((Rep.name == rep.strip()) & Rep.deleted_at.is_null())
        if row is None:
            raise UserError(f"no rep called {rep.strip()!r}")
        customers = customers.where(Customer.rep == row.id)
    custs = list(customers.select(Customer.id, Customer.name, Customer.city, Customer.grade,
                                  Customer.rep))
    reps = {r.id: r.name for r in Rep.live()}
    done: dict[str, int] = {}
    last: dict[str, date] = {}
    ids = [c.id for c in custs]
    in_window = fn.SUM(Case(None, [(Visit.planned_date >= start, 1)], 0))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = (Visit.select(Visit.customer, fn.MAX(Visit.planned_date).alias("last"),
                             in_window.alias("n"))
                .where(Visit.deleted_at.is_null() & Visit.customer.in_(chunk)
                       & (Visit.status == "done") & (Visit.planned_date <= end))
                .group_by(Visit.customer).tuples())
        for customer_id, last_day, n in rows:
            if n:
                done[customer_id] = int(n)
            if last_day is not None:
                last[customer_id] = _as_date(last_day)
    groups: dict[tuple[str, str], list] = {}
    for c in custs:
        rep_name = reps.get(c.rep_id, "") if c.rep_id else ""
        groups.setdefault((rep_name, cadence.grade_of(c.grade)), []).append(c)
    out = []
    for (rep_name, grade), members in sorted(groups.items(), key=lambda kv: (kv[0][0], GRADES.index(kv[0][1]))):
        due = len(members) * cycles
        got = sum(min(done.get(c.id, 0), cycles) for c in members)
        missed = sorted((c for c in members if done.get(c.id, 0) == 0),
                        key=lambda c: (last.get(c.id) or date.min, c.name))
        out.append({
            "rep": rep_name, "grade": grade, "customers": len(members), "due": due, "done": got,
            "ratio": round(got / due, 3) if due else None, "missed_count": len(missed),
            "missed": [{"customer_id": c.id, "customer": c.name, "city": c.city,
                        "last_visit": last[c.id].isoformat() if c.id in last else None}
                       for c in missed],
            "from": start.isoformat(), "to": end.isoformat(),
        })
    return out
