"""Text already in the database that holds escape sequences (imported before they were refused)
never reaches the terminal: the customers list, the customer file and the notes pane show a
placeholder for each control character (Pilot)."""
from __future__ import annotations

from textual.widgets import DataTable, Static

from tests.ui import TODAY, make_app, seeded_db, table_lines
from tests.ui.conftest import until

NAME = "Evil\x1b[31mRed\x1b]2;owned\x07Clip\x1b]52;c;ZWNobyBoaQ==\x07Bell\x07C1\u009b31mRLO\u202eoC"
BODY = "line one\x1b]52;c;eA==\x07\nline two\u009b2J\u202e"
FORBIDDEN = ("\x1b", "\x07", "\u009b", "\u202e", "\x9d")


def _hostile(path: str) -> str:
    from salesterm.store import customers, stats
    from salesterm.store.db import open_database
    from salesterm.store.models import Contact, Customer, Note

    db = open_database(path)
    c = customers.create_customer({"name": "placeholder", "city": "广州"}, rep="王伟")
    # as an import before the rule would have left it: straight into the table
    Customer.update(name=NAME, city="广\x1b[5m州", remark=BODY).where(Customer.id == c.id).execute()
    Contact.create(customer=c.id, name="王\x1b[2J伟", title="经\u0085理")
    Note.create(customer=c.id, written_on=TODAY, title="竞品\x1b]2;title\x07降价", body=BODY)
    stats.refresh_stats([c.id])
    db.close()
    return c.id


def _assert_clean(text: str) -> None:
    for ch in FORBIDDEN:
        assert ch not in text, f"{ch!r} reached the screen"


async def test_customers_list_and_file_neutralise_control_characters(tmp_path):
    path = seeded_db(tmp_path, 20)
    cid = _hostile(path)
    app = make_app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: any(line.startswith("Evil") for line in table_lines(app)), what="the list")
        lines = table_lines(app)
        evil = [line for line in lines if line.startswith("Evil")]
        assert evil and "\ufffd" in evil[0], lines
        _assert_clean("\n".join(lines))
        _assert_clean(app.export_screenshot())

        app.open_customer(cid)
        await until(pilot, lambda: type(app.screen).__name__ == "CustomerFileScreen", what="the customer file")
        await until(pilot)
        _assert_clean(str(app.screen.query_one("#profile-text").render()))
        _assert_clean(str(app.screen.query_one("#file-title").render()))
        _assert_clean(app.export_screenshot())
        assert "Evil\ufffd[31mRed" in app.export_screenshot().replace("&#160;", " ")


async def test_notes_pane_neutralises_control_characters(tmp_path):
    from salesterm.app import SalesTermApp

    path = seeded_db(tmp_path, 20)
    _hostile(path)
    app = SalesTermApp(db=path, today=TODAY, start="notes", lang="en")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#notes-table", DataTable).row_count > 0)
        await until(pilot)
        detail = str(app.screen.query_one("#notes-detail", Static).render())
        assert "line one" in detail and "\ufffd" in detail
        _assert_clean(detail)
        _assert_clean(app.export_screenshot())
