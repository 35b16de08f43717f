"""Visits: plan (date, slot, objectives, reason, proposal, script, materials), move, cancel, and
log what happened (stage reached, order taken, money collected, promise made, complaint
handled, notes, the next revisit date)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from salesterm import clock
from salesterm.domain import stages, visit_rules
from salesterm.domain.dates import parse_date_or_none
from salesterm.domain.errors import Message, UserError
from salesterm.domain.money import check_amount, parse_money
from salesterm.store import reps
from salesterm.store.models import (
    Customer,
    Deal,
    Script,
    TradeLine,
    Visit,
)
from salesterm.store.transactions import write_transaction

# search, stats, customers, the ledger and sales are imported where they are used: Today's agenda
# (store/visits/agenda, read while the app starts) needs none of them, and they cost it 25 ms


def refresh_customer_stats(customer_ids) -> None:
    from salesterm.store import stats
    stats.refresh_stats(list(customer_ids))


def _day(value) -> date:
    if isinstance(value, date):
        return value
    day = parse_date_or_none(value)
    if day is None:
        raise UserError("visits.needs_date")
    return day


def _fen(value) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise UserError("visits.amounts_must_not_negative")
        return check_amount(value)
    return parse_money(str(value))


def get_visit(visit_id: str) -> Visit:
    visit = Visit.live().where(Visit.id == visit_id).first()
    if visit is None:
        raise UserError("visits.no_such_may_have_been")
    return visit


def last_done_visit(customer_id: str, *, before: str | None = None) -> Visit | None:
    query = Visit.live().where((Visit.customer == customer_id) & (Visit.status == "done"))
    if before:
        query = query.where(Visit.id != before)
    return query.order_by(Visit.planned_date.desc(), Visit.done_at.desc()).first()


def last_reason(customer_id: str, *, exclude: str | None = None) -> str:
    query = Visit.live().where((Visit.customer == customer_id) & (Visit.status != "cancelled")
                               & (Visit.reason != ""))
    if exclude:
        query = query.where(Visit.id != exclude)
    last = query.order_by(Visit.planned_date.desc(), Visit.created_at.desc()).first()
    return last.reason if last else ""


def _fields(*, day, slot, sales_objectives, admin_objectives, reason, proposal, script_id,
            materials) -> dict:
    if script_id and not Script.live().where(Script.id == script_id).exists():
        raise UserError("visits.chosen_pitch_script_no_longer")
    return {
        "planned_date": _day(day),
        "slot": visit_rules.clean_slot(slot),
        "sales_objectives": json.dumps(visit_rules.clean_sales(sales_objectives)),
        "admin_objectives": json.dumps(visit_rules.clean_admin(admin_objectives)),
        "reason": (reason or "").strip(),
        "proposal": (proposal or "").strip(),
        "script": script_id or None,
        "materials": json.dumps(visit_rules.clean_materials(materials)),
    }


def planned_slots(customer_id: str, day) -> list[str]:
    """The slots of the customer's visits already planned on DAY (a second one is usually a slip)."""
    return [slot for (slot,) in Visit.live(Visit.slot).where(
        (Visit.customer == customer_id) & (Visit.planned_date == _day(day)) & (Visit.status == "planned"))
        .tuples()]


def plan_visit(customer_id: str, *, day, slot: str = "am", deal_id: str | None = None,
               sales_objectives=(), admin_objectives=(), reason: str = "", proposal: str = "",
               script_id: str | None = None, materials=(), pinned: bool = True,
               rep: str | None = None) -> Visit:
    """Plan a visit. Placed by hand, it is pinned: the week planner keeps it where it is."""
    from salesterm.store.customers import get_customer
    customer = get_customer(customer_id)
    cols = _fields(day=day, slot=slot, sales_objectives=sales_objectives,
                   admin_objectives=admin_objectives, reason=reason, proposal=proposal,
                   script_id=script_id, materials=materials)
    if deal_id and not Deal.live().where((Deal.id == deal_id) & (Deal.customer == customer.id)).exists():
        raise UserError("visits.deal_does_not_belong_customer")
    with write_transaction():
        visit = Visit.create(customer=customer.id,
                             rep=reps.rep_id(rep, default=customer.rep_id, create=True),
                             deal=deal_id or None, pinned=pinned, status="planned", **cols)
    refresh_customer_stats([customer.id])
    return visit


def update_visit(visit_id: str, *, day, slot: str = "am", sales_objectives=(), admin_objectives=(),
                 reason: str = "", proposal: str = "", script_id: str | None = None,
                 materials=()) -> Visit:
    visit = get_visit(visit_id)
    cols = _fields(day=day, slot=slot, sales_objectives=sales_objectives,
                   admin_objectives=admin_objectives, reason=reason, proposal=proposal,
                   script_id=script_id, materials=materials)
    for k, v in cols.items():
        setattr(visit, k, v)
    if visit.status == "missed":
        visit.status = "planned"
    visit.pinned = True
    visit.save()
    refresh_customer_stats([visit.customer_id])
    return visit


def move_visit(visit_id: str, day, slot: str | None = None) -> Visit:
    """Move a planned visit by hand: it becomes pinned, so the planner respects it."""
    visit = get_visit(visit_id)
    if visit.status == "done":
        raise UserError("visits.already_logged_plan_new_one")
    day = _day(day)
    if day < clock.today():
        raise UserError("visits.cannot_moved_into_past_day", day=day)
    visit.planned_date = day
    if slot:
        visit.slot = visit_rules.clean_slot(slot)
    visit.pinned = True
    visit.status = "planned"
    visit.save()
    refresh_customer_stats([visit.customer_id])
    return visit


def restore_visit(visit_id: str) -> Visit:
    """Undo a cancellation: the visit is planned again where it was."""
    visit = get_visit(visit_id)
    if visit.status != "cancelled":
        raise UserError("visits.only_cancelled_can_restored")
    visit.status = "planned"
    visit.save()
    refresh_customer_stats([visit.customer_id])
    return visit


def cancel_visit(visit_id: str) -> Visit:
    visit = get_visit(visit_id)
    if visit.status == "done":
        raise UserError("visits.already_logged_cannot_cancelled")
    visit.status = "cancelled"
    visit.save()
    refresh_customer_stats([visit.customer_id])
    return visit


@dataclass
class LogResult:
    visit: Visit
    payment_id: str | None = None
    promise_id: str | None = None
    trade_line_id: str | None = None
    trade_line_ids: list[str] = field(default_factory=list)
    deal_id: str | None = None
    deal_stage: str | None = None
    warnings: list[str] = field(default_factory=list)
    revisit_date: date | None = None  # where the revisit went
    revisit_asked: date | None = None  # the day asked, when it was taken and the revisit moved
    notice: Message | None = None  # what to tell the user (the revisit moved)


REVISIT_SEARCH_DAYS = 60  # how far from the asked day a free day is looked for


def _taken_days(customer_id: str, visit_id: str, first: date, last: date) -> set[date]:
    """The days between FIRST and LAST on which another visit to the customer is already planned."""
    return {d for (d,) in Visit.live(Visit.planned_date).where(
        (Visit.customer == customer_id) & (Visit.id != visit_id) & (Visit.status == "planned")
        & (Visit.planned_date >= first) & (Visit.planned_date <= last)).tuples()}


def place_revisit(customer_id: str, visit_id: str, asked: date, today: date) -> date:
    """The day a revisit asked for ASKED goes on: that day, unless another visit to the customer
    is already planned then; else the nearest free working day after today (visit_rules.nearest_free_day)."""
    taken = _taken_days(customer_id, visit_id, asked - timedelta(days=REVISIT_SEARCH_DAYS),
                        asked + timedelta(days=REVISIT_SEARCH_DAYS))
    return visit_rules.nearest_free_day(asked, taken, after=today, reach=REVISIT_SEARCH_DAYS)


def log_visit(visit_id: str, *, stage_reached: str | None = None, order_amount=0,
              order_product: str = "", collected=0, payment_method: str = "",
              promise_date=None, promise_amount=0, complaint_handled: bool = False,
              notes: str = "", revisit_date=None, outcome: str = "",
              confirm_override: bool = False, day: date | None = None,
              script_reaction: str = "", script_note: str = "",
              order_quantity: int | None = None) -> LogResult:
    """Log a visit as done, in one transaction: the order becomes sales on the customer's
    purchase log (one line per product, ``金龙鱼5L×40``; ORDER_QUANTITY for a single product
    typed without one) and, taken at the close stage or after, wins the customer's deal (签约);
    the money a payment (allocated oldest first), the promise a promise."""
    from salesterm.store.ledger import promises, receivables
    from salesterm.store.sales import orders
    from salesterm.store.sales.deals import move_deal

    order = _fen(order_amount)
    money = _fen(collected)
    promised = _fen(promise_amount)
    when = _day(promise_date) if promise_date else None
    if promised and when is None:
        raise UserError("visits.promise_needs_date_customer_promised")
    if when is not None and not promised:
        raise UserError("visits.promise_needs_amount_customer_promised")
    revisit = _day(revisit_date) if revisit_date else None
    today = day or clock.today()
    if revisit is not None and revisit <= today:
        raise UserError("visits.next_revisit_date_must_after")
    if when is not None and when < today:
        raise UserError("visits.promised_payment_date_cannot_past")
    result = None
    with write_transaction():
        visit = get_visit(visit_id)
        if visit.status == "done":
            raise UserError("visits.already_logged")
        if visit.status == "cancelled":
            raise UserError("visits.was_cancelled_plan_new_one")
        rep_name = visit.rep.name if visit.rep_id else None
        result = LogResult(visit)
        if stage_reached:
            deal = Deal.live().where(Deal.id == visit.deal_id).first() if visit.deal_id else None
            template = stages.get_template(deal.template if deal else "handbook")
            if not template.is_known(stage_reached) or stage_reached == stages.LOST:
                raise UserError("stages.unknown_key", key=stage_reached)
            if deal is not None and deal.stage != stage_reached and deal.status == "open" and \
                    template.index(stage_reached) > template.index(deal.stage):
                move_deal(deal.id, stage_reached, confirm_override=confirm_override,
                          note="visit")
                result.deal_stage = stage_reached
        if order:
            lines, items = orders.write_lines(visit.customer_id, visit.rep_id, today, order_product, order,
                                              order_quantity)
            result.trade_line_ids = [line.id for line in lines]
            result.trade_line_id = lines[0].id
            if stage_reached and orders.closes(template.key, stage_reached):
                won = orders.win_deal(visit.customer_id, visit.deal_id, order, items, rep=rep_name,
                                      confirm_override=confirm_override)
                result.deal_id, result.deal_stage = won.id, won.stage
                visit.deal = visit.deal_id or won.id
        if money:
            payment = receivables.record_payment(
                visit.customer_id, amount=money, day=today, method=payment_method or "",
                rep=rep_name, note="visit", visit_id=visit.id)
            result.payment_id = payment.id
        if promised:
            promise = promises.make_promise(visit.customer_id, promised_date=when,
                                            amount=promised, rep=rep_name, note="visit")
            result.promise_id = promise.id
        visit.status = "done"
        visit.done_at = clock.now()
        visit.stage_reached = stage_reached or None
        visit.order_amount = order
        visit.complaint_handled = bool(complaint_handled)
        visit.notes = (notes or "").strip()
        visit.outcome = (outcome or "").strip()
        if revisit is not None:
            placed = place_revisit(visit.customer_id, visit.id, revisit, today)
            result.revisit_date = placed
            if placed != revisit:
                result.revisit_asked = revisit
                result.notice = Message("visits.revisit_moved", day=placed.strftime("%m-%d"),
                                        asked=revisit.strftime("%m-%d"))
            revisit = placed
        visit.revisit_date = revisit
        visit.save()
        if visit.script_id:
            _log_script_use(visit, today, script_reaction, script_note)
    refresh_customer_stats([visit.customer_id])
    return result


def _log_script_use(visit: Visit, today: date, reaction: str, note: str) -> None:
    """The pitch script used in the visit, with the customer's reaction (the script library's use log)."""
    from salesterm.store.sales import scripts
    scripts.log_use(visit.script_id, reaction=reaction, note=note, visit_id=visit.id, day=today)


@dataclass(frozen=True)
class ScriptChoice:
    id: str
    title: str
    category: str
    version: int
    body: str


def script_choices() -> list[ScriptChoice]:
    """The pitch scripts (规范说法) to choose from, newest revision's text included."""
    from salesterm.store.sales import scripts
    return [ScriptChoice(s.id, s.title, s.category, s.version, scripts.current_text(s.id))
            for s in scripts.list_scripts()]


@dataclass
class VisitForm:
    """Everything the plan-a-visit form shows before the rep types."""

    customer_id: str
    customer: str
    grade: str | None
    deal_id: str | None
    deal_title: str
    day: date
    slot: str
    sales: list[str]
    admin: list[str]
    reason: str
    proposal: str
    script_id: str | None
    materials: list[str]
    last_reason: str
    overdue: int
    balance: int
    scripts: list[ScriptChoice]
    visit_id: str | None = None


def _overdue_of(customer_id: str) -> tuple[int, int]:
    """(open balance, overdue) of a customer."""
    from salesterm.store.ledger import receivables
    return receivables.open_balance(customer_id), receivables.overdue_balance(customer_id)


def form_defaults(*, customer_id: str | None = None, deal_id: str | None = None,
                  visit_id: str | None = None, day: date | None = None) -> VisitForm:
    from salesterm.store.customers import get_customer
    if visit_id:
        v = get_visit(visit_id)
        customer = Customer.get_by_id(v.customer_id)
        balance, overdue = _overdue_of(customer.id)
        deal = Deal.get_or_none(Deal.id == v.deal_id) if v.deal_id else None
        return VisitForm(customer.id, customer.name, customer.grade, v.deal_id,
                         deal.title if deal else "", v.planned_date, v.slot,
                         json.loads(v.sales_objectives), json.loads(v.admin_objectives), v.reason,
                         v.proposal, v.script_id, json.loads(v.materials),
                         last_reason(customer.id, exclude=v.id), overdue, balance,
                         script_choices(), visit_id=v.id)
    deal = None
    if deal_id:
        deal = Deal.live().where(Deal.id == deal_id).first()
        if deal is None:
            raise UserError("visits.no_such_deal")
        customer_id = deal.customer_id
    if not customer_id:
        raise UserError("visits.choose_customer")
    customer = get_customer(customer_id)
    balance, overdue = _overdue_of(customer.id)
    has_orders = TradeLine.live().where((TradeLine.customer == customer.id)
                                        & (TradeLine.direction == "sale")).exists()
    sales = ["more_volume"] if has_orders else ["first_order"]
    admin = ["collect"] if overdue > 0 else []
    slot = "am" if (customer.grade or "") == "A" else ("pm" if overdue and customer.no_morning_collection else "am")
    return VisitForm(customer.id, customer.name, customer.grade, deal.id if deal else None,
                     deal.title if deal else "", day or clock.today(), slot, sales, admin, "", "",
                     None, ["cards"], last_reason(customer.id), overdue, balance, script_choices())


@dataclass
class VisitView:
    id: str
    customer_id: str
    customer: str
    grade: str | None
    city: str
    day: date
    slot: str
    status: str
    sales: list[str]
    admin: list[str]
    reason: str
    proposal: str
    materials: list[str]
    script: str
    deal_id: str | None
    deal_stage: str | None
    deal_template: str
    pinned: bool


def visit_view(visit_id: str) -> VisitView:
    v = get_visit(visit_id)
    c = Customer.get_by_id(v.customer_id)
    deal = Deal.get_or_none(Deal.id == v.deal_id) if v.deal_id else None
    script = Script.get_or_none(Script.id == v.script_id) if v.script_id else None
    return VisitView(v.id, c.id, c.name, c.grade, c.city, v.planned_date, v.slot, v.status,
                     json.loads(v.sales_objectives), json.loads(v.admin_objectives), v.reason,
                     v.proposal, json.loads(v.materials), script.title if script else "",
                     v.deal_id, deal.stage if deal else None,
                     deal.template if deal else "handbook", v.pinned)


@dataclass(frozen=True)
class CustomerChoice:
    id: str
    name: str
    city: str
    grade: str | None


def find_customers(text: str, *, limit: int = 8) -> list[CustomerChoice]:
    """Customers matching TEXT (name, pinyin, initials, phone), through the search engine."""
    from salesterm.store import search
    text = (text or "").strip()
    if not text:
        return []
    return [CustomerChoice(h.id, h.name, h.city or "", h.grade)
            for h in search.search(text, limit=limit)]
