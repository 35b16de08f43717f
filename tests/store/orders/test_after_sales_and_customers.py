"""Imported receivables instead of billed deliveries, complaints, and what follows a customer:
a merge carries its orders and prices, a handover its open orders."""
from __future__ import annotations

from datetime import date

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.customers import admin
from salesterm.store.io import ledger_import
from salesterm.store.models import CustomerPrice, Note, Receivable, SalesOrder
from salesterm.store.orders import complaints, lifecycle, listing, placing, settings
from salesterm.store.orders.placing import LineInput
from salesterm.store.reps import create_rep
from salesterm.store.team.handover import hand_over
from tests.store.orders.fixtures import priced_shop, shop

DAY = date(2026, 11, 2)


def test_when_receivables_are_imported_delivery_bills_nothing_and_the_import_links(db, tmp_path):
    settings.set_receivables_source("import")
    assert settings.receivables_source() == "import"
    c, oil, _ = priced_shop()
    placed = placing.place_order(c.id, [LineInput(oil.id, 2, "箱")], DAY)
    lifecycle.deliver(placed.order_id, date(2026, 11, 3))
    assert Receivable.select().count() == 0  # the accounting system bills it
    path = tmp_path / "ar.csv"
    path.write_text("客户名称,单号,开票日期,到期日,金额\n"
                    f"粮油店,{placed.number},2026-11-03,2026-11-18,520.00\n"
                    "粮油店,FP-9,2026-11-03,2026-11-18,10.00\n", encoding="utf-8")
    report = ledger_import.import_receivables(path)
    assert report.created == 2
    assert Receivable.get(Receivable.number == placed.number).order_id == placed.order_id
    assert Receivable.get(Receivable.number == "FP-9").order_id is None
    [row] = listing.list_orders()
    assert (row["billed"], row["receivable"], row["receivables"]) == (52000, 52000, [placed.number])
    with pytest.raises(UserError):
        settings.set_receivables_source("erp")


def test_a_complaint_is_a_note_linked_to_the_order(db):
    c, oil, _ = priced_shop()
    placed = placing.place_order(c.id, [LineInput(oil.id, 1)], DAY)
    note = complaints.add_complaint(placed.order_id, "送货晚了两天", rep="王伟", day=date(2026, 11, 4))
    got = Note.get_by_id(note.id)
    assert (got.kind, got.order_id, got.customer_id, got.title, got.written_on) == (
        "complaint", placed.order_id, c.id, placed.number, date(2026, 11, 4))
    assert [x["body"] for x in listing.order_detail(placed.order_id)["complaints"]] == ["送货晚了两天"]
    with pytest.raises(UserError):
        complaints.add_complaint(placed.order_id, "  ")


def test_a_merge_carries_orders_and_customer_prices(db):
    c, oil, _ = priced_shop()
    twin = shop("粮油店二号")
    placed = placing.place_order(twin.id, [LineInput(oil.id, 1)], DAY)
    CustomerPrice.create(customer=twin.id, product=oil.id, price=6300)
    admin.merge_customers(c.id, twin.id)
    assert SalesOrder.get_by_id(placed.order_id).customer_id == c.id
    assert CustomerPrice.select().where(CustomerPrice.customer == c.id).count() == 2
    assert [o["customer"] for o in listing.list_orders(customer_id=c.id)] == ["粮油店"]


def test_a_handover_moves_open_orders_and_leaves_finished_ones(db):
    create_rep("张敏")
    c, oil, _ = priced_shop()
    open_order = placing.place_order(c.id, [LineInput(oil.id, 1)], DAY)
    done = placing.place_order(c.id, [LineInput(oil.id, 1)], DAY)
    lifecycle.deliver(done.order_id, DAY)
    result = hand_over("张敏", from_rep="王伟")
    assert result.orders == 1 and result.to_json()["orders"] == 1
    assert SalesOrder.get_by_id(open_order.order_id).rep.name == "张敏"
    assert SalesOrder.get_by_id(done.order_id).rep.name == "王伟"  # who sold it stays
