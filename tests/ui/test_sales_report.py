"""Pilot tests of the Sales view (销售分析) opened from the reports section: the table and chart
of the hand-checked order history (tests/store/orders_fixture.py), grouping, periods, export."""
from __future__ import annotations

import csv

from textual.widgets import DataTable, Input, Static

from salesterm.app import SalesTermApp
from salesterm.store.db import open_database
from tests.conftest import TODAY
from tests.store.orders_fixture import build_orders
from tests.ui.conftest import until
from tests.ui.notes_helpers import table_rows


def orders_db(path) -> str:
    db = open_database(str(path))
    try:
        build_orders()
    finally:
        db.close()
    return str(path)


async def _open_sales(pilot, app):
    from salesterm.screens.sales_report import SalesReportScreen

    await until(pilot, lambda: getattr(app.screen, "ready", False), what="the reports section")
    await pilot.press("s")
    await until(pilot, lambda: isinstance(app.screen, SalesReportScreen) and app.screen.report is not None,
                what="the sales view")
    return app.screen


def _rows(screen):
    return table_rows(screen.query_one("#sales-table", DataTable))


async def test_sales_by_product_then_by_rep_against_target(tmp_path):
    app = SalesTermApp(db=orders_db(tmp_path / "s.db"), today=TODAY, start="reports", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_sales(pilot, app)
        rows = _rows(screen)
        assert rows[0] == ["金龙鱼 5L×4", "2", "18", "2,210.00", "1,460.00", "0.00"]
        assert rows[-1] == ["Total", "3", "52", "2,539.00", "1,669.00", "19.00"]
        chart = str(screen.query_one("#sales-chart").render())
        assert "Delivered (yuan)" in chart and "1,460" in chart
        assert "2026-11" in str(screen.query_one("#sales-head", Static).render())
        for _ in range(3):  # product -> category -> customer -> rep
            await pilot.press("b")
        await until(pilot, lambda: _rows(screen)[0][0] == "张三" and screen.by == "rep", what="by rep")
        assert _rows(screen)[0][-2:] == ["10,000.00", "11.7%"]
        assert "Target (yuan)" in str(screen.query_one("#sales-chart").render())
        await pilot.press("escape")
        await until(pilot, lambda: getattr(app.screen, "SECTION", "") == "reports" and app.screen.ready)


async def test_periods_quarter_and_earlier_months(tmp_path):
    app = SalesTermApp(db=orders_db(tmp_path / "s.db"), today=TODAY, start="reports", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_sales(pilot, app)
        await pilot.press("p")
        await until(pilot, lambda: "2026-Q4" in str(screen.query_one("#sales-head", Static).render())
                    and _rows(screen)[0][1] == "3", what="the quarter with October's order")
        await pilot.press("p", "p")  # year, then back to a month: the year's first
        await until(pilot, lambda: screen.period.name == "2026-01" and len(_rows(screen)) == 1)
        assert "No orders in this period" in str(screen.query_one("#sales-note", Static).render())
        await pilot.press("comma")
        await until(pilot, lambda: screen.period.name == "2025-12")


async def test_in_chinese_the_chart_is_in_wan(tmp_path):
    app = SalesTermApp(db=orders_db(tmp_path / "s.db"), today=TODAY, start="reports", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_sales(pilot, app)
        assert "签收 (万元)" in str(screen.query_one("#sales-chart").render())
        assert _rows(screen)[-1][0] == "合计"
        assert "2026年11月" in str(screen.query_one("#sales-head", Static).render())


async def test_export_what_is_shown(tmp_path):
    app = SalesTermApp(db=orders_db(tmp_path / "s.db"), today=TODAY, start="reports", lang="en")
    out = tmp_path / "sales.csv"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_sales(pilot, app)
        await pilot.press("b")
        await until(pilot, lambda: screen.by == "category" and _rows(screen)[0][0] == "粮油")
        shown = _rows(screen)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        app.screen.focused.value = str(out)
        await pilot.press("enter")
        await until(pilot, lambda: out.exists())
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "Category" and rows[1:] == shown


async def test_palette_opens_the_sales_view_in_chinese(tmp_path):
    from tests.ui.test_palette import _palette

    app = SalesTermApp(db=orders_db(tmp_path / "s.db"), today=TODAY, start="today", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await _palette(pilot, app, "xsfx", "销售分析")
        assert "6 → s" in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "SalesReportScreen"
                    and app.screen.report is not None, what="the sales view from the palette")


async def test_the_weekly_report_in_the_tui_lists_the_weeks_orders(tmp_path):
    app = SalesTermApp(db=orders_db(tmp_path / "s.db"), today=TODAY, start="reports", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "ready", False), what="the reports section")
        await pilot.press("w")
        await until(pilot, lambda: "本周订单 (3, ¥2,558.00)" in getattr(app.screen, "text", ""),
                    what="the week's orders in the weekly report")
        assert "| 2026-11-27 | 李四 | SO-4 | 永辉超市 | 120.00 | 已下单 |" in app.screen.text
