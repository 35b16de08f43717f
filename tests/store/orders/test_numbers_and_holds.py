"""Order numbers unique across replicas and under concurrent writers; credit holds and their
release; the manager's price decision."""
from __future__ import annotations

import multiprocessing
import re
import time
from datetime import date

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.db import open_database
from salesterm.store.ledger import receivables
from salesterm.store.models import PriceApproval, SalesOrder, database, is_sqlite
from salesterm.store.orders import lifecycle, listing, numbers, placing
from salesterm.store.orders.placing import LineInput
from tests.store.orders import concurrent_orders
from tests.store.orders.fixtures import OIL, manager, priced_shop, product, shop

DAY = date(2026, 11, 20)


def _replica_numbers(path, site: str | None, n: int) -> list[str]:
    open_database(str(path))
    try:
        if site:
            database.execute_sql("INSERT INTO sync_site (id, site, who, server) VALUES (1, ?, 'x', 'y')", (site,))
        c = shop(f"店{path.stem}")
        oil = product(**OIL)
        return [placing.place_order(c.id, [LineInput(oil.id, 1)], DAY).number for _ in range(n)]
    finally:
        database.close()


def test_numbers_from_two_replicas_never_collide(tmp_path):
    a = _replica_numbers(tmp_path / "a.db", "3fa2c1d0" + "0" * 24, 3)
    b = _replica_numbers(tmp_path / "b.db", "9b00e7aa" + "1" * 24, 3)
    assert a == [f"SO-20261120-3FA2C1D0-00{i}" for i in (1, 2, 3)]
    assert b == [f"SO-20261120-9B00E7AA-00{i}" for i in (1, 2, 3)]
    # a laptop that has not joined a team numbers with a random id it keeps
    c = _replica_numbers(tmp_path / "c.db", None, 2)
    fragment = c[0].split("-")[2]
    assert re.fullmatch(r"[0-9A-F]{8}", fragment) and c[1] == f"SO-20261120-{fragment}-002"
    assert not set(a) & set(b) and not set(c) & (set(a) | set(b))
    open_database(str(tmp_path / "c.db"))
    try:
        assert numbers.site_fragment() == fragment  # kept in the file
    finally:
        database.close()


def test_the_team_server_numbers_as_hq(db):
    c, oil, _ = priced_shop()
    number = placing.place_order(c.id, [LineInput(oil.id, 1)], DAY).number
    expected = number.split("-")[2] if is_sqlite() else "HQ"
    assert number == f"SO-20261120-{expected}-001"


def test_two_writers_at_once_never_take_the_same_number(db_url):
    open_database(db_url)
    c, oil, _ = priced_shop()
    database.close()
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=concurrent_orders.place_many, args=(db_url, c.id, oil.id, 12, start, out))
             for _ in range(2)]
    for p in procs:
        p.start()
    time.sleep(2.0)
    start.set()
    results = [out.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    for r in results:
        assert r["crashed"] == [] and r["refused"] == [], r
    got = results[0]["numbers"] + results[1]["numbers"]
    assert len(got) == 24 and len(set(got)) == 24
    assert sorted(int(n.rsplit("-", 1)[1]) for n in got) == list(range(1, 25))
    open_database(db_url)
    assert SalesOrder.select().count() == 24


def test_two_deliveries_of_one_order_at_once_bill_it_once(db_url):
    from salesterm.store.models import Receivable

    open_database(db_url)
    c, oil, _ = priced_shop()
    placed = placing.place_order(c.id, [LineInput(oil.id, 2, "箱")], DAY)
    database.close()
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=concurrent_orders.deliver_all, args=(db_url, placed.order_id, start, out))
             for _ in range(2)]
    for p in procs:
        p.start()
    time.sleep(2.0)
    start.set()
    results = sorted(out.get(timeout=180) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    assert results[0] == "delivered" and results[1].startswith("refused: orders."), results
    open_database(db_url)
    assert [r.amount for r in Receivable.select()] == [8 * 6500]


def test_a_held_order_waits_for_a_manager_to_release_it(db):
    c, oil, _ = priced_shop()
    receivables.record_receivable(c.id, number="INV-9", issued=date(2026, 9, 1), due=date(2026, 10, 1),
                                  amount=30000)
    placed = placing.place_order(c.id, [LineInput(oil.id, 1, "箱")], DAY)
    assert [str(h) for h in placed.holds] == ["collection before new goods: ¥300.00 overdue since 2026-10-01"]
    for move in (lambda: lifecycle.ship(placed.order_id, DAY), lambda: lifecycle.deliver(placed.order_id, DAY)):
        with pytest.raises(UserError) as e:
            move()
        assert e.value.msgid == "orders.on_credit_hold"
        assert "¥300.00 overdue since 2026-10-01" in str(e.value.message)
    with pytest.raises(UserError) as e:
        lifecycle.release(placed.order_id, "王伟")  # a rep, not a manager
    assert e.value.msgid == "orders.needs_manager"
    assert [o["number"] for o in listing.awaiting_manager()] == [placed.number]
    boss = manager()
    order = lifecycle.release(placed.order_id, boss.id, note="客户已承诺周五付清")
    assert listing.awaiting_manager() == []
    assert (order.credit_hold, order.released_by_id) == ("", boss.id) and order.released_at is not None
    assert "周五付清" in order.note
    with pytest.raises(UserError):
        lifecycle.release(placed.order_id, boss.id)  # not held any more
    assert lifecycle.ship(placed.order_id, DAY).status == "shipped"
    assert listing.order_detail(placed.order_id)["released_by"] == "李经理"


def test_a_price_below_the_floor_waits_for_the_managers_decision(db):
    c, oil, peanut = priced_shop()
    placed = placing.place_order(c.id, [LineInput(oil.id, 1, "箱", manual_price=5000), LineInput(peanut.id, 2)], DAY)
    assert placed.needs_approval
    assert listing.list_orders()[0]["price_approval"] == "waiting"
    assert [o["number"] for o in listing.awaiting_manager()] == [placed.number]
    with pytest.raises(UserError) as e:
        lifecycle.ship(placed.order_id, DAY)
    assert e.value.msgid == "orders.awaiting_price_approval"
    boss = manager()
    with pytest.raises(UserError):
        lifecycle.decide_price(placed.order_id, boss.id, "maybe")
    lifecycle.decide_price(placed.order_id, boss.id, "refused", note="太低")
    with pytest.raises(UserError) as e:
        lifecycle.deliver(placed.order_id, DAY)
    assert e.value.msgid == "orders.price_refused"
    with pytest.raises(UserError) as e:  # final: the rep cancels and takes the order again
        lifecycle.decide_price(placed.order_id, boss.id, "approved")
    assert e.value.msgid == "orders.price_already_decided"
    assert listing.awaiting_manager() == []
    again = placing.place_order(c.id, [LineInput(oil.id, 1, "箱", manual_price=5500)], DAY)
    [row] = lifecycle.decide_price(again.order_id, boss.id, "approved", note="大客户")
    assert (row.rep_id, row.decision, row.note) == (boss.id, "approved", "大客户")
    assert PriceApproval.select().count() == 2 and listing.awaiting_manager() == []
    assert lifecycle.ship(again.order_id, DAY).status == "shipped"
    plain = placing.place_order(c.id, [LineInput(peanut.id, 2)], DAY)
    with pytest.raises(UserError) as e:
        lifecycle.decide_price(plain.order_id, boss.id, "approved")
    assert e.value.msgid == "orders.no_price_to_decide"
