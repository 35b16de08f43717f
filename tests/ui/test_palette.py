"""The command palette offers the sections."""
from __future__ import annotations

import pytest
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


def _first_option(app) -> str:
    return str(app.screen.query_one(CommandList).get_option_at_index(0).prompt)


async def _palette(pilot, app, query: str, expect: str) -> None:
    """Open the palette, type QUERY, wait until the best hit holds EXPECT."""
    from salesterm.app import SalesTermApp  # noqa: F401 (the app's palette)

    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*query)
    await until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0 and expect in _first_option(app),
                what=f"{expect!r} first for {query!r}")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_export_is_found_in_pinyin_initials_chinese_and_english_and_runs(tmp_path, lang):
    from textual.widgets import Input

    from tests.ui import make_app, seeded_db

    app = make_app(seeded_db(tmp_path, 50), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        for query in ("daochu", "dc", "导出", "export"):
            await _palette(pilot, app, query, "导出" if lang == "zh" else "Export")
            assert " x" in _first_option(app)  # its key is shown
            await pilot.press("escape")
            await until(pilot, lambda: type(app.screen).__name__ == "CustomersScreen")
        await _palette(pilot, app, "dc", "导出" if lang == "zh" else "Export")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen.focused, Input)
                    and app.screen.focused.value.endswith(".xlsx"), what="the export prompt")


async def test_section_actions_by_pinyin_new_customer_and_weekly_report(tmp_path):
    from tests.ui import make_app, seeded_db

    app = make_app(seeded_db(tmp_path, 50), lang="zh", start="today")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await _palette(pilot, app, "xjkh", "新建客户")
        assert "2 → n" in _first_option(app)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "CustomerFormScreen")
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "CustomersScreen")
        await _palette(pilot, app, "zhoubao", "周报")
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "WeeklyReportScreen")


async def test_switch_language_from_the_palette(tmp_path):
    from salesterm import i18n
    from tests.ui import make_app, seeded_db, status_text

    app = make_app(seeded_db(tmp_path, 50), lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: "50" in status_text(app))
            await _palette(pilot, app, "English", "Switch to English")
            await pilot.press("enter")
            await until(pilot, lambda: i18n.language() == "en" and "50 of 50 customers" in status_text(app))
            assert app.current_mode == "customers"
    finally:
        i18n.set_language("en")


async def test_textual_commands_once_and_in_pinyin(tmp_path):
    """Theme and quit come once each (through our provider), found by pinyin too."""
    app = SalesTermApp(db=str(tmp_path / "p.db"), today=TODAY, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await _palette(pilot, app, "zhuti", "主题")
        prompts = [str(app.screen.query_one(CommandList).get_option_at_index(i).prompt)
                   for i in range(app.screen.query_one(CommandList).option_count)]
        assert len([p for p in prompts if "主题" in p]) == len(set(p for p in prompts if "主题" in p))
        await pilot.press("escape")
        await _palette(pilot, app, "theme", "主题")  # the English name finds it in Chinese too


async def test_switch_rep_from_the_palette(tmp_path):
    from tests.ui import REPS, make_app, seeded_db

    app = make_app(seeded_db(tmp_path, 50), lang="zh", start="today")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await _palette(pilot, app, "qhywy", "切换业务员")
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ChoicePrompt")
        await pilot.press("down", "enter")  # the first rep after "all"
        await until(pilot, lambda: app.rep_name in REPS, what="a rep chosen")
        await until(pilot, lambda: type(app.screen).__name__ == "TodayScreen" and app.screen.rep == app.rep_name,
                    what="Today rebuilt for the rep")
