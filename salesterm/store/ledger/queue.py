"""The collection queue: one row per customer with money overdue (or with the ladder's
before-due call falling due), most urgent first, each with the reasons of its priority.

The priority is domain.collection.priority written as one SQL expression over the summary in
collection_state (index collection_state_queue), so the first page of 100k customers is one
ordered scan; the reasons of the rows on the page are then explained by the domain function.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from salesterm import clock
from salesterm.domain import collection as rules
from salesterm.domain import followup
from salesterm.domain.dates import parse_date
from salesterm.domain.money import fen_to_json
from salesterm.domain.textkeys import normalise_name
from salesterm.store import reps
from salesterm.store.ledger import promises, responsible
from salesterm.store.models import Rep, database


@dataclass
class QueueRow:
    customer: str
    customer_id: str
    rep: str
    balance: int
    days_overdue: int
    slips: int
    priority: int
    reasons: list[rules.Reason]
    best_time: str
    level: int = 0
    action: str = ""
    handled_level: int = 0
    next_follow_up: _dt.date | None = None
    escalated: bool = False
    rep_id: str | None = None
    overdue: int = 0
    oldest_due: _dt.date | None = None
    city: str = ""
    promise_date: _dt.date | None = None
    promise_amount: int = 0
    note: str = ""
    best: rules.BestTime | None = None
    extra: dict = field(default_factory=dict)

    def reason_texts(self, translate=None) -> list[str]:
        return [r.text(translate) for r in self.reasons]

    def to_json(self) -> dict:
        return {
            "customer": self.customer, "customer_id": self.customer_id, "rep": self.rep,
            "balance": fen_to_json(self.balance), "days_overdue": self.days_overdue,
            "slips": self.slips, "priority": self.priority, "reasons": self.reason_texts(),
            "best_time": self.best_time, "level": self.level, "action": self.action,
            "next_follow_up": self.next_follow_up.isoformat() if self.next_follow_up else None,
            "escalated": self.escalated, "responsible_rep": self.rep,
            "overdue": fen_to_json(self.overdue),
            "oldest_due": self.oldest_due.isoformat() if self.oldest_due else None,
        }


def _days(today_ord: int) -> str:
    return f"({today_ord} - s.oldest_due_day)"


def level_sql(today_ord: int, ladder: Sequence[followup.Step]) -> str:
    d = _days(today_ord)
    return "(" + " + ".join(f"CASE WHEN {d} >= {int(s.days)} THEN 1 ELSE 0 END" for s in ladder) + ")"


def payday_sql(today: _dt.date) -> str:
    dd, dim, dimn = rules.payday_params(today)
    this_p = f"(CASE WHEN c.payday > {dim} THEN {dim} ELSE c.payday END)"
    next_p = f"(CASE WHEN c.payday > {dimn} THEN {dimn} ELSE c.payday END)"
    return (f"(CASE WHEN c.payday IS NULL OR c.payday < 1 OR c.payday > 31 THEN NULL "
            f"WHEN {this_p} >= {dd} THEN {this_p} - {dd} ELSE {next_p} + {dim - dd} END)")


def priority_sql(today: _dt.date, ladder: Sequence[followup.Step]) -> str:
    """domain.collection.priority as SQL (dates and numbers are ours, inlined as literals)."""
    t = today.toordinal()
    d = _days(t)
    iso = f"'{today.isoformat()}'"
    balance = " ".join(f"WHEN s.balance >= {floor} THEN {w}" for floor, w in rules.BALANCE_STEPS)
    return (
        f"(CASE WHEN {d} < 0 THEN 0 WHEN {d} > {rules.DAYS_CAP} THEN {rules.DAYS_CAP} ELSE {d} END"
        f" + {rules.W_SLIP} * (CASE WHEN s.slips > 4 THEN 4 ELSE s.slips END)"
        f" + (CASE WHEN s.escalated THEN {rules.W_ESCALATED} ELSE 0 END)"
        f" + (CASE WHEN c.credit_limit > 0 AND s.balance > c.credit_limit THEN {rules.W_OVER_LIMIT} ELSE 0 END)"
        f" + (CASE WHEN {level_sql(t, ladder)} > s.level OR s.next_follow_up <= {iso}"
        f" THEN {rules.W_FOLLOW_UP} ELSE 0 END)"
        f" + (CASE WHEN s.promise_date = {iso} THEN {rules.W_PROMISE_DUE} ELSE 0 END)"
        f" + (CASE WHEN {payday_sql(today)} <= {rules.PAYDAY_WINDOW} THEN {rules.W_PAYDAY} ELSE 0 END)"
        f" + (CASE {balance} ELSE 0 END))"
    )


def _where(today: _dt.date, ladder, *, rep=None, region=None, level=None, escalated=None,
           customer_ids=None, text=None) -> tuple[str, list]:
    p = database.obj.param
    t = today.toordinal()
    enter = t - followup.first_days(ladder)
    sql = (f"s.balance > 0 AND s.oldest_due_day <= {enter} AND s.deleted_at IS NULL "
           f"AND c.deleted_at IS NULL")
    params: list = []
    rep_id = reps.rep_id(rep)
    if rep_id is not None:
        sql += f" AND {responsible.SQL} = {p}"
        params.append(rep_id)
    if region:
        sql += (f" AND (c.city = {p} OR c.district = {p} OR EXISTS (SELECT 1 FROM rep g WHERE "
                f"g.id = {responsible.SQL} AND g.region = {p}))")
        params += [region] * 3
    if level is not None:
        sql += f" AND {level_sql(t, ladder)} = {int(level)}"
    if escalated is not None:
        sql += " AND s.escalated" if escalated else " AND NOT s.escalated"
    if customer_ids is not None:
        ids = list(customer_ids) or [""]
        sql += f" AND c.id IN ({', '.join([p] * len(ids))})"
        params += ids
    words = " ".join(str(text or "").split())
    if words:
        like = "%" + normalise_name(words).replace("%", "").replace("_", "") + "%"
        plain = "%" + words.lower().replace(" ", "").replace("%", "").replace("_", "") + "%"
        sql += (f" AND (c.name_norm LIKE {p} OR c.py_full LIKE {p} OR c.py_initials LIKE {p}"
                f" OR c.code LIKE {p})")
        params += [like, plain, plain, "%" + words.replace("%", "") + "%"]
    return sql, params


def queue_rows(*, rep=None, limit: int | None = None, offset: int = 0, region: str | None = None,
               level: int | None = None, escalated: bool | None = None,
               ladder: Sequence[followup.Step] = followup.DEFAULT_LADDER,
               today: _dt.date | None = None, resolve: bool = True,
               customer_ids: Sequence[str] | None = None, text: str | None = None) -> list[QueueRow]:
    """The queue, most urgent first (LIMIT/OFFSET page it). Open promises whose date has
    passed are resolved first (kept or broken), so slips are current."""
    today = today or clock.today()
    if resolve:
        promises.resolve(as_of=today)
    db = database.obj
    p = db.param
    where, params = _where(today, ladder, rep=rep, region=region, level=level,
                           escalated=escalated, customer_ids=customer_ids, text=text)
    order = (f"SELECT s.customer_id, {priority_sql(today, ladder)} AS pr "
             f"FROM collection_state s JOIN customer c ON c.id = s.customer_id WHERE {where} "
             f"ORDER BY pr DESC, s.oldest_due_day, s.customer_id")
    if limit is not None:
        order += f" LIMIT {p} OFFSET {p}"
        params += [int(limit), int(offset)]
    ranked = db.execute_sql(order, params).fetchall()
    found = _details([cid for cid, _pr in ranked])
    found = [found[cid] + (pr,) for cid, pr in ranked if cid in found]
    names = _rep_names({f[2] for f in found if f[2]})
    overdue = _overdue({f[0] for f in found}, today)
    return [_row(f, today, ladder, names, overdue) for f in found]


def _details(ids: list[str]) -> dict:
    """The columns a row shows, for the customers of one page (in chunks)."""
    db = database.obj
    p = db.param
    out: dict = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = db.execute_sql(
            f"SELECT c.id, c.name, {responsible.SQL}, s.balance, "
            f"s.oldest_due_day, s.slips, s.escalated, s.last_slip, s.level, s.next_follow_up, "
            f"s.promise_date, s.promise_amount, c.credit_limit, c.payday, "
            f"c.no_morning_collection, c.city, s.note "
            f"FROM collection_state s JOIN customer c ON c.id = s.customer_id "
            f"WHERE c.id IN ({', '.join([p] * len(chunk))})", chunk).fetchall()
        out.update({row[0]: tuple(row) for row in rows})
    return out


def queue_count(*, rep=None, region=None, level=None, escalated=None,
                ladder=followup.DEFAULT_LADDER, today=None, text=None) -> tuple[int, int]:
    """(rows in the queue, their total balance in fen) for the same filters."""
    today = today or clock.today()
    where, params = _where(today, ladder, rep=rep, region=region, level=level, escalated=escalated,
                           text=text)
    n, total = database.obj.execute_sql(
        f"SELECT COUNT(*), COALESCE(SUM(s.balance), 0) FROM collection_state s "
        f"JOIN customer c ON c.id = s.customer_id WHERE {where}", params).fetchone()
    return int(n), int(total)


def _date(v):
    if v is None or isinstance(v, _dt.date):
        return v
    return parse_date(str(v))


def _rep_names(ids: set) -> dict:
    if not ids:
        return {}
    return dict(Rep.select(Rep.id, Rep.name).where(Rep.id.in_(list(ids))).tuples())


def _overdue(customer_ids: set, today: _dt.date) -> dict:
    if not customer_ids:
        return {}
    db = database.obj
    p = db.param
    ids = list(customer_ids)
    rows = db.execute_sql(
        f"SELECT r.customer_id, SUM(r.amount - r.paid - r.written_off) FROM receivable r "
        f"WHERE r.deleted_at IS NULL AND r.amount > r.paid + r.written_off AND r.due < {p} "
        f"AND r.customer_id IN ({', '.join([p] * len(ids))}) GROUP BY r.customer_id",
        [today.isoformat(), *ids]).fetchall()
    return {cid: int(v or 0) for cid, v in rows}


def _row(f, today, ladder, reps, overdue) -> QueueRow:
    (cid, name, rep_id, balance, due_day, slips, escalated, last_slip, handled, next_fu,
     promise_date, promise_amount, credit_limit, payday, no_morning, city, note, pr) = f
    days = today.toordinal() - int(due_day)
    level = followup.level_for(days, ladder)
    facts = rules.Facts(
        today=today, days_overdue=days, balance=int(balance), credit_limit=int(credit_limit or 0),
        slips=int(slips), escalated=bool(escalated), last_slip=last_slip or "",
        handled_level=int(handled), due_level=level, next_follow_up=_date(next_fu),
        payday=payday, promise_date=_date(promise_date), promise_amount=int(promise_amount or 0),
        ladder=ladder)
    score, reasons = rules.priority(facts)
    step = followup.step_of(level, ladder)
    best = rules.best_time(today, payday, bool(no_morning))
    return QueueRow(
        customer=name, customer_id=cid, rep=reps.get(rep_id, ""), balance=int(balance),
        days_overdue=days, slips=int(slips), priority=int(pr), reasons=reasons,
        best_time=best.text(today), best=best,
        level=level, action=step.action if step else "", handled_level=int(handled),
        next_follow_up=_date(next_fu), escalated=bool(escalated), rep_id=rep_id,
        overdue=overdue.get(cid, 0), oldest_due=_dt.date.fromordinal(int(due_day)), city=city or "",
        promise_date=_date(promise_date), promise_amount=int(promise_amount or 0), note=note or "",
        extra={"python_priority": score})
