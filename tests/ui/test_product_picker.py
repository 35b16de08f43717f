"""The product picker: typing finds products (pinyin initials, code, barcode), up/down/enter picks one."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input

from salesterm.app import SalesTermApp
from salesterm.store.products import catalogue
from salesterm.widgets.product_picker import ProductPicker
from tests.conftest import TODAY
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill

IDS: dict[str, str] = {}


def _build():
    for p in (dict(code="P001", name="金龙鱼食用调和油", spec="5L×4", unit="桶", case_unit="箱", list_price=5990,
                   barcode="6901234567890"),
              dict(code="P002", name="重庆火锅底料", spec="400g×30", unit="袋", case_unit="箱", list_price=1200),
              dict(code="P003", name="金龙鱼花生油", spec="5L×4", unit="桶", case_unit="箱", list_price=9900)):
        IDS[p["code"]] = catalogue.save_product(p)


class Host(Screen):
    def __init__(self) -> None:
        super().__init__()
        self.picked: list[str] = []

    def compose(self) -> ComposeResult:
        yield ProductPicker(id="picker")
        yield Input(id="after")

    def on_product_picker_picked(self, event: ProductPicker.Picked) -> None:
        self.picked.append(event.product_id)


async def _open(tmp_path):
    path = str(tmp_path / "p.db")
    fill(path, _build)
    return SalesTermApp(db=path, today=TODAY, start="today", lang="en")


def _options(app):
    return app.screen.query_one("#product-options")


def _texts(app) -> list[str]:
    options = _options(app)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_pinyin_initials_and_enter_pick_a_product(tmp_path):
    app = await _open(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot)
        host = Host()
        app.push_screen(host)
        await until(pilot)
        await pilot.press(*"cqhg")  # 重庆火锅 by its initials (重 read chong)
        await until(pilot, lambda: _options(app).option_count == 1, what="one match for cqhg")
        assert "P002" in _texts(app)[0] and "重庆火锅底料" in _texts(app)[0] and "400g×30" in _texts(app)[0]
        assert "¥12.00/袋" in _texts(app)[0]
        await pilot.press("enter")
        await until(pilot, lambda: host.picked == [IDS["P002"]], what="the pick posted")
        assert app.screen.query_one("#product-input", Input).value == "重庆火锅底料"
        assert not _options(app).display


async def test_down_and_up_move_through_the_matches(tmp_path):
    app = await _open(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot)
        host = Host()
        app.push_screen(host)
        await until(pilot)
        await pilot.press(*"jly")
        await until(pilot, lambda: _options(app).option_count == 2, what="two 金龙鱼 products")
        await pilot.press("down")  # into the list, on the first
        await pilot.press("down")  # the second
        await pilot.press("enter")
        await until(pilot, lambda: host.picked == [IDS["P003"]], what="the second match picked")


async def test_a_barcode_start_finds_the_product(tmp_path):
    app = await _open(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot)
        host = Host()
        app.push_screen(host)
        await until(pilot)
        await pilot.press(*"690123")
        await until(pilot, lambda: _options(app).option_count == 1, what="the barcode's product")
        await pilot.press("enter")
        await until(pilot, lambda: host.picked == [IDS["P001"]])
