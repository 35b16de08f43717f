"""The week's plan of a rep: the four-week cycle (domain.cadence) over the rep's customers and
the visits already in the week; accepting it saves the proposed visits as planned visits."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from peewee import fn

from salesterm import clock
from salesterm.domain import cadence
from salesterm.domain.dates import monday_of
from salesterm.domain.errors import UserError
from salesterm.domain.money import fen_to_json
from salesterm.store.models import Customer, Receivable, Rep, TradeLine, Visit
from salesterm.store.reps import find_rep
from salesterm.store.transactions import write_transaction
from salesterm.store.visits import plan_visit, refresh_customer_stats


@dataclass(frozen=True)
class PlanRep:
    id: str | None
    name: str
    anchor: date
    cap: int


def rep_cycle(name: str | None) -> PlanRep:
    """The visit cycle of the rep called NAME (found by store.reps); with no name, the only rep's
    (or everyone's when there is no rep yet)."""
    if name and name.strip():
        rep = find_rep(name)
    else:
        reps = list(Rep.live().order_by(Rep.name).limit(6))
        if not reps:
            return PlanRep(None, "", cadence.DEFAULT_ANCHOR, cadence.DEFAULT_CAP)
        if len(reps) > 1:
            names = ", ".join(r.name for r in reps[:5])
            raise UserError("plan.choose_rep", choices=names)
        rep = reps[0]
    return PlanRep(rep.id, rep.name, rep.cycle_anchor or cadence.DEFAULT_ANCHOR,
                   rep.visits_per_day or cadence.DEFAULT_CAP)


def cycle_week_on(day: date, rep: str | None = None) -> int | None:
    """The cycle week holding DAY as `plan` counts it: the rep's (from their cycle start); with no
    rep, the week every live rep is in, or None when their weeks differ (each rep counts from their
    own start, so no one team week is true then). No rep yet: the default start's week."""
    if rep and rep.strip():
        return cadence.cycle_week(day, rep_cycle(rep).anchor)
    weeks = {cadence.cycle_week(day, anchor) for (anchor,) in Rep.live(Rep.cycle_anchor).tuples()}
    if not weeks:
        return cadence.cycle_week(day)
    return weeks.pop() if len(weeks) == 1 else None


def set_rep_cycle(name: str, *, anchor: date | None = None, cap: int | None = None) -> PlanRep:
    rep = find_rep(name)
    if anchor is not None:
        rep.cycle_anchor = monday_of(anchor)
    if cap is not None:
        if not 1 <= int(cap) <= 30:
            raise UserError("plan.visits_per_day_must_between")
        rep.visits_per_day = int(cap)
    rep.save()
    return rep_cycle(name)


def _customers(rep: PlanRep, today: date) -> list[cadence.PlanCustomer]:
    """The rep's customers with what the planner needs, in three queries (no long id lists);
    competitors' records are not customers to visit (cadence.NOT_PLANNED_KINDS)."""
    live = (Customer.deleted_at.is_null() & Customer.merged_into.is_null()
            & Customer.kind.not_in(cadence.NOT_PLANNED_KINDS))
    if rep.id:
        live &= Customer.rep == rep.id
    rows = list(Customer.select(Customer.id, Customer.name, Customer.grade, Customer.city,
                                Customer.no_morning_collection, Customer.payday)
                .where(live).tuples())
    left = Receivable.amount - Receivable.paid - Receivable.written_off
    overdue = {cid: int(total or 0) for cid, total in
               Receivable.select(Receivable.customer, fn.SUM(left))
               .join(Customer, on=(Receivable.customer == Customer.id))
               .where(live & Receivable.deleted_at.is_null() & (Receivable.due < today) & (left > 0))
               .group_by(Receivable.customer).tuples()}
    ordered = {cid for (cid,) in
               TradeLine.select(TradeLine.customer).join(Customer, on=(TradeLine.customer == Customer.id))
               .where(live & TradeLine.deleted_at.is_null() & (TradeLine.direction == "sale"))
               .distinct().tuples()}
    return [cadence.PlanCustomer(cid, name, grade, city or "", overdue.get(cid, 0), cid in ordered,
                                 bool(no_morning), payday)
            for cid, name, grade, city, no_morning, payday in rows]


def _existing(rep: PlanRep, start: date) -> list[cadence.PlanVisit]:
    end = start + timedelta(days=6)
    query = (Visit.select(Visit, Customer).join(Customer, on=(Visit.customer == Customer.id))
             .where(Visit.deleted_at.is_null() & (Visit.status != "cancelled")
                    & (Visit.planned_date >= start) & (Visit.planned_date <= end)))
    if rep.id:
        query = query.where(Visit.rep == rep.id)
    out = []
    for v in query:
        purpose = json.loads(v.sales_objectives) + json.loads(v.admin_objectives)
        out.append(cadence.PlanVisit(v.customer_id, v.customer.name, v.customer.grade,
                                     v.customer.city, v.planned_date, v.slot, purpose or ["visit"],
                                     pinned=bool(v.pinned), visit_id=v.id,
                                     status="done" if v.status == "done" else "planned"))
    return out


def week_plan(week: date | None = None, *, rep: str | None = None,
              days: int = cadence.DEFAULT_WORKING_DAYS) -> tuple[PlanRep, cadence.WeekPlan]:
    who = rep_cycle(rep)
    start = monday_of(week or clock.today())
    plan = cadence.plan_week(start, _customers(who, clock.today()), _existing(who, start),
                             cap=who.cap, days=days, anchor=who.anchor, today=clock.today())
    return who, plan


def accept_plan(week: date | None = None, *, rep: str | None = None,
                days: int = cadence.DEFAULT_WORKING_DAYS) -> int:
    """Save the week's proposed visits as planned visits (not pinned: a re-plan may move
    them); returns how many were added."""
    who, plan = week_plan(week, rep=rep, days=days)
    added = 0
    with write_transaction():
        for v in plan.proposed():
            sales = [p for p in v.purpose if p in ("more_volume", "more_varieties", "first_order")]
            admin = [p for p in v.purpose if p in ("collect", "complaint", "inquiry", "policy")]
            Visit.create(customer=v.customer_id, rep=who.id, planned_date=v.date, slot=v.slot,
                         sales_objectives=json.dumps(sales), admin_objectives=json.dumps(admin),
                         pinned=False, status="planned")
            added += 1
    if added:
        refresh_customer_stats([v.customer_id for v in plan.proposed()])
    return added


def plan_json(plan: cadence.WeekPlan, who: PlanRep | None = None) -> dict:
    """The plan shape of docs/architecture.md#json-shapes: week_start, cycle_week,
    days[{date, visits[{customer, grade, slot, purpose}]}] (plus ids, status and the overflow)."""
    out = {
        "week_start": plan.week_start.isoformat(),
        "cycle_week": plan.cycle_week,
        "rep": who.name if who else None,
        "cap": plan.cap,
        "days": [{
            "date": d.date.isoformat(),
            "planning": d.planning,
            "visits": [{"customer": v.customer, "customer_id": v.customer_id, "grade": v.grade,
                        "city": v.city, "slot": v.slot, "purpose": list(v.purpose),
                        "status": v.status, "pinned": v.pinned, "visit_id": v.visit_id}
                       for v in d.visits],
        } for d in plan.days],
        "overflow": [{"customer": c.name, "customer_id": c.id, "grade": c.grade,
                      "overdue": fen_to_json(c.overdue)} for c in plan.overflow],
    }
    return out


def place_by_hand(customer_id: str, day, slot: str, purpose: list[str] | None = None,
                  rep: str | None = None):
    """Put a proposed visit on a day chosen by hand: saved as a pinned planned visit, which
    the planner then keeps where it is."""
    purpose = purpose or []
    sales = [p for p in purpose if p in ("more_volume", "more_varieties", "first_order")]
    admin = [p for p in purpose if p in ("collect", "complaint", "inquiry", "policy")]
    return plan_visit(customer_id, day=day, slot=slot, sales_objectives=sales,
                      admin_objectives=admin, pinned=True, rep=rep or None)
