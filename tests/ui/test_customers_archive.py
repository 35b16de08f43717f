"""Archive with undo, the archived filter and restore, merge from the list, literal names (Pilot)."""
from __future__ import annotations

from salesterm.widgets.lazy_table import LazyTable
from tests.ui import make_app, seeded_db, status_text, table_lines
from tests.ui.conftest import until


def _add(path: str, **fields) -> str:
    from salesterm.store import customers, stats
    from salesterm.store.db import open_database

    db = open_database(path)
    c = customers.create_customer(fields)
    stats.refresh_stats([c.id])
    db.close()
    return c.id


async def test_archive_then_undo(tmp_path):
    app = make_app(seeded_db(tmp_path, 200))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        table = app.screen.query_one(LazyTable)
        first = table.current_row
        await pilot.press("a")
        await until(pilot)
        assert "199 of 199 customers" in status_text(app)
        assert table.current_row.id != first.id
        assert any("Archived" in str(n.message) for n in app._notifications)
        await pilot.press("u")
        await until(pilot)
        assert "200 of 200 customers" in status_text(app)
        assert table.row_at(0).id == first.id


async def test_archived_filter_and_restore(tmp_path):
    app = make_app(seeded_db(tmp_path, 200))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        table = app.screen.query_one(LazyTable)
        name = table.current_row.name
        await pilot.press("a")
        await until(pilot)
        await pilot.press("A")  # the archived customers
        await until(pilot)
        assert "1 of 199 archived customers" in status_text(app)
        assert table.current_row.name == name
        await pilot.press("r")
        await until(pilot)
        assert "0 of 200 archived customers" in status_text(app)
        await pilot.press("A")
        await until(pilot)
        assert "200 of 200 customers" in status_text(app)


async def test_markup_in_a_name_is_shown_literally(tmp_path):
    path = seeded_db(tmp_path, 50)
    _add(path, name="[bold]x", city="[red]京")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.screen.query_one("#customer-search").value = "city:[red]京"
        await until(pilot)
        lines = table_lines(app)
        assert lines[1].startswith("[bold]x")
        assert "[red]京" in lines[1]
        await pilot.press("escape", "enter")
        await until(pilot)
        title = str(app.screen.query_one("#file-title").render())
        assert title.startswith("[bold]x")


async def test_merge_two_files_from_the_list(tmp_path):
    path = seeded_db(tmp_path, 50)
    keep = _add(path, name="[merge] 广州鑫源总店", phone="13911112222")
    lose = _add(path, name="鑫源电子分部乙", address="天河路1号")
    import datetime as dt

    from salesterm.store.db import open_database
    from salesterm.store.models import Contact, Receivable

    db = open_database(path)
    Contact.create(customer=lose, name="陈经理", is_decision_maker=True)
    Receivable.create(customer=lose, number="M-1", issued=dt.date(2026, 11, 1), due=dt.date(2026, 11, 10),
                      amount=300_00)
    db.close()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.screen.query_one("#customer-search").value = "广州鑫源总店"
        await until(pilot)
        await pilot.press("escape")
        assert app.screen.query_one(LazyTable).current_row.id == keep
        await pilot.press("m")
        await until(pilot)
        app.screen.query_one("#merge-query").value = "鑫源电子分部乙"
        await until(pilot)
        await pilot.press("down", "enter")
        await until(pilot)
        plan = str(app.screen.query_one("#merge-plan").render())
        assert "鑫源电子分部乙" in plan and "Which file survives?" in plan
        await pilot.press("k")
        assert "Press y to confirm" in str(app.screen.query_one("#merge-plan").render())
        await pilot.press("y")
        await until(pilot)
        assert app.screen.__class__.__name__ == "CustomersScreen"
        assert "1 match (of 51 customers)" in status_text(app)  # the search still applies; one file fewer
        await pilot.press("enter")
        await until(pilot)
        cf = app.screen.file
        assert cf.id == keep
        assert [c["name"] for c in cf.contacts] == ["陈经理"]
        assert cf.receivables[0]["number"] == "M-1"
        assert cf.profile["address"] == "天河路1号"
        assert cf.merges[0]["loser_name"] == "鑫源电子分部乙"
