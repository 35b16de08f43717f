"""Money received wins over a write-off (store/sync/write_offs): a receivable written off on one
laptop while another laptop, offline, took a payment for it, or changed so that less is open,
ends on the hub and on both laptops with its live allocations + written_off within its amount,
whichever laptop syncs first; the write-off asked for is kept in a conflict record on
(receivable, written_off), and `check` is clean everywhere."""
from __future__ import annotations

import pytest

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.store.ledger.receivables import record_payment, write_off
from salesterm.store.models import Receivable
from salesterm.store.sync import conflicts
from salesterm.store.transactions import write_transaction
from tests.store.sync.support import Replica, assert_converged, hub_rows
from tests.store.sync.test_money_on_two import LEDGER, _bill, _billed, _customer, _everywhere, _live_allocations


def _write_off(r: Replica, rid: str, fen: int, reason: str = "客户倒闭") -> None:
    with r.open():
        write_off(rid, amount=fen, reason=reason, day=clock.today())


def _pay(r: Replica, cid: str, fen: int) -> str:
    with r.open():
        return record_payment(cid, amount=fen, day=clock.today()).id


def _sync_all(hub: str, first: Replica, second: Replica) -> None:
    for r in (first, second, first):
        r.sync(hub)


def _written_off_conflicts(r: Replica, rid: str) -> list[dict]:
    with r.open():
        return [c for c in conflicts.listing() if (c["table"], c["row_id"], c["field"]) == ("receivable", rid,
                                                                                           "written_off")]


@pytest.mark.parametrize("first", ["alice", "bob"])
@pytest.mark.parametrize(("written", "paid", "kept"), [(10_000, 10_000, 0), (4_000, 7_000, 3_000)])
def test_a_write_off_on_one_laptop_gives_way_to_a_payment_on_the_other(hub, pair, first, written, paid, kept):
    """Alice writes off WRITTEN of a 10,000 bill; Bob, offline, takes PAID for it. Whichever
    reaches the hub first, the payment stands whole on the bill and the write-off keeps only
    what the payment left open (KEPT); Alice's write-off is a conflict record both laptops list."""
    a, b = pair
    cid, bill = _billed(hub, a, b, "QZ-1", 10_000)
    _write_off(a, bill, written)
    payment = _pay(b, cid, paid)
    _sync_all(hub, *((a, b) if first == "alice" else (b, a)))
    assert_converged(hub, a, b, tables=LEDGER)
    row = hub_rows(hub, "receivable")[bill]
    assert row["written_off"] == kept and row["write_off_reason"] == "客户倒闭"
    assert [(x["payment_id"], x["amount"]) for x in _live_allocations(hub, receivable_id=bill)] == [(payment, paid)]
    balances, total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid] == (0, 0, [paid]) and total == paid and problems == []
    for r in (a, b):
        found = _written_off_conflicts(r, bill)
        assert [(c["mine"], c["theirs"], c["mine_by"], c["theirs_by"]) for c in found] == [
            (written, kept, "alice", "bob")], r.who
    with a.open():
        assert Receivable.get_by_id(bill).paid == paid


def test_taking_back_a_write_off_the_hub_cut_is_refused_beyond_what_is_open(hub, pair):
    """The conflict's "mine" (the write-off as asked) does not fit beside the payment: refused,
    with the reason; "theirs" (what the hub kept) resolves it and syncs like any edit."""
    a, b = pair
    cid, bill = _billed(hub, a, b, "QZ-2", 10_000)
    _write_off(a, bill, 10_000)
    _pay(b, cid, 6_000)
    _sync_all(hub, b, a)
    (found,) = _written_off_conflicts(a, bill)
    with a.open():
        with pytest.raises(UserError) as refused:
            conflicts.resolve(found["id"], found["mine"])
        assert refused.value.msgid == "sync.write_off_beyond_open"
        conflicts.resolve(found["id"], found["theirs"])
        assert conflicts.listing() == []
    _sync_all(hub, a, b)
    assert_converged(hub, a, b, tables=LEDGER)
    assert _written_off_conflicts(b, bill) == []
    balances, _total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid][:2] == (0, 0) and problems == []


def test_two_write_offs_of_one_receivable_keep_the_later_and_record_the_other(hub, pair):
    """Alice writes off 3,000 and Bob 5,000 of one 10,000 bill, offline (Bob later). A write-off
    is a judgement of what will not be collected: the later one stands (the clock), the other is
    a conflict record the manager sees, never added up behind anyone's back."""
    a, b = pair
    cid, bill = _billed(hub, a, b, "QZ-3", 10_000)
    _write_off(a, bill, 3_000, reason="协商减免")
    _write_off(b, bill, 5_000, reason="质量折让")
    _sync_all(hub, a, b)
    assert_converged(hub, a, b, tables=LEDGER)
    row = hub_rows(hub, "receivable")[bill]
    assert (row["written_off"], row["write_off_reason"]) == (5_000, "质量折让")
    for r in (a, b):
        assert [(c["mine"], c["theirs"]) for c in _written_off_conflicts(r, bill)] == [(5_000, 3_000)]
    balances, _total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid] == (5_000, 0, []) and problems == []


def test_choosing_the_other_write_off_changes_what_is_owed_at_once(hub, pair):
    """The two write-offs above: Alice takes her own 3,000 back from the conflict. The bill is
    owed 7,000 on her laptop at once (the customer's summary and the collection queue follow the
    resolution, `check` finds nothing), and on every side after a sync."""
    from salesterm.store.ledger import verify
    from salesterm.store.ledger.receivables import open_balance
    from salesterm.store.ledger.summary import state_for

    a, b = pair
    cid, bill = _billed(hub, a, b, "QZ-4", 10_000)
    _write_off(a, bill, 3_000, reason="协商减免")
    _write_off(b, bill, 5_000, reason="质量折让")
    _sync_all(hub, a, b)
    (found,) = _written_off_conflicts(a, bill)
    with a.open() as db:
        conflicts.resolve(found["id"], found["theirs"])
        assert verify.problems(db) == []
        assert open_balance(cid) == 7_000 and state_for(cid).balance == 7_000
    _sync_all(hub, a, b)
    assert_converged(hub, a, b, tables=LEDGER)
    balances, _total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid] == (7_000, 0, []) and problems == []
    with b.open():
        assert state_for(cid).balance == 7_000


@pytest.mark.parametrize("change", ["amount", "deleted"])
@pytest.mark.parametrize("first", ["alice", "bob"])
def test_a_receivable_shrunk_on_one_laptop_cuts_the_newest_money_on_the_hub(hub, pair, change, first):
    """Alice lowers a bill to 6,000 (or deletes it: no screen does either, a conflict resolved
    that way can) while Bob, offline, takes 10,000 for it. The hub cuts Bob's allocation to what
    fits (nothing on a deleted bill); the rest is his payment's credit, spread over the next
    open bill by the ledger's rule, on every side."""
    a, b = pair
    cid = _customer(a, hub, b)
    with a.open():
        bill = _bill(cid, "QZ-4", 10_000, days_ago=60)
        later = _bill(cid, "QZ-5", 3_000, days_ago=10)
    a.sync(hub)
    b.sync(hub)
    with a.open(), write_transaction():
        sets = {"amount": 6_000} if change == "amount" else {"deleted_at": clock.now()}
        Receivable.update(**sets, updated_at=clock.now()).where(Receivable.id == bill).execute()
    payment = _pay(b, cid, 10_000)
    _sync_all(hub, *((a, b) if first == "alice" else (b, a)))
    assert_converged(hub, a, b, tables=LEDGER)
    on = {x["receivable_id"]: x["amount"] for x in _live_allocations(hub, payment_id=payment)}
    if change == "amount":
        assert on == {bill: 6_000, later: 3_000}
        want = (0, 1_000, [10_000])
    else:
        assert on == {later: 3_000}
        want = (0, 7_000, [10_000])
    balances, total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid] == want and total == 10_000 and problems == []


def test_a_write_off_both_laptops_knew_of_stays_when_two_payments_compete(hub, pair):
    """3,000 of a 10,000 bill written off and synced to both laptops; each then takes 7,000 for
    it offline. Payments against payments: the first on the hub settles what is open, the second
    stays its payment's credit; the write-off, known to both, stands (no record)."""
    a, b = pair
    cid = _customer(a, hub, b)
    with a.open():
        bill = _bill(cid, "QZ-6", 10_000)
    a.sync(hub)
    _write_off(a, bill, 3_000)
    a.sync(hub)
    b.sync(hub)
    first, second = _pay(b, cid, 7_000), _pay(a, cid, 7_000)
    _sync_all(hub, b, a)
    assert_converged(hub, a, b, tables=LEDGER)
    assert hub_rows(hub, "receivable")[bill]["written_off"] == 3_000
    assert [x["payment_id"] for x in _live_allocations(hub, receivable_id=bill)] == [first]
    assert second and _written_off_conflicts(a, bill) == []
    balances, _total, _aging, problems = _everywhere(hub, a, b)
    assert balances[cid][:2] == (0, 7_000) and problems == []
