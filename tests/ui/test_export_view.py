"""Export what I see: `x` on any list writes every row of the filtered, sorted list with the
columns and values as shown, headers in the UI's language (Pilot)."""
from __future__ import annotations

import csv

from textual.widgets import DataTable, Input

from salesterm.widgets.lazy_table import LazyTable
from tests.ui import make_app, seeded_db, status_text
from tests.ui.conftest import until
from tests.ui.notes_helpers import demo_db


async def _export(pilot, app, path) -> None:
    """Press x, type PATH into the file-name prompt, accept, wait for the notification."""
    before = len(app._notifications)
    await pilot.press("x")
    await until(pilot, lambda: isinstance(app.screen.focused, Input), what="the export prompt")
    app.screen.focused.value = str(path)
    await pilot.press("enter")
    def finished() -> bool:
        news = list(app._notifications)[before:]
        return any(n.severity == "error" or not str(n.message).startswith(("Exporting", "正在导出")) for n in news)

    await until(pilot, finished, what="the export's notification")


def _csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel and WPS read the Chinese
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _last_message(app) -> str:
    return str(list(app._notifications)[-1].message)


async def test_customers_export_every_filtered_row_in_the_shown_order(tmp_path):
    out = tmp_path / "a.csv"
    app = make_app(seeded_db(tmp_path, 600), lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "600" in status_text(app))
        await pilot.press("g")  # grade A only: 150 customers, more than one page of rows
        await until(pilot, lambda: "150 / 600" in status_text(app) or "150" in status_text(app).split()[0])
        table = app.screen.query_one(LazyTable)
        await until(pilot, lambda: table.count == 150 and table.fetch is not None)
        await pilot.press("S")  # reversed order
        await until(pilot, lambda: table.sort_desc and table.fetch is not None and table.row_at(0) is not None)
        first, titles = table.row_at(0), [c.title for c in table.columns]
        await pilot.press("end")
        await until(pilot, lambda: table.row_at(149) is not None)
        last = table.row_at(149)
        await _export(pilot, app, out)
        assert str(out) in _last_message(app) and "150" in _last_message(app)
    rows = _csv(out)
    assert rows[0] == titles and rows[0][:2] == ["名称", "等级"]
    assert len(rows) == 151 and {r[1] for r in rows[1:]} == {"A"}
    assert rows[1][0] == first.name and rows[-1][0] == last.name  # the list's order, every row
    assert len({r[0] for r in rows[1:]}) == 150


async def test_archived_toggle_moved_to_A_and_x_exports(tmp_path):
    app = make_app(seeded_db(tmp_path, 200))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "200 of 200" in status_text(app))
        await pilot.press("A")
        await until(pilot, lambda: "archived customers" in status_text(app))
        await pilot.press("A")
        await until(pilot, lambda: "200 of 200 customers" in status_text(app))


async def test_queue_export_holds_every_page(tmp_path):
    out = tmp_path / "queue.xlsx"
    from openpyxl import load_workbook

    path = demo_db(tmp_path / "q.db", customers=300)
    app = make_app(path, start="collections", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.queue_total_rows > 0 and screen.table.row_count > 0)
        total = screen.queue_total_rows
        shown = [[c.plain if hasattr(c, "plain") else str(c) for c in screen.table.get_row_at(0)][1:]]
        await _export(pilot, app, out)
        assert str(out) in _last_message(app)
    rows = list(load_workbook(out).active.values)
    assert rows[0][:3] == ("优先级", "客户", "业务员")
    assert len(rows) == total + 1
    assert list(rows[1]) == [c.strip() for c in shown[0]]


async def test_today_pipeline_and_notes_export_as_shown(tmp_path):
    path = demo_db(tmp_path / "t.db", customers=120)
    app = make_app(path, start="today")
    async with app.run_test(size=(120, 40)) as pilot:
        agenda = app.screen.query_one("#agenda", DataTable)
        await until(pilot, lambda: agenda.row_count > 0)
        await _export(pilot, app, tmp_path / "today.csv")
        rows = _csv(tmp_path / "today.csv")
        assert rows[0][:2] == ["When", "Customer"] and len(rows) == agenda.row_count + 1
        await pilot.press("3")
        await until(pilot, lambda: type(app.screen).__name__ == "PipelineScreen")
        await until(pilot)
        await _export(pilot, app, tmp_path / "deals.csv")
        rows = _csv(tmp_path / "deals.csv")
        assert rows[0][:3] == ["Stage", "Customer", "Deal"] and len(rows) > 1
        stage_names = {c.title for c in app.screen.query_one("StageBoard").columns}
        assert {r[0] for r in rows[1:]} <= stage_names
        await pilot.press("5")
        await until(pilot, lambda: type(app.screen).__name__ == "NotesScreen")
        notes = app.screen.query_one("#notes-table", DataTable)
        await until(pilot, lambda: notes.row_count > 0)
        await _export(pilot, app, tmp_path / "notes.csv")
        rows = _csv(tmp_path / "notes.csv")
        assert len(rows) == notes.row_count + 1


async def test_a_relative_name_lands_in_the_default_folder_and_errors_are_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(seeded_db(tmp_path, 50))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "50 of 50" in status_text(app))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        assert app.screen.focused.value.startswith(str(tmp_path))  # a full path is proposed
        await pilot.press("escape")
        await _export(pilot, app, "list.csv")
        assert (tmp_path / "list.csv").exists()
        assert str(tmp_path / "list.csv") in _last_message(app)
        await _export(pilot, app, tmp_path / "no-such-folder" / "list.csv")
        message = list(app._notifications)[-1]
        assert message.severity == "error" and "no-such-folder" in str(message.message)
        assert type(app.screen).__name__ == "CustomersScreen"  # the app goes on


async def test_week_plan_and_coverage_export(tmp_path):
    path = demo_db(tmp_path / "p.db", customers=120)
    app = make_app(path, start="today", rep="张伟")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("w")
        await until(pilot, lambda: type(app.screen).__name__ == "PlanScreen")
        plan = app.screen.query_one("#plan-table", DataTable)
        await until(pilot, lambda: plan.row_count > 0)
        await _export(pilot, app, tmp_path / "plan.csv")
        rows = _csv(tmp_path / "plan.csv")
        assert rows[0][:3] == ["Day", "Slot", "Customer"] and len(rows) == plan.row_count + 1
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "TodayScreen")
        await pilot.press("c")
        await until(pilot, lambda: type(app.screen).__name__ == "CoverageScreen")
        table = app.screen.query_one("#coverage-table", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        await _export(pilot, app, tmp_path / "coverage.xlsx")
        assert str(tmp_path / "coverage.xlsx") in _last_message(app)
        assert (tmp_path / "coverage.xlsx").stat().st_size > 0
