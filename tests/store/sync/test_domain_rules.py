"""Team sync's domain rules, before the clock: a deal's stage follows its stage history, a customer
merged on one laptop redirects what another laptop wrote to the merged-away file, and an edit to a
record deleted elsewhere is a conflict the user sees (undelete works)."""
from __future__ import annotations

import datetime as dt

import pytest

from salesterm import clock
from salesterm.store.customers import create_customer, update_customer
from salesterm.store.customers.admin import merge_customers
from salesterm.store.ledger import verify
from salesterm.store.ledger.receivables import record_payment, record_receivable
from salesterm.store.models import CollectionState, Customer, Deal, DealStageChange, database
from salesterm.store.sales.deals import create_deal, move_deal
from salesterm.store.sync import conflicts
from salesterm.store.transactions import write_transaction
from tests.store.sync.support import assert_converged, hub_rows


def _customer(replica, name, **fields):
    with replica.open():
        return create_customer({"name": name, "city": "杭州", **fields}, allow_duplicate=True).id


START = clock.now


def _at(monkeypatch, hours: int) -> str:
    """Fix the clock HOURS after now (moves later than the deal's creation); the time as text."""
    when = START().replace(microsecond=0) + dt.timedelta(hours=hours)
    monkeypatch.setattr(clock, "now", lambda: when)
    return str(when)


@pytest.mark.parametrize("first", ["earlier", "later"])
def test_two_laptops_moving_one_deal_keep_both_moves_and_the_stage_follows_the_latest(hub, pair, monkeypatch,
                                                                                     first):
    a, b = pair
    cid = _customer(a, "嘉兴八佰伴")
    with a.open():
        deal = create_deal(cid, title="春季铺货").id
    a.sync(hub)
    b.sync(hub)
    _at(monkeypatch, 1)
    with a.open():
        move_deal(deal, "observe")
    later = _at(monkeypatch, 2)
    with b.open():
        move_deal(deal, "opening")  # later: the deal is at opening, whoever syncs first
    order = (a, b) if first == "earlier" else (b, a)
    for r in (*order, *order):
        r.sync(hub)
    assert hub_rows(hub, "sync_conflict") == {}  # a stage is never a field conflict
    assert_converged(hub, a, b, tables=("deal", "deal_stage_change"))
    row = hub_rows(hub, "deal")[deal]
    assert (row["stage"], row["status"], row["stage_since"]) == ("opening", "open", later)
    with a.open():
        assert sorted(DealStageChange.select(DealStageChange.to_stage).where(
            DealStageChange.deal == deal).tuples()) == [("observe",), ("opening",), ("prepare",)]
        assert Deal.get_by_id(deal).stage == "opening"


def test_a_lost_deal_reopened_elsewhere_follows_the_later_move(hub, pair, monkeypatch):
    a, b = pair
    cid = _customer(a, "舟山华联")
    with a.open():
        deal = create_deal(cid).id
    a.sync(hub)
    b.sync(hub)
    _at(monkeypatch, 2)
    with a.open():
        move_deal(deal, "lost", lost_reason="价格太高")
    a.sync(hub)
    _at(monkeypatch, 1)  # b moved it before a lost it: lost stands
    with b.open():
        move_deal(deal, "observe")
    b.sync(hub)
    a.sync(hub)
    assert_converged(hub, a, b, tables=("deal", "deal_stage_change"))
    row = hub_rows(hub, "deal")[deal]
    assert (row["stage"], row["status"], row["lost_reason"]) == ("lost", "lost", "价格太高")


def test_a_merge_redirects_the_other_laptops_later_edits_and_new_rows_to_the_survivor(hub, pair):
    a, b = pair
    survivor = _customer(a, "温州五马百货", remark="老客户")
    loser = _customer(a, "温州五马百货有限公司")
    a.sync(hub)
    b.sync(hub)
    with a.open():
        merge_customers(survivor, loser)
    with b.open():  # b has not heard of the merge
        update_customer(loser, {"address": "五马街 8 号"})
        paid = record_payment(loser, amount=12_000, day=clock.today()).id
    a.sync(hub)  # the merge reaches the hub first
    b.sync(hub)
    a.sync(hub)
    assert_converged(hub, a, b, tables=("customer", "payment", "sync_conflict"))
    customers = hub_rows(hub, "customer")
    assert customers[survivor]["address"] == "五马街 8 号"  # the edit went to the survivor
    assert customers[loser]["address"] == "五马街 8 号"  # and stays on the archived file it was typed into
    assert customers[loser]["merged_into_id"] == survivor
    assert hub_rows(hub, "payment")[paid]["customer_id"] == survivor
    assert hub_rows(hub, "sync_conflict") == {}  # the loser's deletion was the merge's: no conflict


def test_a_merge_reaching_the_hub_after_the_other_laptops_rows_moves_them_too(hub, pair):
    a, b = pair
    survivor = _customer(a, "台州银泰")
    loser = _customer(a, "台州银泰城")
    a.sync(hub)
    b.sync(hub)
    with a.open():
        merge_customers(survivor, loser)
    with b.open():
        paid = record_payment(loser, amount=5_000, day=clock.today()).id
    b.sync(hub)  # b's payment reaches the hub first, for the loser
    a.sync(hub)  # then the merge: the payment moves to the survivor there
    b.sync(hub)
    assert_converged(hub, a, b, tables=("customer", "payment", "sync_conflict"))
    assert hub_rows(hub, "payment")[paid]["customer_id"] == survivor
    with a.open():
        from salesterm.store.models import Payment

        assert Payment.get_by_id(paid).customer_id == survivor


def test_a_laptop_that_knew_of_the_merge_edits_the_archived_file_itself(hub, pair):
    a, b = pair
    survivor = _customer(a, "湖州浙北大厦", remark="s")
    loser = _customer(a, "湖州浙北", remark="l")
    a.sync(hub)
    with a.open():
        merge_customers(survivor, loser)
    a.sync(hub)
    b.sync(hub)  # b knows of the merge
    with b.open(), write_transaction():  # an archived file is read-only in the app; a script may still write
        Customer.update(address="旧址", updated_at=clock.now()).where(Customer.id == loser).execute()
    b.sync(hub)
    a.sync(hub)
    customers = hub_rows(hub, "customer")
    assert customers[loser]["address"] == "旧址" and customers[survivor]["address"] == ""
    assert_converged(hub, a, b, tables=("customer",))


def test_an_edit_to_a_deal_deleted_elsewhere_is_a_conflict_and_undelete_brings_it_back(hub, pair):
    a, b = pair
    cid = _customer(a, "绍兴供销")
    with a.open():
        deal = create_deal(cid, title="年货").id
    a.sync(hub)
    b.sync(hub)
    with a.open():
        Deal.update(deleted_at=clock.now(), updated_at=clock.now()).where(Deal.id == deal).execute()
    with b.open():
        Deal.update(title="年货 (加量)", updated_at=clock.now()).where(Deal.id == deal).execute()
    a.sync(hub)
    assert b.sync(hub).conflicts == 1
    a.sync(hub)
    assert hub_rows(hub, "deal")[deal]["title"] == "年货 (加量)"  # nothing lost
    with b.open():
        (c,) = conflicts.listing()
        assert (c["table"], c["field"]) == ("deal", "deleted_at")
        conflicts.resolve(c["id"], None)  # undelete
    b.sync(hub)
    a.sync(hub)
    assert hub_rows(hub, "deal")[deal]["deleted_at"] is None
    assert_converged(hub, a, b, tables=("deal", "sync_conflict"))


def _stray(hub_url: str) -> list[str]:
    merged = {k for k, v in hub_rows(hub_url, "customer").items() if v["merged_into_id"]}
    return [f"{t}:{k}" for t in ("deal", "payment", "customer") for k, v in hub_rows(hub_url, t).items()
            if (v.get("customer_id") or v.get("merged_into_id")) in merged]


@pytest.mark.parametrize("first", ["a", "b"])
def test_chained_merges_on_two_laptops_end_on_the_last_survivor(hub, pair, first):
    """Found by the state machine: a merges L into S while b merges S into T; rows and files
    must end on T (never on S, which is merged away), whichever merge reaches the hub first."""
    a, b = pair
    ids = {}
    for name in ("L", "S", "T"):
        ids[name] = _customer(a, f"宁海{name}")
        with a.open():
            create_deal(ids[name], title=name)
    a.sync(hub)
    b.sync(hub)
    with a.open():
        merge_customers(ids["S"], ids["L"])
    with b.open():
        merge_customers(ids["T"], ids["S"])
    order = (a, b) if first == "a" else (b, a)
    for r in (*order, *order):
        r.sync(hub)
    assert_converged(hub, a, b, tables=("customer", "deal", "sync_conflict"))
    assert _stray(hub) == []
    customers = hub_rows(hub, "customer")
    assert customers[ids["L"]]["merged_into_id"] == customers[ids["S"]]["merged_into_id"] == ids["T"]
    assert {d["customer_id"] for d in hub_rows(hub, "deal").values()} == {ids["T"]}


@pytest.mark.parametrize("first", ["a", "b"])
def test_crossing_merges_keep_the_first_and_tell_the_second(hub, pair, first):
    """Found by the state machine: a merges B into A while b merges A into B. The merge that
    reaches the hub first stands; the other is not applied (no file merged into a merged file,
    no row left on one) and a conflict record on merged_into_id tells its laptop."""
    a, b = pair
    one, two = _customer(a, "慈溪一号"), _customer(a, "慈溪二号")
    for cid in (one, two):
        with a.open():
            create_deal(cid)
    a.sync(hub)
    b.sync(hub)
    with a.open():
        merge_customers(one, two)
    with b.open():
        merge_customers(two, one)
    order = (a, b) if first == "a" else (b, a)
    for r in (*order, *order):
        r.sync(hub)
    assert_converged(hub, a, b, tables=("customer", "deal", "sync_conflict"))
    assert _stray(hub) == []
    survivor = one if first == "a" else two
    customers = hub_rows(hub, "customer")
    assert customers[survivor]["merged_into_id"] is None and customers[survivor]["deleted_at"] is None
    assert {d["customer_id"] for d in hub_rows(hub, "deal").values()} == {survivor}
    (c,) = hub_rows(hub, "sync_conflict").values()
    assert (c["tbl"], c["row_id"], c["field"]) == ("customer", survivor, "merged_into_id")


def test_the_laptop_whose_merge_the_hub_turned_the_other_way_shows_the_survivors_balance(hub, pair):
    """Found by the state machine: b merged one into two (its collection summary of one archived),
    a merged two into one and reached the hub first. After b syncs, one is live on b again, and
    so is its collection summary, with the balance it owes (the queue and `check` read it)."""
    a, b = pair
    one, two = _customer(a, "温岭一号"), _customer(a, "温岭二号")
    with a.open():
        record_receivable(one, number="NO-1", issued=dt.date(2026, 10, 1), due=dt.date(2026, 10, 31), amount=144_39)
    a.sync(hub)
    b.sync(hub)
    with a.open():
        merge_customers(one, two)
    with b.open():
        merge_customers(two, one)
    for r in (a, b, a, b):
        r.sync(hub)
    for r in (a, b):
        with r.open():
            live = dict(CollectionState.select(CollectionState.customer, CollectionState.balance).where(
                CollectionState.deleted_at.is_null()).tuples())
            assert (live.get(one), two in live) == (144_39, False), r.who
            assert verify.problems(database.obj) == [], r.who


def test_an_edit_redirected_to_the_survivor_never_replaces_its_value_silently(hub, pair):
    """Found by the state machine: b edits the loser's remark without knowing of the merge, while
    the survivor holds a remark of its own: the later edit wins and the other value is kept in a
    conflict record (the edit's author never saw the survivor's remark)."""
    a, b = pair
    survivor = _customer(a, "余姚华联", remark="周三送货")
    loser = _customer(a, "余姚华联超市")
    a.sync(hub)
    b.sync(hub)
    with a.open():
        merge_customers(survivor, loser)
    with b.open():
        update_customer(loser, {"remark": "只收现金"})
    a.sync(hub)
    b.sync(hub)
    a.sync(hub)
    assert_converged(hub, a, b, tables=("customer", "sync_conflict"))
    assert hub_rows(hub, "customer")[survivor]["remark"] == "只收现金"  # the later edit
    (c,) = hub_rows(hub, "sync_conflict").values()
    assert (c["row_id"], c["field"], c["mine"], c["theirs"]) == (survivor, "remark", '"只收现金"', '"周三送货"')


def test_the_same_laptop_typing_into_both_files_keeps_both_values(hub, pair):
    """Found by the state machine: b typed the survivor's remark, then (not knowing of a's merge)
    the loser's; the loser's edit reaches the survivor and b's first value is kept as a conflict."""
    a, b = pair
    survivor = _customer(a, "奉化银泰")
    loser = _customer(a, "奉化银泰百货")
    a.sync(hub)
    b.sync(hub)
    with a.open():
        merge_customers(survivor, loser)
    with b.open():
        update_customer(survivor, {"remark": "先打电话"})
        update_customer(loser, {"remark": "后门卸货"})
    a.sync(hub)
    b.sync(hub)
    a.sync(hub)
    assert_converged(hub, a, b, tables=("customer", "sync_conflict"))
    assert hub_rows(hub, "customer")[survivor]["remark"] == "后门卸货"
    (c,) = hub_rows(hub, "sync_conflict").values()
    assert (c["field"], c["theirs"]) == ("remark", '"先打电话"')
