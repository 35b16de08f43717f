"""Pilot tests of the visit forms: plan a visit (customer picker, collection pre-filled when money
is overdue, repeated-reason warning, script, materials) and log one (payment, promise, stage)."""
from __future__ import annotations

import datetime as dt
import json

from textual.widgets import SelectionList

from salesterm import clock
from salesterm.app import SalesTermApp
from salesterm.store import visits
from salesterm.store.ledger.receivables import record_receivable
from salesterm.store.models import Payment, Promise, Visit
from salesterm.store.sales import deals
from salesterm.store.sales.scripts import create_script
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill

IDS: dict = {}


def _build():
    clock.set_today(TODAY - dt.timedelta(days=7))
    c = customer("欠款超市", grade="B", man_money="yes", man_authority="no", man_need="yes")
    old = visits.plan_visit(c.id, day=clock.today(), reason="催收十月货款")
    visits.log_visit(old.id)
    clock.set_today(TODAY)
    record_receivable(c.id, number="SO-7", issued=TODAY - dt.timedelta(days=60),
                      due=TODAY - dt.timedelta(days=20), amount=300000)
    IDS["script"] = create_script("催款说法", "王总，上月的货款……").id
    IDS["c"] = c.id
    IDS["deal"] = deals.create_deal(c.id, title="饮料", amount="5000", stage="objections").id


async def test_plan_a_visit_from_scratch(tmp_path):
    from salesterm.screens.forms.visit_plan import PlanVisitScreen

    path = str(tmp_path / "v.db")
    fill(path, _build)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("n")
        await until(pilot)
        assert isinstance(app.screen, PlanVisitScreen)
        await pilot.press(*"欠款")
        await until(pilot, lambda: app.screen.query_one("#picker-options").option_count > 0)
        await pilot.press("enter")
        await until(pilot, lambda: "Overdue" in str(app.screen.query_one("#visit-money").render()))
        screen = app.screen
        # money overdue: the collection objective is pre-filled and said so
        assert list(screen.query_one("#visit-admin", SelectionList).selected) == ["collect"]
        assert "Overdue ¥3,000.00" in str(screen.query_one("#visit-money").render())
        assert "催收十月货款" in str(screen.query_one("#visit-money").render())
        screen.query_one("#visit-date").value = "2026-12-02"
        screen.query_one("#visit-reason").value = "催收十月货款"
        await until(pilot)
        assert "repeats the last visit" in str(screen.query_one("#visit-reason-warn").render())
        screen.query_one("#visit-reason").value = "对账并催收十一月货款"
        await until(pilot)
        assert str(screen.query_one("#visit-reason-warn").render()) == ""
        screen.query_one("#visit-proposal").value = "月底前结清送两箱"
        screen.query_one("#visit-script").value = IDS["script"]
        screen.query_one("#visit-materials", SelectionList).select("quotation")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TodayScreen")
        assert app.screen.__class__.__name__ == "TodayScreen"
    fill(path, _check_planned)


def _check_planned():
    v = Visit.get((Visit.customer == IDS["c"]) & (Visit.status == "planned"))
    assert v.planned_date == dt.date(2026, 12, 2) and v.pinned
    assert json.loads(v.admin_objectives) == ["collect"]
    assert json.loads(v.materials) == ["quotation", "cards"]
    assert v.script_id == IDS["script"] and v.proposal == "月底前结清送两箱"


async def test_bad_date_is_refused_in_the_form(tmp_path):
    from salesterm.screens.forms.visit_plan import PlanVisitScreen

    path = str(tmp_path / "v.db")
    fill(path, _build)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.push_screen(PlanVisitScreen(customer_id=IDS["c"]))
        await until(pilot)
        app.screen.query_one("#visit-date").value = "2026-02-30"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert isinstance(app.screen, PlanVisitScreen)
        assert "no such date" in str(app.screen.query_one("#form-status").render())


async def test_log_a_deal_visit_with_payment_promise_and_man_override(tmp_path):
    from salesterm.screens.forms.visit_plan import LogVisitScreen

    path = str(tmp_path / "v.db")

    def build():
        _build()
        IDS["v"] = visits.plan_visit(IDS["c"], day=TODAY, deal_id=IDS["deal"],
                                     script_id=IDS["script"]).id

    fill(path, build)
    app = SalesTermApp(db=path, today=TODAY, start="pipeline", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.push_screen(LogVisitScreen(IDS["v"]))
        await until(pilot)
        s = app.screen
        assert "欠款超市" in str(s.query_one("#log-head").render())
        assert s.query_one("#log-stage").value == "objections"
        s.query_one("#log-stage").value = "close"
        s.query_one("#log-order").value = "800"
        s.query_one("#log-collected").value = "1000"
        s.query_one("#log-method").value = "wechat"
        s.query_one("#log-promise-amount").value = "2000"
        s.query_one("#log-promise-date").value = "2026-12-15"
        s.query_one("#log-reaction").value = "positive"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen.__class__.__name__ == "ManConfirmScreen"
        await pilot.press("y")
        await until(pilot)
        assert app.screen.__class__.__name__ == "PipelineScreen"
    fill(path, _check_logged)


def _check_logged():
    v = Visit.get_by_id(IDS["v"])
    assert v.status == "done" and v.order_amount == 80000 and v.stage_reached == "close"
    pay = Payment.get()
    assert pay.amount == 100000 and pay.method == "wechat"
    assert Promise.get(Promise.status == "open").amount == 200000
    assert deals.get_deal(IDS["deal"]).stage == "signed"  # an order at the close stage wins the deal (issue 11)
    moves = deals.history(IDS["deal"])
    assert [(h.to_stage, h.man_override) for h in moves[-2:]] == [("close", True), ("signed", False)]


async def test_one_down_arrow_and_enter_pick_the_first_customer(tmp_path):
    from salesterm.screens.forms.visit_plan import PlanVisitScreen

    path = str(tmp_path / "v.db")
    fill(path, _build)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.push_screen(PlanVisitScreen())
        await until(pilot)
        await pilot.press(*"qkcs")  # 欠款超市 by its initials
        await until(pilot, lambda: app.screen.query_one("#picker-options").option_count > 0)
        await pilot.press("down", "enter")
        await until(pilot)
        picker = app.screen.query_one("CustomerPicker")
        assert picker.customer_id == IDS["c"]
        assert app.screen.query_one("#picker-input").value == "欠款超市"
