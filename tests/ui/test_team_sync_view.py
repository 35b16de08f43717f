"""Who is in sync (issue 13), in the app: a manager on the team server presses y in Reports and
sees the team's logins with their last sync; a login never synced is marked so. On a SQLite file
the key is not offered."""
from __future__ import annotations

import pytest

from salesterm.app import SalesTermApp
from tests.conftest import TODAY
from tests.store.team_fixtures import make_team
from tests.ui.conftest import until


@pytest.fixture(scope="module")
def team():
    yield from make_team()


def _text(app) -> str:
    from textual.widgets import DataTable, Static

    table = app.screen.query_one(DataTable)
    rows = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
    return str(app.screen.query_one("#team-sync-head", Static).render()) + "\n" + "\n".join(rows)


async def test_a_manager_sees_who_is_in_sync(team):
    app = SalesTermApp(db=team.url("李娜"), today=TODAY, start="reports", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("y")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TeamSyncScreen", what="the sync view")
        await until(pilot, lambda: team.logins["王伟"] in _text(app), what="the team's logins")
        text = _text(app)
        assert "王伟" in text and "never synced" in text and "Who is in sync" in text
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.__class__.__name__ == "ReportsScreen", what="back in Reports")


async def test_not_offered_on_a_laptop_file(tmp_path):
    app = SalesTermApp(db=str(tmp_path / "laptop.db"), today=TODAY, start="reports", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.__class__.__name__ != "TeamSyncScreen"
