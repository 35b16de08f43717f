"""Archive with undo, restore, and merging two customer files keeping all history (both backends)."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import customers, search, stats
from salesterm.store.customers import admin as customer_admin
from salesterm.store.customers.file import load_file
from salesterm.store.models import (
    CollectionAttempt,
    CollectionState,
    Contact,
    Customer,
    CustomerMerge,
    Deal,
    DealStageChange,
    Note,
    Payment,
    PaymentAllocation,
    Promise,
    Receivable,
    TradeLine,
    Visit,
)

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _fresh_search():
    search.forget()
    yield
    search.forget()


def _history(cid: str, tag: str, *, state_slips: int = 0) -> None:
    Contact.create(customer=cid, name=f"{tag}联系人", is_decision_maker=True)
    deal = Deal.create(customer=cid, title=f"{tag}单", stage="opening")
    DealStageChange.create(deal=deal.id, from_stage=None, to_stage="opening")
    Visit.create(customer=cid, planned_date=TODAY - timedelta(days=3), status="done", outcome=f"{tag}拜访")
    TradeLine.create(customer=cid, day=TODAY - timedelta(days=5), product=f"{tag}货", quantity=2, amount=100)
    r = Receivable.create(customer=cid, number=f"{tag}-R1", issued=TODAY - timedelta(days=40),
                          due=TODAY - timedelta(days=10), amount=500_00, paid=100_00)
    p = Payment.create(customer=cid, day=TODAY - timedelta(days=2), amount=100_00)
    PaymentAllocation.create(payment=p.id, receivable=r.id, amount=100_00)
    Promise.create(customer=cid, made_on=TODAY - timedelta(days=1), promised_date=TODAY + timedelta(days=5),
                   amount=200_00)
    CollectionAttempt.create(customer=cid, day=TODAY - timedelta(days=1), outcome="promised")
    CollectionState.create(customer=cid, level=1, slips=state_slips, next_follow_up=TODAY + timedelta(days=2))
    Note.create(customer=cid, written_on=TODAY, title=f"{tag}反馈", body="竞品降价")


def test_archive_and_restore(db):
    c = customers.create_customer({"name": "广州鑫源电子"})
    customer_admin.archive_customer(c.id)
    assert Customer.get_by_id(c.id).deleted_at is not None
    with pytest.raises(UserError):
        customers.get_customer(c.id)
    with pytest.raises(UserError):
        customer_admin.archive_customer(c.id)  # already archived
    customer_admin.restore_customer(c.id)
    assert customers.get_customer(c.id).deleted_at is None
    assert stats.stats_for(c.id) is not None


def test_merge_moves_every_row_and_records_it(db):
    a = customers.create_customer({"name": "广州鑫源电子", "phone": "13800138000", "tags": "重点"})
    b = customers.create_customer({"name": "鑫源电子（广州）", "code": "GZ-001", "address": "天河路1号",
                                   "payday": "15", "tags": "老客户 重点", "credit_limit": "5000"})
    old = customers.create_customer({"name": "鑫源旧档"})
    Customer.update(merged_into=b.id, deleted_at=TODAY).where(Customer.id == old.id).execute()
    _history(a.id, "甲", state_slips=1)
    _history(b.id, "乙", state_slips=2)
    before_a, before_b = customer_admin.history_counts(a.id), customer_admin.history_counts(b.id)
    assert before_b["contact"] == 1 and before_b["customer.merged_into"] == 1

    result = customer_admin.merge_customers(a.id, b.id)

    after_a, after_b = customer_admin.history_counts(a.id), customer_admin.history_counts(b.id)
    for table in ("contact", "deal", "visit", "trade_line", "receivable", "payment", "promise",
                  "collection_attempt", "note"):
        assert after_a[table] == before_a[table] + before_b[table], table
        assert after_b[table] == 0, table
    assert after_a["customer.merged_into"] == 2  # the loser and the file merged into it earlier
    assert Customer.get_by_id(old.id).merged_into_id == a.id
    loser = Customer.get_by_id(b.id)
    # every file has a code now: the loser keeps its own (an import giving it updates the survivor)
    assert loser.merged_into_id == a.id and loser.deleted_at is not None and loser.code == "GZ-001"
    survivor = customers.get_customer(a.id)
    assert survivor.code == a.code and survivor.address == "天河路1号" and survivor.payday == 15
    assert survivor.credit_limit == 5000_00 and survivor.phone == "13800138000"
    assert survivor.tags.split() == ["重点", "老客户"]
    state = CollectionState.get(CollectionState.customer == a.id)
    assert (state.slips, state.level) == (3, 1)
    assert CollectionState.select().where(CollectionState.deleted_at.is_null()).count() == 1
    record = CustomerMerge.get(CustomerMerge.loser == b.id)
    assert record.survivor_id == a.id and record.loser_name == b.name
    assert json.loads(record.moved)["contact"] == 1 and result.moved["receivable"] == 1
    assert stats.stats_for(a.id).open_balance == 2 * 400_00
    cf = load_file(b.id)  # the loser's id opens the survivor's file
    assert cf.id == a.id and len(cf.contacts) == 2 and cf.merges[0]["loser_name"] == b.name
    with pytest.raises(UserError):
        customer_admin.restore_customer(b.id)


def test_merge_refuses_nonsense(db):
    a = customers.create_customer({"name": "甲"})
    with pytest.raises(UserError):
        customer_admin.merge_customers(a.id, a.id)
    with pytest.raises(UserError):
        customer_admin.merge_customers(a.id, "nope")


def test_merge_new_into_existing_fills_blanks(db):
    a = customers.create_customer({"name": "广州鑫源电子"})
    result = customer_admin.merge_new_into(a.id, {"name": "广州鑫源电子", "phone": "020-87654321",
                                                  "city": "广州"})
    assert result.survivor_id == a.id
    c = customers.get_customer(a.id)
    assert (c.phone_digits, c.city) == ("02087654321", "广州")
    assert Customer.select().where(Customer.deleted_at.is_null()).count() == 1


def test_file_timeline_is_in_date_order(db):
    a = customers.create_customer({"name": "广州鑫源电子"})
    _history(a.id, "甲")
    cf = load_file(a.id)
    days = [e.day for e in cf.timeline]
    assert days == sorted(days)
    kinds = {e.kind for e in cf.timeline}
    assert {"created", "visit", "deal", "trade", "receivable", "payment", "promise", "attempt", "note"} <= kinds
    assert cf.receivables[0]["open"] == 400_00 and cf.contacts[0]["is_decision_maker"]


def test_merge_brings_the_losers_debt_into_the_survivors_queue_row(db):
    from salesterm.store.ledger import queue, receivables

    keep = customers.create_customer({"name": "合并后保留商行"})
    gone = customers.create_customer({"name": "被合并商行"})
    receivables.record_receivable(gone.id, number="M-1", issued=TODAY - timedelta(days=60),
                                  due=TODAY - timedelta(days=30), amount=123456)
    customer_admin.merge_customers(keep.id, gone.id)
    state = CollectionState.get(CollectionState.customer == keep.id)
    assert state.balance == 123456
    rows = {r.customer_id: r for r in queue.queue_rows()}
    assert keep.id in rows and gone.id not in rows
    assert rows[keep.id].balance == 123456
    assert stats.stats_for(keep.id).open_balance == 123456
