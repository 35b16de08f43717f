"""The customers list (Pilot): paging, sorting, the filter syntax, quick filters, status line."""
from __future__ import annotations

from salesterm.store.customers.listing import ListQuery, open_list
from salesterm.widgets.lazy_table import LazyTable
from tests.ui import TODAY, expected, make_app, seeded_db, status_text, table_lines
from tests.ui.conftest import until

N = 3000


def _table(app) -> LazyTable:
    return app.screen.query_one(LazyTable)


async def test_first_page_status_and_header(tmp_path):
    app = make_app(seeded_db(tmp_path, N))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        assert "3,000 of 3,000 customers" in status_text(app)
        lines = table_lines(app)
        assert lines[0].startswith("Name↑")
        assert "Balance" in lines[0] and "Next visit" in lines[0]
        # name order is pinyin order: 北京 (beijing) first
        assert lines[1].startswith("北京")
        table = _table(app)
        assert table.count == N
        assert len(table._pages) <= 2  # only what is shown was fetched


async def test_paging_to_the_end_and_back(tmp_path):
    app = make_app(seeded_db(tmp_path, N))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        table = _table(app)
        await pilot.press("end")
        await until(pilot)
        assert table.cursor == N - 1
        last = table.current_row
        assert last is not None and last.name.startswith("深圳")  # shenzhen sorts last in pinyin
        assert any(line.startswith(last.name[:6]) for line in table_lines(app))
        await pilot.press("home", "pagedown")
        await until(pilot)
        assert table.cursor == table.visible_rows
        await pilot.press("down", "up", "up")
        assert table.cursor == table.visible_rows - 1


async def test_sort_keys_cycle_and_flip(tmp_path):
    app = make_app(seeded_db(tmp_path, N))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("s")  # name -> grade
        await until(pilot)
        assert "sort: Grade ↑" in status_text(app)
        assert table_lines(app)[0].split()[1] == "Grade↑"
        assert _table(app).row_at(0).grade == "A"
        await pilot.press("S")
        await until(pilot)
        assert "sort: Grade ↓" in status_text(app)
        assert _table(app).row_at(0).grade == "D"
        for _ in range(4):  # grade -> kind -> city -> rep -> balance
            await pilot.press("s")
        await until(pilot)
        assert "sort: Balance ↓" in status_text(app)
        top = _table(app).row_at(0)
        assert top.open_balance == max(expected(i)["open"] for i in range(N))


async def test_filter_syntax_in_the_search_box(tmp_path):
    app = make_app(seeded_db(tmp_path, N))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("slash")
        box = app.screen.query_one("#customer-search")
        assert box.has_focus
        box.value = "grade:A city:广州 overdue"
        await until(pilot)
        want = sum(1 for i in range(N) if expected(i)["grade"] == "A" and expected(i)["city"] == "广州"
                   and expected(i)["overdue"])
        assert f"{want:,} of 3,000 customers" in status_text(app)
        assert "filters: grade:A city:广州 overdue" in status_text(app)
        rows = [_table(app).row_at(i) for i in range(want)]
        assert all(r.grade == "A" and r.city == "广州" and r.overdue_amount > 0 for r in rows)
        await pilot.press("escape")
        assert _table(app).has_focus
        # keys reach the list again, and the section keys work with no text field focused
        await pilot.press("3")
        await pilot.pause()
        assert app.current_mode == "pipeline"


async def test_free_text_mixed_with_filters(tmp_path):
    app = make_app(seeded_db(tmp_path, N))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.screen.query_one("#customer-search").value = "rep:王伟 鑫源"
        await until(pilot)
        table = _table(app)
        assert table.count > 0
        rows = [table.row_at(i) for i in range(min(table.count, 50))]
        assert all("鑫源" in r.name and r.rep == "王伟" for r in rows)
        assert "sort: Relevance" in status_text(app)


async def test_quick_keys_overdue_and_idle(tmp_path):
    app = make_app(seeded_db(tmp_path, N))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("o")
        await until(pilot)
        overdue = sum(1 for i in range(N) if expected(i)["overdue"])
        assert f"{overdue:,} of 3,000" in status_text(app)
        assert app.screen.query_one("#customer-search").value == "overdue"
        await pilot.press("o", "i")  # overdue off, idle 30 on
        await until(pilot)
        cutoff = TODAY.replace(day=TODAY.day) - __import__("datetime").timedelta(days=30)
        idle = sum(1 for i in range(N) if expected(i)["last_visit"] is None or expected(i)["last_visit"] < cutoff)
        assert f"{idle:,} of 3,000" in status_text(app)
        assert "idle:30" in status_text(app)
        await pilot.press("c")
        await until(pilot)
        assert "3,000 of 3,000" in status_text(app)


async def test_bad_filter_is_explained(tmp_path):
    app = make_app(seeded_db(tmp_path, N))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        app.screen.query_one("#customer-search").value = "grade:E"
        await until(pilot)
        assert "grade must be A, B, C or D" in status_text(app)
        assert "3,000 of 3,000" in status_text(app)


async def test_bad_filter_is_explained_in_chinese(tmp_path):
    from salesterm import i18n

    app = make_app(seeded_db(tmp_path, N), lang="zh")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot)
            app.screen.query_one("#customer-search").value = "grade: idle:0"
            await until(pilot, lambda: "grade：" in status_text(app), what="the filter's complaint")
            assert "grade：需要填一个值，例如 grade:…" in status_text(app)
            assert "idle：请给出 1 到 3650 的天数，填的是 '0'" in status_text(app)
            assert "needs a value" not in status_text(app)
    finally:
        i18n.set_language("en")


async def test_store_and_list_agree_on_counts(tmp_path):
    path = seeded_db(tmp_path, N)
    from salesterm.domain.list_filters import parse
    from salesterm.store.db import open_database

    db = open_database(path)
    lst = open_list(ListQuery(filters=parse("kind:经销商 tag:重点")), as_of=TODAY)
    db.close()
    want = sum(1 for i in range(N) if expected(i)["kind"] == "distributor" and expected(i)["tags"])
    assert lst.count == want


async def test_header_click_sorts_and_quick_keys_start_filters(tmp_path):
    app = make_app(seeded_db(tmp_path, N))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        table = _table(app)
        x = sum(c.width + 1 for c in table.columns[:3]) + 1  # the City column
        await pilot.click(LazyTable, offset=(x, 0))
        await until(pilot)
        assert "sort: City ↑" in status_text(app)
        await pilot.click(LazyTable, offset=(x, 0))
        await until(pilot)
        assert "sort: City ↓" in status_text(app)
        assert table.row_at(0).city == "重庆"  # zhongqing... by code point: 重 after 深/广/北/上
        await pilot.press("t")
        box = app.screen.query_one("#customer-search")
        assert box.has_focus and box.value == "tag:"
        await pilot.press("escape")
        box.value = box.value + "重点"
        await until(pilot)
        assert f"{sum(1 for i in range(N) if expected(i)['tags']):,} of 3,000" in status_text(app)
