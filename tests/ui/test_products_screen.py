"""The Products screen (reports → p, or the palette): the list, `/` search with the picker's ranking,
`n` a new product, enter to edit one, `d` discontinue/reactivate, `a` show or hide discontinued ones."""
from __future__ import annotations

from textual.widgets import Input

from salesterm.app import SalesTermApp
from salesterm.store.products import catalogue
from tests.conftest import TODAY
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill

IDS: dict[str, str] = {}


def _build():
    for p in (dict(code="P001", name="金龙鱼食用调和油", spec="5L×4", unit="桶", case_unit="箱", list_price=5990,
                   barcode="6901234567890"),
              dict(code="P002", name="重庆火锅底料", spec="400g×30", unit="袋", case_unit="箱", list_price=1200),
              dict(code="P003", name="长城干红葡萄酒", spec="750ml×6", unit="瓶", case_unit="箱", list_price=8800)):
        IDS[p["code"]] = catalogue.save_product(p)


def _codes(app) -> list[str]:
    table = app.screen.table
    return [table.row_at(i).code for i in range(table.count)]


async def _open(pilot, app):
    await until(pilot)
    await pilot.press("p")
    await until(pilot, lambda: type(app.screen).__name__ == "ProductsScreen" and app.screen.table.count == 3,
                what="the products list")


def _app(tmp_path, lang="en"):
    path = str(tmp_path / "p.db")
    fill(path, _build)
    return SalesTermApp(db=path, today=TODAY, start="reports", lang=lang), path


async def test_the_list_and_a_search_by_initials(tmp_path):
    app, _path = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        assert _codes(app) == ["P001", "P002", "P003"]
        await pilot.press("slash", *"cqhg")
        await until(pilot, lambda: _codes(app) == ["P002"], what="重庆火锅 by cqhg (重 read chong)")
        await pilot.press("escape")
        await until(pilot, lambda: _codes(app) == ["P001", "P002", "P003"], what="the whole list again")
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "ReportsScreen")


async def test_a_new_product_is_saved_and_comes_under_the_cursor(tmp_path):
    app, path = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("n")
        await until(pilot, lambda: type(app.screen).__name__ == "ProductFormScreen")
        await pilot.press(*"P000", "tab", *"hh", "tab")  # a code, a name (typed as letters), on to 规格
        app.screen.query_one("#input-name", Input).value = "海天金标生抽"
        app.screen.query_one("#input-spec", Input).value = "1.9L×6"
        app.screen.query_one("#input-unit", Input).value = "瓶"
        app.screen.query_one("#input-case_unit", Input).value = "箱"
        app.screen.query_one("#input-list_price", Input).value = "-1"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Not saved" in str(app.screen.query_one("#form-status").render()),
                    what="a negative price refused")
        app.screen.query_one("#input-list_price", Input).value = "18.50"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen).__name__ == "ProductsScreen" and app.screen.table.count == 4,
                    what="the list with the new product")
        await until(pilot, lambda: app.screen.table.current_row.code == "P000", what="the new product selected")
        row = app.screen.table.current_row
        assert (row.name, row.case_size, row.list_price) == ("海天金标生抽", 6, 1850)


async def test_a_code_already_used_is_refused_in_the_form(tmp_path):
    app, _path = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("n")
        await until(pilot, lambda: type(app.screen).__name__ == "ProductFormScreen")
        app.screen.query_one("#input-code", Input).value = "P002"
        app.screen.query_one("#input-name", Input).value = "别的"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "already used by 重庆火锅底料" in str(app.screen.query_one("#form-status").render()),
                    what="the duplicate code named")
        assert type(app.screen).__name__ == "ProductFormScreen"


async def test_enter_edits_the_product_under_the_cursor(tmp_path):
    app, _path = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("down", "enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ProductFormScreen"
                    and app.screen.query_one("#input-code", Input).value == "P002", what="P002 loaded in the form")
        assert app.screen.query_one("#input-list_price", Input).value == "12.00"
        app.screen.query_one("#input-list_price", Input).value = "13"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen).__name__ == "ProductsScreen"
                    and app.screen.table.current_row is not None
                    and app.screen.table.current_row.list_price == 1300, what="the new price in the list")
        assert app.screen.table.current_row.code == "P002"


async def test_discontinue_then_hide_the_discontinued(tmp_path):
    app, _path = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("end", "d")
        await until(pilot, lambda: app.screen.table.row_at(2).status == "discontinued", what="P003 discontinued")
        await pilot.press("a")
        await until(pilot, lambda: _codes(app) == ["P001", "P002"], what="the discontinued hidden")
        await pilot.press("a")
        await until(pilot, lambda: _codes(app) == ["P001", "P002", "P003"])
        await pilot.press("end", "d")
        await until(pilot, lambda: app.screen.table.row_at(2).status == "active", what="P003 reactivated")


async def test_the_palette_opens_the_products_in_chinese(tmp_path):
    app, _path = _app(tmp_path, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("ctrl+p")
        await until(pilot)
        await pilot.press(*"shangpin")
        await until(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ProductsScreen" and app.screen.table.count == 3,
                    what="the products opened from the palette")


async def test_x_exports_the_search_shown_with_its_columns(tmp_path):
    import csv

    from tests.ui.test_export_view import _export

    out = tmp_path / "shown.csv"
    app, _path = _app(tmp_path, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        await pilot.press("slash", *"jly", "enter")
        await until(pilot, lambda: _codes(app) == ["P001"] and app.screen.table.fetch is not None)
        await _export(pilot, app, out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["编码", "名称", "规格", "单价", "状态", "箱规", "单位", "条码"]
    assert rows[1:] == [["P001", "金龙鱼食用调和油", "5L×4", "59.90", "在售", "4桶/箱", "桶", "6901234567890"]]


async def test_i_imports_an_erp_file_and_a_bad_one_imports_nothing(tmp_path):
    """`i` opens the import screen set to products: a bad GBK file is checked and refused whole,
    an ERP's .xlsx is imported and listed."""
    from pathlib import Path

    from textual.widgets import Static

    from salesterm.screens.forms.import_file import ImportScreen

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    app, _path = _app(tmp_path)

    def report() -> str:
        return str(app.screen.query_one("#import-report", Static).render())

    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app)
        for name, expect in (("products_gbk.csv", "bad: 6"), ("products_erp.xlsx", "bad: 0")):
            await pilot.press("i")
            await until(pilot, lambda: isinstance(app.screen, ImportScreen), what="the import screen")
            assert app.screen.kind == "products"
            app.screen.query_one("#import-path", Input).value = str(fixtures / name)
            app.screen.query_one("#import-path", Input).focus()
            await pilot.press("enter")
            await until(pilot, lambda: "Rows:" in report(), what=f"the check of {name}")
            assert expect in report()
            await pilot.press("ctrl+s")
            if name.endswith(".csv"):  # refused: nothing written, the screen stays
                await until(pilot, lambda: "Not imported" in str(app.screen.query_one("#form-status", Static).render()))
                await pilot.press("escape")
                await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
                assert app.screen.table.count == 3
        await until(pilot, lambda: any("4 new products" in str(n.message) for n in app._notifications),
                    what="the import's summary")
        await until(pilot, lambda: type(app.screen).__name__ == "ProductsScreen" and app.screen.table.count == 7,
                    what="the four imported products listed")
