"""The figures of the weekly work report (个人工作周报), read from the ledger.

Week = Monday..Sunday holding the given day. Every row counts for the rep written on it,
else the customer's rep; money still open (overdue) and unattributed payments and promises
count for the rep responsible for the customer's money (store/ledger/responsible).
Money is exact to the fen: collected = the sum of the week's
payments, reversals (negative) included; open = amount - paid - written_off.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from peewee import JOIN, fn

from salesterm import clock
from salesterm.domain import notes_rules, order_rules, stages, weekly
from salesterm.domain.collection import METHODS as _METHODS  # payment method labels
from salesterm.domain.dates import monday_of
from salesterm.store.io.tabular_write import write_whole
from salesterm.store.ledger import responsible
from salesterm.store.models import (
    Customer,
    Deal,
    DealStageChange,
    Note,
    Payment,
    Promise,
    Receivable,
    Rep,
    SalesOrder,
    Visit,
)
from salesterm.store.reports.weekly_notes import notes_of_week
from salesterm.store.reps import find_rep

DAY = _dt.timedelta(days=1)


def _label(pair_zh: str, pair_en: str, lang: str) -> str:
    return pair_zh if lang == "zh" else pair_en


def _rep_ids(rep: str | None) -> list[str] | None:
    if not rep:
        return None
    return [find_rep(rep).id]


def _scoped(q, owner, rep_ids):
    return q.where(owner.in_(rep_ids)) if rep_ids is not None else q


def _date(value) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


def weekly_data(week: _dt.date | None = None, *, rep: str | None = None, lang: str = "zh") -> weekly.WeeklyData:
    start = monday_of(week or clock.today())
    end = start + 6 * DAY
    today = clock.today()
    as_of = min(end, today) if start <= today else end
    rep_ids = _rep_ids(rep)
    names = {r.id: r.name for r in Rep.select(Rep.id, Rep.name)}
    who = lambda rid: names.get(rid, "")  # noqa: E731
    data = weekly.WeeklyData(week_start=start, rep=" ".join(rep.split()) if rep else None, as_of=as_of)

    owner = fn.COALESCE(Visit.rep, Customer.rep)
    q = (Visit.select(Visit, Customer.name.alias("cname"), Customer.grade.alias("cgrade"), owner.alias("owner"))
         .join(Customer, on=(Visit.customer == Customer.id))
         .where(Visit.deleted_at.is_null() & (Visit.planned_date >= start) & (Visit.planned_date <= end + 7 * DAY)))
    for v in _scoped(q, owner, rep_ids).order_by(Visit.planned_date, Visit.slot, Customer.name).objects():
        line = weekly.VisitLine(v.planned_date, v.cname, v.status, v.slot, v.cgrade or "",
                                v.outcome or v.notes if v.planned_date <= end else v.reason, who(v.owner))
        if v.planned_date <= end:
            data.visits.append(line)
        elif v.status == "planned":
            data.next_week.append(line)

    q = (Customer.select(Customer.name, Customer.rep).where(
        Customer.deleted_at.is_null() & Customer.merged_into.is_null()
        & (Customer.created_at >= _dt.datetime.combine(start, _dt.time()))
        & (Customer.created_at < _dt.datetime.combine(end + DAY, _dt.time()))))
    new_customers = list(_scoped(q, Customer.rep, rep_ids).order_by(Customer.created_at, Customer.name))
    data.new_customers = [c.name for c in new_customers]

    owner = fn.COALESCE(DealStageChange.rep, Deal.rep, Customer.rep)
    q = (DealStageChange.select(DealStageChange, Deal.title.alias("dtitle"), Deal.template.alias("dtemplate"),
                                Customer.name.alias("cname"), owner.alias("owner"))
         .join(Deal, on=(DealStageChange.deal == Deal.id)).join(Customer, on=(Deal.customer == Customer.id))
         .where(DealStageChange.deleted_at.is_null() & Deal.deleted_at.is_null()
                & (DealStageChange.changed_at >= _dt.datetime.combine(start, _dt.time()))
                & (DealStageChange.changed_at < _dt.datetime.combine(end + DAY, _dt.time()))))
    for d in _scoped(q, owner, rep_ids).order_by(DealStageChange.changed_at).objects():
        data.deal_moves.append(weekly.DealMove(_date(d.changed_at), d.cname, d.dtitle,
                                               _stage(d.dtemplate, d.from_stage, lang),
                                               _stage(d.dtemplate, d.to_stage, lang), who(d.owner)))

    data.orders = _orders(start, end, rep_ids, who, lang)

    owner = fn.COALESCE(Payment.rep, responsible.expression())
    q = (responsible.with_state(Payment.select(Payment, Customer.name.alias("cname"), owner.alias("owner"))
                                .join(Customer, on=(Payment.customer == Customer.id)))
         .where(Payment.deleted_at.is_null() & (Payment.day >= start) & (Payment.day <= end)))
    for p in _scoped(q, owner, rep_ids).order_by(Payment.day, Payment.created_at).objects():
        method = _METHODS.get(p.method)
        method = _label(*method, lang) if method else p.method
        detail = " ".join(x for x in (method, p.number or "",
                                      _label("冲销", "reversal", lang) if p.reverses_id else "", p.note) if x)
        data.payments.append(weekly.MoneyLine(p.day, p.cname, p.amount, detail, who(p.owner)))

    owner = responsible.expression()
    open_amt = Receivable.amount - Receivable.paid - Receivable.written_off
    q = (responsible.with_state(Receivable.select(Receivable, Customer.name.alias("cname"), owner.alias("owner"))
                                .join(Customer, on=(Receivable.customer == Customer.id)))
         .where(Receivable.deleted_at.is_null() & (open_amt > 0) & (Receivable.due < as_of)))
    for r in _scoped(q, owner, rep_ids).order_by(Receivable.due, Receivable.number).objects():
        data.overdue.append(weekly.OverdueLine(r.cname, r.number, r.due, (as_of - r.due).days,
                                               r.amount - r.paid - r.written_off, who(r.owner)))

    owner = fn.COALESCE(Promise.rep, responsible.expression())
    base = (responsible.with_state(Promise.select(Promise, Customer.name.alias("cname"), owner.alias("owner"))
                                   .join(Customer, on=(Promise.customer == Customer.id)))
            .where(Promise.deleted_at.is_null()))
    for p in _scoped(base.where((Promise.made_on >= start) & (Promise.made_on <= end)), owner, rep_ids) \
            .order_by(Promise.made_on, Promise.created_at).objects():
        data.promises_made.append(_promise(p, who))
    broken_day = fn.COALESCE(Promise.resolved_on, Promise.promised_date)
    q = base.where((Promise.status == "broken") & (broken_day >= start) & (broken_day <= end))
    for p in _scoped(q, owner, rep_ids).order_by(Promise.promised_date).objects():
        data.promises_broken.append(_promise(p, who))
    # open promises whose date passed this week unpaid are broken, even before the queue marks them
    q = base.where((Promise.status == "open") & (Promise.promised_date >= start)
                   & (Promise.promised_date <= end) & (Promise.promised_date < today))
    for p in _scoped(q, owner, rep_ids).order_by(Promise.promised_date).objects():
        if _paid_between(p.customer_id, p.made_on, p.promised_date) < p.amount:
            data.promises_broken.append(_promise(p, who, "broken"))

    owner = fn.COALESCE(Note.rep, Customer.rep)
    q = (Note.select(Note, Customer.name.alias("cname"), owner.alias("owner"))
         .join(Customer, JOIN.LEFT_OUTER, on=(Note.customer == Customer.id))
         .where(Note.deleted_at.is_null() & (Note.written_on >= start) & (Note.written_on <= end)))
    for n in _scoped(q, owner, rep_ids).order_by(Note.written_on, Note.created_at).objects():
        kind = notes_rules.kind_of(n.kind) if n.kind in notes_rules.KIND_KEYS else None
        status = notes_rules.status_of(n.status) if n.status in notes_rules.STATUS_KEYS else None
        data.notes.append(weekly.NoteLine(
            n.written_on, _label(kind.zh, kind.en, lang) if kind else n.kind, n.title,
            _label(status.zh, status.en, lang) if status else n.status, n.cname or "", who(n.owner)))

    data.written = notes_of_week(start, rep_ids)
    if rep is None:
        data.team = _team(data, names, new_customers)
    return data


def _orders(start: _dt.date, end: _dt.date, rep_ids, who, lang: str) -> list[weekly.OrderLine]:
    """The week's sales orders (by order day), each for the rep on it else the customer's, by rep then day."""
    owner = fn.COALESCE(SalesOrder.rep, Customer.rep)
    q = (SalesOrder.select(SalesOrder, Customer.name.alias("cname"), owner.alias("owner"))
         .join(Customer, on=(SalesOrder.customer == Customer.id))
         .where(SalesOrder.deleted_at.is_null() & (SalesOrder.day >= start) & (SalesOrder.day <= end)))
    out = []
    for o in _scoped(q, owner, rep_ids).order_by(SalesOrder.day, SalesOrder.number).objects():
        out.append(weekly.OrderLine(o.day, o.number, o.cname, o.total, order_rules.status_label(o.status).text(lang),
                                    who(o.owner), o.status == order_rules.CANCELLED))
    return sorted(out, key=lambda o: (o.rep, o.day, o.number))


def _paid_between(customer_id: str, start: _dt.date, end: _dt.date) -> int:
    value = Payment.live(fn.COALESCE(fn.SUM(Payment.amount), 0)).where(
        (Payment.customer == customer_id) & (Payment.day >= start) & (Payment.day <= end)).scalar()
    return int(value or 0)


def _promise(p, who, status: str | None = None) -> weekly.PromiseLine:
    return weekly.PromiseLine(p.cname, p.made_on, p.promised_date, p.amount, status or p.status, who(p.owner))


def _stage(template: str, key: str | None, lang: str) -> str:
    if not key:
        return _label("新建", "new", lang)
    return stages.stage_label(template, key, lang)


def _team(data: weekly.WeeklyData, names: dict[str, str], new_customers) -> list[weekly.TeamRow]:
    rows: dict[str, weekly.TeamRow] = {}

    def row(name: str) -> weekly.TeamRow:
        name = name or "-"
        if name not in rows:
            rows[name] = weekly.TeamRow(name)
        return rows[name]

    for r in Rep.live().where(Rep.role != "manager"):
        row(r.name)
    for v in data.visits:
        if v.status != "cancelled":
            row(v.rep).visits_planned += 1
        if v.status == "done":
            row(v.rep).visits_done += 1
    for c in new_customers:
        row(names.get(c.rep_id, "")).new_customers += 1
    for d in data.deal_moves:
        row(d.rep).deals_moved += 1
    for p in data.payments:
        row(p.rep).collected += p.amount
    for o in data.overdue:
        row(o.rep).overdue += o.open_amount
    for p in data.promises_made:
        row(p.rep).promises_made += 1
    for p in data.promises_broken:
        row(p.rep).promises_broken += 1
    for n in data.notes:
        row(n.rep).notes += 1
    return sorted(rows.values(), key=lambda r: (r.rep == "-", -r.collected, r.rep))


def weekly_markdown(week: _dt.date | None = None, *, rep: str | None = None, lang: str = "zh") -> str:
    return weekly.render(weekly_data(week, rep=rep, lang=lang), lang)


def save_markdown(path, text: str):
    """Write the report to PATH completely or not at all; returns the full path written."""
    dest = Path(path).expanduser()
    write_whole(dest, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return dest.resolve()
