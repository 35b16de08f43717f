"""Pilot tests of Today: the agenda in order, one key to log a visit (with a payment), revisits,
the week plan (accept, move by hand) and coverage reached from it."""
from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable

from salesterm import clock
from salesterm.app import SalesTermApp
from salesterm.store import visits
from salesterm.store.ledger.promises import make_promise
from salesterm.store.ledger.receivables import open_balance, record_receivable
from salesterm.store.models import Payment, Visit
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill

IDS: dict = {}


def _build():
    clock.set_today(TODAY - dt.timedelta(days=10))
    a = customer("华联超市", grade="A")
    b = customer("永辉超市", grade="B", city="宁波")
    c = customer("[bold]大润发", grade="C", city="宁波", payday=TODAY.day, no_morning_collection=True)
    d = customer("物美便利", grade="D")
    record_receivable(b.id, number="SO-1", issued=TODAY - dt.timedelta(days=60),
                      due=TODAY - dt.timedelta(days=30), amount=500000)
    record_receivable(c.id, number="SO-2", issued=TODAY - dt.timedelta(days=20),
                      due=TODAY + dt.timedelta(days=10), amount=120000)
    v = visits.plan_visit(d.id, day=clock.today(), reason="介绍新品")
    visits.log_visit(v.id, revisit_date=TODAY, notes="看陈列")
    make_promise(b.id, promised_date=TODAY, amount=200000)
    clock.set_today(TODAY)
    visits.plan_visit(b.id, day=TODAY, slot="pm", admin_objectives=["collect"])
    IDS["a_visit"] = visits.plan_visit(a.id, day=TODAY, slot="am", reason="年货备货").id
    visits.plan_visit(c.id, day=TODAY - dt.timedelta(days=2), slot="am")
    IDS.update(a=a.id, b=b.id, c=c.id, d=d.id)


def _rows(app):
    table = app.screen.query_one("#agenda", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def _app(path, lang="en"):
    return SalesTermApp(db=path, today=TODAY, start="today", lang=lang, rep="王伟")


async def test_agenda_in_order(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        rows = _rows(app)
        assert [(r[0], r[1]) for r in rows] == [
            ("Morning", "华联超市"), ("Afternoon", "永辉超市"), ("Revisit due", "物美便利"),
            ("Promise due", "永辉超市"), ("Collect today (afternoon)", "[bold]大润发"),
            ("Carried forward 11-27", "[bold]大润发")]
        assert rows[3][5] == "¥2,000.00"
        assert "afternoon only" in rows[4][6]
        head = str(app.screen.query_one("#today-head").render())
        assert "2026-11-29" in head and "0/2 visits done" in head and "1 carried forward" in head


async def test_one_key_logs_the_visit_with_a_payment(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("down")  # 永辉超市, afternoon: the collection visit
        await pilot.press("enter")
        await until(pilot)
        assert app.screen.__class__.__name__ == "LogVisitScreen"
        app.screen.query_one("#log-collected").value = "1,000"
        app.screen.query_one("#log-revisit").value = "2026-12-06"
        app.screen.query_one("#log-notes").value = "老板答应月底结清"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
        rows = _rows(app)
        assert rows[1][1] == "永辉超市" and "done" in rows[1][4]
        head = str(app.screen.query_one("#today-head").render())
        assert "1/2 visits done" in head
    fill(path, lambda: _check_payment())


def _check_payment():
    pay = Payment.get()
    assert pay.amount == 100000 and pay.day == TODAY
    assert open_balance(IDS["b"]) == 400000
    done = Visit.get((Visit.customer == IDS["b"]) & (Visit.status == "done"))
    assert done.revisit_date == dt.date(2026, 12, 6) and done.notes == "老板答应月底结清"


async def test_a_revisit_on_a_taken_day_says_where_it_went(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    fill(path, lambda: visits.plan_visit(IDS["b"], day=dt.date(2026, 12, 8), slot="am"))
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("down")  # 永辉超市, afternoon
        await pilot.press("enter")
        await until(pilot)
        app.screen.query_one("#log-revisit").value = "2026-12-08"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TodayScreen", what="back on Today")
        said = " ".join(str(n.message) for n in app._notifications)
        assert "Visit logged" in said and "revisit planned for 12-09, 12-08 was taken" in said


async def test_bad_amount_keeps_the_form_open_and_saves_nothing(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("l")
        await until(pilot)
        app.screen.query_one("#log-collected").value = "12abc"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen.__class__.__name__ == "LogVisitScreen"
        assert "not a number" in str(app.screen.query_one("#form-status").render())
        await pilot.press("escape")
        await until(pilot)
    fill(path, lambda: _assert(Visit.get_by_id(IDS["a_visit"]).status == "planned"))


def _assert(ok):
    assert ok


async def test_revisit_due_starts_a_visit_and_disappears_when_logged(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("down", "down")
        await pilot.press("l")
        await until(pilot)
        assert app.screen.__class__.__name__ == "LogVisitScreen"
        await pilot.press("ctrl+s")
        await until(pilot)
        customers = [(r[0], r[1]) for r in _rows(app)]
        assert ("Revisit due", "物美便利") not in customers
        assert any(r[1] == "物美便利" and "done" in r[4] for r in _rows(app))


async def test_week_plan_accept_and_move_by_hand(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("right_square_bracket")  # tomorrow, 2026-11-30: cycle week 4
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket",
                          "right_square_bracket", "right_square_bracket", "right_square_bracket",
                          "right_square_bracket")  # 2026-12-07: cycle week 1
        await until(pilot)
        await pilot.press("w")
        await until(pilot)
        assert app.screen.__class__.__name__ == "PlanScreen"
        head = str(app.screen.query_one("#plan-head").render())
        assert "Week of 2026-12-07" in head and "cycle week 1" in head
        table = app.screen.query_one("#plan-table", DataTable)
        cells = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        planned = [r for r in cells if r[2] == "华联超市"]
        assert planned and planned[0][1] == "Morning" and "proposed" in planned[0][6]
        await pilot.press("a")
        await until(pilot)
        cells = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert "planned" in [r for r in cells if r[2] == "华联超市"][0][6]
        row = [i for i, r in enumerate(cells) if r[2] == "华联超市"][0]
        table.move_cursor(row=row)
        await pilot.press("m")
        await until(pilot)
        app.screen.query_one("#move-date").value = "2026-12-10"
        await pilot.press("enter")
        await until(pilot)
        cells = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        moved = [(i, r) for i, r in enumerate(cells) if r[2] == "华联超市"][0]
        assert "by hand" in moved[1][6]
        day_rows = [r[0] for r in cells[:moved[0] + 1] if r[0]]
        assert day_rows[-1].startswith("12-10")
        await pilot.press("escape")
        await until(pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"


async def test_coverage_from_today(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("c")
        await until(pilot)
        assert app.screen.__class__.__name__ == "CoverageScreen"
        table = app.screen.query_one("#coverage-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["王伟", "D", "1", "1", "1", "100%", "0"] in rows
        assert ["王伟", "A", "1", "1", "0", "0%", "1"] in rows
        missed = app.screen.query_one("#coverage-missed", DataTable)
        assert str(missed.get_row_at(0)[0]) == "华联超市"


async def test_today_in_chinese(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = _app(path, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        rows = _rows(app)
        assert rows[0][0] == "上午" and rows[2][0] == "回访到期"
        assert "周日" in str(app.screen.query_one("#today-head").render())


def _demo(path):
    from salesterm.store import demo

    fill(path, lambda: demo.generate(customers=200, seed=1))


async def test_agenda_on_demo_data(tmp_path):
    """The demo team's Monday: visits by slot with A customers first in the morning, then the
    rest of the agenda; log the first visit with money collected."""
    from salesterm.store.visits.agenda import SECTIONS

    path = str(tmp_path / "demo.db")
    _demo(path)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en", rep="李娜")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("right_square_bracket")  # Monday 2026-11-30
        await until(pilot)
        items = app.screen.items
        assert items, "the demo rep has an agenda"
        order = [SECTIONS.index(i.section) for i in items]
        assert order == sorted(order)
        am = [i for i in items if i.section == "am"]
        grades = [i.grade or "D" for i in am]
        assert grades == sorted(grades)
        first = items[0]
        assert first.kind == "visit"
        await pilot.press("enter")
        await until(pilot)
        assert app.screen.__class__.__name__ == "LogVisitScreen"
        app.screen.query_one("#log-collected").value = "500"
        await pilot.press("ctrl+s")
        await until(pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
        logged = [i for i in app.screen.items if i.visit_id == first.visit_id][0]
        assert logged.status == "done"


async def test_board_on_demo_data(tmp_path):
    from salesterm.widgets.stage_board import StageBoard
    from tests.ui.visit_helpers import shown

    path = str(tmp_path / "demo.db")
    _demo(path)
    app = SalesTermApp(db=path, today=TODAY, start="pipeline", lang="zh")
    async with app.run_test(size=(160, 45)) as pilot:
        await until(pilot)
        board = app.screen.query_one(StageBoard)
        assert [c.key for c in board.columns][-1] == "lost"
        assert sum(len(c.cards) for c in board.columns) > 10
        text = shown(board, 160)
        assert "访前准备" in text and "促成" in text and "丢单" in text and "中位" in text


async def test_plan_view_sets_the_cap_and_the_cycle_start(tmp_path):
    from salesterm.screens.plan import PlanScreen

    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.push_screen(PlanScreen(week=dt.date(2026, 12, 16)))
        await until(pilot)
        head = lambda: str(app.screen.query_one("#plan-head").render())  # noqa: E731
        assert "cycle week 2" in head() and "cap 6 a day" in head()
        await pilot.press("minus")
        await until(pilot)
        assert "cap 5 a day" in head()
        await pilot.press("s")
        await until(pilot)
        assert "cycle week 1" in head()
        await pilot.press("right_square_bracket")
        await until(pilot)
        assert "cycle week 2" in head() and "Week of 2026-12-21" in head()


async def test_slash_filters_and_r_switches_rep(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("slash", *"宁波")
        await until(pilot)
        assert {r[3] for r in _rows(app)} == {"宁波"}
        await pilot.press("escape")
        await until(pilot)
        assert len(_rows(app)) == 6
        await pilot.press("r")  # everyone's agenda
        await until(pilot)
        assert "all reps" in str(app.screen.query_one("#today-head").render())
        assert len(_rows(app)) == 6


async def test_move_and_cancel_from_today_and_unknown_rep(tmp_path):
    path = str(tmp_path / "t.db")
    fill(path, _build)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en", rep="nobody")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: _rows(app), what="today's agenda")
        await until(pilot)
        assert "all reps" in str(app.screen.query_one("#today-head").render())
        assert _rows(app)[0][1] == "华联超市"
        await pilot.press("m")
        await until(pilot, lambda: app.screen.query("#move-date"), what="the move form")
        app.screen.query_one("#move-date").value = "2026-12-01"
        await pilot.press("enter")
        await until(pilot, lambda: "华联超市" not in [r[1] for r in _rows(app)], what="the moved visit to leave")
        await until(pilot)
        assert "华联超市" not in [r[1] for r in _rows(app)]
        await pilot.press("d")  # cancel: 永辉超市's afternoon visit is now first
        await until(pilot, lambda: "永辉超市" not in [r[1] for r in _rows(app)][:1],
                    what="the cancelled visit to leave")
        await until(pilot)
        assert [r[0] for r in _rows(app)][:1] == ["Revisit due"]
    fill(path, lambda: _assert(Visit.get_by_id(IDS["a_visit"]).planned_date == dt.date(2026, 12, 1)))
