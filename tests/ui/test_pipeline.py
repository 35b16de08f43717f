"""Pilot tests of the pipeline board: columns, moves with the keyboard, M-A-N confirmation,
lost reason, filters, new deal."""
from __future__ import annotations

import re

from salesterm.app import SalesTermApp
from salesterm.config import Config
from salesterm.store.sales import deals
from salesterm.widgets.stage_board import StageBoard
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill, shown

IDS = {}


def _build():
    ok = customer("[bold]华联超市", grade="A", city="杭州", man_money="yes", man_authority="yes",
                  man_need="yes")
    doubt = customer("永辉超市", grade="B", city="宁波", man_money="yes", man_authority="unknown",
                     man_need="yes", rep="李娜")
    IDS["ok"] = deals.create_deal(ok.id, title="年货", amount="12000").id
    IDS["doubt"] = deals.create_deal(doubt.id, title="饮料", amount="3000", stage="objections").id


def _app(path, **kw):
    return SalesTermApp(db=path, today=TODAY, start="pipeline", lang="en", **kw)


async def test_board_shows_stages_cards_and_moves(tmp_path):
    path = str(tmp_path / "p.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        board = app.screen.query_one(StageBoard)
        text = shown(board, 160)
        for title in ("Preparation", "Observation", "Closing", "Signed", "Lost"):
            assert title in text
        assert "[bold]华联超市" in text  # user text shows literally
        assert "¥12k 0d" in text and "M✓ A✓ N✓" in text and "M✓ A? N✓" in text
        assert re.search(r"\b1 deal\b", text) and "1 deals" not in text and "¥12,000" in text
        assert "2 open deals" in str(app.screen.query_one("#pipeline-head").render())
        assert board.selected().customer == "[bold]华联超市"
        await pilot.press("l")
        await until(pilot)
        assert deals.get_deal(IDS["ok"]).stage == "observe"
        assert board.selected().deal_id == IDS["ok"]  # the cursor follows the card
        await pilot.press("shift+left")
        await until(pilot)
        assert deals.get_deal(IDS["ok"]).stage == "prepare"
        text = shown(board, 160)
        assert "→" in text and "median" in text


async def test_close_asks_for_man_confirmation_and_records_override(tmp_path):
    path = str(tmp_path / "p.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        board = app.screen.query_one(StageBoard)
        for _ in range(4):
            await pilot.press("right")
        assert board.selected().customer == "永辉超市"
        await pilot.press("l")
        await until(pilot)
        assert app.screen.__class__.__name__ == "ManConfirmScreen"
        await pilot.press("n")
        await until(pilot)
        assert deals.get_deal(IDS["doubt"]).stage == "objections"
        await pilot.press("l")
        await until(pilot)
        await pilot.press("y")
        await until(pilot)
        assert deals.get_deal(IDS["doubt"]).stage == "close"
        assert deals.history(IDS["doubt"])[-1].man_override is True


async def test_lost_asks_for_a_reason(tmp_path):
    path = str(tmp_path / "p.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("d")  # lost
        await until(pilot)
        assert app.screen.__class__.__name__ == "LostReasonScreen"
        await pilot.press("enter")  # empty: refused, the prompt stays
        await until(pilot)
        assert app.screen.__class__.__name__ == "LostReasonScreen"
        await pilot.press(*"price")
        await pilot.press("enter")
        await until(pilot)
        d = deals.get_deal(IDS["ok"])
        assert d.status == "lost" and d.lost_reason == "price"
        board = app.screen.query_one(StageBoard)
        assert board.selected().deal_id == IDS["ok"] and board.selected().stage == "lost"
        await pilot.press("d")  # already lost: no second prompt
        await until(pilot)
        assert app.screen.__class__.__name__ == "PipelineScreen"
        await pilot.press("h")  # reopens where it was
        await until(pilot)
        assert deals.get_deal(IDS["ok"]).stage == "prepare"


async def test_filters_and_template_from_config(tmp_path):
    path = str(tmp_path / "p.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        board = app.screen.query_one(StageBoard)
        await pilot.press("r")  # first rep: 李娜
        await until(pilot)
        cards = [c.customer for col in board.columns for c in col.cards]
        assert cards == ["永辉超市"]
        await pilot.press("0")
        await pilot.press("c")  # first city: 宁波
        await until(pilot)
        assert [c.customer for col in board.columns for c in col.cards] == ["永辉超市"]
        await pilot.press("0", "g")  # grade A
        await until(pilot)
        assert [c.customer for col in board.columns for c in col.cards] == ["[bold]华联超市"]
    app = _app(path, config=Config({"pipeline": {"template": "fmcg"}}))
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        text = shown(app.screen.query_one(StageBoard), 160)
        assert "Greeting" in text and "Store check" in text


async def test_new_deal_from_the_board(tmp_path):
    path = str(tmp_path / "p.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("n")
        await until(pilot)
        await pilot.press(*"永辉")
        await until(pilot, lambda: app.screen.query_one("#picker-options").option_count > 0)
        await pilot.press("enter")  # the first match
        await until(pilot, lambda: app.screen.customer_id is not None)
        await pilot.press(*"promo")
        await pilot.press("tab")
        await pilot.press(*"500")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any(c.title == "promo" for col in app.screen.query_one(
            StageBoard).columns for c in col.cards))
        cards = [c for col in app.screen.query_one(StageBoard).columns for c in col.cards]
        assert any(c.title == "promo" and c.amount == 50000 for c in cards)


async def test_slash_finds_deals(tmp_path):
    path = str(tmp_path / "p.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        board = app.screen.query_one(StageBoard)
        await pilot.press("slash")
        await pilot.press(*"yh")  # pinyin initials of 永辉
        await until(pilot)
        assert [c.customer for col in board.columns for c in col.cards] == ["永辉超市"]
        await pilot.press("enter")  # back to the board, the filter stays
        await pilot.press("l")
        await until(pilot)
        assert app.screen.__class__.__name__ == "ManConfirmScreen"
        await pilot.press("n")
        await until(pilot)
        await pilot.press("slash", "escape")
        await until(pilot)
        assert len([c for col in board.columns for c in col.cards]) == 2


async def test_enter_opens_the_deal_and_v_plans_a_visit(tmp_path):
    path = str(tmp_path / "p.db")

    def build():
        _build()
        # a second, smaller deal of the same customer: enter must open the card's own deal
        IDS["small"] = deals.create_deal(deals.get_deal(IDS["ok"]).customer_id, title="小单",
                                         amount="100", stage="observe").id

    fill(path, build)
    app = _app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("right", "enter")  # the 小单 card in Observation
        await until(pilot, lambda: app.screen.__class__.__name__ == "CustomerFileScreen"
                    and app.screen.file is not None, what="the customer file")
        from textual.widgets import DataTable, TabbedContent

        assert app.screen.query_one(TabbedContent).active == "deals"
        table = app.screen.query_one("#deals-table", DataTable)
        assert table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value == IDS["small"]
        assert "小单" in " ".join(str(c) for c in table.get_row_at(table.cursor_row))
        await pilot.press("escape")
        await until(pilot)
        await pilot.press("left")
        await until(pilot)
        await pilot.press("v")
        await until(pilot)
        assert app.screen.__class__.__name__ == "PlanVisitScreen"
        assert "年货" in str(app.screen.query_one("#visit-customer").render())


async def test_cards_name_the_deal_and_80_columns_scroll_between_stages(tmp_path):
    path = str(tmp_path / "p.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot)
        board = app.screen.query_one(StageBoard)
        assert len(board.columns) == 8 and board.visible_columns() == range(0, 5)
        text = shown(board, 80)
        assert "[bold]华联超市" in text and "年货" in text  # the customer and the deal
        assert "Preparation" in text and "Objections›" in text and "Lost" not in text
        await pilot.press(*["right"] * 7)  # to Lost: the window follows the cursor
        await until(pilot)
        assert board.visible_columns() == range(3, 8)
        text = shown(board, 80)
        assert "‹Presentation" in text and "Lost" in text and "Preparation" not in text
        assert "永辉超市" in text and "饮料" in text
