"""Taking an order: priced lines, the exact total, credit holds, below-floor lines, the purchase
log and the deal; and reading orders back (listing)."""
from __future__ import annotations

from datetime import date

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.ledger import receivables
from salesterm.store.models import Deal, OrderLine, SalesOrder, TradeLine
from salesterm.store.orders import listing, placing
from salesterm.store.orders.placing import LineInput
from tests.store.orders.fixtures import OIL, priced_shop, product, shop

DAY = date(2026, 9, 25)


def test_check_order_prices_each_line_and_totals_exactly(db):
    c, oil, peanut = priced_shop()
    check = placing.check_order(c.id, [LineInput(oil.id, 5, "箱"), LineInput(peanut.id, 10)], DAY)
    a, b = check.lines
    # 5 cases of 4 = 20 桶 at the customer price ¥65.00 = ¥1,300.00
    assert (a.qty, a.quote.price, a.quote.source, a.amount) == (20, 6500, "customer", 130000)
    # 10 瓶 at the list price ¥120.00 less 5% = ¥114.00 = ¥1,140.00
    assert (b.qty, b.quote.price, b.quote.source, b.quote.promotion_name, b.amount) == (
        10, 11400, "catalogue", "秋季九五折", 114000)
    assert check.total == 244000 and check.holds == [] and not check.needs_approval
    assert SalesOrder.select().count() == 0  # nothing written


def test_place_order_writes_order_lines_purchase_log_and_wins_the_deal(db):
    c, oil, peanut = priced_shop()
    placed = placing.place_order(c.id, [LineInput(oil.id, 5, "箱"), LineInput(peanut.id, 10)], DAY)
    assert placed.total == 244000 and placed.holds == [] and not placed.needs_approval
    assert placed.number.startswith("SO-20260925-") and placed.number.endswith("-001")
    order = SalesOrder.get_by_id(placed.order_id)
    assert (order.status, order.total, order.rep.name, order.credit_hold) == ("placed", 244000, "王伟", "")
    lines = list(OrderLine.select().where(OrderLine.order == order.id).order_by(OrderLine.amount.desc()))
    assert [(x.qty, x.unit, x.price, x.amount, x.price_source) for x in lines] == [
        (20, "箱", 6500, 130000, "customer"), (10, "瓶", 11400, 114000, "catalogue")]
    sale = sorted((t.product, t.quantity, t.amount, t.order_line_id) for t in TradeLine.select())
    assert sale == sorted([("金龙鱼5L", 20, 130000, lines[0].id), ("鲁花花生油1L", 10, 114000, lines[1].id)])
    [deal] = Deal.select().where(Deal.customer == c.id)
    assert (deal.stage, deal.status, deal.amount) == ("signed", "won", 244000)


def test_order_numbers_count_up_within_a_day(db):
    c, oil, _ = priced_shop()
    numbers = [placing.place_order(c.id, [LineInput(oil.id, 1)], DAY).number for _ in range(3)]
    assert [n[-3:] for n in numbers] == ["001", "002", "003"] and len(set(numbers)) == 3


def test_overdue_money_holds_the_order_with_the_figures(db):
    c, oil, _ = priced_shop()
    receivables.record_receivable(c.id, number="INV-1", issued=date(2026, 8, 1), due=date(2026, 9, 1),
                                  amount=50000)
    placed = placing.place_order(c.id, [LineInput(oil.id, 1)], DAY)
    assert [str(h) for h in placed.holds] == ["collection before new goods: ¥500.00 overdue since 2026-09-01"]
    assert SalesOrder.get_by_id(placed.order_id).credit_hold == "overdue:50000:2026-09-01"


def test_credit_limit_holds_with_balance_order_and_limit(db):
    c = shop("超市", credit_limit=100000)
    oil = product(**OIL)
    receivables.record_receivable(c.id, number="INV-2", issued=DAY, due=date(2026, 10, 25), amount=60000)
    check = placing.check_order(c.id, [LineInput(oil.id, 6)], DAY)  # 6 × ¥68.00 = ¥408.00
    assert [str(m) for m in check.hold_messages] == [
        "over the credit limit: 600.00 owed + this order 408.00 = 1,008.00, limit 1,000.00"]
    ok = placing.check_order(c.id, [LineInput(oil.id, 1, "桶")], DAY)  # 600 + 68 = 668 <= 1000
    assert ok.holds == []


def test_no_limit_means_no_limit(db):
    c = shop("批发部", credit_limit=0)
    oil = product(**OIL)
    receivables.record_receivable(c.id, number="INV-3", issued=DAY, due=date(2026, 12, 25), amount=9_000_000)
    assert placing.check_order(c.id, [LineInput(oil.id, 100, "箱")], DAY).holds == []


def test_a_typed_price_below_the_floor_waits_for_the_manager(db):
    c, oil, _ = priced_shop()
    placed = placing.place_order(c.id, [LineInput(oil.id, 2, "箱", manual_price=5500)], DAY)
    assert placed.needs_approval and placed.total == 8 * 5500
    [line] = OrderLine.select().where(OrderLine.order == placed.order_id)
    assert line.below_floor and line.price_source == "manual"


def test_bad_lines_are_refused_and_nothing_is_written(db):
    c, oil, _ = priced_shop()
    with pytest.raises(UserError) as e:
        placing.place_order(c.id, [LineInput(oil.id, 2, "袋")], DAY)
    assert e.value.msgid == "products.unknown_unit"
    for bad in ([], [LineInput(oil.id, 0)], [LineInput("nope", 1)]):
        with pytest.raises(UserError):
            placing.place_order(c.id, bad, DAY)
    assert SalesOrder.select().count() == 0 and TradeLine.select().count() == 0


def test_list_orders_json_shape_and_filters(db):
    c, oil, peanut = priced_shop()
    first = placing.place_order(c.id, [LineInput(oil.id, 5, "箱"), LineInput(peanut.id, 10)], DAY)
    placing.place_order(c.id, [LineInput(peanut.id, 1, "箱")], date(2026, 9, 26))
    rows = listing.list_orders()
    assert [r["date"] for r in rows] == [date(2026, 9, 26), DAY]
    row = rows[1]
    assert {"id", "number", "customer", "rep", "date", "status", "total", "receivable", "lines"} <= set(row)
    assert (row["id"], row["customer"], row["rep"], row["status"], row["total"], row["receivable"]) == (
        first.order_id, "粮油店", "王伟", "placed", 244000, 0)
    line = row["lines"][0]
    assert {"product", "qty", "unit", "price", "price_source", "amount"} <= set(line)
    assert (line["product"], line["qty"], line["unit"], line["price"], line["amount"], line["typed_qty"],
            line["typed_unit"]) == ("金龙鱼5L", 20, "桶", 6500, 130000, 5, "箱")
    assert rows[0]["lines"][0]["qty"] == 6 and rows[0]["lines"][0]["typed_unit"] == "箱"
    # each line names the promotion it was priced under (the detail screen shows it)
    assert [(x["product"], x["promotion"]) for x in row["lines"]] == [("金龙鱼5L", ""), ("鲁花花生油1L", "秋季九五折")]
    assert listing.list_orders(status="已下单", rep="王伟", customer_id=c.id, limit=1)[0]["date"] == date(2026, 9, 26)
    assert listing.list_orders(status="delivered") == []
    with pytest.raises(UserError):
        listing.list_orders(status="nonsense")
    detail = listing.order_detail(first.order_id)
    assert detail["number"] == first.number and detail["deliveries"] == [] and detail["complaints"] == []
