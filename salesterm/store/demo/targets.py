"""The demo's yearly targets and the sales history that meets them, so the targets screen and the
report charts look like a real year: each rep's yearly target (分解销售指标) broken into months by
the season (春节 in January and February, mid-autumn in September, the year's end), and every month
of last year and this year so far holding sales that reach a plausible share of its target.

The recent ledger (demo/ledger.py) covers only the last months; older months get settled history
(deliveries paid in full around their due date) up to 86-106% of the month's target, this month up
to its share of the days gone. A rep whose recent sales run above the drawn target gets a target
from that run rate instead, so no month is far above or below its target."""
from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from salesterm.domain.targets import split_year
from salesterm.store.demo import data as pools
from salesterm.store.models import Payment, PaymentAllocation, Receivable, Target, TradeLine

if TYPE_CHECKING:
    from salesterm.store.demo import Demo

SEASON = (14, 11, 6, 7, 7, 8, 7, 7, 9, 8, 7, 9)  # 春节 in Jan/Feb, mid-autumn in Sep, year-end
# money comes in a month after the goods (30 days' terms): collections follow last month's sales
COLLECTION_SEASON = SEASON[-1:] + SEASON[:-1]
MOST_DELIVERIES = 16  # history deliveries per rep and month at most (keeps a 100k demo quick)
DELIVERY = 1_500_000  # fen: a history delivery is about 1.5万 yuan
METHODS = ("transfer", "transfer", "cash", "wechat", "acceptance")


Drawn = dict[tuple[str, int], tuple[int, int, list]]


def draw(demo: Demo) -> Drawn:
    """Each rep's yearly sales target and collection rate, last year and this, with the ids and
    time stamps of the thirteen target rows: drawn where and as the targets always were, so the
    rest of the demo (the ledger after it) stays the same for a seed."""
    rng = demo.rng
    drawn = {}
    for rep in demo.reps:
        for year in (demo.today.year - 1, demo.today.year):
            sales = rng.randrange(150, 400) * 1_000_000  # 150万-400万 yuan, in fen
            rate = rng.choice((92, 95, 97))
            rows = [(demo.id(), demo.at(demo.today - timedelta(days=1))) for _ in range(13)]
            drawn[(rep["id"], year)] = (sales, rate, rows)
    return drawn


def _months(first: date, today: date) -> list[tuple[int, int]]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (today.year, today.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _sales_by_month(first: date) -> dict[tuple[str, int, int], int]:
    totals: dict[tuple[str, int, int], int] = defaultdict(int)
    for rep_id, day, amount in (TradeLine.select(TradeLine.rep, TradeLine.day, TradeLine.amount)
                                .where(TradeLine.deleted_at.is_null() & (TradeLine.direction == "sale")
                                       & (TradeLine.day >= first)).tuples()):
        day = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
        totals[(rep_id, day.year, day.month)] += int(amount)
    return totals


def make(demo: Demo, drawn: Drawn) -> None:
    demo.flush()
    today = demo.today
    first = date(today.year - 1, 1, 1)
    before = date(first.year - 1, 12, 1)  # the December before: January's money comes from it
    sales = _sales_by_month(before)
    buyers = [c for c in demo.customers if c["kind"] in pools.BUYER_KINDS]
    by_rep: dict[str, list[dict]] = defaultdict(list)
    for c in buyers:
        by_rep[c["rep"]].append(c)
    history = _History(demo)
    weight = sum(SEASON)
    months = _months(first, today)
    for rep in demo.reps:
        rid = rep["id"]
        # the rep's monthly run rate per unit of season weight, from the months the ledger filled
        rates = sorted(sales[(rid, y, m)] / SEASON[m - 1] for y, m in months[:-1] if sales.get((rid, y, m)))
        run_rate = rates[int(len(rates) * 0.7)] if len(rates) >= 3 else 0
        yearly_of = {year: max(drawn[(rid, year)][0], int(run_rate * weight) // 1_000_000 * 1_000_000)
                     for year in (today.year - 1, today.year)}
        december = yearly_of[first.year] * SEASON[11] // weight
        gap = int(december * demo.rng.uniform(0.86, 1.06)) - sales.get((rid, before.year, 12), 0)
        if gap > 0:
            history.fill(rep, by_rep.get(rid) or buyers, before.year, 12, gap)
        for year in (today.year - 1, today.year):
            _drawn, rate, rows = drawn[(rid, year)]
            yearly = yearly_of[year]
            months_sales = split_year(yearly, SEASON)
            months_coll = split_year(yearly * rate // 100, COLLECTION_SEASON)
            demo.add(Target, id=rows[0][0], _stamp=rows[0][1], rep=rid, year=year, month=0,
                     sales=yearly, collections=sum(months_coll))
            for m in range(1, 13):
                demo.add(Target, id=rows[m][0], _stamp=rows[m][1], rep=rid, year=year, month=m,
                         sales=months_sales[m - 1], collections=months_coll[m - 1])
                if (year, m) > (today.year, today.month):
                    continue
                share = demo.rng.uniform(0.86, 1.06)
                if (year, m) == (today.year, today.month):  # this month: the days gone so far
                    share *= (today.day - 1) / calendar.monthrange(year, m)[1]
                gap = int(months_sales[m - 1] * share) - sales.get((rid, year, m), 0)
                if gap > 0:
                    history.fill(rep, by_rep.get(rid) or buyers, year, m, gap)
        demo.maybe_flush()
    demo.flush()


class _History:
    """Deliveries of past months, paid in full around their due date: sales and collections
    that leave nothing open (the ledger rules hold: every payment allocated to its receivable)."""

    def __init__(self, demo: Demo):
        self.demo = demo
        self.seq = 0

    def fill(self, rep: dict, customers: list[dict], year: int, month: int, gap: int) -> None:
        demo, rng = self.demo, self.demo.rng
        last = min(date(year, month, calendar.monthrange(year, month)[1]), demo.today - timedelta(days=1))
        start = date(year, month, 1)
        if last < start:
            return
        # customers the rep already had that month, distributors first (they buy by the truckload)
        known = [c for c in customers if c["since"] <= last] or customers
        big = [c for c in known if c["kind"] in pools.TRADE_KINDS] or known
        count = max(1, min(MOST_DELIVERIES, gap // DELIVERY))
        for i in range(count):
            amount_wanted = gap // count + (gap % count if i == 0 else 0)
            product, unit = rng.choice(pools.PRODUCTS)
            quantity = max(1, round(amount_wanted / unit))
            customer = rng.choice(big)
            issued = start + timedelta(days=rng.randrange((last - start).days + 1))
            self._delivery(rep, customer, issued, product, quantity, unit * quantity)

    def _delivery(self, rep: dict, customer: dict, issued: date, product: str, quantity: int,
                  amount: int) -> None:
        demo, rng = self.demo, self.demo.rng
        self.seq += 1
        number = f"XS{issued:%Y%m%d}-H{self.seq:05d}"
        due = issued + timedelta(days=30)
        demo.add(TradeLine, customer=customer["id"], rep=rep["id"], day=issued, direction="sale",
                 product=product, quantity=quantity, amount=amount, note=number, _stamp=demo.at(issued))
        receivable = demo.add(Receivable, customer=customer["id"], rep=rep["id"], number=number,
                              issued=issued, due=due, amount=amount, paid=amount, written_off=0,
                              source="delivery", _stamp=demo.at(issued))
        paid_on = min(max(issued, due + timedelta(days=rng.randrange(-12, 10))), demo.today - timedelta(days=1))
        method = rng.choice(METHODS)
        payment = demo.add(Payment, customer=customer["id"], rep=rep["id"], day=paid_on, amount=amount,
                           method=method, number=f"SKH{paid_on:%Y%m%d}{self.seq:05d}" if method != "cash" else None,
                           note="", _stamp=demo.at(paid_on))
        demo.add(PaymentAllocation, payment=payment["id"], receivable=receivable["id"], amount=amount,
                 _stamp=demo.at(paid_on))
