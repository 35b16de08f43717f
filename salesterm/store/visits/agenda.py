"""Today's agenda (今日安排), in the order a rep works through it: planned visits by slot (A
customers first in the morning), revisits (回访) due, promises falling due, customers best
collected today (payday; never in the morning for 上午不收款), and what is overdue, carried
forward from earlier days."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from peewee import fn

from salesterm import clock
from salesterm.domain import cadence
from salesterm.domain import collection as collection_rules
from salesterm.store import reps
from salesterm.store.ledger import responsible
from salesterm.store.models import CollectionState, Customer, Promise, Receivable, Visit
from salesterm.store.transactions import write_transaction
from salesterm.store.visits import plan_visit

SECTIONS = ("am", "pm", "revisit", "promise", "collect", "carried")

# what an agenda row shows of its customer (a whole customer row is wide: its search keys...)
_CUSTOMER = (Customer.id, Customer.name, Customer.grade, Customer.city, Customer.deleted_at)
_GRADE_ORDER = {"A": 0, "B": 1, "C": 2, "D": 3}


@dataclass
class AgendaItem:
    section: str  # am | pm | revisit | promise | collect | carried
    kind: str  # visit | revisit | promise | collect
    customer_id: str
    customer: str
    grade: str | None
    city: str
    day: date  # the visit's, revisit's or promise's date
    visit_id: str | None = None
    status: str = "planned"
    slot: str = ""
    amount: int = 0
    purpose: list[str] = field(default_factory=list)
    detail: str = ""  # the reason, the note, the best time


def _visit_item(v: Visit, section: str) -> AgendaItem:
    c = v.customer
    purpose = json.loads(v.sales_objectives) + json.loads(v.admin_objectives)
    return AgendaItem(section, "visit", c.id, c.name, c.grade, c.city, v.planned_date, v.id,
                      v.status, v.slot, 0, purpose, (v.notes or v.reason) if v.status == "done" else v.reason)


def _latest_visit_days(customer_ids) -> dict[str, date]:
    """Each customer's latest planned or done visit day: one grouped query per 500 customers
    (not one query per visit)."""
    ids = sorted(set(customer_ids))
    latest: dict[str, date] = {}
    for i in range(0, len(ids), 500):
        query = (Visit.live(Visit.customer, fn.MAX(Visit.planned_date))
                 .where(Visit.customer.in_(ids[i:i + 500]) & Visit.status.in_(["planned", "done"]))
                 .group_by(Visit.customer).tuples())
        for customer_id, day in query:
            latest[customer_id] = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
    return latest


def _superseded(customer_id: str, planned: date, latest: dict[str, date]) -> bool:
    """A later visit of the same customer (planned or done) replaces an earlier one not done."""
    day = latest.get(customer_id)
    return day is not None and day > planned


def _visits(rep_id, today: date, part: str = "all") -> tuple[list[AgendaItem], list[AgendaItem]]:
    # the archived customers' visits are left out below, not in SQL: with that condition SQLite
    # reads every customer to find the few visits (a tenth of a second at 100k)
    todays = (Visit.planned_date == today) & Visit.status.in_(["planned", "done"])
    earlier = (Visit.planned_date < today) & (Visit.status == "planned")
    wanted = {"today": todays, "carried": earlier}.get(part, todays | earlier)
    query = (Visit.select(Visit, *_CUSTOMER).join(Customer, on=(Visit.customer == Customer.id))
             .where(Visit.deleted_at.is_null() & wanted))
    if rep_id:
        query = query.where(Visit.rep == rep_id)
    todays, carried = [], []
    rows = [v for v in query if v.customer.deleted_at is None]
    latest = _latest_visit_days(v.customer_id for v in rows if v.planned_date != today)
    for v in rows:
        if v.planned_date == today:
            todays.append(_visit_item(v, "am" if v.slot == "am" else "pm"))
        elif v.status == "planned" and not _superseded(v.customer_id, v.planned_date, latest):
            carried.append(_visit_item(v, "carried"))
    todays.sort(key=lambda i: (i.section != "am", _GRADE_ORDER.get(cadence.grade_of(i.grade), 4),
                               i.city, i.customer))
    carried.sort(key=lambda i: (i.day, i.customer))
    return todays, carried


def _revisits(rep_id, today: date, part: str = "all") -> list[AgendaItem]:
    # plain tuples of the columns shown: hundreds of rows at 100k, and a model per row cost more
    # than the query
    query = (Visit.select(Visit.id, Visit.customer, Visit.planned_date, Visit.revisit_date, Visit.notes,
                          Customer.name, Customer.grade, Customer.city)
             .join(Customer, on=(Visit.customer == Customer.id))
             .where(Visit.deleted_at.is_null() & Customer.deleted_at.is_null()
                    & (Visit.status == "done") & Visit.revisit_date.is_null(False)
                    & {"today": Visit.revisit_date == today,
                       "carried": Visit.revisit_date < today}.get(part, Visit.revisit_date <= today)))
    if rep_id:
        query = query.where(Visit.rep == rep_id)
    done = list(query.tuples())
    latest = _latest_visit_days(row[1] for row in done)
    out = []
    for visit_id, customer_id, planned, revisit, notes, name, grade, city in done:
        # a visit on or after the revisit day is the revisit (planned: it shows as a visit; done);
        # one before it (the visit that was already planned when the revisit was asked) is not.
        # Both are lower bounds: the customer's latest visit meets them when any visit does
        day = latest.get(customer_id)
        if day is not None and day > planned and day >= revisit:
            continue
        section = "revisit" if revisit == today else "carried"
        out.append(AgendaItem(section, "revisit", customer_id, name, grade, city, revisit,
                              visit_id, "due", "", 0, ["revisit"], notes))
    out.sort(key=lambda i: (i.day, i.customer))
    return out


def _promises(rep_id, today: date, part: str = "all", limit: int | None = None) -> list[AgendaItem]:
    query = (Promise.select(Promise.promised_date, Promise.amount, Promise.note,
                            Customer.id, Customer.name, Customer.grade, Customer.city)
             .join(Customer, on=(Promise.customer == Customer.id))
             .where(Promise.deleted_at.is_null() & Customer.deleted_at.is_null()
                    & (Promise.status == "open")
                    & {"today": Promise.promised_date == today,
                       "carried": Promise.promised_date < today}.get(part, Promise.promised_date <= today)))
    if rep_id:
        # the rep who took it, and the rep a manager made responsible for the money since
        owner = fn.COALESCE(CollectionState.responsible_rep, Promise.rep, Customer.rep)
        query = responsible.with_state(query).where((Promise.rep == rep_id) | (owner == rep_id))
    query = query.order_by(Promise.promised_date, Promise.amount.desc())
    if limit is not None:
        query = query.limit(limit)
    out = []
    for day, amount, note, cid, name, grade, city in query.tuples():
        section = "promise" if day == today else "carried"
        out.append(AgendaItem(section, "promise", cid, name, grade, city, day,
                              None, "open", "", amount, ["collect"], note))
    return out


def _best_to_collect(rep_id, today: date, skip: set[str]) -> list[AgendaItem]:
    """Customers with money open whose payday is today (the no-morning rule sets the slot)."""
    days_in_month = collection_rules.payday_params(today)[1]
    # a payday of the 31st falls on the 30th in a 30-day month: on the month's last day,
    # every later payday is today too
    payday = (Customer.payday >= today.day) if today.day == days_in_month else (Customer.payday == today.day)
    # the ids first, from the narrow customer_collect index (reading every customer's row to
    # find a day's paydays took most of a second at 100k), then the few rows themselves
    ids = [cid for (cid,) in Customer.live(Customer.id).where(payday).tuples()]
    out = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        open_by: dict[str, int] = {}
        for r in Receivable.live().where(Receivable.customer.in_(chunk)):
            left = r.amount - r.paid - r.written_off
            if left > 0:
                open_by[r.customer_id] = open_by.get(r.customer_id, 0) + left
        owing = [cid for cid in open_by if cid not in skip]
        if not owing:
            continue
        query = Customer.live().where(Customer.id.in_(owing) & Customer.merged_into.is_null())
        if rep_id:
            query = responsible.with_state(query).where(responsible.expression() == rep_id)
        for c in query:
            best = collection_rules.best_time(today, c.payday, c.no_morning_collection)
            if best.day != today:
                continue
            out.append(AgendaItem("collect", "collect", c.id, c.name, c.grade, c.city, today, None,
                                  "due", "pm" if best.afternoon_only else "", open_by[c.id], ["collect"],
                                  best.text(today)))
    out.sort(key=lambda i: (-i.amount, i.customer))
    return out


def agenda(*, day: date | None = None, rep: str | None = None) -> list[AgendaItem]:
    """The day's agenda in order; REP limits it to one rep's (None: everyone's)."""
    today = day or clock.today()
    with write_transaction():
        rep_id = reps.rep_id(rep)
        visits, carried_visits = _visits(rep_id, today)
        revisits = _revisits(rep_id, today)
        promises = _promises(rep_id, today)
        planned_today = {i.customer_id for i in visits}
        collect = _best_to_collect(rep_id, today, planned_today)
    items = [*visits,
             *[i for i in revisits if i.section == "revisit"],
             *[i for i in promises if i.section == "promise"],
             *collect,
             *carried_visits,
             *[i for i in revisits if i.section == "carried"],
             *[i for i in promises if i.section == "carried"]]
    return items


def agenda_start(*, day: date | None = None, rep: str | None = None,
                 rows: int) -> tuple[list[AgendaItem], bool]:
    """The first ROWS rows of the day's agenda (more when the day has more planned visits and
    revisits due: all of those are in), and whether that is the whole agenda: what a screen shows
    before the rest is read. Once ROWS rows are found nothing further is read (at 100k for every
    rep, the 1,111 promises due today and the 591 rows carried forward are most of the read)."""
    today = day or clock.today()
    with write_transaction():
        rep_id = reps.rep_id(rep)
        visits, _none = _visits(rep_id, today, "today")
        items = [*visits, *_revisits(rep_id, today, "today")]
        whole = max(rows, len(items))  # the day's visits and revisits are never cut
        then = (lambda room: _promises(rep_id, today, "today", limit=room),
                lambda room: _best_to_collect(rep_id, today, {i.customer_id for i in visits}),
                lambda room: _visits(rep_id, today, "carried")[1],
                lambda room: _revisits(rep_id, today, "carried"),
                lambda room: _promises(rep_id, today, "carried", limit=room))
        for read in then:  # one row more than shown, if there is one: it says the rest is not read
            if len(items) > rows:
                return items[:whole], False
            items += read(rows + 1 - len(items))
    return items[:whole], len(items) <= whole


def start_visit_now(customer_id: str, *, purpose: list[str] | None = None, rep: str | None = None,
                    reason: str = "") -> str:
    """A visit for today, to log at once (a revisit, a promise, a walk-in): returns its id.
    An already planned visit today for the customer is reused."""
    today = clock.today()
    existing = Visit.live().where((Visit.customer == customer_id) & (Visit.planned_date == today)
                                  & (Visit.status == "planned")).first()
    if existing is not None:
        return existing.id
    purpose = purpose or []
    admin = [p for p in purpose if p in ("collect", "complaint", "inquiry", "policy")]
    sales = [p for p in purpose if p in ("more_volume", "more_varieties", "first_order")]
    slot = "am" if clock.now().hour < 12 else "pm"
    visit = plan_visit(customer_id, day=today, slot=slot, sales_objectives=sales,
                       admin_objectives=admin, reason=reason, rep=rep)
    return visit.id
