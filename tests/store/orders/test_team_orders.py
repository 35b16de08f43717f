"""Orders on a team server, as the logins' own apps write them under row-level security: a rep
takes, delivers and takes back an order of their customer; the manager decides its price."""
from __future__ import annotations

from datetime import date

import pytest

from salesterm.domain.errors import UserError
from tests.store.team_fixtures import make_team


@pytest.fixture(scope="module")
def team():
    yield from make_team()


def test_a_rep_takes_an_order_and_the_manager_decides_its_price(team):
    from salesterm.store.db import open_database
    from salesterm.store.models import Product
    from salesterm.store.orders import lifecycle, listing, placing, returns
    from salesterm.store.orders.placing import LineInput

    db = open_database(team.admin_url)
    try:
        oil = Product.create(code="JLY5L", name="金龙鱼5L", unit="桶", case_unit="箱", case_size=4,
                             list_price=6800, floor_price=6000)
    finally:
        db.close()
    mine = team.customers["王伟"]
    db = open_database(team.url("王伟"))
    try:
        placed = placing.place_order(mine, [LineInput(oil.id, 1, "箱", manual_price=5800)], date(2026, 11, 21))
        assert placed.number.startswith("SO-20261121-HQ-") and placed.needs_approval
        # the fixture's receivable SO-0 (¥100.00, ¥40.00 paid) is overdue since 11-15
        assert [str(h) for h in placed.holds] == ["collection before new goods: ¥60.00 overdue since 2026-11-15"]
        with pytest.raises(UserError) as e:  # a rep's login cannot release, whoever it names
            lifecycle.release(placed.order_id, "李娜")
        assert e.value.msgid == "orders.needs_manager"
    finally:
        db.close()
    db = open_database(team.url("李娜"))
    try:
        order = lifecycle.release(placed.order_id, None, note="老客户")
        [decided] = lifecycle.decide_price(placed.order_id, None, "approved")
        assert order.released_by.name == "李娜" and decided.rep.name == "李娜"  # the login signs
    finally:
        db.close()
    db = open_database(team.url("王伟"))
    try:
        lifecycle.deliver(placed.order_id, date(2026, 11, 22))
        [line] = listing.order_detail(placed.order_id)["lines"]
        returns.return_goods(line["id"], 1, "破损", date(2026, 11, 23))
        [row] = listing.list_orders()
        assert (row["status"], row["billed"], row["receivable"]) == ("delivered", 4 * 5800, 3 * 5800)
    finally:
        db.close()
    with team.connect("张敏") as conn:  # another rep sees none of it
        assert conn.execute("SELECT count(*) FROM sales_order").fetchone()[0] == 0
