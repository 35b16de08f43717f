"""The command palette offers the sections."""
from __future__ import annotations

from salesterm.app import SalesTermApp
from tests.conftest import TODAY


async def test_palette_goes_to_a_section(tmp_path):
    app = SalesTermApp(db=str(tmp_path / "p.db"), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to Reports")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "reports"
