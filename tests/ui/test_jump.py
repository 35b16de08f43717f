"""The jump box (Pilot): ctrl+k from any section, type, arrows, enter opens the file."""
from __future__ import annotations

from textual.widgets import OptionList

from salesterm.screens.customer_file import CustomerFileScreen
from salesterm.screens.forms.jump import JumpScreen
from tests.ui import customer_name, make_app, seeded_db
from tests.ui.conftest import until


async def test_jump_from_another_section_opens_the_file(tmp_path):
    app = make_app(seeded_db(tmp_path, 300), start="today")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("ctrl+k")
        await until(pilot)
        assert isinstance(app.screen, JumpScreen)
        await pilot.press(*"13800000123")
        await until(pilot)
        box = app.screen.query_one(OptionList)
        assert box.option_count >= 1
        assert customer_name(123) in str(box.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await until(pilot)
        assert isinstance(app.screen, CustomerFileScreen)
        assert app.screen.file.profile["name"] == customer_name(123)
        await pilot.press("escape")
        await until(pilot)
        assert app.current_mode == "today"


async def test_arrows_choose_and_escape_closes(tmp_path):
    app = make_app(seeded_db(tmp_path, 300))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("ctrl+k")
        await until(pilot)
        app.screen.query_one("#jump-query").value = "鑫源"
        await until(pilot)
        box = app.screen.query_one(OptionList)
        assert box.option_count > 2
        assert all("鑫源" in str(box.get_option_at_index(i).prompt) for i in range(box.option_count))
        await pilot.press("down", "down", "up")
        assert box.highlighted == 1
        second = box.get_option_at_index(1).id
        await pilot.press("enter")
        await until(pilot)
        assert isinstance(app.screen, CustomerFileScreen) and app.screen.customer_id == second
        await pilot.press("ctrl+k")
        await until(pilot)
        await pilot.press(*"zzzzqqq")
        await until(pilot)
        assert app.screen.query_one(OptionList).option_count == 0
        await pilot.press("enter")  # nothing to open: stays
        await pilot.press("escape")
        await until(pilot)
        assert isinstance(app.screen, CustomerFileScreen)


async def test_jump_by_pinyin_initials(tmp_path):
    app = make_app(seeded_db(tmp_path, 300))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("ctrl+k")
        await pilot.press(*"gzxy")
        await until(pilot)
        box = app.screen.query_one(OptionList)
        assert box.option_count >= 1
        assert str(box.get_option_at_index(0).prompt).startswith("广州鑫源")
