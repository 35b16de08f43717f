"""A customer merged on one laptop while other laptops still wrote to the merged-away file
(store/sync/redirect): edits that reached the hub before the merge are carried to the survivor,
a conflict record says truly who wrote the survivor's value and when, and a new row for a file
merged away twice (a chain made on another laptop) lands on the last survivor."""
from __future__ import annotations

import pytest

from salesterm import clock
from salesterm.domain import hlc as hlc_mod
from salesterm.store.customers import create_customer, update_customer
from salesterm.store.customers.admin import merge_customers
from salesterm.store.models import Contact
from salesterm.store.sync import conflicts
from salesterm.store.transactions import write_transaction
from tests.store.sync.support import Replica, assert_converged, hub_execute, hub_rows


@pytest.fixture
def trio(tmp_path):
    return Replica(tmp_path / "a.db", "alice"), Replica(tmp_path / "b.db", "bob"), Replica(tmp_path / "c.db", "carol")


def _customer(replica, name, **fields):
    with replica.open():
        return create_customer({"name": name, "city": "金华", **fields}, allow_duplicate=True).id


def _created(hub: str, cid: str) -> str:
    """When the customer was first written, as a conflict record shows it."""
    ((h,),) = hub_execute(hub, "SELECT hlc FROM sync_log WHERE tbl = 'customer' AND row_id = %s AND kind = 'insert'",
                          [cid])
    return hlc_mod.wall_iso(h)


def test_an_edit_of_the_loser_that_reached_the_hub_before_the_merge_is_carried_to_the_survivor(hub, trio):
    a, b, _c = trio
    survivor = _customer(a, "金华万达", remark="周三送货")
    loser = _customer(a, "金华万达广场", phone="0579-82000001")
    a.sync(hub)
    b.sync(hub)
    with a.open():
        merge_customers(survivor, loser)  # a has not seen b's edit
    with b.open():
        update_customer(loser, {"address": "八一北街 1 号", "remark": "只收现金", "phone": "0579-82000002"})
    b.sync(hub)  # the edit reaches the hub first, and stays on the file it was typed into
    a.sync(hub)  # then the merge: the edit is carried to the survivor
    b.sync(hub)
    a.sync(hub)
    assert_converged(hub, a, b, tables=("customer", "sync_conflict"))
    customers = hub_rows(hub, "customer")
    assert customers[loser]["merged_into_id"] == survivor
    assert (customers[loser]["address"], customers[loser]["remark"]) == ("八一北街 1 号", "只收现金")
    assert customers[survivor]["address"] == "八一北街 1 号"  # a blank field simply takes the edit
    assert customers[survivor]["remark"] == "只收现金"  # a different value: the later clock (b's edit)
    # the file's identity stays on it: the survivor keeps the phone the merge gave it
    assert (customers[survivor]["phone"], customers[loser]["phone"]) == ("0579-82000001", "0579-82000002")
    (c,) = hub_rows(hub, "sync_conflict").values()  # the other value kept; no conflict on the loser's deletion
    assert (c["row_id"], c["field"], c["mine"], c["theirs"], c["kept"]) == (
        survivor, "remark", '"只收现金"', '"周三送货"', "mine")
    assert (c["mine_by"], c["theirs_by"], c["theirs_at"]) == ("bob", "alice", _created(hub, survivor))


def test_an_edit_before_the_merge_loses_to_a_later_survivor_value_which_keeps_it_as_a_conflict(hub, trio):
    a, b, _c = trio
    survivor = _customer(a, "金华华联")
    loser = _customer(a, "金华华联超市")
    a.sync(hub)
    b.sync(hub)
    with b.open():
        update_customer(loser, {"remark": "旧的备注"})
    with a.open():  # later, and without b's edit: a types the survivor's remark, then merges
        update_customer(survivor, {"remark": "新的备注"})
        merge_customers(survivor, loser)
    b.sync(hub)
    a.sync(hub)
    b.sync(hub)
    assert_converged(hub, a, b, tables=("customer", "sync_conflict"))
    assert hub_rows(hub, "customer")[survivor]["remark"] == "新的备注"
    (c,) = hub_rows(hub, "sync_conflict").values()
    assert (c["row_id"], c["field"], c["mine"], c["theirs"], c["kept"]) == (
        survivor, "remark", '"旧的备注"', '"新的备注"', "theirs")
    assert (c["mine_by"], c["theirs_by"]) == ("bob", "alice")


def test_a_conflict_on_a_survivor_value_never_changed_says_who_wrote_it_and_when(hub, trio):
    """Issue 12, gap 3: the survivor's value had no field clock (typed when the file was made):
    the record named `merge` at 1970. It now names the value's author and the file's making."""
    a, b, _c = trio
    survivor = _customer(a, "义乌小商品", remark="周五对账")
    loser = _customer(a, "义乌小商品城")
    a.sync(hub)
    b.sync(hub)
    with a.open():
        merge_customers(survivor, loser)
    with b.open():
        update_customer(loser, {"remark": "月底对账"})
    a.sync(hub)  # the merge first, the edit after (redirect.survivor_edit)
    b.sync(hub)
    a.sync(hub)
    for r in (a, b):
        with r.open():
            (c,) = conflicts.listing()
        assert (c["field"], c["theirs"], c["theirs_by"]) == ("remark", "周五对账", "alice")
        assert c["theirs_at"] == _created(hub, survivor) and not c["theirs_at"].startswith("1970")
        assert (c["mine_by"], c["mine_at"][:4]) == ("bob", str(clock.today().year))


@pytest.mark.parametrize("first", ["chain", "row"])
def test_a_new_row_for_a_file_merged_away_twice_goes_to_the_last_survivor(hub, trio, first):
    """Bug 4 (fixed in e6f29e1, redirect.redirect_child): c knows that L was merged into S, not that
    b (who never heard of L -> S) merged S into T; a contact c writes for L (a script: the app
    refuses an archived file) must land on T, never stay on L (merged away)."""
    a, b, c = trio
    ids = {name: _customer(a, f"东阳{name}") for name in ("L", "S", "T")}
    a.sync(hub)
    b.sync(hub)
    with a.open():
        merge_customers(ids["S"], ids["L"])
    a.sync(hub)
    c.sync(hub)  # c knows of L -> S, b does not
    with b.open():
        merge_customers(ids["T"], ids["S"])  # the chain, on another laptop
    with c.open(), write_transaction():
        contact = Contact.create(customer=ids["L"], name="王经理", created_at=clock.now(), updated_at=clock.now()).id
    order = (b, c) if first == "chain" else (c, b)  # "row": fails without e6f29e1 (the row stayed on L)
    for r in (*order, *order):
        r.sync(hub)
    assert_converged(hub, b, c, tables=("customer", "contact"))
    assert hub_rows(hub, "contact")[contact]["customer_id"] == ids["T"]
    with c.open():
        assert Contact.get_by_id(contact).customer_id == ids["T"]


LEDGER_TABLES = ("customer", "payment", "payment_allocation", "receivable")


def _three_files_with_credit(hub, trio, place: str) -> tuple[dict[str, str], str]:
    """Customers X, A and B (named PLACE + letter) and a 3,000 payment of X's kept as credit,
    on the hub and on all three laptops: the set-up of one file merged into two."""
    from salesterm.store.ledger.receivables import record_payment

    a = trio[0]
    ids = {name: _customer(a, f"{place}{name}") for name in ("X", "A", "B")}
    with a.open():
        paid = record_payment(ids["X"], amount=3_000, day=clock.today()).id
    for r in trio:
        r.sync(hub)
    return ids, paid


def _bill(cid: str, number: str) -> str:
    """A 5,000 bill of CID's, issued 10 days ago (on the replica open)."""
    import datetime as dt

    from salesterm.store.ledger.receivables import record_receivable

    issued = clock.today() - dt.timedelta(days=10)
    return record_receivable(cid, number=number, amount=5_000, issued=issued, due=issued + dt.timedelta(days=30)).id


def _nothing_to_check(hub, *replicas) -> None:
    """`check` finds nothing on any replica nor on the hub."""
    from salesterm.store.ledger import verify
    from tests.store.sync.test_money_on_two import _on_hub

    for r in replicas:
        with r.open() as db:
            assert verify.problems(db) == [], r.who
    with _on_hub(hub) as db:
        assert verify.problems(db) == []


@pytest.mark.parametrize("first", ["bob", "carol"])
def test_a_reversal_follows_its_payment_when_one_file_is_merged_into_two(hub, trio, first):
    """Bob merges X into A and then reverses X's payment (on his laptop it is A's now); Carol,
    later and offline, merges X into B. Carol's merge is later, so it stands and moves the
    payment, which she knew, to B; the reversal, which she did not know, was filed under A. The
    hub moves it to its payment's customer (once.reversals_astray), whichever laptop syncs first:
    both under B on every side, and `check` clean everywhere."""
    from salesterm.store.ledger.receivables import reverse_payment
    from salesterm.store.models import Payment

    a, b, c = trio
    ids, paid = _three_files_with_credit(hub, trio, "兰溪")
    with b.open():
        merge_customers(ids["A"], ids["X"])
        reversal = reverse_payment(paid, day=clock.today(), note="退款").id
    with c.open():
        merge_customers(ids["B"], ids["X"])
    order = (b, c) if first == "bob" else (c, b)
    for r in (*order, a, *order, a):
        r.sync(hub)
    assert_converged(hub, a, b, c, tables=("customer", "payment", "payment_allocation"))
    payments = hub_rows(hub, "payment")
    assert hub_rows(hub, "customer")[ids["X"]]["merged_into_id"] == ids["B"]
    assert (payments[paid]["customer_id"], payments[reversal]["customer_id"]) == (ids["B"], ids["B"])
    for r in trio:
        with r.open():
            assert Payment.get_by_id(reversal).customer_id == ids["B"]
    _nothing_to_check(hub, *trio)


@pytest.mark.parametrize("first", ["bob", "carol"])
def test_a_bill_follows_its_file_when_one_file_is_merged_into_two(hub, trio, first):
    """X has 3,000 of credit (Alice's payment). Bob bills X 5,000 offline (the credit pays 3,000
    of it there) and merges X into A; Carol, later and offline, merges X into B, knowing the
    payment, not the bill. Carol's merge stands (the later clock): the bill X had follows X to B
    (redirect.follow_turn), beside the payment that paid it; `check` clean everywhere."""
    from salesterm.store.models import Receivable

    a, b, c = trio
    ids, paid = _three_files_with_credit(hub, trio, "浦江")
    with b.open():
        bill = _bill(ids["X"], "PJ-1")
        assert Receivable.get_by_id(bill).paid == 3_000
        merge_customers(ids["A"], ids["X"])
    with c.open():
        merge_customers(ids["B"], ids["X"])
    order = (b, c) if first == "bob" else (c, b)
    for r in (*order, a, *order, a):
        r.sync(hub)
    assert_converged(hub, a, b, c, tables=LEDGER_TABLES)
    assert hub_rows(hub, "customer")[ids["X"]]["merged_into_id"] == ids["B"]
    assert hub_rows(hub, "receivable")[bill]["customer_id"] == ids["B"]
    assert hub_rows(hub, "payment")[paid]["customer_id"] == ids["B"]
    moves = [(x["mine"], x["theirs"]) for x in hub_rows(hub, "sync_conflict").values()
             if (x["tbl"], x["row_id"], x["field"]) == ("receivable", bill, "customer_id")]
    # Bob's move of the bill to A, as his merge made it, is kept where it lost (Carol first)
    assert moves == ([] if first == "bob" else [(f'"{ids["A"]}"', f'"{ids["B"]}"')])
    _nothing_to_check(hub, *trio)


def test_a_bill_the_hub_filed_under_the_first_survivor_follows_the_turn(hub, trio):
    """X has 3,000 of credit. Alice bills X 5,000 offline (the credit pays 3,000 of it there).
    Bob merges X into A and syncs; Alice syncs: the hub files her bill under A, where X went.
    Carol, later and offline, merged X into B knowing the payment, not the bill; her merge
    stands, and the bill the hub filed under A for X follows X to B with its payment (its
    `customer_id` carries the first merge's clock: redirect.follow_turn)."""
    a, b, c = trio
    ids, paid = _three_files_with_credit(hub, trio, "义乌")
    with a.open():
        bill = _bill(ids["X"], "YW-1")
    with b.open():
        merge_customers(ids["A"], ids["X"])
    with c.open():
        merge_customers(ids["B"], ids["X"])
    b.sync(hub)
    a.sync(hub)
    assert hub_rows(hub, "receivable")[bill]["customer_id"] == ids["A"]
    for r in (c, a, b, c, a, b):
        r.sync(hub)
    assert_converged(hub, a, b, c, tables=LEDGER_TABLES)
    assert hub_rows(hub, "customer")[ids["X"]]["merged_into_id"] == ids["B"]
    assert hub_rows(hub, "receivable")[bill]["customer_id"] == ids["B"]
    assert hub_rows(hub, "payment")[paid]["customer_id"] == ids["B"]
    _nothing_to_check(hub, *trio)


@pytest.mark.parametrize("first", ["bob", "carol"])
def test_credit_spread_after_the_losing_merge_goes_back_to_the_payment(hub, trio, first):
    """X has 3,000 of credit. Bob merges X into A and then bills A 5,000: on his laptop the
    credit, now A's, pays 3,000 of it. Carol, later and offline, merges X into B. Her merge
    stands and the payment is B's: an allocation between a payment of B's and a bill of A's
    cannot stand (money of one customer paying another's bill). The hub cancels it, with a
    conflict record (mine: live), whichever laptop syncs first: A owes 5,000, B keeps 3,000 of
    credit, `check` clean on every side (once.allocations_astray)."""
    from salesterm.store.ledger.receivables import credit, open_balance

    a, b, c = trio
    ids, paid = _three_files_with_credit(hub, trio, "武义")
    with b.open():
        merge_customers(ids["A"], ids["X"])
        bill = _bill(ids["A"], "WY-1")
        assert open_balance(ids["A"]) == 2_000
    with c.open():
        merge_customers(ids["B"], ids["X"])
    order = (b, c) if first == "bob" else (c, b)
    for r in (*order, a, *order, a):
        r.sync(hub)
    assert_converged(hub, a, b, c, tables=(*LEDGER_TABLES, "sync_conflict"))
    assert hub_rows(hub, "payment")[paid]["customer_id"] == ids["B"]
    assert hub_rows(hub, "receivable")[bill]["customer_id"] == ids["A"]
    cut = [x for x in hub_rows(hub, "sync_conflict").values() if x["tbl"] == "payment_allocation"]
    assert [(x["field"], x["mine"], x["kept"], x["mine_by"], x["theirs_by"]) for x in cut] == [
        ("deleted_at", "null", "theirs", "bob", "hub")]
    with b.open():  # F7 names the two survivors of the merge conflict, not their ids
        from salesterm.store.sync import status

        (merge,) = [x for x in status.conflicts() if x["field"] == "merged_into_id"]
        assert {merge["named"]["mine"].split()[0], merge["named"]["theirs"].split()[0]} == {"武义A", "武义B"}
        assert {merge["mine"], merge["theirs"]} == {ids["A"], ids["B"]}  # what a resolution writes
        from salesterm.domain.errors import UserError
        from salesterm.store.sync import conflicts

        (cancelled,) = [x for x in conflicts.listing() if x["table"] == "payment_allocation"]
        with pytest.raises(UserError) as refused:  # mine: live again, across two customers
            conflicts.resolve(cancelled["id"], None)
        assert refused.value.msgid == "sync.allocation_other_customer"
        conflicts.resolve(cancelled["id"], cancelled["theirs"])
    for r in trio:
        with r.open():
            assert (open_balance(ids["A"]), credit(ids["B"])) == (5_000, 3_000), r.who
    _nothing_to_check(hub, *trio)


def test_the_outbox_names_a_merges_survivor(hub, trio):
    """A merge waiting in the outbox reads as the survivor's name and code, not its id."""
    from salesterm.store.customers import get_customer
    from salesterm.store.sync import status

    a, _b, _c = trio
    ids = {name: _customer(a, f"永康{name}") for name in ("X", "A")}
    a.sync(hub)
    with a.open():
        merge_customers(ids["A"], ids["X"])
        code = get_customer(ids["A"]).code
        (row,) = [r for r in status.outbox() if r.field == "merged_into_id"]
    assert (row.old, row.new) == (None, f"永康A {code}")
