"""The price system in the TUI, by keys: a manager makes a price list with an item and a promotion
in the Price system screen (reports, `$`); the customer file's Prices view (`$`) shows each product's
price and where it comes from; a rep reads but is told that a manager sets the prices."""
from __future__ import annotations

from textual.widgets import DataTable, Select, Static

from salesterm.app import SalesTermApp
from salesterm.store.db import open_database
from tests.conftest import TODAY
from tests.store.pricing_fixtures import customer, product
from tests.ui.conftest import until
from tests.ui.notes_helpers import in_db, table_rows, type_text


def shop_db(path, build=None) -> tuple[str, dict]:
    """Two products, a distributor and a retailer, a manager and a rep (and BUILD(ids) after)."""
    from salesterm.store import reps
    from salesterm.store.models import Rep

    db = open_database(str(path))
    try:
        ids = {"oil": product("P001", "金龙鱼花生油 5L", 12_000, floor=10_000),
               "rice": product("P002", "五常大米 10kg", 8_800),
               "dist": customer("鑫源粮油批发部", "distributor", "A"),
               "shop": customer("好邻居超市", "retailer", "B")}
        Rep.update(role="manager").where(Rep.id == reps.create_rep("张经理").id).execute()
        reps.create_rep("王伟")
        if build is not None:
            build(ids)
    finally:
        db.close()
    return str(path), ids


def _app(path, start="reports", **kwargs):
    return SalesTermApp(db=path, today=TODAY, start=start, lang=kwargs.pop("lang", "en"), **kwargs)


async def _open_prices(pilot, app):
    await until(pilot)
    await pilot.press("dollar_sign")
    await until(pilot, lambda: app.screen.query_one("#lists-table", DataTable) is not None)
    await until(pilot)
    return app.screen


async def test_manager_makes_a_price_list_with_an_item_and_a_promotion_by_keys(tmp_path):
    from salesterm.store.pricing import listing, quotes

    path, ids = shop_db(tmp_path / "p.db")
    app = _app(path, rep="张经理")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_prices(pilot, app)
        assert "No price lists yet" in str(screen.query_one("#items-caption").render())
        await pilot.press("n")
        await until(pilot, lambda: app.screen.query_one("#list-name").has_focus)
        await type_text(pilot, "A级经销商")
        app.screen.query_one("#list-kind", Select).value = "distributor"
        app.screen.query_one("#list-grade", Select).value = "A"
        await pilot.press("tab", "tab", "tab")  # to the start date
        await type_text(pilot, "2026-12-31")
        await pilot.press("tab")
        await type_text(pilot, "2026-01-01")  # the end before the start: said at once
        await until(pilot, lambda: "is before the start date 2026-12-31" in _errors(app),
                    what=f"the order error; {[(i.id, i.value) for i in app.screen.query('Input')]} {_errors(app)!r}")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Not saved" in str(app.screen.query_one("#form-status").render()))
        app.screen.query_one("#price-starts").value = "2026-01-01"
        app.screen.query_one("#price-ends").value = "2026-12-31"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and len(screen.lists) == 1)
        await pilot.press("a")
        await until(pilot, lambda: app.screen is not screen)
        await type_text(pilot, "P001")
        await pilot.press("tab")
        await type_text(pilot, "-5")
        await until(pilot, lambda: "negative" in _errors(app))
        app.screen.query_one("#item-price").value = ""
        await type_text(pilot, "108.50")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and screen.items)
        assert table_rows(screen.query_one("#items-table", DataTable))[0][:2] == ["P001", "金龙鱼花生油 5L"]
        await pilot.press("right_square_bracket")  # promotions
        await until(pilot, lambda: screen.tab == "promotions")
        await pilot.press("n")
        await until(pilot, lambda: app.screen is not screen)
        form = app.screen
        await type_text(pilot, "年终让利")
        form.query_one("#promo-kind", Select).value = "discount"
        await until(pilot, lambda: form.query_one("#field-discount").display)
        form.query_one("#promo-discount").focus()
        await type_text(pilot, "5%")
        form.query_one("#price-starts").value = "2026-11-01"
        form.query_one("#price-ends").value = "2026-12-31"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and len(screen.promotions) == 1)
        assert "5% off" in str(screen.query_one("#promotions-table", DataTable).get_row_at(0)[1])
    lists = in_db(path, listing.price_lists)
    assert [(r.name, r.customer_kind, r.grade, r.items) for r in lists] == [("A级经销商", "distributor", "A", 1)]
    q = in_db(path, quotes.quote, ids["dist"], ids["oil"], 2, TODAY)
    assert (q.source, q.source_name, q.base_price, q.price, q.amount) == ("list", "A级经销商", 10_850, 10_308, 20_616)


def _errors(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(".field-error"))


async def test_the_customer_file_prices_view_shows_where_each_price_comes_from(tmp_path):
    from salesterm.store.pricing import admin

    def build(ids):
        lst = admin.save_price_list({"name": "零售B价", "customer_kind": "retailer", "grade": "B"})
        admin.set_list_item(lst, "P002", 8_500)
        admin.save_customer_price({"customer_id": ids["shop"], "product": "P001", "price": 11_000})
        admin.save_promotion({"name": "买十赠一", "kind": "gift", "buy_qty": 10, "free_qty": 1, "product": "P002",
                              "starts": "2026-11-01", "ends": "2026-12-31"})

    path, ids = shop_db(tmp_path / "p.db", build)
    app = _app(path, start="customers", rep="王伟")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.open_customer(ids["shop"])
        await until(pilot, lambda: type(app.screen).__name__ == "CustomerFileScreen")
        await until(pilot)
        await pilot.press("dollar_sign")
        await until(pilot, lambda: type(app.screen).__name__ == "CustomerPricesScreen" and app.screen.rows)
        rows = table_rows(app.screen.query_one("#sheet-table", DataTable))
        assert rows[0][:5] == ["P001", "金龙鱼花生油 5L", "瓶", "110.00", "customer price"]
        assert rows[1][3:6] == ["85.00", "price list: 零售B价", "买十赠一 (buy 10 get 1)"]
        head = str(app.screen.query_one("#cprices-head", Static).render())
        assert "好邻居超市" in head and "read only" in head  # 王伟 is a rep
        await pilot.press("n")
        await until(pilot, lambda: "Only a manager" in " ".join(str(n.message) for n in app._notifications))
        assert type(app.screen).__name__ == "CustomerPricesScreen"


async def test_a_manager_adds_an_agreed_price_and_an_overlap_is_refused_naming_the_other(tmp_path):
    from salesterm.store.pricing import admin

    def build(ids):
        admin.save_customer_price({"customer_id": ids["dist"], "product": "P001", "price": 10_500,
                                   "starts": "2026-01-01", "ends": "2026-12-31"})

    path, ids = shop_db(tmp_path / "p.db", build)
    app = _app(path, start="customers", rep="张经理", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.open_customer(ids["dist"])
        await until(pilot, lambda: type(app.screen).__name__ == "CustomerFileScreen")
        await until(pilot)
        await pilot.press("dollar_sign")
        await until(pilot, lambda: type(app.screen).__name__ == "CustomerPricesScreen" and app.screen.rows)
        prices = app.screen
        assert table_rows(prices.query_one("#sheet-table", DataTable))[0][4] == "客户协议价"
        await pilot.press("n")
        await until(pilot, lambda: app.screen is not prices)
        await type_text(pilot, "P001")
        await pilot.press("tab")
        await type_text(pilot, "99")
        await pilot.press("tab")
        await type_text(pilot, "2026-12-01")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "2026-01-01..2026-12-31" in str(app.screen.query_one("#form-status").render()))
        app.screen.query_one("#price-starts").value = "2027-01-01"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is prices and len(prices.agreed) == 2)


async def test_x_exports_the_tab_shown(tmp_path):
    from tests.ui.test_export_view import _csv, _export
    from tests.ui.test_price_snapshots import _prices

    path, _ids = shop_db(tmp_path / "p.db", _prices)
    out = tmp_path / "promotions.csv"
    app = _app(path, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_prices(pilot, app)
        await until(pilot, lambda: len(screen.promotions) == 2)
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: screen.tab == "promotions")
        await _export(pilot, app, out)
    rows = _csv(out)
    assert rows[0][:3] == ["促销", "优惠", "产品"]
    assert [r[:2] for r in rows[1:]] == [["年终让利", "优惠5%"], ["买十赠一", "买10赠1"]]


async def test_floor_price_edit_and_deleting_a_promotion_and_an_item(tmp_path):
    from salesterm.store.models import Product
    from tests.ui.test_price_snapshots import _prices

    path, ids = shop_db(tmp_path / "p.db", _prices)
    app = _app(path, rep="张经理")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_prices(pilot, app)
        await until(pilot, lambda: len(screen.promotions) == 2 and screen.items)
        await pilot.press("tab")  # the chosen list's products
        await until(pilot, lambda: screen.query_one("#items-table", DataTable).has_focus)
        await pilot.press("enter")  # change the first product's price in the list
        await until(pilot, lambda: app.screen.query_one("#item-price").has_focus)
        app.screen.query_one("#item-price").value = ""
        await type_text(pilot, "99")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and screen.items and screen.items[0].price == 9_900)
        await pilot.press("d")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("enter")  # the first choice: delete
        await until(pilot, lambda: app.screen is screen and [i.code for i in screen.items] == ["P002"])
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: screen.tab == "promotions")
        await pilot.press("d")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("down", "enter")  # keep it
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("d")
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and [p.name for p in screen.promotions] == ["买十赠一"])
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: screen.tab == "floors")
        await pilot.press("e")  # P001 first: the products with a floor come first
        await until(pilot, lambda: app.screen.query_one("#floor-price").has_focus)
        app.screen.query_one("#floor-price").value = ""
        await type_text(pilot, "105")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and screen.floors[0].floor_price == 10_500)
    assert in_db(path, lambda: Product.get_by_id(ids["oil"]).floor_price) == 10_500


async def test_the_palette_finds_the_price_system_by_pinyin_initials(tmp_path):
    from tests.ui.test_palette import _first_option, _palette

    path, _ids = shop_db(tmp_path / "p.db")
    app = _app(path, start="today", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await _palette(pilot, app, "jgtx", "价格体系")
        assert "6 → $" in _first_option(app)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "PriceSystemScreen")
