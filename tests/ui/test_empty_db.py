"""An empty database says what to do (import customers: the command and the palette action;
or load the demo) instead of "0 of 0 customers"; both ways fill it from the TUI (Pilot)."""
from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static

from tests.ui import make_app, status_text
from tests.ui.conftest import until

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_today_and_customers_say_how_to_import_and_offer_the_demo(tmp_path):
    app = make_app(str(tmp_path / "new.db"), start="today")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "salesterm import customers" in _text(app, "#today-detail"))
        guide = _text(app, "#today-detail")
        assert "no customers yet" in guide and "ctrl+p" in guide and "press D" in guide
        assert str(tmp_path / "new.db") in guide  # which database is empty
        await pilot.press("2")
        await until(pilot, lambda: app.screen.has_class("-empty"))
        assert "0 of 0" not in status_text(app)
        assert "salesterm import customers" in _text(app, "#customer-guide")
        await pilot.press("D")
        await until(pilot, lambda: type(app.screen).__name__ == "ChoicePrompt")
        await pilot.press("enter")  # yes
        await until(pilot, lambda: "300 of 300 customers" in status_text(app), timeout=120)
        assert not app.screen.has_class("-empty")
        await pilot.press("1")
        await until(pilot, lambda: "salesterm import customers" not in _text(app, "#today-detail"))


async def test_import_customers_from_the_palette(tmp_path):
    app = make_app(str(tmp_path / "new.db"), start="customers", lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.has_class("-empty"))
        assert "导入" in _text(app, "#customer-guide")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"daoru")
        await until(pilot, lambda: "从文件导入" in str(
            app.screen.query_one(CommandList).get_option_at_index(0).prompt))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        app.screen.focused.value = str(FIXTURES / "customers_gbk.csv")
        await pilot.press("enter")  # the import screen checks the file first (nothing written)
        await until(pilot, lambda: "ctrl+s" in str(app.screen.query_one("#form-status", Static).render()))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "6 / 6" in status_text(app) or "共 6" in status_text(app)
                    or status_text(app).startswith("6"), what="the imported customers listed")
        assert not app.screen.has_class("-empty")
        assert any("新客户 6 个" in str(n.message) for n in app._notifications)
