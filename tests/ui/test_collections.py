"""Pilot tests of the collections section: the queue, payments, promises, escalation, triage."""
from __future__ import annotations

from datetime import timedelta

from salesterm import clock
from tests.conftest import TODAY
from tests.ui.collections_helpers import customers_shown, fill, make_app, table_rows, type_into
from tests.ui.conftest import until

ROWS = [
    ("[bold]老王批发部", "王伟", 122, 2_000_00, {"payday": "1"}),
    ("杭州百货", "李娜", 40, 800_00, {"no_morning_collection": "是"}),
    ("南京超市", "王伟", 10, 300_00, {}),
]


def _store():
    from salesterm.store.ledger import queue
    from salesterm.store.models import CollectionState, Payment, Promise

    return queue, CollectionState, Payment, Promise


async def test_queue_shows_rows_most_urgent_first_with_reasons(tmp_path):
    fill(tmp_path / "c.db", ROWS)
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        screen = app.screen
        assert customers_shown(screen) == ["[bold]老王批发部", "杭州百货", "南京超市"]  # literal
        first = table_rows(screen)[0]
        assert "122 days overdue" in first[-1] and "payday in 2 days" in first[-1]
        assert "afternoon" in table_rows(screen)[1][10]
        detail = str(screen.query_one("#queue-detail").render())
        assert "[bold]老王批发部" in detail and "bad-debt review" in detail
        await pilot.press("enter")
        await until(pilot)
        assert type(app.screen).__name__ == "CustomerFileScreen"


async def test_recording_a_payment_from_the_row(tmp_path):
    fill(tmp_path / "c.db", ROWS)
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("p")
        await until(pilot)
        form = app.screen
        assert type(form).__name__ == "RecordPaymentScreen"
        await type_into(pilot, "amount", "1,500.5")
        await until(pilot)
        allocation = str(form.query_one("#allocation").render())
        assert "SO-000" in allocation and "1,500.50" in allocation
        await type_into(pilot, "amount", "12x")
        await until(pilot)
        assert "not a number" in str(form.query_one("#field-amount .field-error").render())
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen is form  # refused, nothing lost
        assert form.query_one("#input-amount").value == "12x"
        await type_into(pilot, "amount", "1500.50")
        await pilot.press("ctrl+s")
        await until(pilot)
        assert type(app.screen).__name__ == "CollectionsScreen"
        queue, _state, Payment, _p = _store()
        assert [p.amount for p in Payment.select()] == [1_500_50]
        assert table_rows(app.screen)[0][4] == "499.50"


async def test_keeping_a_promise(tmp_path):
    fill(tmp_path / "c.db", ROWS[:1])
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("m")
        await until(pilot)
        await type_into(pilot, "promised_date", (TODAY + timedelta(days=3)).isoformat())
        await type_into(pilot, "amount", "500")
        await pilot.press("ctrl+s")
        await until(pilot)
        assert "promised 500.00 by 2026-12-02" in table_rows(app.screen)[0][-1]
        await pilot.press("p")
        await until(pilot)
        await type_into(pilot, "amount", "500")
        await pilot.press("ctrl+s")
        await until(pilot)
        _q, _s, _pay, Promise = _store()
        assert [p.status for p in Promise.select()] == ["kept"]
        assert "promised" not in table_rows(app.screen)[0][-1]


async def _promise_and_let_it_pass(pilot, app, days_ahead: int = 1):
    await pilot.press("m")
    await until(pilot)
    await type_into(pilot, "promised_date", (clock.today() + timedelta(days=days_ahead)).isoformat())
    await type_into(pilot, "amount", "100")
    await pilot.press("ctrl+s")
    await until(pilot)
    clock.set_today(clock.today() + timedelta(days=days_ahead + 1))
    await pilot.press("1")
    await until(pilot)
    await pilot.press("4")
    await until(pilot)


async def test_breaking_a_promise_twice_escalates(tmp_path):
    fill(tmp_path / "c.db", ROWS[:1])
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await _promise_and_let_it_pass(pilot, app)
        row = table_rows(app.screen)[0]
        assert row[8] == "1" and "one slip: a broken promise" in row[-1]
        await _promise_and_let_it_pass(pilot, app)
        row = table_rows(app.screen)[0]
        assert row[8] == "2 ⚑"
        assert "; second broken promise: escalated;" in row[-1]
        await pilot.press("E")  # escalated only
        await until(pilot)
        assert customers_shown(app.screen) == ["[bold]老王批发部"]
        assert "escalated only" in str(app.screen.query_one("#queue-filters").render())


async def test_manager_assigns_many_rows_at_once(tmp_path):
    fill(tmp_path / "c.db", ROWS, manager="张经理")
    app = make_app(tmp_path / "c.db", rep="张经理")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        assert len(customers_shown(app.screen)) == 3  # a manager sees every rep
        await pilot.press("space", "down", "space")  # marks rows 1 and 2
        await until(pilot)
        assert [r[0] for r in table_rows(app.screen)] == ["✓", "✓", " "]
        assert "2 marked" in str(app.screen.query_one("#queue-status").render())
        await pilot.press("g")
        await until(pilot)
        options = app.screen.query_one("#choice-list")
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        await pilot.press(*["down"] * labels.index("李娜"), "enter")
        await until(pilot)
        rows = table_rows(app.screen)
        assert [r[3] for r in rows] == ["李娜", "李娜", "王伟"]
        assert [r[0] for r in rows] == [" ", " ", " "]
        _q, State, _p, _pr = _store()
        assert State.select().where(State.responsible_rep.is_null(False)).count() == 2
        await pilot.press("a", "e")  # mark all, escalate
        await until(pilot)
        assert all(r[8].endswith("⚑") for r in table_rows(app.screen))


async def test_space_marks_without_moving_unless_configured(tmp_path):
    from salesterm.config import Config

    fill(tmp_path / "c.db", ROWS, manager="张经理")
    app = make_app(tmp_path / "c.db", rep="张经理")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("down", "space")
        await until(pilot)
        assert app.screen.table.cursor_row == 1
        assert [r[0] for r in table_rows(app.screen)] == [" ", "✓", " "]
        await pilot.press("space")  # the same row again: unmarked
        await until(pilot)
        assert [r[0] for r in table_rows(app.screen)] == [" ", " ", " "]
    app = make_app(tmp_path / "c.db", rep="张经理",
                   config=Config({"collections": {"mark_moves_down": True}}))
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("space", "space")
        await until(pilot)
        assert [r[0] for r in table_rows(app.screen)] == ["✓", "✓", " "]
        assert app.screen.table.cursor_row == 2


async def test_a_rep_sees_their_own_by_default_and_can_see_all(tmp_path):
    fill(tmp_path / "c.db", ROWS)
    app = make_app(tmp_path / "c.db", rep="王伟")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        assert customers_shown(app.screen) == ["[bold]老王批发部", "南京超市"]
        await pilot.press("c")
        await until(pilot)
        assert len(customers_shown(app.screen)) == 3


async def test_follow_up_date_and_note_in_bulk(tmp_path):
    fill(tmp_path / "c.db", ROWS)
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("a", "f")
        await until(pilot)
        await pilot.press(*"2026-11-01")
        await pilot.press("enter")
        await pilot.pause()
        assert "already past" in str(app.screen.query_one("#form-status").render())
        app.screen.query_one("#date-input").value = ""
        await pilot.press(*"2026/12/5", "enter")
        await until(pilot)
        assert {r[9] for r in table_rows(app.screen)} == {"2026-12-05"}
        await pilot.press("n")
        await until(pilot)
        await pilot.press(*"call the boss", "enter")
        await until(pilot)
        assert "call the boss" in str(app.screen.query_one("#queue-detail").render())


async def test_aging_view_toggles_by_customer_and_rep(tmp_path):
    fill(tmp_path / "c.db", ROWS)
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("v")
        await until(pilot)
        aging = app.screen.query_one("#aging-view")
        first = [str(c) for c in aging.get_row_at(0)]
        assert first[0].startswith("Total") and first[-1] == "3,100.00"
        assert first[2] == "300.00" and first[3] == "800.00" and first[5] == "2,000.00"
        assert [str(aging.get_row_at(i)[0]) for i in range(1, aging.row_count)][0] == "[bold]老王批发部"
        await pilot.press("b")
        await until(pilot)
        keys = sorted(str(aging.get_row_at(i)[0]) for i in range(1, aging.row_count))
        assert keys == ["李娜", "王伟"]
        await pilot.press("v")
        await until(pilot)
        assert app.screen.query_one("#queue-table").display


async def test_slash_finds_in_the_queue(tmp_path):
    fill(tmp_path / "c.db", ROWS)
    app = make_app(tmp_path / "c.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot)
        await pilot.press("slash")
        await until(pilot)
        await pilot.press(*"hangzhou", "enter")
        await until(pilot)
        assert customers_shown(app.screen) == ["杭州百货"]
        assert "find: hangzhou" in str(app.screen.query_one("#queue-filters").render())
        await pilot.press("c")
        await until(pilot)
        assert len(customers_shown(app.screen)) == 3
