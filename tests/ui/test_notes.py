"""Pilot tests of the notes section on demo data: the manager's order, search with two Chinese
characters, writing, the status flow with comments, competitor fields, export, scripts."""
from __future__ import annotations

from textual.widgets import DataTable, Input, Select, Static

from salesterm.app import SalesTermApp
from tests.conftest import TODAY
from tests.ui.conftest import until
from tests.ui.notes_helpers import demo_db, in_db, type_text


def _app(path, **kwargs):
    return SalesTermApp(db=path, today=TODAY, start="notes", lang="en", **kwargs)


async def _ready(pilot, app):
    await until(pilot, lambda: app.screen.query_one("#notes-table", DataTable).row_count > 0)
    return app.screen


async def test_manager_sees_new_notes_of_all_reps_first(tmp_path):
    path = demo_db(tmp_path / "n.db")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot, app)
        statuses = [r.status for r in screen.rows]
        first_other = next(i for i, s in enumerate(statuses) if s != "new")
        assert first_other > 0 and "new" not in statuses[first_other:]
        assert len({r.rep for r in screen.rows if r.status == "new"}) > 1  # all reps
        assert "new first" in str(screen.query_one("#notes-filters", Static).render())


async def test_search_with_two_chinese_characters(tmp_path):
    from salesterm.store.sales import notes

    path = demo_db(tmp_path / "n.db")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot, app)
        total = len(screen.rows)
        word = next(r.title[:2] for r in screen.rows if len(r.title) >= 2 and not r.title[:2].isascii())
        expected = in_db(path, notes.list_notes, query=word)
        assert 0 < len(expected) < total
        await pilot.press("slash")
        await type_text(pilot, word)
        await until(pilot, lambda: len(screen.rows) == len(expected))
        assert all(word in (r.title + r.body + r.tags + r.competitor + r.product + r.promotion)
                   for r in screen.rows)
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.rows) == total)


async def test_write_forward_and_resolve_a_note_from_the_keyboard(tmp_path):
    from salesterm.store.sales import notes

    path = demo_db(tmp_path / "n.db")
    app = _app(path, rep="赵建国")  # the demo's manager
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot, app)
        await pilot.press("n")
        await until(pilot, lambda: app.screen.query_one("#note-title", Input).has_focus)
        await type_text(pilot, "[bold]x 冰柜漏电")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and any(r.title == "[bold]x 冰柜漏电" for r in screen.rows))
        table = screen.query_one("#notes-table", DataTable)
        index = next(i for i, r in enumerate(screen.rows) if r.title == "[bold]x 冰柜漏电")
        table.move_cursor(row=index)
        await until(pilot, lambda: "冰柜漏电" in str(screen.query_one("#notes-detail", Static).render()),
                    what="the new note's detail")
        assert "[bold]x 冰柜漏电" in str(screen.query_one("#notes-detail", Static).render())  # literal
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        await type_text(pilot, "please check")
        await pilot.press("enter")
        await until(pilot, lambda: screen.current() is not None and screen.current().status == "forwarded")
        assert "please check" in str(screen.query_one("#notes-detail", Static).render())
        await pilot.press("f")  # a forwarded note cannot be forwarded again
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        await type_text(pilot, "done")
        await pilot.press("enter")
        await until(pilot, lambda: screen.current() is not None and screen.current().status == "resolved")
        note = in_db(path, notes.list_notes, query="冰柜漏电")[0]
        assert note.status == "resolved"
        assert note.manager_comment.splitlines() == ["[2026-11-29 赵建国] please check", "[2026-11-29 赵建国] done"]


async def test_competitor_note_needs_the_competitor_and_keeps_what_was_typed(tmp_path):
    from salesterm.store.sales import notes

    path = demo_db(tmp_path / "n.db")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot, app)
        await pilot.press("n")
        await until(pilot, lambda: app.screen.query_one("#note-title", Input).has_focus)
        form = app.screen
        assert not form.query_one("#competitor-fields").display
        form.query_one("#note-kind", Select).value = "competitor"
        await pilot.pause()
        assert form.query_one("#competitor-fields").display
        await type_text(pilot, "price war")
        form.query_one("#note-price", Input).value = "3.50"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "competitor" in str(form.query_one("#form-status").render()))
        assert app.screen is form and form.query_one("#note-title", Input).value == "price war"
        form.query_one("#note-competitor", Input).value = "康师傅"
        form.query_one("#note-price", Input).value = "abc"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "not a number" in str(form.query_one("#form-status").render()))
        form.query_one("#note-price", Input).value = "3.50"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        saved = in_db(path, notes.list_notes, query="price war")
        assert [(n.kind, n.competitor, n.price) for n in saved] == [("competitor", "康师傅", 350)]


async def test_filters_and_export(tmp_path):
    from openpyxl import load_workbook

    path = demo_db(tmp_path / "n.db")
    app = _app(path)
    out = tmp_path / "notes.xlsx"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot, app)
        await pilot.press("s")  # status: new
        await until(pilot, lambda: screen.status == "new" and all(r.status == "new" for r in screen.rows))
        shown = len(screen.rows)
        await pilot.press("k")  # kind: market
        await until(pilot, lambda: all(r.kind == "market" for r in screen.rows) and screen.kind == "market")
        await pilot.press("k", "k", "k", "k", "k", "k", "k", "k")  # back to all kinds
        await until(pilot, lambda: screen.kind is None and len(screen.rows) == shown)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        app.screen.focused.value = str(out)
        await pilot.press("enter")
        await until(pilot, lambda: out.exists())
    rows = list(load_workbook(out).active.values)  # the columns shown, headers in the UI's language
    assert rows[0][:3] == ("Date", "Kind", "Status") and len(rows) == shown + 1
    assert {r[2] for r in rows[1:]} == {"New"}


async def test_script_library_revise_and_log_a_use(tmp_path):
    from salesterm.store.sales import scripts

    path = demo_db(tmp_path / "n.db")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(pilot, app)
        await pilot.press("p")
        await until(pilot, lambda: app.screen.query_one("#scripts-table", DataTable).row_count > 0)
        lib = app.screen
        first = lib.current()
        await pilot.press("r")
        await until(pilot, lambda: app.screen.query_one("#script-body").has_focus)
        form = app.screen
        await until(pilot, lambda: form.query_one("#script-body").text != "")
        form.query_one("#script-body").text = "王老板您好！新版说法"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "revision note" in str(form.query_one("#form-status").render()))
        form.query_one("#script-note", Input).value = "客户嫌太长"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is lib and any(
            r.id == first.id and r.version == first.version + 1 for r in lib.rows))
        await pilot.press("v")  # versions
        await until(pilot, lambda: "客户嫌太长" in str(lib.query_one("#scripts-detail", Static).render()))
        await pilot.press("l")
        await until(pilot, lambda: app.screen is not lib)
        app.screen.query_one("#use-reaction", Select).value = "positive"
        app.screen.query_one("#use-note", Input).value = "当场下单"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is lib)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.SECTION == "notes" and not hasattr(app.screen, "view"))
    uses = in_db(path, scripts.uses, first.id)
    assert uses[0].note == "当场下单" and uses[0].reaction == "positive"
    assert in_db(path, scripts.current_text, first.id) == "王老板您好！新版说法"


async def test_note_form_opened_from_a_visit_links_customer_visit_and_rep(tmp_path):
    from salesterm.screens.forms.note import NoteFormScreen
    from salesterm.store.models import Visit
    from salesterm.store.sales import notes

    path = demo_db(tmp_path / "n.db")
    visit = in_db(path, lambda: Visit.select().where(Visit.status == "done").first())
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot, app)
        app.push_screen(NoteFormScreen(customer_id=visit.customer_id, visit_id=visit.id))
        await until(pilot, lambda: isinstance(app.screen, NoteFormScreen)
                    and app.screen.query_one("#note-customer", Input).value != "")
        form = app.screen
        assert visit.planned_date.isoformat() in str(form.query_one("#form-title", Static).render())
        form.query_one("#note-kind", Select).value = "opinion"
        form.query_one("#note-title", Input).value = "希望多送赠品"
        form.query_one("#note-tags", Input).value = "赠品，促销"
        form.query_one("#note-follow-up", Input).value = "2026/12/5"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        saved = in_db(path, notes.list_notes, query="赠品")
        note = next(n for n in saved if n.title == "希望多送赠品")
        assert (note.customer_id, note.visit_id, note.kind, note.tags) == (visit.customer_id, visit.id, "opinion",
                                                                          "赠品,促销")
        assert str(note.follow_up) == "2026-12-05" and note.rep
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        app.screen.focused.value = "没有这个客户"
        await pilot.press("enter")
        await until(pilot, lambda: screen.customer_text == "" and len(screen.rows) > 1)
