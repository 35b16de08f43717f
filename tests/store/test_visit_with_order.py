"""A visit logged with an order (store/orders/from_visit): one write. The visit is done and the
order placed from it, with its total on the visit; a refusal of the order leaves the visit
planned and nothing written. On both backends (the db fixture)."""
from __future__ import annotations

from datetime import date

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import visits
from salesterm.store.models import OrderLine, Payment, Product, SalesOrder, Visit
from salesterm.store.orders.from_visit import has_catalogue, log_visit_with_order
from salesterm.store.orders.placing import LineInput
from tests.store.orders.fixtures import priced_shop

DAY = date(2026, 9, 25)


def test_the_visit_and_its_order_are_written_together(db):
    assert not has_catalogue()
    c, oil, peanut = priced_shop()
    assert has_catalogue()
    visit_id = visits.plan_visit(c.id, day=DAY).id
    done = log_visit_with_order(visit_id, [LineInput(oil.id, 2, "箱")], day=DAY, notes="下了单", collected="100")
    order = SalesOrder.get_by_id(done.order.order_id)
    visit = Visit.get_by_id(visit_id)
    assert (order.visit_id, order.total, order.customer_id) == (visit_id, 2 * 4 * 6500, c.id)
    assert (visit.status, visit.order_amount, visit.notes) == ("done", 52000, "下了单")
    assert done.log.payment_id is not None


def test_a_refused_order_leaves_the_visit_planned(db):
    c, oil, peanut = priced_shop()
    visit_id = visits.plan_visit(c.id, day=DAY).id
    Product.update(status="discontinued").where(Product.id == peanut.id).execute()  # while the form was open
    with pytest.raises(UserError):
        log_visit_with_order(visit_id, [LineInput(oil.id, 1), LineInput(peanut.id, 3)], day=DAY, collected="100")
    assert Visit.get_by_id(visit_id).status == "planned"
    assert (SalesOrder.select().count(), OrderLine.select().count(), Payment.select().count()) == (0, 0, 0)


def test_without_lines_the_free_text_order_still_logs(db):
    c, _oil, _peanut = priced_shop()
    visit_id = visits.plan_visit(c.id, day=DAY).id
    done = log_visit_with_order(visit_id, [], day=DAY, order_amount="880", order_product="金龙鱼5L×40")
    assert done.order is None and Visit.get_by_id(visit_id).order_amount == 88000
    assert SalesOrder.select().count() == 0
