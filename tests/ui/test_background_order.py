"""The two big background jobs (search index build, daily summary refresh) never run at once;
the summary check starts only once the customers list is up (Pilot)."""
from __future__ import annotations

import threading

from salesterm.app import SalesTermApp
from salesterm.screens.customers import CustomersScreen
from salesterm.store import stats
from tests.ui import make_app, seeded_db, status_text
from tests.ui.conftest import until


def _count_calls(monkeypatch, cls, name: str) -> list:
    """Record each call of CLS.NAME (a job that puts itself off while the other one runs)."""
    calls = []
    real = getattr(cls, name)

    def counted(self, *args):
        calls.append(name)
        return real(self, *args)

    monkeypatch.setattr(cls, name, counted)
    return calls


async def test_summary_refresh_waits_for_the_index_build(tmp_path, monkeypatch):
    calls = []
    real = stats.ensure_fresh
    monkeypatch.setattr(stats, "ensure_fresh", lambda *a: calls.append("summary") or real(*a))
    checks = _count_calls(monkeypatch, CustomersScreen, "_check_stats")
    release = threading.Event()
    app = make_app(seeded_db(tmp_path, 300), start="today")
    async with app.run_test(size=(120, 40)) as pilot:
        app.run_worker(lambda: release.wait(10), thread=True, group="search-index")
        await pilot.press("2")
        await until(pilot, lambda: "300 of 300 customers" in status_text(app))  # the list does not wait
        await until(pilot, lambda: len(checks) >= 2, what="the summary check to put itself off once")
        assert calls == []  # the summary waits for the index build
        release.set()
        await until(pilot, lambda: calls, what="the summary refresh to start")
        await until(pilot)
        assert calls == ["summary"]


async def test_index_build_waits_for_the_summary_refresh(tmp_path, monkeypatch):
    from salesterm.store import search

    built = []
    monkeypatch.setattr(search, "warm", lambda: built.append("index") or 0)
    tries = _count_calls(monkeypatch, SalesTermApp, "_warm_search")
    release = threading.Event()
    app = make_app(seeded_db(tmp_path, 300), start="today")
    async with app.run_test(size=(120, 40)) as pilot:
        app.run_worker(lambda: release.wait(10), thread=True, group="summary-refresh")
        await until(pilot, lambda: len(tries) >= 2, what="the index build to put itself off once")
        assert built == []
        release.set()
        await until(pilot, lambda: built, what="the index build to start")
        assert built == ["index"]
