"""Pilot tests of the reports section on demo data: charts with their tables, the weekly report,
targets broken into months, export."""
from __future__ import annotations

from textual.widgets import DataTable, Input, Static, TabbedContent

from salesterm.app import SalesTermApp
from salesterm.domain.money import format_money
from tests.conftest import TODAY
from tests.ui.conftest import until
from tests.ui.notes_helpers import demo_db, in_db, table_rows


def _app(path, lang="en", **kwargs):
    return SalesTermApp(db=path, today=TODAY, start="reports", lang=lang, **kwargs)


async def _ready(pilot, app):
    await until(pilot, lambda: app.screen.query_one("#table-aging", DataTable).row_count > 0)
    return app.screen


async def test_charts_and_tables_agree_with_the_ledger(tmp_path):
    from salesterm.store.ledger.aging import aging

    path = demo_db(tmp_path / "r.db")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot, app)
        totals = in_db(path, aging, by="rep")["totals"]
        rows = table_rows(screen.query_one("#table-aging", DataTable))
        assert rows[-1][0] == "Total" and rows[-1][-1] == format_money(totals["total"])
        chart = str(screen.query_one("#chart-aging").render())
        assert "not due" in chart and "90+" in chart
        tabs = screen.query_one("#reports-tabs", TabbedContent)
        seen = []
        for _ in range(5):
            seen.append(tabs.active)
            await pilot.press("right_square_bracket")
            await pilot.pause()
        assert seen == ["tab-aging", "tab-funnel", "tab-targets", "tab-coverage", "tab-feedback"]
        assert tabs.active == "tab-aging"
        funnel = table_rows(screen.query_one("#table-funnel", DataTable))
        assert funnel[0][0] == "Preparation" and funnel[-1][0] == "Lost"
        coverage = table_rows(screen.query_one("#table-coverage", DataTable))
        assert coverage and {r[1] for r in coverage} <= {"A", "B", "C", "D"}
        targets = table_rows(screen.query_one("#table-targets", DataTable))
        assert len(targets) == 13 and targets[-1][0] == "Year"


async def test_feedback_digest_of_the_week_and_rep_filter(tmp_path):
    from salesterm.store.reps import rep_names
    from salesterm.store.sales import notes

    path = demo_db(tmp_path / "r.db")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot, app)
        week = in_db(path, notes.list_notes, date_from=TODAY.replace(day=23), date_to=TODAY)
        digest = table_rows(screen.query_one("#table-feedback", DataTable))
        assert len(digest) == len(week)
        assert "2026-11-23 ~ 2026-11-29" in str(screen.query_one("#note-feedback", Static).render())
        first = in_db(path, rep_names)[0]
        await pilot.press("m")
        await until(pilot, lambda: screen.rep == first and f"rep: {first}" in str(
            screen.query_one("#reports-head", Static).render()))
        await until(pilot, lambda: all(r[3] == first for r in table_rows(screen.query_one("#table-feedback"))))


async def test_weekly_report_opens_from_reports_in_chinese(tmp_path):
    from salesterm.store.reports.weekly import weekly_data

    path = demo_db(tmp_path / "r.db")
    app = _app(path, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(pilot, app)
        await pilot.press("w")
        await until(pilot, lambda: "团队周报" in getattr(app.screen, "text", ""))
        weekly = app.screen
        collected = in_db(path, weekly_data, TODAY).collected
        assert f"## 回款: ¥{format_money(collected)}" in weekly.text
        shown = str(weekly.query_one("#weekly-md", Static).render())  # what the manager reads
        assert "团队周报" in shown and f"回款: ¥{format_money(collected)}" in shown and "##" not in shown
        await pilot.press("comma")
        await until(pilot, lambda: "2026-11-16 ~ 2026-11-22" in weekly.text)
        await pilot.press("m")
        await until(pilot, lambda: weekly.text.startswith("# 个人工作周报"))
        out = tmp_path / "周报.md"
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        app.screen.focused.value = str(out)
        await pilot.press("enter")
        await until(pilot, lambda: out.exists())
        assert out.read_text(encoding="utf-8") == weekly.text
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.query("#reports-tabs"))


async def test_a_rep_writes_the_weekly_reports_own_sections_and_s_says_the_full_path(tmp_path, monkeypatch):
    from textual.widgets import TextArea

    from salesterm.store.reports.weekly_notes import get_notes
    from salesterm.store.reps import rep_names

    path = demo_db(tmp_path / "r.db")
    monkeypatch.chdir(tmp_path)
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(pilot, app)
        await pilot.press("w")
        await until(pilot, lambda: "Team weekly digest" in getattr(app.screen, "text", ""))
        weekly = app.screen
        await pilot.press("e")  # the team digest, and nobody using the app: choose a rep first
        await until(pilot)
        assert app.screen is weekly
        assert any("Choose a rep with m" in str(n.message) for n in app._notifications)
        await pilot.press("m")
        rep = in_db(path, rep_names)[0]
        await until(pilot, lambda: weekly.text.startswith(f"# Weekly work report: {rep}"))
        assert "## Problems\n\n_none_" in weekly.text
        await pilot.press("e")
        await until(pilot, lambda: app.screen.__class__.__name__ == "WeeklyNotesScreen")
        form = app.screen
        form.query_one("#weekly-problems", TextArea).text = "竞品降价 5%\n客户压货"
        form.query_one("#weekly-support", TextArea).text = "申请促销支持"
        form.query_one("#weekly-focus", TextArea).text = "回款"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is weekly and "申请促销支持" in weekly.text, what="the report again")
        assert "## Problems\n\n竞品降价 5%  \n客户压货" in weekly.text
        shown = str(weekly.query_one("#weekly-md", Static).render())
        assert "Support needed" in shown and "申请促销支持" in shown
        notes = in_db(path, get_notes, rep, TODAY)
        assert (notes.problems, notes.support, notes.focus) == ("竞品降价 5%\n客户压货", "申请促销支持", "回款")
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        name = app.screen.focused.value  # a name without a folder: saved where salesterm runs
        assert "/" not in name
        app.clear_notifications()
        await pilot.press("enter")
        full = tmp_path / name
        await until(pilot, lambda: full.exists())
        await until(pilot, lambda: any(str(full) in str(n.message) for n in app._notifications),
                    what="the full path said")
        assert "申请促销支持" in full.read_text(encoding="utf-8")


async def test_set_a_yearly_target_by_seasonal_weights(tmp_path):
    from salesterm.store.sales import targets

    path = demo_db(tmp_path / "r.db")
    app = _app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(pilot, app)
        await pilot.press("t")
        await until(pilot, lambda: app.screen.query_one("#targets-table", DataTable).row_count == 13)
        screen = app.screen
        await pilot.press("s")  # no rep chosen yet: refused with a message
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("m")
        await until(pilot, lambda: screen.rep is not None and len(screen.months) == 13)
        rep = screen.rep
        await pilot.press("s")
        await until(pilot, lambda: app.screen is not screen)
        form = app.screen
        form.query_one("#target-sales", Input).value = "1,200,000.01"
        form.query_one("#target-collections", Input).value = "1000000"
        form.query_one("#target-weights", Input).value = "1 2 3"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "12 month weights" in str(form.query_one("#form-status").render()))
        form.query_one("#target-weights", Input).value = "6 6 8 8 8 8 8 8 8 8 10 14"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and screen.months and
                    screen.months[12].sales_target == 120_000_001)
        rows = table_rows(screen.query_one("#targets-table", DataTable))
        # 1,200,000.01 by 6:6:8:...:10:14; the one left-over fen goes to the largest remainder (December)
        assert rows[0][1] == "72,000.00" and rows[11][1] == "168,000.01"
    saved = in_db(path, targets.progress, rep, 2026)
    assert sum(m.sales_target for m in saved[:12]) == 120_000_001
    assert saved[0].sales_target == 7_200_000


async def test_export_the_current_chart_table(tmp_path):
    import csv

    path = demo_db(tmp_path / "r.db")
    app = _app(path)
    out = tmp_path / "aging.csv"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(pilot, app)
        shown = table_rows(screen.query_one("#table-aging", DataTable))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen.focused, Input))
        app.screen.focused.value = str(out)
        await pilot.press("enter")
        await until(pilot, lambda: out.exists())
    with open(out, encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[1:] == shown and rows[0][0] == "Rep"
