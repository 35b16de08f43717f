"""Taking an order by keyboard in the visit log (拟订单): pick by pinyin initials, toggle cases
and units, see where the price came from, save; the order and, once delivered, its receivable
appear on the customer file's Orders tab. And the free-text order while the catalogue is empty."""
from __future__ import annotations

from salesterm.app import SalesTermApp
from salesterm.store.models import OrderLine, Receivable, SalesOrder, TradeLine, Visit
from tests.conftest import TODAY
from tests.ui.conftest import until
from tests.ui.order_helpers import build_catalogue
from tests.ui.visit_helpers import fill, screen_text

IDS: dict = {}


def _cell_text(app, table_id: str) -> str:
    table = app.screen.query_one(table_id)
    return "\n".join(" ".join(str(c) for c in table.get_row_at(r)) for r in range(table.row_count))


async def _pick(pilot, app, query: str) -> None:
    """Type QUERY in the product picker and take the first match: the cursor goes to the quantity."""
    await pilot.press(*query)
    await until(pilot, lambda: app.screen.query_one("#order-picker")._choices, what=f"matches for {query}")
    await pilot.press("enter")
    await until(pilot, lambda: app.screen.focused is app.screen.query_one("#order-qty"),
                what="the quantity box focused after the pick")


async def test_order_taken_in_the_visit_log_by_keyboard(tmp_path):
    path = str(tmp_path / "o.db")
    fill(path, lambda: build_catalogue(IDS))
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en", rep="王伟")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("l")
        await until(pilot, lambda: app.screen.query_one("#log-order-entry").display, what="the order lines shown")
        assert not app.screen.query_one("#field-order").display  # the free-text order is for no catalogue
        await pilot.press("tab")  # from the stage to the product picker
        await _pick(pilot, app, "jly")  # 金龙鱼 by its pinyin initials
        assert str(app.screen.query_one("#order-unit").render()) == "箱"  # a product sold in cases starts in cases
        await pilot.press("ctrl+t")
        assert str(app.screen.query_one("#order-unit").render()) == "瓶"
        await pilot.press("ctrl+t", "5", "enter")  # back to cases: 5箱 = 20瓶
        await until(pilot, lambda: "customer price" in _cell_text(app, "#order-lines"), what="the line priced")
        line = _cell_text(app, "#order-lines")
        assert "5箱 (20瓶)" in line and "55.00" in line and "1,100.00" in line
        assert app.screen.focused is app.screen.query_one("#product-input")  # ready for the next line
        await _pick(pilot, app, "SP002")  # by code
        await pilot.press("1", "2", "tab", "enter")  # 12 cases = 48 bottles: the price list, buy 12 get 1
        await until(pilot, lambda: "A类客户价" in _cell_text(app, "#order-lines"), what="the second line priced")
        lines = _cell_text(app, "#order-lines")
        assert "price list A类客户价" in lines and "买12送1 +4瓶 free" in lines and "5,520.00" in lines
        summary = str(app.screen.query_one("#order-summary").render())
        assert "¥6,620.00" in summary and "Credit check: clear" in summary
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.__class__.__name__ != "LogVisitScreen", what="the form saved")
        said = " ".join(str(n.message) for n in app._notifications)
        assert "Visit logged" in said and "placed: ¥6,620.00" in said

    def check():
        [order] = SalesOrder.select()
        assert (order.total, order.status, order.visit_id) == (662000, "placed", IDS["v"])
        assert sorted((x.qty, x.price, x.price_source, x.free_qty) for x in OrderLine.select()) == [
            (20, 5500, "customer", 0), (48, 11500, "list", 4)]
        visit = Visit.get_by_id(IDS["v"])
        assert (visit.status, visit.order_amount) == ("done", 662000)
        assert sorted(t.quantity for t in TradeLine.select()) == [20, 48]  # the purchase log, real quantities
        from salesterm.store.orders import lifecycle

        lifecycle.ship(order.id, TODAY)
        lifecycle.deliver(order.id, TODAY)
        assert Receivable.get(Receivable.order_id == order.id).amount == 662000

    fill(path, check)
    app = SalesTermApp(db=path, today=TODAY, start="customers", lang="en", rep="王伟")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        from salesterm.screens.customer_file import CustomerFileScreen

        app.push_screen(CustomerFileScreen(IDS["c"]))
        await until(pilot, lambda: app.screen.query_one("#orders-table").row_count == 1, what="the Orders tab")
        for _ in range(5):
            await pilot.press("right_square_bracket")
        await until(pilot, lambda: app.screen.tab == "orders", what="the Orders tab shown")
        row = _cell_text(app, "#orders-table")
        assert "delivered" in row and "6,620.00" in row and "金龙鱼调和油" in row
        assert row.count("6,620.00") == 2  # the total, and the receivable it left


async def test_free_text_order_while_the_catalogue_is_empty(tmp_path):
    from salesterm.store import visits
    from tests.store.visit_fixtures import customer

    path = str(tmp_path / "o.db")

    def build():
        IDS["c2"] = customer("老客户").id
        visits.plan_visit(IDS["c2"], day=TODAY)

    fill(path, build)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en", rep="王伟")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("l")
        await until(pilot, lambda: app.screen.query_one("#field-order").display
                    and app.screen.__class__.__name__ == "LogVisitScreen" and "老客户" in screen_text(app),
                    what="the log form with the free-text order")
        assert not app.screen.query_one("#log-order-entry").display
