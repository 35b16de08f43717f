"""The app shell: sections on keys 1-6, help, quit, remapped keys, themes, literal user text."""
from __future__ import annotations

from salesterm.app import SalesTermApp
from salesterm.config import Config
from tests.conftest import TODAY


def make_app(tmp_path, **kwargs) -> SalesTermApp:
    return SalesTermApp(db=str(tmp_path / "shell.db"), today=TODAY, **kwargs)


async def test_number_keys_switch_sections(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.current_mode == "today"
        modes = ["customers", "pipeline", "collections", "notes", "reports", "today"]
        for key, mode in zip("234561", modes, strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode


async def test_question_mark_shows_the_keys(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")


async def test_q_quits(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_bindings_can_be_remapped_from_the_config(tmp_path):
    app = make_app(tmp_path, config=Config({"keys": {"section.reports": "f6"}}))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert app.current_mode == "reports"


async def test_themes_ship_and_can_be_chosen(tmp_path):
    app = make_app(tmp_path, theme="salesterm-light")
    async with app.run_test(size=(120, 40)):
        assert app.theme == "salesterm-light"
        assert "salesterm-dark" in app.available_themes


async def test_chinese_interface(tmp_path):
    app = make_app(tmp_path, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one("SectionBar")
        assert "客户" in str(bar.render())
    from salesterm import i18n

    i18n.set_language("en")


async def test_user_text_is_never_markup(tmp_path):
    app = make_app(tmp_path, rep="[bold]x[/bold]")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one("SectionBar")
        assert "[bold]x[/bold]" in str(bar.render())


def test_app_keys_are_translated():
    """The app's own keys (jump, quit, palette) show in Chinese, in a fresh process as a user starts it,
    even when the app was imported before the language was chosen (they are translated when shown)."""
    import json
    import subprocess
    import sys

    code = ("from salesterm.app import SalesTermApp; from salesterm import i18n; i18n.set_language('zh'); "
            "from salesterm.widgets.keys import translated; "
            "import json; print(json.dumps({b.id: translated(b).description for b in SalesTermApp.BINDINGS}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    descriptions = json.loads(out.stdout)
    assert descriptions["jump"] == "跳转客户"
    assert descriptions["quit"] == "退出" and descriptions["palette"] == "命令"
