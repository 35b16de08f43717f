"""A logged visit in the customer file (Pilot): logged on Today with a note, the file's Visits tab
and Timeline show the note and what was logged (not the planned reason); `enter` opens it
read-only; `l` on a logged visit says so at once and shows it instead of a blank form."""
from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, TabbedContent

from salesterm import clock
from salesterm.app import SalesTermApp
from salesterm.store import visits
from salesterm.store.ledger.receivables import record_receivable
from salesterm.store.models import Visit
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill, screen_text

NOTE = "老板答应月底结清"


def _build():
    clock.set_today(TODAY)
    c = customer("永辉超市", grade="A")
    record_receivable(c.id, number="SO-1", issued=TODAY - dt.timedelta(days=60),
                      due=TODAY - dt.timedelta(days=30), amount=500000)
    visits.plan_visit(c.id, day=TODAY, slot="am", reason="催款备货")


def _app(path):
    return SalesTermApp(db=path, today=TODAY, start="today", lang="en", rep="王伟")


def _cells(screen, table_id: str) -> list[str]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def _name(app) -> str:
    return app.screen.__class__.__name__


async def test_a_logged_note_shows_in_the_file_and_opens_read_only(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("l")
        await until(pilot, lambda: _name(app) == "LogVisitScreen", what="the log form")
        app.screen.query_one("#log-order").value = "8,800"
        app.screen.query_one("#log-product").value = "金龙鱼5L"
        app.screen.query_one("#log-collected").value = "1,000"
        app.screen.query_one("#log-promise-amount").value = "2,000"
        app.screen.query_one("#log-promise-date").value = "2026-12-04"
        app.screen.query_one("#log-notes").value = NOTE
        await pilot.press("ctrl+s")
        await until(pilot, lambda: _name(app) == "TodayScreen", what="back on Today")
        await until(pilot, lambda: NOTE in _cells(app.screen, "agenda")[0], what="Today's row shows the note")

        # l on the logged visit, on Today: says so at once and shows it read-only
        await pilot.press("l")
        await until(pilot, lambda: _name(app) == "VisitRecordScreen", what="the read-only view")
        await until(pilot, lambda: NOTE in screen_text(app), what="the note in the read-only view")
        text = screen_text(app)
        assert "already logged" in text and "8,800.00" in text and "金龙鱼5L" in text
        assert "1,000.00" in text and "2,000.00" in text and "2026-12-04" in text
        await pilot.press("escape")
        await until(pilot, lambda: _name(app) == "TodayScreen", what="back on Today")

        await pilot.press("o")
        await until(pilot, lambda: _name(app) == "CustomerFileScreen", what="the customer file")
        screen = app.screen
        await until(pilot, lambda: screen.file is not None, what="the file loaded")
        rows = _cells(screen, "visits-table")
        assert len(rows) == 1 and NOTE in rows[0] and "催款备货" not in rows[0]
        assert "8,800.00" in rows[0] and "1,000.00" in rows[0] and "promised 2,000.00 by 2026-12-04" in rows[0]
        timeline = [r for r in _cells(screen, "timeline-table") if "Visit" in r]
        assert len(timeline) == 1 and NOTE in timeline[0] and "催款备货" not in timeline[0]

        screen.query_one(TabbedContent).active = "visits"
        await until(pilot, lambda: screen.focused is screen.query_one("#visits-table"), what="visits focused")
        await pilot.press("enter")
        await until(pilot, lambda: _name(app) == "VisitRecordScreen", what="enter opens it read-only")
        await until(pilot, lambda: NOTE in screen_text(app), what="the note in the read-only view")
        assert "already logged" not in screen_text(app)
        assert "催款备货" in screen_text(app)  # the plan's reason, labelled as such
        await pilot.press("escape")
        await until(pilot, lambda: _name(app) == "CustomerFileScreen", what="back in the file")

        # l in the file: no blank form, the logged visit at once
        await pilot.press("l")
        await until(pilot, lambda: _name(app) == "VisitRecordScreen", what="l shows it read-only")
        assert "already logged" in screen_text(app)
        assert not app.screen.query("#log-notes")


async def test_a_logged_visit_is_corrected_and_keeps_what_it_replaced(tmp_path):
    """enter on the logged visit, `c` corrects its notes; the view lists the correction with the old
    note, and the file's Visits tab shows the new one."""
    path = str(tmp_path / "t.db")

    def build():
        _build()
        visit = Visit.select().first()
        visits.log_visit(visit.id, notes=NOTE)

    fill(path, build)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("o")
        await until(pilot, lambda: _name(app) == "CustomerFileScreen", what="the customer file")
        screen = app.screen
        await until(pilot, lambda: screen.file is not None, what="the file loaded")
        screen.query_one(TabbedContent).active = "visits"
        await until(pilot, lambda: screen.focused is screen.query_one("#visits-table"), what="visits focused")
        await pilot.press("enter")
        await until(pilot, lambda: _name(app) == "VisitRecordScreen" and NOTE in screen_text(app),
                    what="the read-only view")
        await pilot.press("c")
        await until(pilot, lambda: _name(app) == "VisitCorrectScreen", what="the correction form")
        area = app.screen.query_one("#correct-notes")
        assert area.text == NOTE
        area.text = "老板答应下月5日结清"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: _name(app) == "VisitRecordScreen" and "Corrections" in screen_text(app),
                    what="the view lists the correction")
        text = screen_text(app)
        assert "老板答应下月5日结清" in text and NOTE in text  # the new note, and the one it replaced
        await pilot.press("escape")
        await until(pilot, lambda: _name(app) == "CustomerFileScreen", what="back in the file")
        await until(pilot, lambda: "老板答应下月5日结清" in _cells(screen, "visits-table")[0],
                    what="the file shows the corrected note")
