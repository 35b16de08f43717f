"""On a team server the user is the login (Pilot): the app shows the login's rep, works as them
whatever --rep says, and a new customer is theirs."""
from __future__ import annotations

import pytest

from salesterm.screens.forms.customer import CustomerFormScreen
from salesterm.widgets.section_bar import SectionBar
from tests.store.team_fixtures import make_team
from tests.ui import make_app
from tests.ui.conftest import until


@pytest.fixture(scope="module")
def team():
    yield from make_team()


def _bar(app) -> str:
    return str(app.screen.query_one(SectionBar).render())


async def test_the_app_shows_and_works_as_the_logins_rep(team):
    app = make_app(team.url("王伟"), rep="陈刚")  # --rep naming someone else does not make you them
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: f"王伟 ({team.logins['王伟']})" in _bar(app), what="the login in the bar")
        assert "陈刚" not in _bar(app)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, CustomerFormScreen))
        form = app.screen
        assert form.query_one("#input-rep").value == "王伟"
    app.database.close()


async def test_a_manager_is_shown_as_themselves(team):
    app = make_app(team.url("李娜"))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: f"李娜 ({team.logins['李娜']})" in _bar(app), what="the login in the bar")
    app.database.close()


async def test_the_customer_files_timeline_shows_the_audit_trail(team):
    from salesterm.screens.customer_file import CustomerFileScreen
    from salesterm.store import customers
    from salesterm.store.db import open_database

    db = open_database(team.url("王伟"))
    try:
        customers.update_customer(team.customers["王伟"], {"remark": "月结客户"})
    finally:
        db.close()
    app = make_app(team.url("王伟"))
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.screen._row() is not None, what="the customers list")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CustomerFileScreen))

        def timeline() -> list[str]:
            table = app.screen.query_one("#timeline-table")
            return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]

        login = team.logins["王伟"]
        await until(pilot, lambda: any(f"{login} (app): customer.remark — → 月结客户" in t for t in timeline()),
                    what="the audit entry on the timeline")
    app.database.close()
