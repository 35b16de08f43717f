"""Orders between laptops and the hub (issue 14) on the real PostgreSQL: an order written offline is
pushed with its lines and reaches the other laptop; lines are insert-only, so two laptops adding
lines to one order never conflict; the catalogue and prices written on one side reach the other.

The orders are written through the models (as the order store leaves them)."""
from __future__ import annotations

import datetime as dt

import pytest

from salesterm.store.customers import create_customer
from salesterm.store.models import OrderDelivery, OrderLine, PriceList, PriceListItem, Product, Promotion, SalesOrder
from salesterm.store.transactions import write_transaction
from tests.store.sync.support import Replica, assert_converged, hub_rows

DAY = dt.date(2026, 11, 27)
ORDER_TABLES = ("product", "price_list", "price_list_item", "promotion", "sales_order", "order_line",
                "order_delivery", "customer")


@pytest.fixture
def pair(tmp_path):
    return Replica(tmp_path / "rep.db", "rep"), Replica(tmp_path / "manager.db", "manager")


def _catalogue(replica) -> dict:
    with replica.open(), write_transaction():
        oil = Product.create(code="JLY-5L", name="金龙鱼", spec="5L×4", unit="瓶", case_unit="箱", case_size=4,
                             category="粮油", list_price=130_00, floor_price=110_00)
        plist = PriceList.create(name="批发商价", customer_kind="wholesaler")
        PriceListItem.create(price_list=plist.id, product=oil.id, price=120_00)
        promo = Promotion.create(name="买十送一", product=oil.id, starts=dt.date(2026, 11, 1),
                                 ends=dt.date(2026, 12, 31), kind="gift", buy_qty=40, free_qty=4)
        return {"oil": oil.id, "list": plist.id, "promo": promo.id}


def _order(replica, product_id, number="SO-20261127-AAAA-001") -> tuple[str, str]:
    with replica.open(), write_transaction():
        c = create_customer({"name": "华联超市", "city": "杭州"}, allow_duplicate=True)
        o = SalesOrder.create(number=number, customer=c.id, day=DAY, total=960_00)
        line = OrderLine.create(order=o.id, product=product_id, qty=8, unit="瓶", price=120_00, amount=960_00,
                                price_source="list")
        return o.id, line.id


def test_an_order_placed_offline_reaches_the_other_laptop_with_its_lines(hub, pair):
    rep, manager = pair
    ids = _catalogue(manager)
    manager.sync(hub)
    rep.sync(hub)  # the catalogue and the price system come down
    assert ids["oil"] in rep.rows("product") and ids["promo"] in rep.rows("promotion")
    assert rep.rows("price_list_item") == manager.rows("price_list_item")
    order_id, line_id = _order(rep, ids["oil"])  # offline
    result = rep.sync(hub)
    assert result.rejected == 0 and result.conflicts == 0 and rep.outbox() == []
    manager.sync(hub)
    assert manager.rows("sales_order")[order_id]["number"] == "SO-20261127-AAAA-001"
    assert manager.rows("order_line")[line_id]["amount"] == 960_00
    assert_converged(hub, rep, manager, tables=ORDER_TABLES)


def test_two_laptops_adding_lines_and_deliveries_to_one_order_never_conflict(hub, pair):
    rep, manager = pair
    ids = _catalogue(manager)
    manager.sync(hub)
    rep.sync(hub)
    order_id, first = _order(rep, ids["oil"])
    rep.sync(hub)
    manager.sync(hub)
    with rep.open(), write_transaction():  # both offline, each adds to the same order
        a = OrderLine.create(order=order_id, product=ids["oil"], qty=4, price=0, amount=0, unit="瓶",
                             price_source="gift").id
    with manager.open(), write_transaction():
        b = OrderLine.create(order=order_id, product=ids["oil"], qty=12, price=118_00, amount=1_416_00, unit="瓶").id
        d = OrderDelivery.create(order=order_id, order_line=first, qty=8, day=DAY, stage="delivered").id
    results = [rep.sync(hub), manager.sync(hub), rep.sync(hub)]
    assert [r.conflicts for r in results] == [0, 0, 0] and [r.rejected for r in results] == [0, 0, 0]
    lines = hub_rows(hub, "order_line")
    assert {first, a, b} <= set(lines) and len([x for x in lines.values() if x["order_id"] == order_id]) == 3
    assert d in rep.rows("order_delivery")
    assert_converged(hub, rep, manager, tables=ORDER_TABLES)


def test_a_price_changed_on_one_laptop_reaches_the_other(hub, pair):
    rep, manager = pair
    ids = _catalogue(manager)
    manager.sync(hub)
    rep.sync(hub)
    with manager.open(), write_transaction():
        Product.update(floor_price=115_00, list_price=135_00).where(Product.id == ids["oil"]).execute()
        PriceListItem.update(price=125_00).where(PriceListItem.price_list == ids["list"]).execute()
    manager.sync(hub)
    rep.sync(hub)
    oil = rep.rows("product")[ids["oil"]]
    assert (oil["list_price"], oil["floor_price"]) == (135_00, 115_00)
    assert {r["price"] for r in rep.rows("price_list_item").values()} == {125_00}
