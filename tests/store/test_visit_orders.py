"""An order logged on a visit: trade lines with real quantities, and at the close stage the
customer's deal won (签约) through move_deal, or opened there."""
from __future__ import annotations

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import visits
from salesterm.store.models import Deal, DealStageChange, TradeLine, Visit
from salesterm.store.sales import deals
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer


def _lines(customer_id):
    return list(TradeLine.select().where(TradeLine.customer == customer_id).order_by(TradeLine.amount.desc()))


def test_order_at_close_moves_the_open_deal_to_signed_with_history(db):
    c = customer("粮油店", man_money="yes", man_authority="yes", man_need="yes")
    deal = deals.create_deal(c.id, title="食用油", amount="9000", stage="objections")
    v = visits.plan_visit(c.id, day=TODAY)  # planned without the deal: the customer's open deal is found
    res = visits.log_visit(v.id, stage_reached="close", order_amount="8,800", order_product="金龙鱼5L×40")
    got = Deal.get_by_id(deal.id)
    assert got.stage == "signed" and got.status == "won" and got.amount == 900000
    assert res.deal_id == deal.id and res.deal_stage == "signed"
    moves = [(h.from_stage, h.to_stage) for h in deals.history(deal.id)]
    assert moves[-1] == ("objections", "signed")
    assert Visit.get_by_id(v.id).deal_id == deal.id
    [line] = _lines(c.id)
    assert (line.product, line.quantity, line.amount) == ("金龙鱼5L", 40, 880000)


def test_order_on_the_visits_deal_goes_close_then_signed(db):
    c = customer("超市", man_money="yes", man_authority="yes", man_need="yes")
    deal = deals.create_deal(c.id, title="饮料", stage="present")
    v = visits.plan_visit(c.id, day=TODAY, deal_id=deal.id)
    visits.log_visit(v.id, stage_reached="close", order_amount="500", order_product="可乐×10")
    got = Deal.get_by_id(deal.id)
    assert got.stage == "signed" and got.amount == 50000  # the deal had no amount: the order's
    assert [(h.from_stage, h.to_stage) for h in deals.history(deal.id)][1:] == [
        ("present", "close"), ("close", "signed")]


def test_order_at_close_without_a_deal_opens_one_at_signed(db):
    c = customer("便利店")
    v = visits.plan_visit(c.id, day=TODAY)
    res = visits.log_visit(v.id, stage_reached="signed", order_amount="8800",
                           order_product="金龙鱼5L×40，鲁花花生油×20")
    deal = Deal.get_by_id(res.deal_id)
    assert (deal.stage, deal.status, deal.amount, deal.title) == ("signed", "won", 880000, "金龙鱼5L、鲁花花生油")
    assert DealStageChange.select().where(DealStageChange.deal == deal.id).count() == 1
    lines = _lines(c.id)
    assert [(x.product, x.quantity) for x in lines] == [("金龙鱼5L", 40), ("鲁花花生油", 20)]
    assert sum(x.amount for x in lines) == 880000 and lines[0].amount == 586667


def test_order_below_close_leaves_deals_alone_and_quantity_is_never_zero(db):
    c = customer("小卖部")
    deal = deals.create_deal(c.id, title="饮料", stage="opening")
    v = visits.plan_visit(c.id, day=TODAY)
    visits.log_visit(v.id, stage_reached="present", order_amount="100", order_product="饮料", order_quantity=6)
    assert Deal.get_by_id(deal.id).stage == "opening"  # not the visit's deal, and no close
    assert Deal.select().count() == 1
    [line] = _lines(c.id)
    assert (line.product, line.quantity) == ("饮料", 6)
    v2 = visits.plan_visit(c.id, day=TODAY)
    visits.log_visit(v2.id, order_amount="50")
    assert all(x.quantity > 0 for x in _lines(c.id))


def test_an_order_that_names_no_quantity_for_one_of_several_products_writes_nothing(db):
    c = customer("烟酒店")
    v = visits.plan_visit(c.id, day=TODAY)
    with pytest.raises(UserError, match="how many of 鲁花"):
        visits.log_visit(v.id, stage_reached="close", order_amount="100", order_product="金龙鱼×4、鲁花")
    with pytest.raises(UserError, match="at least 1"):
        visits.log_visit(v.id, order_amount="100", order_product="金龙鱼×0")
    assert Visit.get_by_id(v.id).status == "planned"
    assert not _lines(c.id) and Deal.select().count() == 0


def test_order_at_close_needs_man_or_the_override(db):
    c = customer("批发部", man_money="yes", man_authority="no", man_need="yes")
    deal = deals.create_deal(c.id, title="米", stage="objections")
    v = visits.plan_visit(c.id, day=TODAY)
    with pytest.raises(deals.ManConfirmationNeeded):
        visits.log_visit(v.id, stage_reached="close", order_amount="100", order_product="米×2")
    assert Deal.get_by_id(deal.id).stage == "objections" and not _lines(c.id)
    visits.log_visit(v.id, stage_reached="close", order_amount="100", order_product="米×2", confirm_override=True)
    assert Deal.get_by_id(deal.id).stage == "signed"
