"""The command palette offers the sections."""
from __future__ import annotations

from textual.command import CommandList, CommandPalette

from salesterm.app import SalesTermApp
from tests.conftest import TODAY
from tests.ui.conftest import until


async def test_palette_goes_to_a_section(tmp_path):
    app = SalesTermApp(db=str(tmp_path / "p.db"), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Go to Reports")
        await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0
                    and "Reports" in str(app.screen.query_one(CommandList).get_option_at_index(0).prompt))
        await pilot.press("enter")
        await until(pilot, lambda: app.current_mode == "reports")
        assert app.current_mode == "reports"
