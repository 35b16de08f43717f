"""Everything a customer's file shows, read in one go (in a worker) as plain values.

`load_file(customer_id)` returns a `CustomerFile`: the profile, contacts, visits, deals with
their stage history, the purchase/sales log, receivables, payments, promises, collection
attempts, notes, merges, and a timeline of all of it in date order. Nothing in it touches the
database afterwards, so the UI thread can read it freely.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from salesterm.domain import grading, man
from salesterm.domain.errors import UserError
from salesterm.store.models import (
    CollectionAttempt,
    CollectionState,
    Contact,
    Customer,
    CustomerMerge,
    CustomerStats,
    Deal,
    DealStageChange,
    Note,
    Payment,
    Promise,
    Receivable,
    Rep,
    TradeLine,
    Visit,
)
from salesterm.store.stats import refresh_stats


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # created | visit | deal | stage | trade | receivable | payment | promise | attempt | note | merge
    data: dict[str, Any]


@dataclass
class CustomerFile:
    profile: dict[str, Any]
    factors: dict[str, int]
    grade_score: float | None
    prospect_class: str
    man_badge: str
    stats: dict[str, Any]
    collection: dict[str, Any] | None
    contacts: list[dict] = field(default_factory=list)
    visits: list[dict] = field(default_factory=list)
    deals: list[dict] = field(default_factory=list)
    trade: list[dict] = field(default_factory=list)
    receivables: list[dict] = field(default_factory=list)
    payments: list[dict] = field(default_factory=list)
    promises: list[dict] = field(default_factory=list)
    attempts: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    merges: list[dict] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.profile["id"]

    @property
    def archived(self) -> bool:
        return self.profile["deleted_at"] is not None


def _day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _reps() -> dict[str, str]:
    return dict(Rep.select(Rep.id, Rep.name).tuples())


def _rows(query, reps: dict[str, str]) -> list[dict]:
    out = []
    for row in query.dicts():
        if "rep" in row:
            row["rep_name"] = reps.get(row["rep"], "") if row["rep"] else ""
        out.append(row)
    return out


def resolve(customer_id: str) -> str:
    """Follow merges: the id of the file that holds CUSTOMER_ID's history now."""
    seen = set()
    current = customer_id
    while current and current not in seen:
        seen.add(current)
        row = Customer.select(Customer.merged_into).where(Customer.id == current).tuples().first()
        if row is None:
            raise UserError("customer.no_such")
        if not row[0]:
            return current
        current = row[0]
    return current


def load_file(customer_id: str, *, refresh: bool = True) -> CustomerFile:
    """The whole file; with REFRESH its summary row is recomputed first (a fraction of a
    millisecond), so balances shown are right even when a writer did not refresh them."""
    customer_id = resolve(customer_id)
    if refresh:
        refresh_stats([customer_id])
    profile = Customer.select().where(Customer.id == customer_id).dicts().first()
    if profile is None:
        raise UserError("customer.no_such")
    reps = _reps()
    profile["rep_name"] = reps.get(profile["rep"], "") if profile["rep"] else ""
    try:
        factors = grading.validate_scores(json.loads(profile["grade_factors"] or "{}"))
    except (ValueError, UserError):
        factors = {k: 0 for k in grading.FACTORS}
    stats = CustomerStats.select().where(CustomerStats.customer == customer_id).dicts().first() or {}
    collection = (CollectionState.select().where((CollectionState.customer == customer_id)
                                                 & CollectionState.deleted_at.is_null()).dicts().first())
    live = lambda m: m.select().where((m.customer == customer_id) & m.deleted_at.is_null())  # noqa: E731
    cf = CustomerFile(
        profile=profile, factors=factors, grade_score=grading.grade_score(factors),
        prospect_class=man.prospect_class(profile["man_money"], profile["man_authority"], profile["man_need"]),
        man_badge=man.man_badge(profile["man_money"], profile["man_authority"], profile["man_need"]),
        stats=stats, collection=collection,
        contacts=_rows(live(Contact).order_by(Contact.is_decision_maker.desc(), Contact.name), reps),
        visits=_rows(live(Visit).order_by(Visit.planned_date.desc(), Visit.created_at.desc()), reps),
        deals=_rows(live(Deal).order_by(Deal.created_at.desc()), reps),
        trade=_rows(live(TradeLine).order_by(TradeLine.day.desc(), TradeLine.created_at.desc()), reps),
        receivables=_rows(live(Receivable).order_by(Receivable.due.desc(), Receivable.number), reps),
        payments=_rows(live(Payment).order_by(Payment.day.desc(), Payment.created_at.desc()), reps),
        promises=_rows(live(Promise).order_by(Promise.promised_date.desc()), reps),
        attempts=_rows(live(CollectionAttempt).order_by(CollectionAttempt.day.desc()), reps),
        notes=_rows(live(Note).order_by(Note.written_on.desc(), Note.created_at.desc()), reps),
        merges=list(CustomerMerge.select().where((CustomerMerge.survivor == customer_id)
                                                 & CustomerMerge.deleted_at.is_null())
                    .order_by(CustomerMerge.merged_at.desc()).dicts()),
    )
    for r in cf.receivables:
        r["open"] = r["amount"] - r["paid"] - r["written_off"]
    deal_ids = [d["id"] for d in cf.deals]
    history: dict[str, list[dict]] = {i: [] for i in deal_ids}
    if deal_ids:
        q = (DealStageChange.select().where(DealStageChange.deal.in_(deal_ids)
                                            & DealStageChange.deleted_at.is_null())
             .order_by(DealStageChange.changed_at))
        for row in q.dicts():
            history[row["deal"]].append(row)
    for d in cf.deals:
        d["history"] = history.get(d["id"], [])
    add_logged(cf)
    cf.timeline = build_timeline(cf)
    return cf


def add_logged(cf: CustomerFile) -> None:
    """Put on every logged visit what its log wrote elsewhere: the money collected (the collection
    attempts the log made), the promise and the order's products (written by the log on the day
    it was logged, with the note "visit"), and the template of its deal's stages."""
    templates = {d["id"]: d["template"] for d in cf.deals}
    for v in cf.visits:
        v["template"] = templates.get(v["deal"], "handbook")
        v["collected"], v["products"], v["promise"] = 0, "", None
        if v["status"] != "done":
            continue
        v["collected"] = sum(a["amount"] for a in cf.attempts if a["visit"] == v["id"])
        day = _day(v["done_at"])
        v["products"] = "、".join(t["product"] for t in cf.trade if t["note"] == "visit" and _day(t["day"]) == day
                                 and t["direction"] == "sale" and t["product"])
        v["promise"] = next((p for p in cf.promises if p["note"] == "visit" and _day(p["made_on"]) == day), None)


#: the file's lists that go on the timeline: (attribute, entry kind, the column dating a row)
_DATED = (("visits", "visit", "planned_date"), ("trade", "trade", "day"), ("receivables", "receivable", "issued"),
          ("payments", "payment", "day"), ("promises", "promise", "made_on"), ("attempts", "attempt", "day"),
          ("notes", "note", "written_on"), ("merges", "merge", "merged_at"))


def build_timeline(cf: CustomerFile) -> list[TimelineEntry]:
    """Everything that happened to the customer, oldest first (ties keep a stable order)."""
    out: list[TimelineEntry] = [TimelineEntry(_day(cf.profile["created_at"]), "created", {})]
    for d in cf.deals:
        out.append(TimelineEntry(_day(d["created_at"]), "deal", d))
        for h in d["history"]:
            if h["from_stage"] is not None:
                out.append(TimelineEntry(_day(h["changed_at"]), "stage", {**h, "deal_title": d["title"]}))
    for attr, kind, when in _DATED:
        out += (TimelineEntry(_day(row[when]), kind, row) for row in getattr(cf, attr))
    order = {k: i for i, k in enumerate(
        ("created", "deal", "stage", "visit", "trade", "receivable", "attempt", "promise", "payment", "note", "merge"))}
    out.sort(key=lambda e: (e.day or date.min, order[e.kind]))
    return out


def contact_row(contact_id: str) -> dict:
    row = Contact.select().where(Contact.id == contact_id).dicts().first()
    if row is None:
        raise UserError("customer.no_such_contact")
    return row


def customer_row(customer_id: str) -> dict:
    """One customer's columns (for the edit form), with its rep's name."""
    row = Customer.select().where((Customer.id == customer_id) & Customer.deleted_at.is_null()).dicts().first()
    if row is None:
        raise UserError("customer.no_such_archived_or_merged")
    row["rep_name"] = Rep.get_by_id(row["rep"]).name if row["rep"] else ""
    return row
