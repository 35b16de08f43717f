"""Handover from the customers list (Pilot): h on a customer, pick the new rep, save; the list shows
the new rep; an unknown rep is refused and nothing moves."""
from __future__ import annotations

from salesterm.screens.forms.handover import HandoverScreen
from tests.ui import make_app, seeded_db
from tests.ui.conftest import until


def _owner(path: str, customer_id: str) -> str:
    from salesterm.store.db import open_database
    from salesterm.store.models import Customer

    db = open_database(path)
    try:
        return Customer.get_by_id(customer_id).rep.name
    finally:
        db.close()


def _other_rep(path: str, than: str) -> str:
    from salesterm.store.db import open_database
    from salesterm.store.reps import rep_names

    db = open_database(path)
    try:
        return next(n for n in rep_names() if n != than)
    finally:
        db.close()


async def test_h_hands_the_customer_under_the_cursor_to_another_rep(tmp_path):
    path = seeded_db(tmp_path, 10)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        row = app.screen._row()
        target = _other_rep(path, row.rep)
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HandoverScreen))
        form = app.screen
        await until(pilot, lambda: form.query_one("#field-to_rep").names is not None, what="the reps loaded")
        form.query_one("#input-to_rep").value = target + "乙"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "no rep called" in str(form.query_one("#form-status").render()))
        assert app.screen is form and _owner(path, row.id) == row.rep
        form.query_one("#input-to_rep").value = target
        form.query_one("#input-reason").value = "调区域"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, HandoverScreen), what="the form closed")
        await until(pilot, lambda: app.screen._row() is not None and app.screen._row().rep == target,
                    what="the list showing the new rep")
    assert _owner(path, row.id) == target
