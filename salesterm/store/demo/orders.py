"""The demo's order history (销售订单), built through the order store (store/orders) so it obeys the
same rules as a rep's orders: prices from the price system (promotions, customer prices), the
credit check, deliveries that bill receivables due after the customer's credit days, returns
credited through the ledger, complaints as notes.

About thirty orders over the last ten weeks, for the reps' distributors and retailers: the older
ones delivered (a few only in part), some shipped, the last days' placed; two cancelled with their
reasons; a return, an exchange and a complaint; one with a price below the floor waiting for the
manager's approval and one approved; held orders the manager released, and one still on credit
hold. The count does not grow with --customers: a large demo stays as quick as before.

Ids come from the demo's seeded source (models.ids_from), so a seed and a day give the same rows."""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.store.demo import data as pools
from salesterm.store.models import CodeCounter, Customer, ids_from
from salesterm.store.orders import complaints, lifecycle, returns
from salesterm.store.orders.numbers import SITE_KEY
from salesterm.store.orders.placing import LineInput, place_order

if TYPE_CHECKING:
    from salesterm.store.demo import Demo

ORDERS = 32
BELOW_FLOOR_APPROVED = 10  # the order with a price below the floor the manager approved
CANCELLED = (3, 17)  # cancelled before they left the warehouse
PARTIAL = (6, 13, 20)  # half of the first line did not arrive
PROMOTED = ORDERS - 2  # just placed, with ten cases of the promoted oil: the gift applies
CANCEL_REASONS = ("客户资金紧张，下月再订", "仓库缺货，客户改订别家")
RETURN_REASONS = ("外箱破损，整箱退回", "临近保质期，客户要求退货")


def make(demo: Demo, catalogue: dict[str, Any]) -> int:
    """Place, ship, deliver, cancel and return the demo's orders; returns how many."""
    rng, today = demo.rng, demo.today
    buyers = eligible(demo)
    if not buyers or not catalogue.get("products"):
        return 0
    CodeCounter.insert(pattern=SITE_KEY, last=rng.getrandbits(32) or 1, updated_at=demo.at(today)) \
        .on_conflict_ignore().execute()  # the number's site part, drawn from the seed
    chosen = rng.sample(buyers, min(len(buyers), ORDERS))
    chosen += [rng.choice(buyers) for _ in range(ORDERS - len(chosen))]
    ages = sorted((rng.randrange(7, 70) for _ in range(ORDERS - 6)), reverse=True)
    ages += sorted((rng.randrange(3, 7) for _ in range(3)), reverse=True)  # on the road
    ages += sorted((rng.randrange(0, 3) for _ in range(3)), reverse=True)  # just placed
    by_id = {c["id"]: c for c in buyers}
    agreed = [cid for cid in catalogue["agreed"] if cid in by_id]
    for n, cid in enumerate(agreed[:2]):  # distributors with agreed prices order too
        chosen[1 + 10 * n] = by_id[cid]
    owing = _owing({c["id"] for c in buyers})
    if owing:  # the newest order is for a customer with money overdue: the credit check holds it
        chosen[-1] = by_id[rng.choice(sorted(owing))]
    placed = []
    moment = [demo.at(today)]
    clock.set_now(lambda: moment[0])  # each step stamped on its own day, the same every run
    try:
        with ids_from(demo.id):
            _history(demo, catalogue, chosen, ages, moment, placed)
    finally:
        clock.set_now(None)
    return len(placed)


def _history(demo: Demo, catalogue, chosen, ages, moment, placed) -> None:
    """Each order placed on its day, then moved on as its age says."""
    rng, today, manager = demo.rng, demo.today, demo.manager["id"]
    for i, (age, c) in enumerate(zip(ages, chosen, strict=True)):
        day = today - timedelta(days=age)
        moment[0] = demo.at(day, 9, 17)
        below = i in (BELOW_FLOOR_APPROVED, ORDERS - 4)  # the second waits for the manager
        lines = _lines(demo, catalogue, c, below_floor=below, promoted=i == PROMOTED)
        order = place_order(c["id"], lines, day, note=rng.choice(("", "", "周五前送到", "送货走后门")))
        placed.append((day, order))
        if order.holds:
            if i == ORDERS - 1:
                continue  # on credit hold until the manager releases it
            lifecycle.release(order.order_id, manager, note="老客户，已承诺月底回款，经理放行")
        if order.needs_approval:
            if age < 7:
                continue  # waiting for the manager's decision
            lifecycle.decide_price(order.order_id, manager, "approved", note="冲量，同意特价")
        _move(demo, order.order_id, day, age, i, moment)
    _after_sales(demo, placed, moment)


def eligible(demo: Demo) -> list[dict]:
    """The customers who order: distributors and retailers whose M-A-N is all yes (the handbook
    signs no one else) and with no open deal (an order wins the customer's open deal, and the
    demo's pipeline keeps its spread of stages)."""
    from salesterm.store.models import Deal

    dealing = {d.customer_id for d in Deal.live(Deal.customer).where(Deal.status == "open").distinct()}
    ready = {c.id for c in Customer.live(Customer.id).where(
        (Customer.man_money == "yes") & (Customer.man_authority == "yes") & (Customer.man_need == "yes")
        & Customer.kind.in_(pools.BUYER_KINDS))}
    return [c for c in demo.customers if c["id"] in ready and c["id"] not in dealing]


def _owing(ids: set[str]) -> set[str]:
    """Customers (of IDS) with money overdue."""
    from salesterm import clock
    from salesterm.store.models import Receivable

    open_amount = Receivable.amount - Receivable.paid - Receivable.written_off
    rows = Receivable.live(Receivable.customer).where((open_amount > 0) & (Receivable.due < clock.today()))
    return {r.customer_id for r in rows.distinct()} & ids


def _lines(demo: Demo, catalogue: dict[str, Any], customer: dict, below_floor: bool,
           promoted: bool = False) -> list[LineInput]:
    rng = demo.rng
    big = customer["kind"] in pools.TRADE_KINDS
    picks = rng.sample(catalogue["products"], rng.choice((1, 2, 2, 3, 3, 4)))
    agreed = catalogue["agreed"].get(customer["id"], [])[:1]  # a product at the agreed price
    picks = agreed + [p for p in picks if p not in agreed][:3]
    if rng.random() < 0.3 or promoted:  # the promoted oil sells well while the promotion runs
        picks = [catalogue["oil"], *[p for p in picks if p["id"] != catalogue["oil"]["id"]]][:4]
    out = []
    for n, p in enumerate(picks):
        cases = rng.choice((2, 3, 5, 8, 10, 12, 20) if big else (1, 1, 2, 2, 3, 5, 10))
        if promoted and n == 0:
            cases = max(cases, 10)  # buy 10 cases get 1
        manual = None
        if below_floor and n == 0:
            manual = p["floor_price"] - max(10, p["floor_price"] // 20 // 10 * 10)
        out.append(LineInput(p["id"], cases, p["case_unit"] or p["unit"], manual))
    return out


def _move(demo: Demo, order_id: str, day, age: int, i: int, moment: list) -> None:
    """Move an order on as its age says: placed (under 3 days), shipped (under a week), delivered
    (a few in part); two are cancelled."""
    rng = demo.rng
    if age < 3:
        return
    if i in CANCELLED:
        lifecycle.cancel(order_id, CANCEL_REASONS[CANCELLED.index(i)])
        return
    try:
        moment[0] = demo.at(day + timedelta(days=1), 8, 11)
        lifecycle.ship(order_id, day + timedelta(days=1))
        if age < 7:
            return  # on the road
        signed = day + timedelta(days=rng.choice((1, 2, 2, 3)))
        moment[0] = demo.at(signed, 11, 18)
        if i in PARTIAL:
            lines = lifecycle._lines(order_id)
            short = {line.id: line.qty for line in lines}
            short[lines[0].id] = lines[0].qty // 2  # half of the first line did not arrive
            lifecycle.deliver(order_id, signed, short)
        else:
            lifecycle.deliver(order_id, signed)
    except UserError:
        return  # a rule stopped it (a hold, a price): it waits where it is, as a real one would


def _after_sales(demo: Demo, placed: list, moment: list) -> None:
    """A return, an exchange and a complaint on delivered orders."""
    from salesterm.store.models import OrderLine, SalesOrder

    done = [o for _d, o in placed if SalesOrder.get_by_id(o.order_id).status in ("delivered", "partial")]
    if len(done) < 3:
        return
    for n, (kind, order) in enumerate((("return", done[0]), ("exchange", done[1]))):
        line = OrderLine.select().where(OrderLine.order == order.order_id).order_by(OrderLine.position).first()
        got = lifecycle.delivered_qty([line.id]).get(line.id, 0)
        if got:
            day = min(SalesOrder.get_by_id(order.order_id).day + timedelta(days=5), demo.today)
            moment[0] = demo.at(day)
            returns.return_goods(line.id, max(1, got // 4), RETURN_REASONS[n], day, kind=kind)
    order = done[2]
    moment[0] = demo.at(min(SalesOrder.get_by_id(order.order_id).day + timedelta(days=4), demo.today))
    customer = Customer.get_by_id(SalesOrder.get_by_id(order.order_id).customer_id)
    complaints.add_complaint(order.order_id, f"{customer.name}反映送货晚了两天，部分外箱有压痕，要求下次提前电话联系。",
                             title="送货延误投诉", day=min(SalesOrder.get_by_id(order.order_id).day + timedelta(days=4),
                                                      demo.today))
