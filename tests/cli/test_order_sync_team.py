"""Orders and prices on a team server (row-level security, issue 13's logins): the manager's prices
and promotions come down to the rep's laptop; the rep's order, placed offline, goes up with its lines
and reaches the manager's laptop; a rep's change of a price is refused by the hub with its reason and
stays in the outbox. Written through the models on the laptops (as the order store leaves them)."""
from __future__ import annotations

import datetime as dt
import json

import psycopg
import pytest

from salesterm.store.db import close_database, open_database
from salesterm.store.models import OrderLine, PriceList, PriceListItem, Product, Promotion, SalesOrder
from salesterm.store.transactions import write_transaction
from tests.store.team_fixtures import make_team


@pytest.fixture
def team():
    yield from make_team()


def _sync(run_cli, team, who, laptop) -> dict:
    return json.loads(run_cli("sync", "--server", team.url(who), "--json", db=laptop, check=True).stdout)


def _on(laptop, fn):
    open_database(laptop)
    try:
        with write_transaction():
            return fn()
    finally:
        close_database()


def _outbox(laptop):
    db = open_database(laptop)
    try:
        return db.execute_sql("SELECT tbl, row_id, status, reason FROM sync_outbox").fetchall()
    finally:
        close_database()


def test_prices_come_down_orders_go_up_and_a_rep_cannot_change_a_price(team, run_cli, tmp_path):
    run_cli("server", "init", team.admin_url, check=True)
    rep, manager = str(tmp_path / "wangwei.db"), str(tmp_path / "lina.db")
    _sync(run_cli, team, "李娜", manager)
    _sync(run_cli, team, "王伟", rep)

    def prices():  # the manager sets the price system on her laptop
        oil = Product.create(code="JLY-5L", name="金龙鱼", spec="5L×4", unit="瓶", case_unit="箱", case_size=4,
                             category="粮油", list_price=130_00, floor_price=110_00)
        plist = PriceList.create(name="零售商价", customer_kind="retailer")
        PriceListItem.create(price_list=plist.id, product=oil.id, price=125_00)
        Promotion.create(name="双十二九五折", starts=dt.date(2026, 12, 1), ends=dt.date(2026, 12, 12),
                         kind="discount", discount_bp=500)
        return oil.id

    oil = _on(manager, prices)
    out = _sync(run_cli, team, "李娜", manager)
    assert out["rejected"] == 0 and out["pushed"] == 4
    out = _sync(run_cli, team, "王伟", rep)
    assert out["pulled"] >= 4

    def read_prices():
        return (Product.get_by_id(oil).list_price, [i.price for i in PriceListItem.select()],
                [p.name for p in Promotion.select()])

    open_database(rep)
    try:
        assert read_prices() == (130_00, [125_00], ["双十二九五折"])
    finally:
        close_database()

    customer = team.customers["王伟"]

    def place():  # offline on the rep's laptop: an order for his customer, and a price he may not set
        o = SalesOrder.create(number="SO-20261201-ABCDEF01-001", customer=customer, day=dt.date(2026, 12, 1),
                              total=1_000_00)
        line = OrderLine.create(order=o.id, product=oil, qty=8, unit="瓶", price=125_00, amount=1_000_00,
                                price_source="list")
        Product.update(list_price=99_00).where(Product.id == oil).execute()
        return o.id, line.id

    order_id, line_id = _on(rep, place)
    out = _sync(run_cli, team, "王伟", rep)
    assert out["rejected"] == 1 and out["pushed"] == 2, out
    (kept,) = _outbox(rep)
    assert kept == ("product", oil, "rejected", "read only: product is changed by a manager or an admin on the "
                                                "team server"), kept
    with psycopg.connect(team.admin_url, autocommit=True) as conn:
        assert conn.execute("SELECT list_price FROM product WHERE id = %s", (oil,)).fetchone()[0] == 130_00
        assert conn.execute("SELECT count(*) FROM order_line WHERE order_id = %s", (order_id,)).fetchone()[0] == 1

    _sync(run_cli, team, "李娜", manager)  # the manager's laptop: the order with its line
    db = open_database(manager)
    try:
        got = SalesOrder.get_by_id(order_id)
        assert (got.number, got.customer_id, got.total) == ("SO-20261201-ABCDEF01-001", customer, 1_000_00)
        assert [(x.id, x.qty, x.amount) for x in OrderLine.select().where(OrderLine.order == order_id)] == [
            (line_id, 8, 1_000_00)]
    finally:
        db.close()
        close_database()
    listed = json.loads(run_cli("check", "--json", db=manager, check=True).stdout)["counts"]
    assert listed.get("sales_order", 1) == 1
