"""The order-to-receivable flow against ledgers computed by hand: place, ship, deliver part,
deliver the rest, return 3 units, pay; every balance, aging bucket and queue figure written out."""
from __future__ import annotations

from datetime import date

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import stats
from salesterm.store.ledger import aging, queue, receivables, verify
from salesterm.store.models import OrderReturn, Payment, PaymentAllocation, Receivable, SalesOrder, TradeLine, database
from salesterm.store.orders import lifecycle, listing, placing, returns
from salesterm.store.orders.placing import LineInput
from tests.store.orders.fixtures import priced_shop

# TODAY (tests/conftest) is 2026-11-29. 粮油店 has 15 credit days (账期).


def _open(number):
    r = Receivable.get(Receivable.number == number)
    return r.amount - r.paid - r.written_off


def test_order_to_receivable_by_hand(db):
    c, oil, peanut = priced_shop()
    # 5 箱 of 金龙鱼 = 20 桶 at the customer price ¥65.00 = ¥1,300.00;
    # 10 瓶 of 鲁花 at ¥120.00 less the 5% promotion = ¥114.00 -> ¥1,140.00. Total ¥2,440.00.
    placed = placing.place_order(c.id, [LineInput(oil.id, 5, "箱"), LineInput(peanut.id, 10, "瓶")],
                                 date(2026, 9, 25))
    assert placed.total == 244000
    oil_line, peanut_line = (x["id"] for x in listing.order_detail(placed.order_id)["lines"])
    number = placed.number

    lifecycle.ship(placed.order_id, date(2026, 9, 26))
    assert SalesOrder.get_by_id(placed.order_id).status == "shipped"
    assert Receivable.select().count() == 0  # shipping bills nothing

    # 10-01: 12 桶 and all 10 瓶 signed for: 12 × 65.00 + 10 × 114.00 = 780.00 + 1,140.00 = 1,920.00,
    # due 15 days later, 10-16
    order = lifecycle.deliver(placed.order_id, date(2026, 10, 1), {oil_line: 12, peanut_line: 10})
    assert order.status == "partial"
    first = Receivable.get(Receivable.number == number)
    assert (first.amount, first.issued, first.due, first.order_id, first.source) == (
        192000, date(2026, 10, 1), date(2026, 10, 16), placed.order_id, "order")
    assert receivables.open_balance(c.id) == 192000

    # 11-01: the other 8 桶: 8 × 65.00 = 520.00, due 11-16, numbered NUMBER/2
    order = lifecycle.deliver(placed.order_id, date(2026, 11, 1))
    assert order.status == "delivered"
    second = Receivable.get(Receivable.number == f"{number}/2")
    assert (second.amount, second.issued, second.due) == (52000, date(2026, 11, 1), date(2026, 11, 16))
    assert receivables.open_balance(c.id) == 192000 + 52000 == 244000  # the whole order, billed once

    # 11-05: 3 瓶 of 鲁花 come back: 3 × 114.00 = 342.00 credited to the order's first receivable
    back = returns.return_goods(peanut_line, 3, "包装破损", date(2026, 11, 5))
    assert back.amount == 34200
    credit = Payment.get_by_id(back.payment_id)
    assert (credit.amount, credit.source, credit.day) == (34200, "return", date(2026, 11, 5))
    [alloc] = PaymentAllocation.select().where(PaymentAllocation.payment == credit.id)
    assert (alloc.receivable_id, alloc.amount) == (first.id, 34200)
    assert _open(number) == 192000 - 34200 == 157800
    assert receivables.open_balance(c.id) == 157800 + 52000 == 209800

    # never more than delivered minus returned: 10 - 3 = 7 瓶 left
    with pytest.raises(UserError) as e:
        returns.return_goods(peanut_line, 8, "再退", date(2026, 11, 6))
    assert e.value.msgid == "orders.return_too_much"
    # an exchange moves no money
    swap = returns.return_goods(oil_line, 2, "漏油", date(2026, 11, 6), kind="exchange")
    assert swap.amount == 0 and swap.payment_id is None
    assert receivables.open_balance(c.id) == 209800

    # 11-20: ¥1,000.00 paid, oldest due first: all of it to the first receivable
    receivables.record_payment(c.id, amount=100000, day=date(2026, 11, 20), method="转账")
    assert _open(number) == 157800 - 100000 == 57800
    assert _open(f"{number}/2") == 52000
    assert receivables.open_balance(c.id) == 57800 + 52000 == 109800

    # on 11-29: the first receivable is 44 days past its due date (10-16), the second 13 (11-16)
    report = aging.aging(by="customer", as_of=date(2026, 11, 29))
    [row] = report["rows"]
    assert {k: row[k] for k in ("not_due", "1-30", "31-60", "61-90", "90+", "total")} == {
        "not_due": 0, "1-30": 52000, "31-60": 57800, "61-90": 0, "90+": 0, "total": 109800}
    [q] = queue.queue_rows(today=date(2026, 11, 29))
    assert (q.customer, q.balance, q.overdue, q.days_overdue, q.oldest_due) == (
        "粮油店", 109800, 109800, 44, date(2026, 10, 16))
    s = stats.stats_for(c.id)
    assert (s.open_balance, s.overdue_amount, s.oldest_due) == (109800, 109800, date(2026, 10, 16))

    # the order read back: what it billed, what is still open, each line's goods
    [shown] = listing.list_orders()
    assert (shown["status"], shown["total"], shown["billed"], shown["receivable"]) == (
        "delivered", 244000, 244000, 109800)
    assert [(x["delivered"], x["returned"], x["exchanged"]) for x in shown["lines"]] == [(20, 0, 2), (10, 3, 0)]
    # the purchase log: 20 桶 ¥1,300.00, 10 瓶 ¥1,140.00, then 3 瓶 back -¥342.00
    sale = sorted((t.quantity, t.amount) for t in TradeLine.live())
    assert sale == [(-3, -34200), (10, 114000), (20, 130000)]
    assert OrderReturn.select().count() == 2
    # check's recomputation of every derived figure finds the ledger consistent
    assert verify.problems(database.obj) == []


def test_delivering_more_than_ordered_or_after_cancel_is_refused(db):
    c, oil, _ = priced_shop()
    placed = placing.place_order(c.id, [LineInput(oil.id, 2, "箱")], date(2026, 11, 2))
    [line] = listing.order_detail(placed.order_id)["lines"]
    with pytest.raises(UserError) as e:
        lifecycle.deliver(placed.order_id, date(2026, 11, 1))
    assert e.value.msgid == "orders.day_before_order"
    with pytest.raises(UserError) as e:
        lifecycle.deliver(placed.order_id, date(2026, 11, 3), {line["id"]: 9})
    assert e.value.msgid == "orders.deliver_too_much"
    with pytest.raises(UserError):
        returns.return_goods(line["id"], 1, "没送到", date(2026, 11, 3))  # nothing delivered yet
    with pytest.raises(UserError):
        lifecycle.cancel(placed.order_id, "  ")
    order = lifecycle.cancel(placed.order_id, "客户改主意")
    assert (order.status, order.cancel_reason) == ("cancelled", "客户改主意")
    assert TradeLine.live().count() == 0  # the sale leaves the purchase log
    with pytest.raises(UserError):
        lifecycle.deliver(placed.order_id, date(2026, 11, 3))
    assert Receivable.select().count() == 0


def test_a_delivered_order_is_returned_not_cancelled(db):
    c, oil, _ = priced_shop()
    placed = placing.place_order(c.id, [LineInput(oil.id, 1, "箱")], date(2026, 11, 2))
    lifecycle.deliver(placed.order_id, date(2026, 11, 3))  # straight from placed: the rep delivers it
    with pytest.raises(UserError) as e:
        lifecycle.cancel(placed.order_id, "不要了")
    assert e.value.msgid == "orders.delivered_goods_are_returned"
    assert Receivable.get(Receivable.order_id == placed.order_id).amount == 4 * 6500
