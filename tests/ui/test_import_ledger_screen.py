"""The import screen (f8) as a user drives it (Pilot): a path typed and completed with → (the
right arrow takes the suggestion, folders first, then spreadsheets before other files), and the
ledger imported from the screen end to end: receivables, then payments, each checked first (the
dry run's report, nothing written), then ctrl+s, and the rows are in the database."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Input, Select, Static

from salesterm.screens.forms.import_file import ImportScreen
from tests.ui import make_app
from tests.ui.conftest import until

RECEIVABLES = """客户名称,单号,开票日期,到期日,金额,业务员
甲批发部,XS-001,2026-09-01,2026-10-01,"1,200.00",王伟
甲批发部,XS-002,2026-11-01,2026-12-01,800.50,王伟
乙超市,XS-003,2026-08-15,2026-09-15,300,李娜
"""
PAYMENTS = """客户名称,单号,付款日期,金额,方式,凭证号
甲批发部,XS-001,2026-11-20,500.00,转账,PZ-01
乙超市,,2026-11-25,300.00,现金,PZ-02
"""


def _seed(path: Path) -> None:
    """Two customers (甲批发部 of 王伟, 乙超市 of 李娜) and no ledger."""
    from salesterm.store import customers
    from salesterm.store.db import open_database

    db = open_database(str(path))
    customers.create_customer({"name": "甲批发部", "city": "广州"}, rep="王伟")
    customers.create_customer({"name": "乙超市", "city": "深圳"}, rep="李娜")
    db.close()


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute(sql).fetchall()


def _path_input(app) -> Input:
    return app.screen.query_one("#import-path", Input)


def _report(app) -> str:
    return str(app.screen.query_one("#import-report", Static).render())


def _status(app) -> str:
    return str(app.screen.query_one("#form-status", Static).render())


async def _complete(pilot, typed: str, expected: str) -> None:
    """Type TYPED at the end of the path, wait for the suggestion EXPECTED, take it with →."""
    field = _path_input(pilot.app)
    await pilot.press(*typed)
    await until(pilot, lambda: field._suggestion == expected, what=f"the suggestion {expected}")
    await pilot.press("right")
    await until(pilot, lambda: field.value == expected, what="the suggestion taken")


async def _open_import(pilot, kind: str, folder: Path) -> None:
    app = pilot.app
    await pilot.press("f8")
    await until(pilot, lambda: isinstance(app.screen, ImportScreen), what="the import screen")
    app.screen.query_one("#import-kind", Select).value = kind
    field = _path_input(app)
    field.focus()
    field.value = str(folder) + "/"
    field.cursor_position = len(field.value)


async def test_the_right_arrow_completes_a_folder_then_a_spreadsheet_then_enter_checks_it(tmp_path):
    db = tmp_path / "ledger.db"
    _seed(db)
    books = tmp_path / "accounts"
    books.mkdir()
    (books / "readme.txt").write_text("not a ledger", encoding="utf-8")
    (books / "receivables.csv").write_text(RECEIVABLES, encoding="utf-8")
    app = make_app(str(db), start="customers")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await _open_import(pilot, "receivables", tmp_path)
        await _complete(pilot, "acc", f"{books}/")  # a folder gets its slash
        await _complete(pilot, "re", f"{books}/receivables.csv")  # the spreadsheet before readme.txt
        await pilot.press("enter")
        await until(pilot, lambda: "Rows: 3, good: 3, bad: 0" in _report(app), what="the dry run's report")
        assert "would import 3 new receivables (dry run: nothing written)" in _report(app)
        assert "All 3 rows are good: ctrl+s imports them" in _status(app)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen), what="the screen closed")
    assert _rows(db, "SELECT COUNT(*) FROM receivable") == [(0,)]


async def test_receivables_then_payments_imported_from_the_screen_land_in_the_database(tmp_path):
    db = tmp_path / "ledger.db"
    _seed(db)
    (tmp_path / "receivables.csv").write_text(RECEIVABLES, encoding="utf-8")
    (tmp_path / "payments.csv").write_text(PAYMENTS, encoding="utf-8")
    app = make_app(str(db), start="collections")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await _open_import(pilot, "receivables", tmp_path)
        await _complete(pilot, "rec", f"{tmp_path}/receivables.csv")
        await pilot.press("enter")
        await until(pilot, lambda: "Rows: 3, good: 3, bad: 0" in _report(app), what="the receivables checked")
        assert _rows(db, "SELECT COUNT(*) FROM receivable") == [(0,)]  # the check wrote nothing
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen), what="the screen closed")
        assert any("imported 3 new receivables" in str(n.message) for n in app._notifications)

        await _open_import(pilot, "payments", tmp_path)
        await _complete(pilot, "pay", f"{tmp_path}/payments.csv")
        await pilot.press("enter")
        await until(pilot, lambda: "Rows: 2, good: 2, bad: 0" in _report(app), what="the payments checked")
        assert "would import 2 new payments" in _report(app)
        assert _rows(db, "SELECT COUNT(*) FROM payment") == [(0,)]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen), what="the screen closed")
        assert any("imported 2 new payments" in str(n.message) for n in app._notifications)
    assert _rows(db, "SELECT r.number, c.name, r.due, r.amount, r.paid FROM receivable r "
                     "JOIN customer c ON c.id = r.customer_id ORDER BY r.number") == [
        ("XS-001", "甲批发部", "2026-10-01", 1_200_00, 500_00),
        ("XS-002", "甲批发部", "2026-12-01", 800_50, 0),
        ("XS-003", "乙超市", "2026-09-15", 300_00, 300_00),  # no number named: the oldest open line
    ]
    assert _rows(db, "SELECT p.number, c.name, p.amount, p.method FROM payment p "
                     "JOIN customer c ON c.id = p.customer_id ORDER BY p.number") == [
        ("PZ-01", "甲批发部", 500_00, "transfer"), ("PZ-02", "乙超市", 300_00, "cash")]  # 转账, 现金
    assert sorted(_rows(db, "SELECT c.name, s.balance FROM collection_state s "
                            "JOIN customer c ON c.id = s.customer_id")) == [("乙超市", 0), ("甲批发部", 1_500_50)]


async def test_a_payment_for_an_unknown_customer_is_listed_refused_then_good_rows_only(tmp_path):
    db = tmp_path / "ledger.db"
    _seed(db)
    (tmp_path / "payments.csv").write_text(
        "客户名称,付款日期,金额,方式\n甲批发部,2026-11-20,500.00,转账\n丙商行,2026-11-26,50.00,现金\n",
        encoding="utf-8")
    app = make_app(str(db), start="customers")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await _open_import(pilot, "payments", tmp_path)
        await _complete(pilot, "pay", f"{tmp_path}/payments.csv")
        await pilot.press("enter")
        await until(pilot, lambda: "Rows: 2, good: 1, bad: 1" in _report(app), what="the payments checked")
        assert "line 3, column A (客户名称): no customer called 丙商行" in _report(app)
        assert "1 bad row(s) of 2: ctrl+g imports only the good rows" in _status(app)
        await pilot.press("ctrl+s")  # every row: refused while one is bad
        await until(pilot, lambda: "Not imported" in _status(app), what="the refusal")
        assert isinstance(app.screen, ImportScreen)
        assert _rows(db, "SELECT COUNT(*) FROM payment") == [(0,)]
        await pilot.press("ctrl+g")  # only the good rows
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen), what="the screen closed")
        assert any("imported 1 new payment, skipped 1 bad row" in str(n.message) for n in app._notifications)
    assert _rows(db, "SELECT c.name, p.amount FROM payment p JOIN customer c ON c.id = p.customer_id") == [
        ("甲批发部", 500_00)]
