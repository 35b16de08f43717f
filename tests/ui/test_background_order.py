"""The two big background jobs (search index build, daily summary refresh) never run at once;
the summary check starts only once the customers list is up (Pilot)."""
from __future__ import annotations

import threading

from salesterm.store import stats
from tests.ui import make_app, seeded_db, settle, status_text


async def test_summary_refresh_waits_for_the_index_build(tmp_path, monkeypatch):
    calls = []
    real = stats.ensure_fresh
    monkeypatch.setattr(stats, "ensure_fresh", lambda *a: calls.append("summary") or real(*a))
    release = threading.Event()
    app = make_app(seeded_db(tmp_path, 300), start="today")
    async with app.run_test(size=(120, 40)) as pilot:
        app.run_worker(lambda: release.wait(10), thread=True, group="search-index")
        await pilot.press("2")
        for _ in range(40):
            await pilot.pause(0.05)
        assert "300 of 300 customers" in status_text(app)  # the list does not wait
        assert calls == []  # the summary waits for the index build
        release.set()
        for _ in range(30):
            await pilot.pause(0.05)
            if calls:
                break
        await settle(pilot)
        assert calls == ["summary"]


async def test_index_build_waits_for_the_summary_refresh(tmp_path, monkeypatch):
    from salesterm.store import search

    built = []
    monkeypatch.setattr(search, "warm", lambda: built.append("index") or 0)
    release = threading.Event()
    app = make_app(seeded_db(tmp_path, 300), start="today")
    async with app.run_test(size=(120, 40)) as pilot:
        app.run_worker(lambda: release.wait(10), thread=True, group="summary-refresh")
        for _ in range(30):
            await pilot.pause(0.05)
        assert built == []
        release.set()
        for _ in range(30):
            await pilot.pause(0.05)
            if built:
                break
        assert built == ["index"]
