"""Planning, moving, cancelling and logging visits: orders, payments, promises, revisits."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import visits
from salesterm.store.ledger.receivables import open_balance, record_receivable
from salesterm.store.models import CollectionAttempt, Payment, Promise, ScriptUse, TradeLine, Visit
from salesterm.store.sales import deals
from salesterm.store.sales.scripts import create_script
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer


def test_plan_visit_with_objectives_materials_and_script(db):
    c = customer("华联超市")
    s = create_script("新品开场白", "您好，我们新出了……")
    v = visits.plan_visit(c.id, day="2026-12-01", slot="下午", sales_objectives=["more_varieties"],
                          admin_objectives=["policy"], reason="介绍新品", proposal="买十送一",
                          script_id=s.id, materials=["samples", "quotation"])
    got = Visit.get_by_id(v.id)
    assert got.planned_date == dt.date(2026, 12, 1) and got.slot == "pm" and got.pinned
    assert json.loads(got.sales_objectives) == ["more_varieties"]
    assert json.loads(got.materials) == ["samples", "quotation"]
    assert got.rep.name == "王伟"
    assert visits.last_reason(c.id) == "介绍新品"
    with pytest.raises(UserError):
        visits.plan_visit(c.id, day="2026-13-01")
    with pytest.raises(UserError):
        visits.plan_visit(c.id, day="2026-12-01", materials=["beer"])


def test_form_defaults_prefill_collection_when_money_is_overdue(db):
    c = customer("欠款店", no_morning_collection=True)
    record_receivable(c.id, number="SO-1", issued=TODAY - dt.timedelta(days=60),
                      due=TODAY - dt.timedelta(days=30), amount=500000)
    form = visits.form_defaults(customer_id=c.id)
    assert form.admin == ["collect"] and form.overdue == 500000 and form.balance == 500000
    assert form.sales == ["first_order"] and form.slot == "pm"
    clean = customer("新店")
    assert visits.form_defaults(customer_id=clean.id).admin == []


def test_move_and_cancel(db):
    c = customer("物美")
    v = visits.plan_visit(c.id, day=TODAY, pinned=False)
    visits.move_visit(v.id, "2026-12-03", "pm")
    got = Visit.get_by_id(v.id)
    assert got.planned_date == dt.date(2026, 12, 3) and got.slot == "pm" and got.pinned
    visits.cancel_visit(v.id)
    assert Visit.get_by_id(v.id).status == "cancelled"
    with pytest.raises(UserError):
        visits.log_visit(v.id)


def test_log_visit_writes_order_payment_promise_and_revisit(db):
    c = customer("大润发")
    record_receivable(c.id, number="SO-9", issued=TODAY - dt.timedelta(days=40),
                      due=TODAY - dt.timedelta(days=10), amount=300000)
    s = create_script("催款说法", "王总，上月的货款……")
    v = visits.plan_visit(c.id, day=TODAY, admin_objectives=["collect"], script_id=s.id)
    res = visits.log_visit(v.id, order_amount="1,500", order_product="饮料", collected="1000",
                           payment_method="cash", promise_date=TODAY + dt.timedelta(days=7),
                           promise_amount="2000", complaint_handled=True, notes="店长换人",
                           revisit_date=TODAY + dt.timedelta(days=14), script_reaction="positive")
    got = Visit.get_by_id(v.id)
    assert got.status == "done" and got.order_amount == 150000 and got.complaint_handled
    assert got.revisit_date == TODAY + dt.timedelta(days=14) and got.notes == "店长换人"
    line = TradeLine.get_by_id(res.trade_line_id)
    assert line.direction == "sale" and line.amount == 150000 and line.product == "饮料"
    pay = Payment.get_by_id(res.payment_id)
    assert pay.amount == 100000 and pay.day == TODAY
    assert open_balance(c.id) == 200000
    assert CollectionAttempt.select().where(CollectionAttempt.visit == v.id).count() == 1
    assert Promise.get_by_id(res.promise_id).amount == 200000
    use = ScriptUse.get(ScriptUse.visit == v.id)
    assert use.reaction == "positive"
    with pytest.raises(UserError, match="already logged"):
        visits.log_visit(v.id)


def test_bad_log_input_writes_nothing(db):
    c = customer("永辉")
    v = visits.plan_visit(c.id, day=TODAY)
    with pytest.raises(UserError):
        visits.log_visit(v.id, order_amount="100", collected="abc")
    with pytest.raises(UserError):
        visits.log_visit(v.id, promise_amount="100")  # no date
    with pytest.raises(UserError):
        visits.log_visit(v.id, revisit_date=TODAY)  # must be after today
    assert Visit.get_by_id(v.id).status == "planned"
    assert TradeLine.select().count() == 0


def test_logging_a_deal_visit_moves_the_deal_forward(db):
    c = customer("家乐福", man_money="yes", man_authority="no", man_need="yes")
    d = deals.create_deal(c.id, amount=1000)
    v = visits.plan_visit(c.id, day=TODAY, deal_id=d.id)
    visits.log_visit(v.id, stage_reached="present")
    assert deals.get_deal(d.id).stage == "present"
    v2 = visits.plan_visit(c.id, day=TODAY, deal_id=d.id)
    with pytest.raises(deals.ManConfirmationNeeded):
        visits.log_visit(v2.id, stage_reached="close")
    assert Visit.get_by_id(v2.id).status == "planned"
    visits.log_visit(v2.id, stage_reached="close", confirm_override=True)
    assert deals.history(d.id)[-1].man_override


def test_a_visit_is_not_moved_into_the_past(db):
    v = visits.plan_visit(customer("质检超市", grade="B").id, day=TODAY)
    with pytest.raises(UserError, match="cannot be moved into the past"):
        visits.move_visit(v.id, TODAY - dt.timedelta(days=28), "am")
    assert visits.get_visit(v.id).planned_date == TODAY
    assert visits.move_visit(v.id, TODAY, "pm").slot == "pm"


def test_a_cancelled_visit_can_be_planned_again_and_only_that(db):
    v = visits.plan_visit(customer("质检商行", grade="C").id, day=TODAY)
    with pytest.raises(UserError, match="only a cancelled visit"):
        visits.restore_visit(v.id)
    visits.cancel_visit(v.id)
    assert visits.restore_visit(v.id).status == "planned"
    assert visits.get_visit(v.id).planned_date == TODAY
