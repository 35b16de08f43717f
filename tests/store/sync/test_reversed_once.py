"""A payment is reversed once (store/sync/once): two laptops reversing one payment offline end,
on both laptops and the hub, with one reversal counted (balances, allocations, aging, payment
totals) and the second kept as a cancelled row with a conflict record the user sees."""
from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from salesterm import clock
from salesterm.domain.errors import UserError
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
    reverse_payment,
)
from salesterm.store.models import database
from salesterm.store.sync import conflicts
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
    total = database.execute_sql("SELECT SUM(amount) FROM payment WHERE deleted_at IS NULL").fetchone()[0]
    return ({c: (open_balance(c), credit(c), sorted((p["amount"], p["reversed"]) for p in payments(c))) for c in cids},
            int(total), to_json(aging(by="customer")), [p.message for p in verify.problems(db)])


def _ledger(a: Replica, paid_fen: int, credit_fen: int = 0):
    """A customer owing 8,000 fen (two receivables), PAID_FEN paid, CREDIT_FEN paid ahead."""
    today = clock.today()
    with a.open():
        cid = create_customer({"name": "丽水百货", "city": "丽水"}, allow_duplicate=True).id
        record_receivable(cid, number="LS-1", issued=today - dt.timedelta(days=40),
                          due=today - dt.timedelta(days=10), amount=5_000)
        record_receivable(cid, number="LS-2", issued=today - dt.timedelta(days=5),
                          due=today + dt.timedelta(days=25), amount=3_000)
        paid = record_payment(cid, amount=paid_fen, day=today).id
        if credit_fen:
            record_payment(cid, amount=credit_fen, day=today)
    return cid, paid


@pytest.mark.parametrize("first", ["alice", "bob"])
def test_a_payment_reversed_on_two_laptops_offline_is_reversed_once_and_the_second_is_shown(hub, pair, first):
    a, b = pair
    cid, paid = _ledger(a, 6_000)
    a.sync(hub)
    b.sync(hub)
    reversal = {}
    for r in (a, b):
        with r.open():
            reversal[r.who] = reverse_payment(paid, day=clock.today(), note=f"退款 {r.who}").id
    one, two = (a, b) if first == "alice" else (b, a)
    for r in (one, two, one):
        r.sync(hub)
    assert_converged(hub, a, b, tables=LEDGER)
    rows = hub_rows(hub, "payment")
    live = [k for k, p in rows.items() if p["reverses_id"] == paid and p["deleted_at"] is None]
    assert live == [reversal[one.who]]  # the reversal that reached the hub first stands
    dup = reversal[two.who]
    assert rows[dup]["deleted_at"] is not None  # the second is kept, cancelled
    assert all(x["deleted_at"] is not None for x in hub_rows(hub, "payment_allocation").values()
               if x["payment_id"] == dup)
    # every side counts the payment reversed once: owes 8,000 again, no credit, check is clean
    seen = []
    for r in (a, b):
        with r.open() as db:
            seen.append(_figures(db))
    with _on_hub(hub) as db:
        seen.append(_figures(db))
    assert seen[0] == seen[1] == seen[2]
    balances, total, _aging, problems = seen[0]
    assert balances[cid][:2] == (8_000, 0) and total == 0 and problems == []
    assert balances[cid][2] == [(-6_000, False), (6_000, True)]
    # the second reversal is a conflict record on both laptops: who made it and when, and whose stands
    for r in (a, b):
        with r.open():
            (c,) = conflicts.listing()
        assert (c["table"], c["row_id"], c["field"], c["mine"]) == ("payment", dup, "deleted_at", None)
        assert (c["mine_by"], c["theirs_by"]) == (two.who, one.who)
        assert c["theirs"] is not None and c["mine_at"][:4] == c["theirs_at"][:4] == str(clock.today().year)


def test_the_cancelled_reversal_cannot_be_taken_back_and_taking_theirs_closes_it(hub, pair):
    a, b = pair
    cid, paid = _ledger(a, 6_000)
    a.sync(hub)
    b.sync(hub)
    for r in (a, b):
        with r.open():
            reverse_payment(paid, day=clock.today(), note="退款")
    for r in (a, b, a):
        r.sync(hub)
    with b.open():
        (c,) = conflicts.listing()
        with pytest.raises(UserError) as refused:
            conflicts.resolve(c["id"], None)  # take mine: it would reverse the payment twice
        assert refused.value.msgid == "sync.payment_reversed_once"
        conflicts.resolve(c["id"], c["theirs"])
        assert conflicts.listing() == []
    b.sync(hub)
    a.sync(hub)
    assert_converged(hub, a, b, tables=LEDGER)
    with a.open() as db:
        assert conflicts.listing() == [] and open_balance(cid) == 8_000 and verify.check(db).ok


def test_a_reversal_whose_allocations_reach_the_hub_in_a_later_push_batch_is_cancelled_whole(hub, pair):
    a, b = pair
    cid, paid = _ledger(a, 6_000)
    a.sync(hub)
    b.sync(hub)
    for r in (a, b):
        with r.open():
            reverse_payment(paid, day=clock.today(), note="退款")
    a.sync(hub)
    b.sync(hub, batch=1)  # the reversal and each of its allocation rows in a push of its own
    a.sync(hub)
    assert_converged(hub, a, b, tables=LEDGER)
    for r in (a, b):
        with r.open() as db:
            assert open_balance(cid) == 8_000 and verify.check(db).ok


@pytest.mark.parametrize("first", ["alice", "bob"])
def test_the_credit_a_cancelled_reversal_spread_is_cancelled_with_it(hub, pair, first):
    """Reversing a payment spreads the customer's credit over what it reopens, on each laptop: the
    credit spread by the reversal that is cancelled no longer fits on the hub and goes with it."""
    a, b = pair
    cid, paid = _ledger(a, 8_000, credit_fen=1_000)  # all paid, 1,000 ahead
    a.sync(hub)
    b.sync(hub)
    for r in (a, b):
        with r.open():
            reverse_payment(paid, day=clock.today(), note="退款")
            assert (open_balance(cid), credit(cid)) == (7_000, 0)  # the credit went to what was reopened
    one, two = (a, b) if first == "alice" else (b, a)
    for r in (one, two, one):
        r.sync(hub)
    assert_converged(hub, a, b, tables=LEDGER)
    seen = []
    for r in (a, b):
        with r.open() as db:
            seen.append(_figures(db))
    with _on_hub(hub) as db:
        seen.append(_figures(db))
    assert seen[0] == seen[1] == seen[2]
    balances, total, _aging, problems = seen[0]
    assert balances[cid][:2] == (7_000, 0) and total == 1_000 and problems == []


@pytest.mark.parametrize("batch", [1000, 1])
def test_credit_that_partly_fits_after_a_cancelled_reversal_is_allocated_as_far_as_it_fits(hub, pair, batch):
    """Each laptop takes a payment ahead (credit) and reverses the same payment offline; each spreads
    its credit over what the reversal reopened. Alice's reversal reaches the hub first and her
    4,500 fills most of LS-1; Bob's reversal is cancelled, and his 1,000 on LS-1 only partly fits
    there: what fits stays on LS-1, the rest goes to the next open line (the ledger's rule, oldest
    first), and what fits nowhere stays the customer's credit. Check is clean on every side."""
    a, b = pair
    cid, paid = _ledger(a, 8_000)  # LS-1 5,000 and LS-2 3,000, both paid
    a.sync(hub)
    b.sync(hub)
    today = clock.today()
    extra = {}
    for r, fen in ((a, 4_500), (b, 1_000)):
        with r.open():
            extra[r.who] = record_payment(cid, amount=fen, day=today).id  # all paid: credit
            reverse_payment(paid, day=today, note="退款")
            assert credit(cid) == 0
    for r in (a, b, a):
        r.sync(hub, batch=batch)
    assert_converged(hub, a, b, tables=LEDGER)
    allocations = [x for x in hub_rows(hub, "payment_allocation").values()
                   if x["payment_id"] == extra["bob"] and x["deleted_at"] is None]
    assert sorted(x["amount"] for x in allocations) == [500, 500]  # 500 on LS-1 (all it had), 500 on LS-2
    seen = []
    for r in (a, b):
        with r.open() as db:
            seen.append(_figures(db))
    with _on_hub(hub) as db:
        seen.append(_figures(db))
    assert seen[0] == seen[1] == seen[2]
    balances, total, _aging, problems = seen[0]
    assert balances[cid][:2] == (8_000 - 4_500 - 1_000, 0) and total == 5_500 and problems == []


def test_credit_beyond_what_is_owed_after_a_cancelled_reversal_stays_the_customers_credit(hub, pair):
    """As above, with more credit than the customer owes on the hub: the rest is kept as credit."""
    a, b = pair
    cid, paid = _ledger(a, 8_000)
    a.sync(hub)
    b.sync(hub)
    today = clock.today()
    for r, fen in ((a, 7_500), (b, 2_000)):
        with r.open():
            record_payment(cid, amount=fen, day=today)
            reverse_payment(paid, day=today, note="退款")
    for r in (a, b, a):
        r.sync(hub)
    assert_converged(hub, a, b, tables=LEDGER)
    seen = []
    for r in (a, b):
        with r.open() as db:
            seen.append(_figures(db))
    with _on_hub(hub) as db:
        seen.append(_figures(db))
    assert seen[0] == seen[1] == seen[2]
    balances, total, _aging, problems = seen[0]
    assert balances[cid][:2] == (0, 1_500) and total == 9_500 and problems == []
