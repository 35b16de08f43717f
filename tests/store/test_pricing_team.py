"""The price system on a team server: a manager or an admin changes it, a rep reads it and is
refused by PostgreSQL itself; access.can_edit says so before anyone tries (the UI's read-only mark)."""
from __future__ import annotations

from datetime import date

import peewee
import pytest

from salesterm.store.models import Rep
from tests.store.team_fixtures import make_team


@pytest.fixture(scope="module")
def team():
    yield from make_team()


def _as(team, who):
    from salesterm.store.db import open_database

    return open_database(team.url(who))


def test_the_manager_sets_prices_the_rep_reads_them_and_cannot_change_them(team):
    from salesterm.store.pricing import access, admin, listing, quotes
    from tests.store.pricing_fixtures import product

    db = _as(team, "李娜")
    try:
        assert access.can_edit(None) and access.can_edit("王伟")  # the login decides, not --rep
        oil = product("P001", "金龙鱼花生油 5L", 12_000)
        lst = admin.save_price_list({"name": "统一价"})
        admin.set_list_item(lst, "P001", 11_000)
    finally:
        db.close()
    db = _as(team, "王伟")
    try:
        assert not access.can_edit("王伟")
        assert [r.name for r in listing.price_lists()] == ["统一价"]
        q = quotes.quote(team.customers["王伟"], oil, 2, date(2026, 11, 29))
        assert (q.source, q.amount) == ("list", 22_000)
        with pytest.raises(peewee.DatabaseError, match="row-level security|permission denied"):
            admin.save_price_list({"name": "我自己的价"})
    finally:
        db.close()
    db = _as(team, "赵总")
    try:
        assert access.can_edit(None)
    finally:
        db.close()


def test_without_a_team_server_the_reps_role_decides(db):
    from salesterm.store import reps
    from salesterm.store.pricing import access

    reps.create_rep("王伟")
    Rep.update(role="manager").where(Rep.id == reps.create_rep("李娜").id).execute()
    assert access.can_edit(None) and access.can_edit("李娜")
    assert not access.can_edit("王伟")
