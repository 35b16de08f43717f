"""The demo's products, price system and order history (issue 14): built through the order store,
so every order obeys its rules; every status, after-sales case and hold is there; deterministic."""
from __future__ import annotations

from collections import Counter

import pytest

from salesterm.domain.sales import period_of
from salesterm.store import db as store_db
from salesterm.store import demo
from salesterm.store.demo.catalogue_data import ean13
from salesterm.store.models import (
    CustomerPrice,
    Note,
    OrderDelivery,
    OrderLine,
    OrderReturn,
    PriceApproval,
    PriceList,
    PriceListItem,
    Product,
    Promotion,
    Receivable,
    SalesOrder,
)
from salesterm.store.orders.lifecycle import price_state
from salesterm.store.reports.sales import sales_rows
from tests.conftest import TODAY


@pytest.fixture
def filled(db):
    counts = demo.generate(customers=120, seed=3)
    return db, counts


def test_catalogue_and_price_system(filled):
    _db, counts = filled
    products = list(Product.select())
    assert 55 <= len(products) <= 65 and counts["product"] == len(products)
    assert {p.category for p in products} >= {"粮油", "调味品", "饮料"}
    assert len({p.code for p in products}) == len(products)
    assert all(len(p.barcode) == 13 and ean13(p.barcode[:12]) == p.barcode for p in products)
    assert all(p.floor_price < p.list_price and p.case_size > 1 and p.case_unit and p.spec for p in products)
    assert any(p.name == "海天 生抽" and p.spec == "500ml×12" for p in products)
    assert Counter(p.status for p in products)["discontinued"] == 1
    lists = {pl.name: pl for pl in PriceList.select()}
    assert {pl.customer_kind for pl in lists.values()} >= {"distributor", "retailer"}
    assert any(pl.grade for pl in lists.values())
    floors = {p.id: p.floor_price for p in products}
    assert all(i.price >= floors[i.product_id] for i in PriceListItem.select())
    assert CustomerPrice.select().count() >= 3
    promos = {p.kind: p for p in Promotion.select()}
    assert promos["gift"].starts <= TODAY <= promos["gift"].ends  # one running now
    assert promos["discount"].ends < TODAY  # one that ended


def test_orders_in_every_status_with_their_reasons_and_holds(filled):
    orders = list(SalesOrder.select())
    status = Counter(o.status for o in orders)
    assert set(status) == {"placed", "shipped", "delivered", "partial", "cancelled"}
    assert all(o.cancel_reason for o in orders if o.status == "cancelled")
    assert [o.status for o in orders if o.credit_hold] == ["placed"]  # one on credit hold
    assert any(o.released_by_id for o in orders)  # holds the manager released
    waiting = [o for o in orders if price_state(o) == "waiting"]
    assert len(waiting) == 1 and waiting[0].status == "placed"  # below the floor, awaiting approval
    assert PriceApproval.select().where(PriceApproval.decision == "approved").count() >= 1
    sources = Counter(line.price_source for line in OrderLine.select())
    assert sources["list"] and sources["customer"] and sources["manual"] == 2
    assert OrderLine.select().where(OrderLine.promotion.is_null(False)).exists()
    kinds = Counter(r.kind for r in OrderReturn.select())
    assert kinds == {"return": 1, "exchange": 1} and all(r.reason for r in OrderReturn.select())
    (complaint,) = Note.select().where(Note.order_id.is_null(False))
    assert complaint.kind == "complaint"


def test_deliveries_billed_their_receivables(filled):
    for o in SalesOrder.select().where(SalesOrder.status.in_(("delivered", "partial"))):
        lines = {line.id: line for line in OrderLine.select().where(OrderLine.order == o.id)}
        delivered = sum(d.qty * lines[d.order_line_id].price for d in OrderDelivery.select().where(
            (OrderDelivery.order == o.id) & (OrderDelivery.stage == "delivered")))
        billed = sum(r.amount for r in Receivable.select().where(Receivable.order_id == o.id))
        assert billed == delivered and billed > 0
        assert all(r.due > r.issued for r in Receivable.select().where(Receivable.order_id == o.id))


def test_the_demo_still_passes_the_check_and_sales_report_has_figures(filled):
    db, _counts = filled
    report = store_db.check(db)
    assert report.ok, report.problems
    rows = sales_rows("rep", period_of("quarter", TODAY))
    assert sum(r.delivered for r in rows) > 0 and any(r.target for r in rows)


def _orders():
    return [(o.id, o.number, o.status, o.total) for o in SalesOrder.select().order_by(SalesOrder.number)] + \
           [(x.id, x.qty, x.amount) for x in OrderLine.select().order_by(OrderLine.id)]


def test_same_seed_same_orders(db):
    demo.generate(customers=40, seed=5)
    first = _orders()
    demo.generate(customers=40, seed=5, force=True)
    assert _orders() == first and len(first) > 30
