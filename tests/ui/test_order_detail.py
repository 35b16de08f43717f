"""The orders list and an order's detail by keys: ship, deliver part then the rest, return a line,
cancel with a reason, a complaint; a manager's queue: approve a price below the floor and release
a credit hold."""
from __future__ import annotations

from salesterm.app import SalesTermApp
from salesterm.store.models import Note, OrderReturn, Receivable, Rep, SalesOrder
from salesterm.store.orders.placing import LineInput, place_order
from tests.conftest import TODAY
from tests.ui.conftest import until
from tests.ui.order_helpers import build_catalogue
from tests.ui.visit_helpers import fill, screen_text

IDS: dict = {}


def _build(**more):
    def build():
        build_catalogue(IDS, **more)
        IDS["o1"] = place_order(IDS["c"], [LineInput(IDS["oil"], 2, "箱"), LineInput(IDS["rice"], 3)], TODAY).order_id
        IDS["o2"] = place_order(IDS["c"], [LineInput(IDS["rice"], 1)], TODAY).order_id
    return build


async def _open_orders(pilot, app) -> None:
    await until(pilot)
    await pilot.press("o")
    await until(pilot, lambda: app.screen.__class__.__name__ == "OrdersScreen"
                and app.screen.query_one("#orders-table").row_count == len(IDS.get("expect", [1, 2])),
                what="the orders list")


def _status(order_id: str) -> str:
    return SalesOrder.get_by_id(order_id).status


async def test_ship_deliver_in_part_return_and_cancel(tmp_path):
    path = str(tmp_path / "o.db")
    fill(path, _build())
    app = SalesTermApp(db=path, today=TODAY, start="pipeline", lang="en", rep="王伟")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_orders(pilot, app)
        table = app.screen.query_one("#orders-table")
        table.move_cursor(row=[table.coordinate_to_cell_key((r, 0)).row_key.value
                               for r in range(table.row_count)].index(IDS["o1"]))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "OrderDetailScreen"
                    and app.screen.order is not None, what="the order's detail")
        assert "2箱 (8瓶)" in screen_text(app) and "customer price" in screen_text(app)
        await pilot.press("s")
        await until(pilot, lambda: app.screen.order["status"] == "shipped", what="shipped")
        await pilot.press("p")  # deliver part: 8 bottles of oil offered, 3 bags of rice
        await until(pilot, lambda: app.screen.__class__.__name__ == "DeliverLinesScreen", what="the delivery form")
        assert "to deliver 8瓶" in screen_text(app)  # under the box: the label column cut it before
        await pilot.press("ctrl+u", "5", "ctrl+s")  # 5 of the 8 bottles, all the rice
        await until(pilot, lambda: app.screen.__class__.__name__ == "OrderDetailScreen"
                    and app.screen.order["status"] == "partial", what="partly delivered")
        assert "Deliveries" in screen_text(app)
        await pilot.press("d")  # the rest
        await until(pilot, lambda: app.screen.order["status"] == "delivered", what="delivered")
        await pilot.press("t")  # return a bottle of the first line (the oil)
        await until(pilot, lambda: app.screen.__class__.__name__ == "ReturnLineScreen", what="the return form")
        await pilot.press("1", "tab", "tab", *"leaking", "ctrl+s")
        await until(pilot, lambda: app.screen.__class__.__name__ == "OrderDetailScreen"
                    and app.screen.order["returns"], what="the return recorded")
        await pilot.press("n")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TextPrompt", what="the complaint prompt")
        await pilot.press(*"cap broken", "enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "OrderDetailScreen"
                    and app.screen.order["complaints"], what="the complaint recorded")
        assert "Returns and exchanges" in screen_text(app) and "cap broken" in screen_text(app)
        await pilot.press("c")  # a delivered order is not cancelled: the key does nothing
        assert app.screen.__class__.__name__ == "OrderDetailScreen"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.__class__.__name__ == "OrdersScreen", what="back to the list")
        table = app.screen.query_one("#orders-table")
        table.move_cursor(row=[table.coordinate_to_cell_key((r, 0)).row_key.value
                               for r in range(table.row_count)].index(IDS["o2"]))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "OrderDetailScreen"
                    and app.screen.order is not None and app.screen.order["id"] == IDS["o2"], what="order 2")
        await pilot.press("c")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TextPrompt", what="the reason prompt")
        await pilot.press(*"customer changed mind", "enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "OrderDetailScreen"
                    and app.screen.order["status"] == "cancelled", what="cancelled")

    def check():
        assert (_status(IDS["o1"]), _status(IDS["o2"])) == ("delivered", "cancelled")
        assert SalesOrder.get_by_id(IDS["o2"]).cancel_reason == "customer changed mind"
        [ret] = OrderReturn.select()
        assert (ret.qty, ret.reason, ret.kind) == (1, "leaking", "return")
        billed = Receivable.select().where(Receivable.order_id == IDS["o1"])
        assert sum(r.amount for r in billed) == 2 * 4 * 5500 + 3 * 8900
        assert Note.get(Note.order_id == IDS["o1"]).kind == "complaint"

    fill(path, check)


async def test_manager_approves_a_price_and_releases_a_hold(tmp_path):
    path = str(tmp_path / "o.db")

    def build():
        build_catalogue(IDS, credit_limit="100")  # any order passes the limit: held
        IDS["o3"] = place_order(IDS["c"], [LineInput(IDS["oil"], 4, "", 4000)], TODAY).order_id  # below the floor
        Rep.create(name="李经理", role="manager")

    fill(path, build)
    app = SalesTermApp(db=path, today=TODAY, start="pipeline", lang="en", rep="李经理")
    async with app.run_test(size=(120, 40)) as pilot:
        IDS["expect"] = [1]
        await _open_orders(pilot, app)
        assert "credit hold, price approval" in screen_text(app)
        await pilot.press("w")  # waiting for me
        await until(pilot, lambda: "waiting for the manager" in screen_text(app), what="the waiting filter")
        assert app.screen.query_one("#orders-table").row_count == 1
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "OrderDetailScreen"
                    and app.screen.order is not None, what="the order's detail")
        assert "waits for the manager's approval" in screen_text(app)
        await pilot.press("s")  # held: ship does nothing
        assert app.screen.order["status"] == "placed"
        await pilot.press("a")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TextPrompt", what="the approval note")
        await pilot.press(*"old stock", "enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "OrderDetailScreen"
                    and app.screen.order["price_approval"] == "approved", what="approved")
        await pilot.press("h")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TextPrompt", what="the release note")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "OrderDetailScreen"
                    and not app.screen.order["held"], what="released")
        await pilot.press("s")
        await until(pilot, lambda: app.screen.order["status"] == "shipped", what="shipped once released")
    IDS.pop("expect")


async def test_orders_list_filters_searches_and_exports_what_is_shown(tmp_path):
    import csv

    from tests.ui.test_export_view import _export

    path = str(tmp_path / "o.db")
    fill(path, _build())
    app = SalesTermApp(db=path, today=TODAY, start="pipeline", lang="zh", rep="王伟")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_orders(pilot, app)
        assert "2 张订单" in screen_text(app) and "已下单" in screen_text(app)
        await pilot.press("/", *"xyz")
        await until(pilot, lambda: app.screen.query_one("#orders-table").row_count == 0, what="no match")
        app.screen.query_one("#orders-search").value = "金龙鱼"  # a product's name (Pilot types no Chinese)
        await until(pilot, lambda: app.screen.query_one("#orders-table").row_count == 1, what="the oil order")
        await pilot.press("enter")  # back to the list, the search kept
        await pilot.press("s")  # status: 已下单
        await until(pilot, lambda: "已下单" in str(app.screen.query_one("#orders-head").render()),
                    what="the status filter")
        assert app.screen.query_one("#orders-table").row_count == 1
        out = tmp_path / "orders.csv"
        await _export(pilot, app, out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 2 and rows[1][2] == "粮油批发" and rows[1][4] == "已下单"


async def test_orders_list_at_80x24_shows_each_orders_status_and_total(tmp_path):
    """At 80 columns the order number's date and the receivable give way to the status and total;
    the list is laid out again when the terminal grows."""
    path = str(tmp_path / "o.db")
    fill(path, _build())
    app = SalesTermApp(db=path, today=TODAY, start="pipeline", lang="zh", rep="王伟")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_orders(pilot, app)
        table = app.screen.query_one("#orders-table")
        titles = [str(c.label) for c in table.ordered_columns]
        assert titles == ["单号", "客户", "业务员", "状态", "合计", "待处理"]
        shown = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert shown <= table.size.width  # nothing to scroll to
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: "日期" in [str(c.label) for c in table.ordered_columns], what="the wide layout")
        assert "应收单" in [str(c.label) for c in table.ordered_columns]
