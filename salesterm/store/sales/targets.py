"""Sales targets (分解销售指标): a rep's yearly target broken into months, and what was
actually sold (trade_line, direction 'sale') and collected (payments, reversals netted)
against it, month by month.

Rows of `target`: month 0 holds the year, months 1-12 the breakdown (they add up to it).
A sale or payment counts for the rep written on it, else the customer's rep.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

from peewee import fn

from salesterm import clock
from salesterm.domain import targets as rules
from salesterm.domain.errors import UserError
from salesterm.domain.money import check_amount, checked_sum
from salesterm.store.models import Customer, Payment, Rep, Target, TradeLine
from salesterm.store.reps import find_rep
from salesterm.store.transactions import write_transaction


@dataclass
class MonthProgress:
    month: int  # 1-12; 0 for the year's total row
    sales_target: int
    sales: int
    collections_target: int
    collected: int


def _check_year(year: int) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise UserError("targets.implausible_year", year=year)
    return year


def set_yearly_target(rep: str, year: int, *, sales: int, collections: int = 0,
                      weights: Sequence = rules.EVEN) -> list[MonthProgress]:
    """Set REP's target for YEAR and break it into months by WEIGHTS (even by default).
    Replaces an earlier breakdown of that year."""
    _check_year(year)
    for v in (sales, collections):
        check_amount(v)
    sales_months = rules.split_year(sales, weights)
    coll_months = rules.split_year(collections, weights)
    with write_transaction():
        rep_row = find_rep(rep)
        _write(rep_row.id, year, 0, sales, collections)
        for m in range(1, 13):
            _write(rep_row.id, year, m, sales_months[m - 1], coll_months[m - 1])
    return progress(rep, year)


def set_month_target(rep: str, year: int, month: int, *, sales: int | None = None,
                     collections: int | None = None) -> list[MonthProgress]:
    """Change one month; the year's total follows (it stays the sum of its months)."""
    _check_year(year)
    if not 1 <= month <= 12:
        raise UserError("targets.no_such_month", month=month)
    for v in (sales, collections):
        if v is not None and v < 0:
            raise UserError("targets.must_not_negative")
        if v is not None:
            check_amount(v)
    with write_transaction():
        rep_row = find_rep(rep)
        current = {t.month: t for t in _rows(rep_row.id, year)}
        row = current.get(month)
        _write(rep_row.id, year, month, sales if sales is not None else (row.sales if row else 0),
               collections if collections is not None else (row.collections if row else 0))
        months = {t.month: t for t in _rows(rep_row.id, year) if t.month}
        _write(rep_row.id, year, 0, checked_sum(t.sales for t in months.values()),
               checked_sum(t.collections for t in months.values()))
    return progress(rep, year)


def _rows(rep_id: str, year: int):
    return list(Target.live().where((Target.rep == rep_id) & (Target.year == year)))


def _write(rep_id: str, year: int, month: int, sales: int, collections: int) -> None:
    found = Target.select().where((Target.rep == rep_id) & (Target.year == year) & (Target.month == month)).first()
    if found is None:
        Target.create(rep=rep_id, year=year, month=month, sales=sales, collections=collections)
    else:
        Target.update(sales=sales, collections=collections, deleted_at=None, updated_at=clock.now()).where(
            Target.id == found.id).execute()


def _month_sums(model, amount, extra, rep_ids: list[str] | None, year: int) -> dict[int, int]:
    owner = fn.COALESCE(model.rep, Customer.rep)
    q = (model.select(model.day, fn.SUM(amount).alias("total"))
         .join(Customer, on=(model.customer == Customer.id))
         .where(model.deleted_at.is_null() & (model.day >= _dt.date(year, 1, 1))
                & (model.day <= _dt.date(year, 12, 31))))
    if extra is not None:
        q = q.where(extra)
    if rep_ids is not None:
        q = q.where(owner.in_(rep_ids))
    out = dict.fromkeys(range(1, 13), 0)
    for row in q.group_by(model.day).objects():
        day = row.day if isinstance(row.day, _dt.date) else _dt.date.fromisoformat(str(row.day)[:10])
        out[day.month] += int(row.total or 0)
    return out


def progress(rep: str | None, year: int) -> list[MonthProgress]:
    """Months 1-12 then the year (month 0): targets against actual sales and money collected.
    REP None: the whole team."""
    _check_year(year)
    rep_ids = [find_rep(rep).id] if rep else None
    tq = Target.live().where(Target.year == year)
    if rep_ids is not None:
        tq = tq.where(Target.rep.in_(rep_ids))
    sales_t = dict.fromkeys(range(0, 13), 0)
    coll_t = dict.fromkeys(range(0, 13), 0)
    for t in tq:
        sales_t[t.month] += t.sales
        coll_t[t.month] += t.collections
    sales = _month_sums(TradeLine, TradeLine.amount, TradeLine.direction == "sale", rep_ids, year)
    collected = _month_sums(Payment, Payment.amount, None, rep_ids, year)
    rows = [MonthProgress(m, sales_t[m], sales[m], coll_t[m], collected[m]) for m in range(1, 13)]
    rows.append(MonthProgress(0, sales_t[0], sum(sales.values()), coll_t[0], sum(collected.values())))
    return rows


def reps_with_targets(year: int) -> list[str]:
    q = (Rep.live(Rep.name).join(Target, on=(Target.rep == Rep.id))
         .where((Target.year == year) & Target.deleted_at.is_null()).distinct().order_by(Rep.name))
    return [r.name for r in q]
