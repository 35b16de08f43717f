"""The import screen (f8, or the palette's Import from a file): pick the kind, give the path, see
the dry run's report, then import every row, only the good rows, or cancel (Pilot)."""
from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Select, Static

from salesterm.screens.forms.import_file import ImportScreen, complete_path
from tests.ui import make_app, status_text
from tests.ui.conftest import until

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _report(app) -> str:
    return str(app.screen.query_one("#import-report", Static).render())


def _status(app) -> str:
    return str(app.screen.query_one("#form-status", Static).render())


def _customers(path: str) -> int:
    import sqlite3

    with sqlite3.connect(path) as con:
        return con.execute("SELECT count(*) FROM customer").fetchone()[0]


async def _check(pilot, path: Path) -> None:
    app = pilot.app
    app.screen.query_one("#import-path", Input).value = str(path)
    app.screen.query_one("#import-path", Input).focus()
    await pilot.press("enter")
    await until(pilot, lambda: "Rows:" in _report(app) or "共" in _report(app), what="the dry run's report")


async def test_bad_rows_are_listed_whole_import_refused_then_good_rows_only(tmp_path):
    db = str(tmp_path / "new.db")
    app = make_app(db, start="customers")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.has_class("-empty"))
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))
        await _check(pilot, FIXTURES / "customers_bad.csv")
        report = _report(app)
        assert "Rows: 10, good: 1, bad: 9" in report
        assert "line 3, column A" in report and "line 11, column D" in report
        assert "9 bad row(s) of 10" in _status(app)
        await pilot.press("ctrl+s")  # every row: refused, nothing written
        await until(pilot, lambda: "Not imported" in _status(app))
        assert isinstance(app.screen, ImportScreen) and _customers(db) == 0
        await pilot.press("ctrl+g")  # only the good rows
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen), what="the screen closed")
        assert any("imported 1 new customer" in str(n.message) for n in app._notifications)
        await until(pilot, lambda: "1 of 1" in status_text(app), what="the imported customer listed")
    assert _customers(db) == 1


async def test_gbk_file_from_the_palette_in_chinese_imports_all_rows(tmp_path):
    db = str(tmp_path / "new.db")
    app = make_app(db, start="customers", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.has_class("-empty"))
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"daoru")
        await until(pilot, lambda: "从文件导入" in str(
            app.screen.query_one(CommandList).get_option_at_index(0).prompt))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))
        await _check(pilot, FIXTURES / "customers_gbk.csv")
        assert "共 6 行，无误 6 行，有误 0 行" in _report(app)
        assert "按 ctrl+s 导入" in _status(app)
        assert _customers(db) == 0  # the check wrote nothing
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen), what="the screen closed")
        assert any("新客户 6 个" in str(n.message) for n in app._notifications)
    assert _customers(db) == 6


async def test_contacts_kind_and_escape_cancels_writing_nothing(tmp_path):
    db = str(tmp_path / "new.db")
    app = make_app(db, start="customers")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))
        app.screen.query_one("#import-kind", Select).value = "contacts"
        await _check(pilot, FIXTURES / "contacts_gbk.csv")
        assert "bad:" in _report(app)  # no customers on file: the contacts' customers are not found
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
    assert _customers(db) == 0


async def test_a_missing_file_says_so_and_keeps_the_screen_open(tmp_path):
    app = make_app(str(tmp_path / "new.db"), start="customers")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "nope.csv")
        await pilot.press("enter")
        await until(pilot, lambda: "nope.csv" in _status(app) and "Checking" not in _status(app))
        assert isinstance(app.screen, ImportScreen)


def test_complete_path_prefers_folders_and_spreadsheets(tmp_path):
    (tmp_path / "客户资料.xlsx").write_text("x")
    (tmp_path / "客户.txt").write_text("x")
    (tmp_path / "客户备份").mkdir()
    base = str(tmp_path) + "/"
    assert complete_path(base + "客户") == base + "客户备份/"
    (tmp_path / "客户备份").rmdir()
    assert complete_path(base + "客户") == base + "客户资料.xlsx"
    assert complete_path(base + "zzz") is None
    assert complete_path("") is None


async def test_a_large_file_shows_a_progress_line_while_it_is_checked(tmp_path, monkeypatch):
    import threading

    from salesterm.screens.forms import import_file
    from salesterm.store.io.tabular import ImportReport

    go_on = threading.Event()

    def slow_importer(kind, path, *, dry_run, progress, **_kw):
        progress("checking", 50_000, 100_000)
        assert go_on.wait(30)
        return ImportReport(dry_run=dry_run, rows=100_000, created=100_000)

    monkeypatch.setattr(import_file, "run_importer", slow_importer)
    app = make_app(str(tmp_path / "new.db"), start="customers")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))
        app.screen.query_one("#import-path", Input).value = "big.csv"
        await pilot.press("enter")
        await until(pilot, lambda: "50,000 of 100,000" in _status(app), what="the progress line")
        go_on.set()
        await until(pilot, lambda: "Rows: 100,000, good: 100,000, bad: 0" in _report(app))
