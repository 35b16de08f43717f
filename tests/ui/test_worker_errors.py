"""The app survives an unexpected database error in a worker (Pilot): it is logged to
salesterm.log, shown as one line, and the form stays open with what was typed."""
from __future__ import annotations

import sqlite3

import peewee

from salesterm import paths
from salesterm.screens.forms.customer import CustomerFormScreen
from salesterm.widgets.lazy_table import LazyTable
from tests.ui import make_app, seeded_db
from tests.ui.conftest import until


def _messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_an_unexpected_error_while_saving_keeps_the_form_and_its_values(tmp_path, monkeypatch):
    from salesterm.store import customers

    def locked(*_args, **_kwargs):
        raise peewee.OperationalError("database is locked")

    real = customers.create_customer
    monkeypatch.setattr(customers, "create_customer", locked)
    app = make_app(seeded_db(tmp_path, 30))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("n")
        await until(pilot)
        form = app.screen
        assert isinstance(form, CustomerFormScreen)
        form.query_one("#input-name").value = "深圳新客户商行"
        form.query_one("#input-city").value = "深圳"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("unexpected error" in m for m in _messages(app)), what="the error line")
        assert app.is_running and app.screen is form  # still open
        assert form.query_one("#input-name").value == "深圳新客户商行"
        assert form.query_one("#input-city").value == "深圳"
        shown = [m for m in _messages(app) if "unexpected error" in m]
        assert len(shown) == 1 and "OperationalError: database is locked" in shown[0]
        assert "\n" not in shown[0]
        monkeypatch.setattr(customers, "create_customer", real)  # free again: the same form saves
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, CustomerFormScreen), what="the form to close")
        assert not isinstance(app.screen, CustomerFormScreen)
    log = (paths.log_dir() / "salesterm.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "database is locked" in log


async def test_archive_while_another_salesterm_writes_waits_then_says_so(tmp_path):
    path = seeded_db(tmp_path, 30)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        table = app.screen.query_one(LazyTable)
        first = table.current_row
        writer = sqlite3.connect(path, isolation_level=None)  # a CLI import holding the write lock
        writer.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("a")
            # the archive waits out the busy timeout, then gives up
            await until(pilot, lambda: any("another salesterm is writing" in m for m in _messages(app)),
                        what="the busy line")
            assert app.is_running
            assert any("another salesterm is writing" in m for m in _messages(app)), _messages(app)
            assert table.current_row.id == first.id  # nothing archived
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        await pilot.press("a")  # free again: archiving works
        await until(pilot, lambda: any("Archived" in m for m in _messages(app)), what="the archive")
        assert any("Archived" in m for m in _messages(app))
        assert table.current_row.id != first.id
