"""A new or edited row becomes the selection of the list it shows up in (widgets/selection.py,
through FormScreen.saved): the note just written is the one `f` forwards, a new deal is the
card under the cursor, a contact, deal or note added in a customer's file is the selected row of
its tab, a new pitch script is the selected script."""
from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from salesterm.app import SalesTermApp
from salesterm.store.sales import deals
from salesterm.widgets.stage_board import StageBoard
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui.conftest import until
from tests.ui.notes_helpers import demo_db, in_db, type_text
from tests.ui.visit_helpers import fill

IDS: dict[str, str] = {}


async def test_a_new_note_is_selected_and_f_forwards_it(tmp_path):
    from salesterm.store.sales import notes

    path = demo_db(tmp_path / "n.db")
    app = SalesTermApp(db=path, today=TODAY, start="notes", lang="en", rep="赵建国")  # the demo's manager
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#notes-table", DataTable).row_count > 0)
        screen = app.screen
        before = screen.current()
        await pilot.press("n")
        await until(pilot, lambda: app.screen.query_one("#note-title", Input).has_focus)
        await type_text(pilot, "冰柜漏电")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and screen.current() is not None
                    and screen.current().title == "冰柜漏电", what="the new note selected")
        assert "冰柜漏电" in str(screen.query_one("#notes-detail", Static).render())
        await pilot.press("f")  # forwards the note just written, not the one selected before
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        await pilot.press("enter")
        await until(pilot, lambda: screen.current() is not None and screen.current().status == "forwarded")
        assert in_db(path, notes.list_notes, query="冰柜漏电")[0].status == "forwarded"
        assert in_db(path, notes.get_note, before.id).status == before.status

        # an edited note stays the selection even when the list's order moves it
        table = screen.query_one("#notes-table", DataTable)
        table.move_cursor(row=table.row_count - 1)
        edited = screen.current()
        await pilot.press("e")
        await until(pilot, lambda: app.screen.query_one("#note-title", Input).has_focus)
        await pilot.press("end", *"!")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and screen.current() is not None
                    and screen.current().title == edited.title + "!")
        assert screen.current().id == edited.id


async def test_an_older_reload_never_paints_over_a_newer_one(tmp_path, monkeypatch):
    """A thread worker runs on when a newer reload supersedes it: its rows, read before a note
    was written, must not replace the rows read after (nor move the selection with them)."""
    import threading

    from salesterm.store.sales import notes

    path = demo_db(tmp_path / "n.db")
    app = SalesTermApp(db=path, today=TODAY, start="notes", lang="en", rep="赵建国")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#notes-table", DataTable).row_count > 0)
        screen = app.screen
        real, calls = notes.list_notes, []
        read, release = threading.Event(), threading.Event()

        def first_one_slow(**kwargs):
            calls.append(kwargs)
            rows = real(**kwargs)
            if len(calls) == 1:  # the older reload: it has read, then takes its time
                read.set()
                release.wait(10)
            return rows

        monkeypatch.setattr(notes, "list_notes", first_one_slow)
        screen.reload()
        await until(pilot, read.is_set, what="the older reload has read the list")
        in_db(path, notes.create_note, {"kind": "complaint", "title": "冰柜漏电"}, rep="赵建国")
        screen.reload()
        await until(pilot, lambda: any(r.title == "冰柜漏电" for r in screen.rows), what="the newer rows")
        release.set()
        await until(pilot)  # the older reload's answer is back
        assert any(r.title == "冰柜漏电" for r in screen.rows)
        table = screen.query_one("#notes-table", DataTable)
        assert table.row_count == len(screen.rows)


def _board():
    yh = customer("永辉超市", grade="B", city="宁波")
    IDS["yh"] = yh.id
    for title in ("年货", "饮料", "冷柜"):
        deals.create_deal(yh.id, title=title, amount="1000")
    from salesterm.store.customers import add_contact

    for name in ("李四", "张三"):
        add_contact(yh.id, {"name": name})
    from salesterm.store.ledger import receivables

    for amount in (300_00, 200_00):
        receivables.record_payment(yh.id, amount=amount, day=TODAY)


async def test_a_new_deal_is_the_card_under_the_cursor(tmp_path):
    path = str(tmp_path / "p.db")
    fill(path, _board)
    app = SalesTermApp(db=path, today=TODAY, start="pipeline", lang="en")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        board = app.screen.query_one(StageBoard)
        await pilot.press("n")
        await until(pilot)
        await pilot.press(*"yhcs")
        await until(pilot, lambda: app.screen.query_one("#picker-options").option_count > 0)
        await pilot.press("enter", *"promo", "tab", *"500", "ctrl+s")
        await until(pilot, lambda: board.selected() is not None and board.selected().title == "promo",
                    what="the new deal selected")
        assert [c.title for c in board.columns[board.col].cards].count("promo") == 1


async def test_rows_added_in_a_customer_file_are_selected_in_their_tab(tmp_path):
    path = str(tmp_path / "f.db")
    fill(path, _board)
    app = SalesTermApp(db=path, today=TODAY, start="customers", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.open_customer(IDS["yh"])
        await until(pilot, lambda: type(app.screen).__name__ == "CustomerFileScreen")
        file = app.screen
        await until(pilot, lambda: file.file is not None)
        for steps, tab, table_id, key, typed, column, shown in (
                (1, "contacts", "contacts-table", "n", (*"王经理",), 0, "王经理"),
                (2, "deals", "deals-table", "n", (*"promo", "tab", *"800"), 0, "promo"),
                (3, "money", "payments", "p", (*"123",), 1, "123.00")):  # past trade log and orders
            await pilot.press(*["right_square_bracket"] * steps)
            await until(pilot, lambda tab=tab: file.tab == tab)
            table = file.query_one(f"#{table_id}", DataTable)
            table.move_cursor(row=0)
            await pilot.press(key)
            await until(pilot, lambda: app.screen is not file)
            await until(pilot)
            if key == "p":
                await pilot.press("ctrl+u")  # the amount owed is filled in
            await pilot.press(*typed, "ctrl+s")
            await until(pilot, lambda table=table, column=column, shown=shown: app.screen is file
                        and table.row_count > 1 and str(table.get_row_at(table.cursor_row)[column]) == shown,
                        what=f"the new row of {tab}")


async def test_a_new_script_is_the_selected_script(tmp_path):
    path = demo_db(tmp_path / "s.db")
    app = SalesTermApp(db=path, today=TODAY, start="notes", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#notes-table", DataTable).row_count > 0)
        await pilot.press("p")
        await until(pilot, lambda: type(app.screen).__name__ == "ScriptsScreen"
                    and app.screen.query_one("#scripts-table", DataTable).row_count > 1)
        scripts = app.screen
        await pilot.press("n")
        await until(pilot, lambda: app.screen is not scripts)
        await type_text(pilot, "Zz new opener")
        await pilot.press("tab", "tab")
        await type_text(pilot, "hello")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is scripts and scripts.current() is not None
                    and scripts.current().title == "Zz new opener", what="the new script selected")


def _agenda():
    from salesterm.store import visits

    IDS["ah"] = customer("安和超市", grade="A", city="宁波").id
    for name in ("百佳超市", "永辉超市"):
        visits.plan_visit(customer(name, grade="B", city="宁波").id, day=TODAY, reason="巡店")


async def test_a_visit_planned_on_today_is_the_selected_line(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _agenda)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query_one("#agenda", DataTable).row_count >= 2)
        today = app.screen
        table = today.query_one("#agenda", DataTable)
        table.move_cursor(row=table.row_count - 1)  # the new visit sorts first: the cursor must follow it
        await pilot.press("n")
        await until(pilot, lambda: app.screen is not today)
        await pilot.press(*"ahcs")  # 安和超市
        await until(pilot, lambda: app.screen.query_one("#picker-options").option_count > 0)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.customer_id == IDS["ah"])
        app.screen.query_one("#visit-date", Input).value = TODAY.isoformat()
        app.screen.query_one("#visit-reason", Input).value = "新店开业"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is today and today.items
                    and today.items[table.cursor_row].customer == "安和超市", what="the new visit selected")


async def test_a_new_customer_is_the_selected_row_of_the_list(tmp_path):
    from tests.ui import make_app, seeded_db

    app = make_app(seeded_db(tmp_path, 300))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        customers = app.screen
        await until(pilot, lambda: customers._row() is not None)
        await pilot.press("n")
        await until(pilot, lambda: app.screen is not customers)
        await pilot.press(*"zz")
        app.screen.query_one("#input-name", Input).value = "深圳新客户商行"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is customers and customers._row() is not None
                    and customers._row().name == "深圳新客户商行", what="the new customer selected")
