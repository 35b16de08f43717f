"""`updated_at` on every side (issue 12): a write of the stamp alone (a form saved unchanged, a
"touch", on a laptop or on the hub) syncs like any field, and a payment's recompute of a
receivable's derived `paid` leaves the stamp alone, so replicas equal the hub column for column
(the customer's stamp ranks it in search: user-visible)."""
from __future__ import annotations

import datetime as dt

from salesterm import clock
from salesterm.store.customers import create_customer, update_customer
from salesterm.store.ledger.receivables import record_payment, record_receivable
from salesterm.store.models import Customer, Receivable
from tests.store.sync.support import Replica, assert_converged, hub_execute, hub_rows


def _stamp(replica: Replica, cid: str) -> str:
    return replica.rows("customer")[cid]["updated_at"]


def test_a_form_saved_unchanged_on_a_laptop_moves_the_stamp_everywhere(hub, pair, monkeypatch):
    a, b = pair
    with a.open():
        cid = create_customer({"name": "绍兴咸亨", "city": "绍兴"}, allow_duplicate=True).id
    a.sync(hub)
    b.sync(hub)
    before = _stamp(b, cid)
    later = clock.now() + dt.timedelta(seconds=5)  # stamps count whole seconds: not the same one
    monkeypatch.setattr(clock, "now", lambda: later)
    with a.open():
        update_customer(cid, {})  # nothing changed but the stamp
        assert str(Customer.get_by_id(cid).updated_at) > before
    assert a.outbox()[-1][:3] == ("customer", cid, "update")
    a.sync(hub)
    b.sync(hub)
    assert _stamp(b, cid) == _stamp(a, cid) == hub_rows(hub, "customer")[cid]["updated_at"] > before
    assert_converged(hub, a, b)


def test_a_touch_on_the_hub_reaches_the_laptops(hub, pair):
    a, b = pair
    with a.open():
        cid = create_customer({"name": "台州银座", "city": "台州"}, allow_duplicate=True).id
    a.sync(hub)
    b.sync(hub)
    hub_execute(hub, "UPDATE customer SET updated_at = updated_at + interval '1 hour' WHERE id = %s", [cid])
    a.sync(hub)
    b.sync(hub)
    assert_converged(hub, a, b)
    assert _stamp(a, cid) == hub_rows(hub, "customer")[cid]["updated_at"]


def test_a_payment_leaves_the_receivables_stamp_alone_so_every_side_agrees(hub, pair):
    a, b = pair
    today = clock.today()
    with a.open():
        cid = create_customer({"name": "金华万达", "city": "金华"}, allow_duplicate=True).id
        rid = record_receivable(cid, number="JH-1", issued=today - dt.timedelta(days=3),
                                due=today + dt.timedelta(days=27), amount=5_000).id
    a.sync(hub)
    b.sync(hub)
    with b.open():
        stamp = Receivable.get_by_id(rid).updated_at
        record_payment(cid, amount=2_000, day=today)
        r = Receivable.get_by_id(rid)
        assert (r.paid, r.updated_at) == (2_000, stamp)  # paid is derived: its recompute moves no stamp
    b.sync(hub)
    a.sync(hub)
    assert_converged(hub, a, b)  # every column of every table, receivable.updated_at among them
    assert hub_execute(hub, "SELECT paid FROM receivable WHERE id = %s", [rid]) == [(2_000,)]
