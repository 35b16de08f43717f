"""The pipeline board's data: cards by stage, the funnel statistics (count, amount, conversion to
the next stage, median days in stage) and the filter choices, in a few SQL queries each so
the board stays quick with tens of thousands of deals. Re-exported by store.sales.deals."""
from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from salesterm import clock
from salesterm.domain import funnel as funnel_rules
from salesterm.domain import man, stages
from salesterm.domain.textkeys import normalise_name
from salesterm.store.models import Customer, Deal, DealStageChange, Rep
from salesterm.store.reps import find_rep

#: Cards loaded per column (biggest amounts first); counts and amounts always cover them all.
COLUMN_LIMIT = 300


def _where(template: str, rep: str | None, grade: str | None, city: str | None,
           text: str | None):
    # archived customers' deals are left out through the (short) list of archived customers,
    # so the database drives the query from the deals, not from the 100k customers
    gone = Customer.select(Customer.id).where(Customer.deleted_at.is_null(False))
    cond = (Deal.deleted_at.is_null() & Deal.customer.not_in(gone) & (Deal.template == template))
    if rep:
        cond &= Deal.rep == find_rep(rep).id
    if grade:
        cond &= Customer.grade == grade.strip().upper()
    if city:
        cond &= Customer.city == city.strip()
    if text and text.strip():
        t = text.strip()
        cond &= (Customer.name_norm.contains(normalise_name(t) or t)
                 | Customer.py_full.contains(t.lower()) | Customer.py_initials.contains(t.lower())
                 | Deal.title.contains(t))
    return cond


@dataclass(frozen=True)
class Card:
    deal_id: str
    customer_id: str
    customer: str
    title: str
    stage: str
    amount: int
    days_in_stage: int
    badge: str
    man_ok: bool
    grade: str | None
    city: str
    lost_reason: str


def board(*, template: str = "handbook", rep: str | None = None, grade: str | None = None,
          city: str | None = None, text: str | None = None,
          limit: int = COLUMN_LIMIT) -> dict[str, list[Card]]:
    """Cards by stage key (every stage of the template, plus lost), biggest amount first."""
    tpl = stages.get_template(template)
    cond = _where(tpl.key, rep, grade, city, text)
    today = clock.today()
    columns: dict[str, list[Card]] = {}
    for key in [*tpl.keys(), stages.LOST]:
        rows = (Deal.select(Deal.id, Deal.customer, Customer.name, Deal.title, Deal.amount,
                            Deal.stage_since, Customer.man_money, Customer.man_authority,
                            Customer.man_need, Customer.grade, Customer.city, Deal.lost_reason)
                .join(Customer, on=(Deal.customer == Customer.id))
                .where(cond & (Deal.stage == key))
                .order_by(Deal.amount.desc(), Deal.id).limit(limit).tuples())
        cards = []
        for (deal_id, customer_id, name, title, amount, since, m, a, n, g, c, lost) in rows:
            since_day = since.date() if hasattr(since, "date") else today
            cards.append(Card(deal_id, customer_id, name, title, key, amount,
                              max(0, (today - since_day).days), man.man_badge(m, a, n),
                              man.man_confirmed(m, a, n), g, c, lost))
        columns[key] = cards
    return columns


def funnel_stats(*, rep: str | None = None, template: str = "handbook", grade: str | None = None,
                 city: str | None = None, text: str | None = None) -> list[dict]:
    """Per stage (and lost): count and expected amount of the deals now in it, the conversion
    to the next stage and the median days in the stage, from the stage history."""
    tpl = stages.get_template(template)
    cond = _where(tpl.key, rep, grade, city, text)
    join = (Deal.customer == Customer.id)
    totals = {stage: (int(count), int(amount or 0)) for stage, count, amount in
              Deal.select(Deal.stage, fn.COUNT(Deal.id), fn.SUM(Deal.amount))
              .join(Customer, on=join).where(cond).group_by(Deal.stage).tuples()}
    current = dict(Deal.select(Deal.id, Deal.stage).join(Customer, on=join).where(cond).tuples())
    moves = [funnel_rules.Move(d, f, t, at) for d, f, t, at in
             DealStageChange.select(DealStageChange.deal, DealStageChange.from_stage,
                                    DealStageChange.to_stage, DealStageChange.changed_at)
             .join(Deal, on=(DealStageChange.deal == Deal.id)).join(Customer, on=join)
             .where(cond & DealStageChange.deleted_at.is_null()).tuples()]
    stats = funnel_rules.funnel(tpl.keys(), moves, clock.now(), current)
    out = []
    for row in stats:
        count, amount = totals.get(row["stage"], (0, 0))
        out.append({**row, "count": count, "amount": amount})
    count, amount = totals.get(stages.LOST, (0, 0))
    out.append({"stage": stages.LOST, "reached": count, "conversion": None, "median_days": None,
                "count": count, "amount": amount})
    return out


def filter_choices(template: str = "handbook") -> dict[str, list[str]]:
    """Reps, grades and cities that have deals: what the board's filters cycle through."""
    key = stages.get_template(template).key
    live = Deal.deleted_at.is_null() & (Deal.template == key)
    reps = [r for (r,) in Rep.select(Rep.name).join(Deal, on=(Deal.rep == Rep.id))
            .where(live & Rep.deleted_at.is_null()).distinct().tuples()]
    grades, cities = set(), set()
    for g, c in (Customer.select(Customer.grade, Customer.city)
                 .join(Deal, on=(Deal.customer == Customer.id))
                 .where(live & Customer.deleted_at.is_null()).distinct().tuples()):
        if g:
            grades.add(g)
        if c:
            cities.add(c)
    return {"rep": sorted(reps), "grade": sorted(grades), "city": sorted(cities)}
