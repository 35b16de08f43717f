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


def test_orders_not_yet_billed_count_against_the_credit_limit(db):
    """Two orders each fit the limit alone; the second is held because the first, taken but not
    yet delivered, already uses the room. Once delivered, the same money counts as owed instead."""
    from salesterm.domain.order_rules import decode_holds

    c = shop(credit_limit=100_000)
    oil = product(**OIL)
    first = placing.place_order(c.id, [LineInput(oil.id, 10)], DAY)  # 10 桶 at 68.00
    assert first.holds == [] and placing.unbilled(c.id) == 68_000
    second = placing.place_order(c.id, [LineInput(oil.id, 5)], DAY)
    (hold,) = decode_holds(SalesOrder.get_by_id(second.order_id).credit_hold)
    assert (hold.kind, hold.balance, hold.pending, hold.order, hold.after) == ("limit", 0, 68_000, 34_000, 102_000)
    assert "680.00" in str(hold.message()) and "1,020.00" in str(hold.message())
    lifecycle.deliver(first.order_id, DAY)
    # the held second order is still taken and not billed
    assert placing.unbilled(c.id) == 34_000 and receivables.open_balance(c.id) == 68_000


def test_cancelling_a_part_delivered_order_cancels_the_rest(db):
    """The customer takes 6 of 10 桶 and refuses the rest: the order closes as signed for, the 6
    stay billed, the 4 leave the purchase log and no longer count against the credit limit."""
    from salesterm.store.models import TradeLine

    c = shop(credit_limit=1_000_000)
    oil = product(**OIL)
    placed = placing.place_order(c.id, [LineInput(oil.id, 10)], DAY)
    (line,) = listing.order_detail(placed.order_id)["lines"]
    line_id = line["id"]
    lifecycle.deliver(placed.order_id, DAY, {line_id: 6})
    assert SalesOrder.get_by_id(placed.order_id).status == "partial"
    with pytest.raises(UserError):
        lifecycle.cancel(placed.order_id, "  ")  # a reason is still needed
    order = lifecycle.cancel(placed.order_id, "客户不要了")
    assert (order.status, order.cancel_reason) == ("delivered", "客户不要了")
    assert receivables.open_balance(c.id) == 6 * 6800
    assert placing.unbilled(c.id) == 0
    logged = TradeLine.live().where(TradeLine.customer == c.id)
    assert sum(t.quantity for t in logged) == 6 and sum(t.amount for t in logged) == 6 * 6800
    with pytest.raises(UserError):
        lifecycle.cancel(placed.order_id, "again")  # a delivered order's goods are returned
