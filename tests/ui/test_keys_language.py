"""Key descriptions are translated when shown, not when their class is declared: importing every
screen in English first and choosing Chinese afterwards still shows Chinese keys in the key bar,
Textual's footer, the `?` keys panel (Textual's own widget keys too) and the command palette."""
from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

import salesterm.screens
from salesterm.domain.catalogs import catalog
from salesterm.widgets.keys import TranslatedKeys
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: salesterm.app and every screen are imported while the language is
# still English, then the app is started in Chinese, then a second app in English.
SCRIPT = r"""
import asyncio, importlib, json, pkgutil, sys
from datetime import date
import salesterm.app, salesterm.screens
for m in pkgutil.walk_packages(salesterm.screens.__path__, "salesterm.screens."):
    importlib.import_module(m.name)
from salesterm import i18n
from salesterm.app import SalesTermApp
from salesterm.widgets.key_bar import KeyBar
assert i18n.language() == "en"

async def shown(lang, db):
    app = SalesTermApp(db=db, today=date(2026, 11, 29), lang=lang)
    out = {}
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.2)
        out["key_bar"] = str(app.screen.query_one(KeyBar).render())
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        out["panel"] = str(app.screen.query_one("BindingsTable").render_bindings_table().columns[1]._cells)
        await pilot.press("question_mark")
        await pilot.press("c")  # coverage: a DataTable in focus, Textual's footer
        await pilot.pause(0.3)
        out["footer"] = " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
        app.action_show_help_panel()
        await pilot.pause(0.2)
        out["table_panel"] = str(app.screen.query_one("BindingsTable").render_bindings_table().columns[1]._cells)
        out["palette"] = [(c.title, c.help) for c in app.get_system_commands(app.screen)]
    return out

print(json.dumps({"zh": asyncio.run(shown("zh", sys.argv[1])), "en": asyncio.run(shown("en", sys.argv[1]))}))
"""


def test_keys_are_chinese_when_the_app_was_imported_in_english(tmp_path):
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "k.db")], capture_output=True,
                         text=True, timeout=180, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    zh, en = seen["zh"], seen["en"]
    assert "记录拜访" in zh["key_bar"] and "命令" in zh["key_bar"]
    assert "Log visit" not in zh["key_bar"] and "Commands" not in zh["key_bar"]
    assert "跳转客户" in zh["panel"] and "Jump to customer" not in zh["panel"]
    assert "返回" in zh["footer"] and "Back" not in zh["footer"]
    assert "顶部" in zh["table_panel"] and "底部" in zh["table_panel"]  # DataTable's own keys
    assert "Top" not in zh["table_panel"] and "Cursor up" not in zh["table_panel"]
    assert ["主题", "更换当前主题"] in zh["palette"]
    # the same process, back in English
    assert "Log visit" in en["key_bar"] and "^p Commands" in en["key_bar"]
    assert "Jump to customer" in en["panel"] and "Back" in en["footer"]
    assert "Top" in en["table_panel"] and ["Theme", "Change the current theme"] in en["palette"]


async def test_keys_follow_the_language_of_each_app(tmp_path):
    """In one process, apps started one after another show keys in their own language."""
    from salesterm import i18n
    from salesterm.app import SalesTermApp
    from salesterm.widgets.key_bar import KeyBar

    try:
        for lang, word in (("zh", "记录拜访"), ("en", "Log visit"), ("zh", "记录拜访")):
            app = SalesTermApp(db=str(tmp_path / "k.db"), today=TODAY, lang=lang)
            async with app.run_test(size=(160, 50)) as pilot:
                await pilot.pause(0.2)
                assert word in str(app.screen.query_one(KeyBar).render())
    finally:
        i18n.set_language("en")


def _our_classes():
    for info in pkgutil.walk_packages(salesterm.screens.__path__, "salesterm.screens."):
        importlib.import_module(info.name)
    importlib.import_module("salesterm.app")
    stack, seen = [DOMNode], set()
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return [c for c in seen if c.__module__.startswith("salesterm.")]


def test_every_screen_of_ours_shows_its_keys_translated():
    screens = [c.__qualname__ for c in _our_classes() if issubclass(c, Screen) and not issubclass(c, TranslatedKeys)]
    assert screens == []


def test_every_key_description_has_a_chinese_text():
    """Ours and those of the Textual widgets the app uses: each description is a message id."""
    import textual.containers
    import textual.widgets
    from textual.widgets import _select, _tabbed_content

    textual_classes = [
        textual.widgets.Input, textual.widgets.DataTable, textual.widgets.Select, _select.SelectOverlay,
        textual.widgets.OptionList, textual.widgets.TextArea, textual.widgets.Tabs, _tabbed_content.ContentTabs,
        textual.widgets.Checkbox, textual.widgets.SelectionList, textual.containers.VerticalScroll, Screen,
    ]
    zh = catalog("zh")
    missing = set()
    for cls in [*_our_classes(), *textual_classes]:
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            missing |= {text for text in (binding.description, binding.tooltip) if text and text not in zh}
    assert sorted(missing) == []
