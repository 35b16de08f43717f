"""An order's lines on the customer's purchase log (客户进销记录簿), each with a real quantity
(`record_sale`, the one writer of sale lines: the visit log's free-text order and a sales order
of store/orders both), and the customer's deal won (签约) through move_deal so the stage history
is written (`win_deal`: a visit's order taken at the close stage (促成) or after, and every
sales order)."""
from __future__ import annotations

from datetime import date

from salesterm.domain import orders, stages
from salesterm.store.models import Deal, TradeLine
from salesterm.store.sales.deals import create_deal, move_deal


def write_lines(customer_id: str, rep_id: str | None, day: date, products: str, amount: int,
                quantity: int | None = None) -> tuple[list[TradeLine], list[orders.OrderItem]]:
    """One sale line per product; the order's amount is shared by quantity over the lines."""
    items = orders.resolve(orders.parse_order(products), quantity)
    shares = orders.share(amount, [i.quantity for i in items])
    lines = record_sale(customer_id, rep_id, day, [(item.product, item.quantity, fen, None)
                                                   for item, fen in zip(items, shares, strict=True)], note="visit")
    return lines, items


def record_sale(customer_id: str, rep_id: str | None, day: date,
                items: list[tuple[str, int, int, str | None]], note: str) -> list[TradeLine]:
    """Sale lines on the purchase log: (product, quantity, amount in fen, order line id or None)."""
    return [TradeLine.create(customer=customer_id, rep=rep_id, day=day, direction="sale", product=product,
                             quantity=qty, amount=fen, note=note, order_line_id=line_id)
            for product, qty, fen, line_id in items]


def closes(template: str, stage_reached: str | None) -> bool:
    """True when an order logged at STAGE_REACHED wins the deal: the close stage or the won one."""
    tpl = stages.get_template(template)
    return bool(stage_reached) and tpl.is_known(stage_reached) and stage_reached != stages.LOST and \
        tpl.index(stage_reached) >= tpl.index(tpl.close_stage_key)


def open_deal(customer_id: str, deal_id: str | None) -> Deal | None:
    """The deal an order belongs to: the visit's own unless it was lost (won already: the order
    is its signing), else the customer's open deal furthest on (the latest moved first)."""
    if deal_id:
        deal = Deal.live().where((Deal.id == deal_id) & (Deal.status != "lost")).first()
        if deal is not None:
            return deal
    candidates = list(Deal.live().where((Deal.customer == customer_id) & (Deal.status == "open")))

    def rank(d: Deal):
        tpl = stages.get_template(d.template)
        return (tpl.index(d.stage) if tpl.is_known(d.stage) and d.stage != stages.LOST else -1, d.stage_since)

    return max(candidates, key=rank) if candidates else None


def win_deal(customer_id: str, deal_id: str | None, amount: int, items: list[orders.OrderItem], *,
             rep: str | None, confirm_override: bool = False) -> Deal:
    """Move the order's deal to its won stage (签约), or open one there when the customer has none."""
    deal = open_deal(customer_id, deal_id)
    if deal is None:
        return create_deal(customer_id, title=orders.deal_title(items), amount=amount,
                           stage=stages.HANDBOOK.won_stage_key, rep=rep)
    won = stages.get_template(deal.template).won_stage_key
    deal = move_deal(deal.id, won, confirm_override=confirm_override, note="visit order", rep=rep)
    if not deal.amount:
        deal.amount = amount
        deal.save()
    return deal
