"""Scenarios walked through by hand as a rep: a bad value names its box, in Chinese, with nothing typed
lost; reports, pipeline and jump box on a rep's own figures; visits cancelled or planned twice by mistake."""
from __future__ import annotations

from salesterm import i18n
from salesterm.app import SalesTermApp
from salesterm.store import visits
from salesterm.store.models import Payment, Visit
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer
from tests.ui.conftest import until
from tests.ui.visit_helpers import fill

IDS: dict = {}


def _build():
    c = customer("[bold]质检超市", grade="B")
    IDS["v"] = visits.plan_visit(c.id, day=TODAY).id


async def test_log_visit_names_the_bad_box_in_chinese_and_keeps_every_value(tmp_path):
    from salesterm.screens.forms.visit_plan import LogVisitScreen

    path = str(tmp_path / "qa.db")
    fill(path, _build)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot)
            app.push_screen(LogVisitScreen(IDS["v"]))
            await until(pilot)
            s = app.screen
            s.query_one("#log-order").value = "800"
            s.query_one("#log-collected").value = "abc"
            s.query_one("#log-revisit").value = "2026-02-30"
            await pilot.press("ctrl+s")
            await until(pilot)
            error = str(app.screen.query_one("#form-status").render())
            assert "收款金额" in error and "金额不是数字：abc" in error
            assert app.screen.focused is s.query_one("#log-collected")
            assert s.query_one("#log-order").value == "800"  # nothing typed is lost
            s.query_one("#log-collected").value = "-5"
            await pilot.press("ctrl+s")
            await until(pilot)
            assert "金额不能为负数：-5" in str(app.screen.query_one("#form-status").render())
            s.query_one("#log-collected").value = "100"
            await pilot.press("ctrl+s")
            await until(pilot)
            error = str(app.screen.query_one("#form-status").render())
            assert "下次回访" in error and "没有这一天：2026-02-30" in error
            s.query_one("#log-revisit").value = "2026-12-20"
            await pilot.press("ctrl+s")
            await until(pilot)
            assert app.screen.__class__.__name__ != "LogVisitScreen"
    finally:
        i18n.set_language("en")

    def check():
        v = Visit.get_by_id(IDS["v"])
        assert v.status == "done" and v.order_amount == 80000
        assert v.revisit_date.isoformat() == "2026-12-20"
        assert Payment.get().amount == 10000

    fill(path, check)


async def test_money_form_field_message_is_chinese(tmp_path):
    from salesterm.screens.forms.money import RecordPaymentScreen

    path = str(tmp_path / "qa.db")
    fill(path, _build)
    customer_id = _customer_id(path)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot)
            app.push_screen(RecordPaymentScreen(customer_id))
            await until(pilot)
            field = app.screen.fields["amount"]
            field.input.value = "-5"
            await pilot.pause()
            assert field.error == "金额不能为负数：-5"
            assert field.text == "-5"
    finally:
        i18n.set_language("en")


def _customer_id(path):
    out = {}

    def get():
        out["id"] = Visit.get_by_id(IDS["v"]).customer_id

    fill(path, get)
    return out["id"]


async def test_note_form_names_the_bad_box_and_puts_the_cursor_there(tmp_path):
    from textual.widgets import Input, Select

    from tests.ui.notes_helpers import demo_db

    path = demo_db(tmp_path / "n.db", customers=30)
    app = SalesTermApp(db=path, today=TODAY, start="notes", lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot)
            await pilot.press("n")
            await until(pilot, lambda: app.screen.query_one("#note-title", Input).has_focus)
            form = app.screen
            form.query_one("#note-kind", Select).value = "competitor"
            form.query_one("#note-title", Input).value = "竞品降价"
            form.query_one("#note-competitor", Input).value = "康师傅"
            form.query_one("#note-follow-up", Input).value = "2026-02-30"
            form.query_one("#note-price", Input).value = "-3.5"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "跟进日" in str(form.query_one("#form-status").render()))
            assert "没有这一天：2026-02-30" in str(form.query_one("#form-status").render())
            assert form.query_one("#note-follow-up", Input).has_focus
            form.query_one("#note-follow-up", Input).value = "2026-12-20"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "价格" in str(form.query_one("#form-status").render()))
            assert "金额不能为负数：-3.5" in str(form.query_one("#form-status").render())
            assert form.query_one("#note-price", Input).has_focus
            assert form.query_one("#note-title", Input).value == "竞品降价"
    finally:
        i18n.set_language("en")


async def test_team_weekly_report_of_a_big_team_shows_without_freezing(tmp_path):
    """3,000 customers make a team digest of thousands of lines: it is laid out off the UI thread
    and shows within seconds (Textual's Markdown widget took over 15 s, the screen blank)."""
    from textual.widgets import Static

    from tests.ui.notes_helpers import demo_db

    path = demo_db(tmp_path / "big.db", customers=3000)
    app = SalesTermApp(db=path, today=TODAY, start="reports", lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot)
            await pilot.press("w")
            await until(pilot, lambda: "团队周报" in str(app.screen.query_one("#weekly-md", Static).render()),
                        timeout=10)
    finally:
        i18n.set_language("en")


async def test_a_rep_opens_reports_and_the_weekly_report_on_their_own_figures(tmp_path):
    from textual.widgets import Static

    from tests.ui.notes_helpers import demo_db

    path = demo_db(tmp_path / "r.db", customers=60)
    app = SalesTermApp(db=path, today=TODAY, start="reports", lang="en", rep="张伟")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "rep: 张伟" in str(app.screen.query_one("#reports-head", Static).render()))
        await pilot.press("w")
        await until(pilot, lambda: getattr(app.screen, "text", "").startswith("# "))
        assert app.screen.rep == "张伟" and "张伟" in app.screen.text.splitlines()[0]
    manager = SalesTermApp(db=path, today=TODAY, start="reports", lang="en", rep="赵建国")
    async with manager.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "rep: all reps" in str(
            manager.screen.query_one("#reports-head", Static).render()))


async def test_a_rep_opens_the_pipeline_on_their_own_deals(tmp_path):
    from textual.widgets import Static

    from salesterm.store.sales import deals
    from tests.ui.notes_helpers import demo_db, in_db

    path = demo_db(tmp_path / "p.db", customers=60)
    app = SalesTermApp(db=path, today=TODAY, start="pipeline", lang="en", rep="张伟")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "Rep: 张伟" in str(app.screen.query_one("#pipeline-head", Static).render()))
        own = in_db(path, deals.board, template="handbook", rep="张伟")
        everyone = in_db(path, deals.board, template="handbook")
        mine = sum(len(v) for k, v in own.items() if k != "lost")
        assert 0 < mine < sum(len(v) for k, v in everyone.items() if k != "lost")
        assert f"{mine} open deals" in str(app.screen.query_one("#pipeline-head", Static).render())
        await pilot.press("0")  # all deals, on request
        await until(pilot, lambda: "Rep:" not in str(app.screen.query_one("#pipeline-head", Static).render()))


async def test_jump_box_says_how_a_customer_matched_in_chinese(tmp_path):
    from textual.widgets import OptionList

    from tests.ui import make_app, seeded_db

    app = make_app(seeded_db(tmp_path, 300), start="today", lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot)
            await pilot.press("ctrl+k")
            await until(pilot)
            await pilot.press(*"13800000123")
            await until(pilot)
            shown = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
            assert "电话" in shown and "phone" not in shown
    finally:
        i18n.set_language("en")


async def test_planning_a_second_visit_the_same_day_asks_first(tmp_path):
    from salesterm.screens.forms.visit_plan import PlanVisitScreen

    path = str(tmp_path / "qa.db")
    fill(path, _build)  # a visit planned for TODAY (morning)
    customer_id = _customer_id(path)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot)
            app.push_screen(PlanVisitScreen(customer_id))
            await until(pilot)
            form = app.screen
            form.query_one("#visit-date").value = TODAY.isoformat()
            await pilot.press("ctrl+s")
            await until(pilot)
            assert app.screen is form
            assert "该客户当天已有计划拜访（上午）" in str(form.query_one("#form-status").render())
            await pilot.press("ctrl+s")  # yes, a second one
            await until(pilot)
            assert app.screen is not form
    finally:
        i18n.set_language("en")

    def count():
        out["n"] = Visit.select().where((Visit.customer == customer_id) & (Visit.planned_date == TODAY)).count()

    out: dict = {}
    fill(path, count)
    assert out["n"] == 2


async def test_target_form_names_the_bad_box(tmp_path):
    from textual.widgets import Input

    from salesterm.screens.forms.target import TargetFormScreen

    path = str(tmp_path / "qa.db")
    fill(path, _build)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot)
            app.push_screen(TargetFormScreen("张伟", 2026, sales=100, collections=100))
            await until(pilot)
            form = app.screen
            form.query_one("#target-collections", Input).value = "abc"
            await pilot.press("ctrl+s")
            await until(pilot)
            status = str(form.query_one("#form-status").render())  # how many, then the first one
            assert status.startswith("未保存：有 1 项需要修改") and status.endswith("回款指标（元）: 金额不是数字：abc")
            assert form.query_one("#target-collections", Input).has_focus
            form.query_one("#target-collections", Input).value = "100"
            form.query_one("#target-weights", Input).value = "1 2 3"
            await pilot.press("ctrl+s")
            await until(pilot)
            status = str(form.query_one("#form-status").render())
            assert status.startswith("未保存：有 1 项需要修改") and "月度权重: " in status
            assert app.screen is form
    finally:
        i18n.set_language("en")


async def test_customer_file_profile_labels_never_run_into_their_values_in_english(tmp_path):
    import re

    from salesterm.screens.customer_file import CustomerFileScreen
    from salesterm.store import customers
    from tests.ui import make_app, seeded_db

    path = seeded_db(tmp_path, 20)
    out: dict = {}

    def build():
        out["id"] = customers.create_customer({
            "name": "广州鑫源电子经营部", "economic_nature": "民营", "network_coverage": "天河、海珠两区",
            "main_performance": "年销800万", "manager_background": "做了十年电子批发"}, rep="王伟").id

    fill(path, build)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.push_screen(CustomerFileScreen(out["id"]))
        await until(pilot)
        text = str(app.screen.query_one("#profile-text").render())
        for label in ("Economic nature", "Network coverage", "Main performance", "Manager background",
                      "No morning collection"):
            line = next(ln for ln in text.splitlines() if ln.startswith(label))
            assert re.match(re.escape(label) + r" +\S", line), line


async def test_collections_detail_gives_the_best_time_even_on_a_narrow_screen(tmp_path):
    from tests.ui.collections_helpers import fill as fill_queue
    from tests.ui.collections_helpers import make_app as queue_app

    fill_queue(tmp_path / "c.db", [("杭州百货", "李娜", 40, 800_00, {"no_morning_collection": "是"})])
    app = queue_app(tmp_path / "c.db", lang="zh")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot)
            detail = str(app.screen.query_one("#queue-detail").render())
            assert "最佳收款时间：" in detail and "下午" in detail
    finally:
        i18n.set_language("en")


async def test_today_search_that_finds_nothing_says_so_and_escape_clears_it(tmp_path):
    from textual.widgets import DataTable

    path = str(tmp_path / "qa.db")
    fill(path, _build)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot)
            table = app.screen.query_one("#agenda", DataTable)
            assert table.row_count == 1
            await pilot.press("slash", *"不存在的店", "enter")
            await until(pilot)
            assert table.row_count == 0
            assert "没有与“不存在的店”匹配的事项" in str(app.screen.query_one("#today-detail").render())
            await pilot.press("escape")  # the list has the focus again: escape still clears
            await until(pilot)
            assert table.row_count == 1
    finally:
        i18n.set_language("en")


async def test_a_visit_cancelled_by_mistake_comes_back_with_u(tmp_path):
    from textual.widgets import DataTable

    path = str(tmp_path / "qa.db")
    fill(path, _build)
    app = SalesTermApp(db=path, today=TODAY, start="today", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        table = app.screen.query_one("#agenda", DataTable)
        assert table.row_count == 1
        await pilot.press("d")  # cancel the visit
        await until(pilot)
        assert table.row_count == 0
        await pilot.press("u")
        await until(pilot)
        assert table.row_count == 1

    def check():
        out["status"] = Visit.get_by_id(IDS["v"]).status

    out: dict = {}
    fill(path, check)
    assert out["status"] == "planned"


async def test_merge_takes_the_highlighted_file_with_one_enter(tmp_path):
    from salesterm.screens.forms.merge import MergeScreen
    from salesterm.store import customers
    from tests.ui import make_app, seeded_db

    path = seeded_db(tmp_path, 20)
    out: dict = {}

    def build():
        out["keep"] = customers.create_customer({"name": "广州鑫源总店"}).id
        customers.create_customer({"name": "鑫源电子分部乙"})

    fill(path, build)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.push_screen(MergeScreen(out["keep"]))
        await until(pilot)
        await pilot.press(*"鑫源电子分部乙")
        await until(pilot)
        await pilot.press("enter")
        await until(pilot)
        plan = str(app.screen.query_one("#merge-plan").render())
        assert "鑫源电子分部乙" in plan and "Which file survives?" in plan
