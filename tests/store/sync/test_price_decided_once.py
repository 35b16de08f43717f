"""An order's price is decided once (store/sync/decided_once): two managers deciding one order's
below-floor price offline end, on both laptops and the hub, with the decision that reached the hub
first, the other kept as a cancelled row with a conflict record the user sees (`salesterm
conflicts`, F7), in both languages."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.models import SalesOrder
from salesterm.store.orders import lifecycle, listing, placing
from salesterm.store.orders.placing import LineInput
from salesterm.store.sync import conflicts
from tests.store.orders.fixtures import OIL, PEANUT, manager, product, shop
from tests.store.sync.support import Replica, assert_converged, hub_rows

DAY = dt.date(2026, 11, 27)
TABLES = ("rep", "customer", "product", "sales_order", "order_line", "price_approval", "sync_conflict")


def _order_waiting(a: Replica) -> tuple[str, str, str]:
    """An order with two lines below the floor, waiting for a manager; two managers."""
    with a.open():
        c = shop()
        oil, peanut = product(**OIL), product(**PEANUT)
        placed = placing.place_order(c.id, [LineInput(oil.id, 1, "箱", manual_price=5000),
                                            LineInput(peanut.id, 2, manual_price=9000)], DAY)
        assert placed.needs_approval
        return placed.order_id, manager("李经理").id, manager("王经理").id


def _state(r: Replica, order_id: str) -> str:
    with r.open():
        return lifecycle.price_state(SalesOrder.get_by_id(order_id))


@pytest.mark.parametrize("first", ["alice", "bob"])
def test_a_price_decided_on_two_laptops_offline_keeps_the_first_decision_and_shows_the_second(hub, pair, first):
    a, b = pair
    order_id, li, wang = _order_waiting(a)
    a.sync(hub)
    b.sync(hub)
    with a.open():
        mine_a = [x.id for x in lifecycle.decide_price(order_id, li, "approved", note="老客户")]
    with b.open():
        mine_b = [x.id for x in lifecycle.decide_price(order_id, wang, "refused", note="太低")]
    one, two = (a, b) if first == "alice" else (b, a)
    kept, cancelled = (mine_a, mine_b) if first == "alice" else (mine_b, mine_a)
    for r in (one, two, one):
        r.sync(hub)
    assert_converged(hub, a, b, tables=TABLES)
    rows = hub_rows(hub, "price_approval")
    assert sorted(k for k, v in rows.items() if v["deleted_at"] is None) == sorted(kept)
    assert all(rows[k]["deleted_at"] is not None for k in cancelled)  # kept as rows, cancelled
    want = "approved" if first == "alice" else "refused"
    assert _state(a, order_id) == _state(b, order_id) == want  # the same price on every replica
    for r in (a, b):
        with r.open():
            assert listing.order_detail(order_id)["price_approval"] == want
            records = conflicts.listing()
        assert sorted(c["row_id"] for c in records) == sorted(cancelled)
        for c in records:
            assert (c["table"], c["field"], c["mine"]) == ("price_approval", "deleted_at", None)
            assert (c["mine_by"], c["theirs_by"]) == (two.who, one.who) and c["theirs"] is not None


def test_the_cancelled_decision_cannot_be_taken_back_and_is_listed_in_both_languages(hub, pair, run_cli):
    a, b = pair
    order_id, li, wang = _order_waiting(a)
    a.sync(hub)
    b.sync(hub)
    with a.open():
        lifecycle.decide_price(order_id, li, "approved")
    with b.open():
        lifecycle.decide_price(order_id, wang, "refused")
    for r in (a, b, a):
        r.sync(hub)
    listed = json.loads(run_cli("--db", str(b.path), "conflicts", "--json").stdout)
    assert [(c["table"], c["field"]) for c in listed] == [("price_approval", "deleted_at")] * 2
    with b.open():
        c = conflicts.listing()[0]
        with pytest.raises(UserError) as refused:
            conflicts.resolve(c["id"], None)  # take mine: the order would be decided twice
        assert refused.value.msgid == "sync.price_decided_once"
        assert "decided once" in refused.value.text("en") and "只能审批一次" in refused.value.text("zh")
        for c in conflicts.listing():
            conflicts.resolve(c["id"], c["theirs"])  # take theirs: closes the record
        assert conflicts.listing() == []
    b.sync(hub)
    a.sync(hub)
    assert_converged(hub, a, b, tables=TABLES)
    assert _state(a, order_id) == _state(b, order_id) == "approved"
