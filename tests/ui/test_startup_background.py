"""Start-up that feels instant (Pilot): after the first paint the customers list (and Today) are
built in the background, so switching is immediate; Today's agenda is read while the screen is set up
(an early read that failed is read again); a long agenda paints a screenful first and the rest
after; a new section costs no CSS re-parse."""
from __future__ import annotations

import threading

from textual.widgets import DataTable

from salesterm import clock
from salesterm.app import BUILD_ORDER
from salesterm.store import visits
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui import make_app, seeded_db, status_text
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill


def _built(app, mode: str) -> bool:
    try:
        return bool(app.get_screen_stack(mode))
    except KeyError:
        return False


async def test_customers_is_built_after_the_first_paint_and_2_shows_the_list_at_once(tmp_path):
    app = make_app(seeded_db(tmp_path, 300), start="today")
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: _built(app, "customers"), what="the customers section built")
        assert app.current_mode == "today"  # built hidden: the user stays where they are
        await until(pilot)
        assert not _built(app, "reports")  # the others when first shown (memory)
        hidden = app.get_screen_stack("customers")[0]
        await until(pilot, lambda: hidden.current is not None, what="the hidden list to have its rows")
        await pilot.press("2")
        assert app.screen is hidden
        assert "300 of 300 customers" in status_text(app)  # at once: no new load to wait for


async def test_a_section_first_shown_parses_no_stylesheet_again(tmp_path, monkeypatch):
    from salesterm.app import SalesTermApp

    refreshes = []  # each one parses every stylesheet again and restyles every widget
    real = SalesTermApp.refresh_css
    monkeypatch.setattr(SalesTermApp, "refresh_css", lambda self, **kw: refreshes.append(1) or real(self, **kw))
    app = make_app(seeded_db(tmp_path, 300), start="customers")
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: "300 of 300 customers" in status_text(app))
        assert len(refreshes) <= 1  # Textual's own at start, once, as in the minimal app
        await until(pilot, lambda: all(_built(app, m) for m in BUILD_ORDER), what="sections built")
        for key in "13456":
            await pilot.press(key)
        await until(pilot)
        assert len(refreshes) <= 1


def _many_visits():
    clock.set_today(TODAY)
    for i in range(130):
        c = customer(f"测试客户{i:03d}", grade="ABCD"[i % 4])
        visits.plan_visit(c.id, day=TODAY, slot="am" if i % 2 else "pm", reason=f"reason {i}")


async def test_the_agenda_is_read_early_and_a_long_one_is_all_there_after_the_first_screenful(
        tmp_path, monkeypatch):
    from salesterm.screens import today
    from salesterm.store.visits import today_read

    path = str(tmp_path / "t.db")
    fill(path, _many_visits)
    readers = []
    real = today_read.load_agenda

    def load(day, rep):
        readers.append(threading.current_thread().name)
        return real(day, rep)

    monkeypatch.setattr(today_read, "load_agenda", load)
    app = make_app(path, start="today", rep="王伟")
    async with app.run_test(size=(140, 40)) as pilot:
        table = app.screen.query_one("#agenda", DataTable)
        await until(pilot, lambda: table.row_count == 130, what="every agenda row in the table")
        assert readers[0] == "salesterm-early-read" and len(readers) == 1
        assert today.FIRST_ROWS < 130
        names = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert names == {f"测试客户{i:03d}" for i in range(130)}


def _many_promises() -> None:
    from datetime import timedelta

    from salesterm.store.ledger.promises import make_promise

    clock.set_today(TODAY)
    for i in range(70):
        make_promise(customer(f"承诺客户{i:03d}").id, promised_date=TODAY, amount=1000 * (i + 1))
    for i in range(5):
        visits.plan_visit(customer(f"昨天客户{i}").id, day=TODAY - timedelta(days=1), slot="am")


async def test_today_shows_the_agendas_first_rows_then_reads_the_whole_of_it(tmp_path, monkeypatch):
    """Issue 11: a usable Today waits only for the agenda's first rows (a screenful); the rest,
    and the header's count of what is carried forward, follow."""
    from salesterm.store.visits import today_read

    path = str(tmp_path / "t.db")
    fill(path, _many_promises)
    reads = []
    real_first, real_whole = today_read.load_agenda, today_read.load_whole

    def first(day, rep):
        reads.append(("first", threading.current_thread().name))
        return real_first(day, rep)

    def whole(day, rep):
        reads.append(("whole", len(app.screen.all_items), app.screen.complete))
        return real_whole(day, rep)

    monkeypatch.setattr(today_read, "load_agenda", first)
    monkeypatch.setattr(today_read, "load_whole", whole)
    app = make_app(path, start="today")
    async with app.run_test(size=(140, 40)) as pilot:
        table = app.screen.query_one("#agenda", DataTable)
        await until(pilot, lambda: table.row_count == 75, what="every agenda row in the table")
        await until(pilot)
        # the first rows were on screen (no count of the carried yet) before the whole was read
        assert reads == [("first", "salesterm-early-read"), ("whole", today_read.FIRST_ROWS, False)]
        assert app.screen.complete
        head = str(app.screen.query_one("#today-head").render())
        assert "0/0 visits done" in head and "5 carried forward" in head
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert names[:70] == [f"承诺客户{i:03d}" for i in reversed(range(70))]  # the largest first
        assert sorted(names[70:]) == [f"昨天客户{i}" for i in range(5)]


async def test_an_early_read_that_failed_is_read_again_and_today_shows_the_agenda(tmp_path, monkeypatch):
    from salesterm import early_read
    from salesterm.store.visits import today_read

    path = str(tmp_path / "t.db")
    fill(path, _many_visits)
    real = today_read.load_agenda
    calls = []

    def load(day, rep):
        calls.append(threading.current_thread().name)
        if len(calls) == 1:
            raise OSError("disk I/O error")  # the early read fails: the screen must not show it
        return real(day, rep)

    monkeypatch.setattr(today_read, "load_agenda", load)
    app = make_app(path, start="today", rep="王伟")
    async with app.run_test(size=(140, 40)) as pilot:
        table = app.screen.query_one("#agenda", DataTable)
        await until(pilot, lambda: table.row_count == 130, what="every agenda row in the table")
        assert calls[0] == "salesterm-early-read" and len(calls) == 2
        assert not app._notifications  # no error shown
        assert not early_read.started(app.database, today_read.load_agenda, TODAY, "王伟")  # taken
