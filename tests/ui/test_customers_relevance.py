"""The customers list's `/` filter ranks by relevance while a query is typed (Pilot)."""
from __future__ import annotations

from salesterm.widgets.lazy_table import LazyTable
from tests.ui import make_app, seeded_db, status_text
from tests.ui.conftest import until

N = 300


def _with(path: str, names: list[str]) -> str:
    from salesterm.store import customers
    from salesterm.store.db import close_database, open_database

    open_database(path)
    try:
        for name in names:
            customers.create_customer({"name": name, "city": "东莞"}, allow_duplicate=True)
    finally:
        close_database()
    return path


def _names(app, count: int = 5) -> list[str]:
    table = app.screen.query_one(LazyTable)
    return [row.name for i in range(min(count, table.count)) if (row := table.row_at(i)) is not None]


async def test_a_typed_query_ranks_by_relevance_and_clearing_it_restores_the_sort(tmp_path):
    path = _with(seeded_db(tmp_path, N), ["东莞市信诚冷冻食品", "广信茶叶商行"])
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        for _ in range(3):  # name -> grade -> kind -> city
            await pilot.press("s")
        await until(pilot, lambda: "sort: City ↑" in status_text(app), what="sorted by city")
        await pilot.press("slash")
        await pilot.press(*"gxcy")
        await until(pilot, lambda: "sort: Relevance" in status_text(app) and _names(app), what="relevance")
        # 广信茶叶商行 spells gxcy from its first character; 东莞市信诚冷冻食品 only with gaps
        assert _names(app)[:2] == ["广信茶叶商行", "东莞市信诚冷冻食品"]
        assert "1 match + 1 near match (of 302 customers)" in status_text(app)
        app.screen.query_one("#customer-search").value = ""
        await until(pilot, lambda: "sort: City ↑" in status_text(app), what="the city sort back")
        assert "302 of 302 customers" in status_text(app)


async def test_the_match_count_in_chinese(tmp_path):
    path = _with(seeded_db(tmp_path, N), ["东莞市信诚冷冻食品", "广信茶叶商行"])
    app = make_app(path, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("slash", *"gxcy")
        await until(pilot, lambda: "相近" in status_text(app), what="the count")
        assert "1 个匹配 + 1 个相近（共 302 个客户）" in status_text(app)
        assert _names(app)[0] == "广信茶叶商行"


async def test_a_query_typed_while_the_index_builds_is_asked_again_once_it_is_ready(tmp_path, monkeypatch):
    """Right after an import the index is still being built: the `/` filter answers from SQL at
    once (what the table's indexes find), then finds the query again when the index is ready."""
    from salesterm.app import SalesTermApp
    from salesterm.store import search

    path = _with(seeded_db(tmp_path, N), ["东莞市信诚冷冻食品", "广信茶叶商行"])
    monkeypatch.setattr(SalesTermApp, "_warm_search", lambda self: None)  # the build is held back
    monkeypatch.setattr(search, "_wanted", False)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("slash", *"gxcy")
        await until(pilot, lambda: "1 match (of 302 customers)" in status_text(app), what="the SQL answer")
        assert _names(app) == ["广信茶叶商行"] and not search.ready()
        with app.database.connection_context():
            search.warm()  # the build is done
        await until(pilot, lambda: "1 match + 1 near match" in status_text(app), what="the index's answer")
        assert _names(app)[:2] == ["广信茶叶商行", "东莞市信诚冷冻食品"]
