"""Start-up paths (Pilot): the key footer is one line that follows focus and presses what is
clicked; the customers list shows its first page before every id is counted."""
from __future__ import annotations

import threading

from salesterm.screens import customers as customers_screen
from salesterm.widgets.key_bar import KeyBar
from tests.ui import make_app, seeded_db, status_text, table_lines
from tests.ui.conftest import until


def _footer(app) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_footer_shows_the_keys_and_follows_focus(tmp_path):
    app = make_app(seeded_db(tmp_path, 300))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        line = _footer(app)
        assert "/ Search" in line and "n New" in line and "⏎ Open" in line
        assert line.rstrip().endswith("^p Commands")  # the command palette key on the right edge
        await pilot.press("slash")
        await until(pilot)
        assert "n New" not in _footer(app)  # typing goes to the search box now
        await pilot.press("escape")
        await until(pilot)
        assert "n New" in _footer(app)


async def test_clicking_a_footer_key_presses_it(tmp_path):
    app = make_app(seeded_db(tmp_path, 300))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        footer = app.screen.query_one(KeyBar)
        x = _footer(app).index("/ Search")
        assert footer.key_at(x) == ("slash", True)
        await pilot.click(KeyBar, offset=(x, 0))
        await until(pilot)
        assert app.screen.query_one("#customer-search").has_focus


async def test_first_page_shows_before_the_count(tmp_path, monkeypatch):
    release = threading.Event()
    counting = customers_screen._all_ids

    def slow_count(*args):
        release.wait(10)
        return counting(*args)

    monkeypatch.setattr(customers_screen, "_all_ids", slow_count)
    app = make_app(seeded_db(tmp_path, 300))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(table_lines(app)) > 1 and table_lines(app)[1].startswith("北京"))
        assert table_lines(app)[1].startswith("北京")  # the first page is on screen
        assert status_text(app) == "Counting…"  # while every id is still being read
        release.set()
        await until(pilot)
        assert "300 of 300 customers" in status_text(app)
