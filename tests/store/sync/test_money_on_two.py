"""Money moved on two laptops offline, no reversal involved (store/sync/once: the hub is the arbiter
of allocations). A payment's credit kept on one laptop while the other bills the customer, one
credit allocated on both, one receivable settled on both: after a quiet round the hub and both
laptops hold the same allocations, `check` is clean everywhere, and no money is lost (what the hub
cut stays the payment's credit, spread by the ledger's rule where something is open)."""
from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from salesterm import clock
from salesterm.store import db as store_db
from salesterm.store.customers import create_customer
from salesterm.store.ledger import verify
from salesterm.store.ledger.aging import aging, to_json
from salesterm.store.ledger.receivables import (
    credit,
    open_balance,
    payments,
    record_payment,
    record_receivable,
)
from salesterm.store.models import Receivable, database
from tests.store.sync.support import Replica, assert_converged, hub_rows

LEDGER = ("payment", "payment_allocation", "receivable", "sync_conflict")


@contextlib.contextmanager
def _on_hub(url: str):
    db = store_db.open_database(url)
    try:
        yield db
    finally:
        store_db.close_database()


def _figures(db) -> tuple:
    """What a user reads of the customers' money: balance, credit, payments, aging, check."""
    cids = [c for (c,) in database.execute_sql("SELECT id FROM customer").fetchall()]
    total = database.execute_sql("SELECT COALESCE(SUM(amount), 0) FROM payment WHERE deleted_at IS NULL").fetchone()[0]
    return ({c: (open_balance(c), credit(c), sorted(p["amount"] for p in payments(c))) for c in cids},
            int(total), to_json(aging(by="customer")), [p.message for p in verify.problems(db)])


def _everywhere(hub: str, *replicas: Replica) -> tuple:
    """The figures on every replica and on the hub: all equal, returned once."""
    seen = []
    for r in replicas:
        with r.open() as db:
            seen.append(_figures(db))
    with _on_hub(hub) as db:
        seen.append(_figures(db))
    assert all(s == seen[0] for s in seen), seen
    return seen[0]


def _customer(a: Replica, hub: str, *others: Replica) -> str:
    with a.open():
        cid = create_customer({"name": "衢州五金", "city": "衢州"}, allow_duplicate=True).id
    a.sync(hub)
    for r in others:
        r.sync(hub)
    return cid


def _billed(hub: str, a: Replica, b: Replica, number: str, fen: int) -> tuple[str, str]:
    """A customer of A's with one bill (NUMBER, FEN, 40 days old), both on the hub and on B."""
    cid = _customer(a, hub, b)
    with a.open():
        bill = _bill(cid, number, fen)
    a.sync(hub)
    b.sync(hub)
    return cid, bill


def _bill(cid: str, number: str, fen: int, days_ago: int = 40) -> str:
    issued = clock.today() - dt.timedelta(days=days_ago)
    return record_receivable(cid, number=number, issued=issued, due=issued + dt.timedelta(days=30), amount=fen).id


def _cuts() -> list[tuple]:
    """The open conflict records on allocations of the replica opened: (field, mine, theirs, by
    whom each)."""
    from salesterm.store.sync import conflicts

    return [(c["field"], c["mine"], c["theirs"], c["mine_by"], c["theirs_by"])
            for c in conflicts.listing("open") if c["table"] == "payment_allocation"]


def _live_allocations(hub: str, **match) -> list[dict]:
    return [x for x in hub_rows(hub, "payment_allocation").values()
            if x["deleted_at"] is None and all(x[k] == v for k, v in match.items())]


@pytest.mark.parametrize("first", ["alice", "bob"])
def test_a_payment_on_one_laptop_and_a_bill_on_the_other_meet_on_the_hub(hub, pair, first):
    """Alice takes 3,000 ahead (nothing owed on her laptop: credit); Bob bills 5,000 offline. On
    the hub the credit is applied to the bill, whichever laptop syncs first, and both pull it."""
    a, b = pair
    cid = _customer(a, hub, b)
    with a.open():
        paid = record_payment(cid, amount=3_000, day=clock.today()).id
        assert credit(cid) == 3_000
    with b.open():
        bill = _bill(cid, "QZ-1", 5_000)
    order = (a, b) if first == "alice" else (b, a)
    for r in (*order, order[0]):
        r.sync(hub)
    assert_converged(hub, a, b, tables=LEDGER)
    assert [(x["payment_id"], x["receivable_id"], x["amount"]) for x in _live_allocations(hub)] == [(paid, bill, 3_000)]
    balances, total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid] == (2_000, 0, [3_000]) and total == 3_000 and problems == []
    with a.open():
        assert Receivable.get_by_id(bill).paid == 3_000  # paid follows the hub's allocation on the laptop too


@pytest.mark.parametrize("batch", [1000, 1])
def test_one_credit_allocated_on_both_laptops_is_cut_on_the_hub(hub, pair, batch):
    """A 4,000 payment taken ahead reaches both laptops as credit; each bills 3,000 offline and
    its ledger applies the whole credit it sees there. The hub keeps the first allocation and
    cuts the second to the 1,000 left of the payment: 5,000 is still owed, on every side."""
    a, b = pair
    cid = _customer(a, hub, b)
    with a.open():
        paid = record_payment(cid, amount=4_000, day=clock.today()).id
    a.sync(hub)
    b.sync(hub)
    bills = {}
    for r, number in ((a, "QZ-A"), (b, "QZ-B")):
        with r.open():
            bills[r.who] = _bill(cid, number, 3_000)
            assert credit(cid) == 1_000  # on each laptop: 3,000 of the 4,000 applied
    for r in (a, b, a):
        r.sync(hub, batch=batch)
    assert_converged(hub, a, b, tables=LEDGER)
    got = sorted((x["receivable_id"] == bills["alice"], x["amount"]) for x in _live_allocations(hub, payment_id=paid))
    assert got == [(False, 1_000), (True, 3_000)]  # Alice's first: whole; Bob's: what was left
    # the cut is no silent change: a conflict record on Bob's allocation says so, pushed whole or
    # op by op (the hub spreads none of the credit while Bob's own allocation is still to come)
    for r in (a, b):
        with r.open():
            assert _cuts() == [("amount", 3_000, 1_000, "bob", "alice")]
    balances, total, aging_rows, problems = _everywhere(hub, a, b)
    assert balances[cid] == (2_000, 0, [4_000]) and total == 4_000 and problems == []
    assert aging_rows  # the same aging on every side (checked by _everywhere); 2,000 of Bob's bill open


def test_one_receivable_settled_by_two_payments_on_two_laptops_keeps_the_second_as_credit(hub, pair):
    """A 5,000 bill known to both laptops; each takes a 5,000 payment for it offline. The first
    payment to reach the hub settles it; the second's allocation is cancelled there and its 5,000
    stays the customer's credit (not lost, not counted twice); the bill is not shown paid twice."""
    a, b = pair
    cid, bill = _billed(hub, a, b, "QZ-9", 5_000)
    paid = {}
    for r in (a, b):
        with r.open():
            paid[r.who] = record_payment(cid, amount=5_000, day=clock.today()).id
            assert open_balance(cid) == 0
    for r in (b, a, b):
        r.sync(hub)
    assert_converged(hub, a, b, tables=LEDGER)
    assert [x["payment_id"] for x in _live_allocations(hub, receivable_id=bill)] == [paid["bob"]]
    cut = [x for x in hub_rows(hub, "payment_allocation").values() if x["payment_id"] == paid["alice"]]
    assert len(cut) == 1 and cut[0]["deleted_at"] is not None  # kept as a row, cancelled by the hub
    with a.open():  # and Alice is told: her allocation live (mine), cancelled (theirs) for Bob's
        assert _cuts() == [("deleted_at", None, str(cut[0]["deleted_at"]), "alice", "bob")]
    balances, total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid] == (0, 5_000, [5_000, 5_000]) and total == 10_000 and problems == []
    with b.open():
        later = _bill(cid, "QZ-10", 2_000, days_ago=5)  # the credit is applied to the next bill, as ever
        assert Receivable.get_by_id(later).paid == 2_000
    b.sync(hub)
    a.sync(hub)
    balances, _total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid][:2] == (0, 3_000) and problems == []


def test_a_retried_push_changes_nothing_more(hub, pair):
    """The hub's spread is idempotent: the same ops pushed again (a lost answer) write nothing."""
    from salesterm.store.sync import engine, replica
    from salesterm.store.sync import hub as hub_mod

    a, b = pair
    cid = _customer(a, hub, b)
    with a.open():
        record_payment(cid, amount=3_000, day=clock.today())
    with b.open():
        _bill(cid, "QZ-7", 5_000)
        ops = [op for _n, op in replica.outbox(0, 1000)]
    a.sync(hub)
    b.sync(hub)
    before = hub_rows(hub, "payment_allocation")
    with engine.connect(hub) as conn:
        hub_mod.push(conn, ops)
    assert hub_rows(hub, "payment_allocation") == before and len(before) == 1


def test_a_reversal_made_before_the_hubs_allocation_was_pulled_undoes_it(hub, pair):
    """Alice takes 3,000 ahead; Bob's bill is on the hub, so Alice's push has the hub apply her
    credit to it, but her laptop dies before it pulls. She reverses the payment offline (on her
    laptop it was all credit: the reversal undoes nothing). On the hub the reversal undoes what
    the payment holds there: Bob's bill is open again, whole, on every side."""
    from unittest import mock

    from salesterm.store.ledger.receivables import reverse_payment
    from salesterm.store.sync import engine

    a, b = pair
    cid = _customer(a, hub, b)
    with b.open():
        bill = _bill(cid, "QZ-3", 5_000)
    b.sync(hub)
    with a.open():
        paid = record_payment(cid, amount=3_000, day=clock.today()).id

    def _lost(*_a, **_k):
        raise ConnectionError("the laptop died before it pulled")

    with mock.patch.object(engine, "pull", _lost), contextlib.suppress(ConnectionError):
        a.sync(hub)
    assert [x["amount"] for x in _live_allocations(hub, payment_id=paid)] == [3_000]
    with a.open():
        assert credit(cid) == 3_000  # not pulled: all credit here
        reverse_payment(paid, day=clock.today(), note="退款")
    for r in (a, b, a):
        r.sync(hub)
    assert_converged(hub, a, b, tables=LEDGER)
    balances, total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid] == (5_000, 0, [-3_000, 3_000]) and total == 0 and problems == []
    with b.open():
        assert Receivable.get_by_id(bill).paid == 0


def test_an_allocation_the_hub_cut_is_not_taken_back_while_the_money_went_elsewhere(hub, pair):
    """Both laptops settle one 5,000 bill with a payment each; the hub keeps Bob's. On Alice's
    laptop the conflicts list it; taking hers back is refused with what is open and unallocated
    (the money would count twice); taking the hub's resolves it, on every side after a sync."""
    from salesterm.domain.errors import UserError
    from salesterm.store.sync import conflicts

    a, b = pair
    cid = _customer(a, hub, b)
    with a.open():
        _bill(cid, "QZ-5", 5_000)
    a.sync(hub)
    b.sync(hub)
    for r in (a, b):
        with r.open():
            record_payment(cid, amount=5_000, day=clock.today())
    for r in (b, a, b):
        r.sync(hub)
    with a.open():
        (record,) = [c for c in conflicts.listing("open") if c["table"] == "payment_allocation"]
        assert conflicts.is_money({**record, "field": "amount"}) and not conflicts.is_money(record)
        from salesterm.store.sync import status  # F7 names the customer, through the payment

        assert [c["customer"] for c in status.conflicts()] == ["衢州五金"]
        with pytest.raises(UserError) as typed:  # text typed at F7's prompt is no time of deletion
            conflicts.resolve(record["id"], "abc")
        assert typed.value.msgid == "sync.not_a_time"
        with pytest.raises(UserError) as refused:
            conflicts.resolve(record["id"], None)  # mine: the allocation live again
        assert refused.value.msgid == "sync.allocation_beyond_room"
        assert refused.value.params["open"] == "0.00" and refused.value.params["amount"] == "50.00"
        conflicts.resolve(record["id"], record["theirs"])
        assert conflicts.listing("open") == []
        assert open_balance(cid) == 0 and credit(cid) == 5_000  # nothing moved by the resolution
    a.sync(hub)
    b.sync(hub)
    with b.open():
        assert [c["status"] for c in conflicts.listing(None) if c["table"] == "payment_allocation"] == ["resolved"]
    balances, total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid] == (0, 5_000, [5_000, 5_000]) and total == 10_000 and problems == []


def test_an_allocation_the_hub_cut_is_not_lowered_further(hub, pair):
    """Bob pays 3,000 of a 5,000 bill, Alice 5,000, offline; the hub keeps Bob's and cuts Alice's
    allocation to the 2,000 left. Her conflict is edited to 1,000: refused (the
    bill would be owed while her payment keeps that money as credit), with what it holds; her
    figures are unchanged and `check` is clean."""
    from salesterm.domain.errors import UserError
    from salesterm.store.sync import conflicts

    a, b = pair
    cid, _bill_id = _billed(hub, a, b, "QZ-6", 5_000)
    with b.open():
        record_payment(cid, amount=3_000, day=clock.today())
    with a.open():
        record_payment(cid, amount=5_000, day=clock.today())
    for r in (b, a, b):
        r.sync(hub)
    with a.open() as db:
        (record,) = [c for c in conflicts.listing("open") if c["table"] == "payment_allocation"]
        assert (record["field"], record["mine"], record["theirs"]) == ("amount", 5_000, 2_000)
        with pytest.raises(UserError) as refused:
            conflicts.resolve(record["id"], 1_000)
        assert refused.value.msgid == "sync.allocation_below_held"
        assert refused.value.params["held"] == "20.00"
        assert (open_balance(cid), credit(cid)) == (0, 3_000) and verify.problems(db) == []
        assert [c["id"] for c in conflicts.listing("open")] == [record["id"]]


@pytest.mark.parametrize("batch", [1000, 2])
def test_a_first_push_keeps_the_laptops_allocations(hub, pair, batch):
    """A laptop with a ledger before it joined (bills paid by payments the rep allocated to the
    bills the customer named, not oldest first) pushes it table by table: payments and bills come
    before their allocations, maybe in earlier batches. The hub spreads no credit of theirs while
    their allocations are still to come, so it keeps every allocation as the laptop made it: none
    cut, none cancelled, no conflict, and no allocation of its own."""
    a, _b = pair
    with a.open():
        cid = create_customer({"name": "衢州五金", "city": "衢州"}, allow_duplicate=True).id
        old, new = _bill(cid, "QZ-1", 3_000, days_ago=60), _bill(cid, "QZ-2", 2_000, days_ago=10)
        paid = record_payment(cid, amount=2_000, day=clock.today(), receivable_id=new).id  # the rep's choice
        mine = {(x["payment_id"], x["receivable_id"], x["amount"]) for x in a.rows("payment_allocation").values()}
    assert mine == {(paid, new, 2_000)}
    a.sync(hub, batch=batch)
    live = {(x["payment_id"], x["receivable_id"], x["amount"]) for x in hub_rows(hub, "payment_allocation").values()
            if x["deleted_at"] is None}
    assert live == mine and len(hub_rows(hub, "payment_allocation")) == 1
    assert hub_rows(hub, "sync_conflict") == {}
    with a.open():
        assert Receivable.get_by_id(old).paid == 0 and Receivable.get_by_id(new).paid == 2_000


def test_a_first_push_keeps_a_reversed_payments_allocations_as_made(hub, pair):
    """A laptop with a paid bill whose payment it then reversed, before it joined (the demo has
    one): its first push sends the payment's allocation before the reversal and the reversal's
    undoing allocation after it, as they were written, so the hub takes them as made: no conflict
    record, nothing cancelled, the bill owed again everywhere."""
    from salesterm.store.ledger.receivables import reverse_payment

    a, b = pair
    with a.open():
        cid = create_customer({"name": "衢州五金", "city": "衢州"}, allow_duplicate=True).id
        _bill(cid, "QZ-7", 5_000)
        paid = record_payment(cid, amount=5_000, day=clock.today()).id
        reverse_payment(paid, day=clock.today(), note="退票")
        mine = sorted((x["amount"], x["deleted_at"]) for x in a.rows("payment_allocation").values())
    assert mine == [(-5_000, None), (5_000, None)]
    result = a.sync(hub, batch=1)
    assert result.conflicts == 0 and hub_rows(hub, "sync_conflict") == {}
    assert sorted((x["amount"], x["deleted_at"]) for x in hub_rows(hub, "payment_allocation").values()) == mine
    b.sync(hub)
    balances, total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid][:2] == (5_000, 0) and total == 0 and problems == []


def test_an_allocation_of_a_reversed_payment_is_not_taken_back(hub, pair):
    """Bob reverses a payment both laptops hold as credit; Alice, offline, bills the customer and
    her laptop allocates that credit to the bill. The hub holds the payment reversed: it cancels
    Alice's allocation with a record (its money is undone). Taking it back is refused: the bill
    would count as paid by a reversed payment."""
    from salesterm.domain.errors import UserError
    from salesterm.store.ledger.receivables import reverse_payment
    from salesterm.store.sync import conflicts

    a, b = pair
    cid = _customer(a, hub, b)
    with a.open():
        paid = record_payment(cid, amount=5_000, day=clock.today()).id  # nothing owed: credit
    a.sync(hub)
    b.sync(hub)
    with b.open():
        reverse_payment(paid, day=clock.today(), note="退票")
    b.sync(hub)
    with a.open():
        _bill(cid, "QZ-7", 5_000)  # the credit pays it on Alice's laptop
        assert open_balance(cid) == 0
    a.sync(hub)
    a.sync(hub)
    with a.open() as db:
        found = [c for c in conflicts.listing() if c["table"] == "payment_allocation"]
        assert found  # Alice's allocation of the reversed payment, cancelled by the hub
        for record in found:
            with pytest.raises(UserError) as refused:
                conflicts.resolve(record["id"], None)
            assert refused.value.msgid == "sync.allocation_beyond_room"
        assert open_balance(cid) == 5_000 and verify.problems(db) == []


def test_a_payment_allocated_before_a_merge_keeps_its_allocation_when_pushed_in_batches(hub, pair):
    """Alice takes a payment for the newer of two bills of X (the customer's choice, not oldest
    first), then merges X into Y, offline; the outbox goes up in small batches. The hub holds X's
    payment under X until the merge arrives, so it holds the spread of X's credit (not only of Y,
    the payment's customer on the laptop now) until the allocation is in: it is kept as made."""
    from salesterm.store.customers.admin import merge_customers

    a, b = pair
    with a.open():
        x = create_customer({"name": "衢州五金", "city": "衢州"}, allow_duplicate=True).id
        y = create_customer({"name": "衢州五金店", "city": "衢州"}, allow_duplicate=True).id
        old, new = _bill(x, "QZ-1", 3_000, days_ago=60), _bill(x, "QZ-2", 2_000, days_ago=10)
    a.sync(hub)
    with a.open():
        paid = record_payment(x, amount=2_000, day=clock.today(), receivable_id=new).id
        merge_customers(y, x)
    a.sync(hub, batch=1)
    live = {(p, r, amount) for p, r, amount in ((v["payment_id"], v["receivable_id"], v["amount"])
                                                for v in _live_allocations(hub))}
    assert live == {(paid, new, 2_000)}
    assert hub_rows(hub, "sync_conflict") == {}
    b.sync(hub)
    balances, _total, _aging, problems = _everywhere(hub, a, b)
    assert balances[y][:2] == (3_000, 0) and problems == []
    with a.open():
        assert Receivable.get_by_id(old).paid == 0 and Receivable.get_by_id(new).paid == 2_000
