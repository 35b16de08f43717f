"""Logging an order at the close stage from Today, by keys: the deal is won (签约) and the
customer's trade log shows the real quantity."""
from __future__ import annotations

from salesterm.app import SalesTermApp
from salesterm.store import visits
from salesterm.store.models import Deal, TradeLine
from salesterm.store.sales import deals
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill

IDS: dict = {}


def _build():
    c = customer("粮油批发", grade="A", man_money="yes", man_authority="yes", man_need="yes")
    IDS["deal"] = deals.create_deal(c.id, title="食用油", amount="9000", stage="objections").id
    IDS["v"] = visits.plan_visit(c.id, day=TODAY, deal_id=IDS["deal"]).id
    IDS["c"] = c.id


def _check():
    deal = Deal.get_by_id(IDS["deal"])
    assert (deal.stage, deal.status) == ("signed", "won")
    assert [h.to_stage for h in deals.history(deal.id)] == ["objections", "close", "signed"]
    [line] = TradeLine.select().where(TradeLine.customer == IDS["c"])
    assert (line.product, line.quantity, line.amount) == ("金龙鱼5L", 40, 880000)


async def test_order_at_close_wins_the_deal_and_logs_the_quantity(tmp_path):
    path = str(tmp_path / "o.db")
    fill(path, _build)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en", rep="王伟")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("l")
        await until(pilot, lambda: app.screen.query_one("#log-stage").value == "objections",
                    what="the log form showing the deal's stage")
        await pilot.press("enter", "down", "enter")  # the stage list: one down from 处理拒绝意见 is 促成
        await until(pilot, lambda: app.screen.query_one("#log-stage").value == "close", what="Closing chosen")
        await pilot.press("tab", *"8800", "tab", *"金龙鱼5Lx40", "ctrl+s")  # × also works; Pilot has no key for it
        await until(pilot, lambda: app.screen.__class__.__name__ != "LogVisitScreen", what="the form saved")
        assert "deal won: Signed" in " ".join(str(n.message) for n in app._notifications)
    fill(path, _check)
