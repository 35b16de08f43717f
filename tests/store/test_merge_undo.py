"""Merging field by field, undoing a merge exactly, the merged file's names and phones finding the
survivor, and undoing a deal marked lost (both backends)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import customers, search
from salesterm.store.customers import admin as customer_admin
from salesterm.store.customers import unmerge
from salesterm.store.customers.file import load_file
from salesterm.store.ledger import receivables, summary
from salesterm.store.models import Customer, CustomerMerge, Payment, database
from salesterm.store.sales import deals
from tests.store.test_customer_admin import TODAY, _history

# bookkeeping that a merge and its undo may leave different: the undo record itself, the search
# index's stamps, the code counter, and every row's updated_at (an undo is a change too)
_SKIP_TABLES = {"customer_merge", "search_stamp", "search_visit", "code_counter", "schema_version"}


@pytest.fixture(autouse=True)
def _fresh_search():
    search.forget()
    yield
    search.forget()


def _everything() -> dict[str, list[tuple]]:
    """Every row of every table (allocations: the live ones), updated_at aside, as text. The
    customer_stats summary is rebuilt (delete, then insert on SQLite), so its created_at is the
    second of the rebuild: its figures are compared, not when it was written."""
    db = database.obj
    out = {}
    for table in sorted(db.get_tables()):
        if table in _SKIP_TABLES or table.startswith(("note_fts", "sqlite_")):
            continue
        skip = {"updated_at", "created_at"} if table == "customer_stats" else {"updated_at"}
        columns = [c.name for c in db.get_columns(table) if c.name not in skip]
        where = " WHERE deleted_at IS NULL" if table == "payment_allocation" else ""
        cursor = db.execute_sql(f'SELECT {", ".join(columns)} FROM "{table}"{where}')
        out[table] = sorted(tuple(str(v) for v in row) for row in cursor.fetchall())
    return out


def _ledger_findings() -> list[tuple[str, str]]:
    from salesterm.store.ledger import verify

    return sorted((p.what, str(p.row)) for p in verify.problems(database.obj))


def _two_files():
    a = customers.create_customer({"name": "广州鑫源电子", "phone": "13800138000", "city": "广州",
                                   "tags": "重点", "address": "", "remark": "老客户"})
    b = customers.create_customer({"name": "鑫源电子（天河）", "phone": "020-87654321", "city": "广州市",
                                   "code": "GZ-001", "address": "天河路1号", "payday": "15",
                                   "tags": "老客户", "credit_limit": "5000", "remark": "新档"})
    _history(a.id, "甲", state_slips=1)
    _history(b.id, "乙", state_slips=2)
    # money the merged file paid ahead: after the merge it pays what the survivor owes
    Payment.create(customer=b.id, day=TODAY - timedelta(days=1), amount=50_00, number="预付")
    summary.refresh([a.id, b.id])  # the summaries as the app keeps them
    return a, b


def test_merge_choices_show_each_differing_field_with_both_values(db):
    a, b = _two_files()
    choices = {c["field"]: (c["this"], c["other"]) for c in customer_admin.merge_choices(a.id, b.id)}
    assert choices["name"] == ("广州鑫源电子", "鑫源电子（天河）")
    assert choices["phone"] == ("13800138000", "020-87654321")
    assert choices["code"] == (a.code, "GZ-001")
    assert choices["remark"] == ("老客户", "新档")
    assert "tags" not in choices and "kind" not in choices  # tags are joined; the same kind


def test_merge_takes_the_picked_fields_and_undo_restores_everything_exactly(db):
    a, b = _two_files()
    before, found_before = _everything(), _ledger_findings()

    result = customer_admin.merge_customers(a.id, b.id, take={"phone", "code", "remark"})

    survivor = customers.get_customer(a.id)
    assert (survivor.phone, survivor.code, survivor.remark) == ("020-87654321", "GZ-001", "新档")
    assert survivor.name == "广州鑫源电子" and survivor.address == "天河路1号"  # kept; a blank filled
    assert Customer.get_by_id(b.id).code is None  # it gave its code up
    assert result.moved["receivable"] == 1 and receivables.credit(a.id) == 0  # its prepayment was used
    assert _everything() != before

    merge_id = unmerge.last_merge_into(a.id, b.id)
    assert unmerge.unmerge(merge_id) == (a.id, b.id)

    assert _everything() == before
    assert _ledger_findings() == found_before  # check finds what it found before the merge, no more
    assert CustomerMerge.get_by_id(merge_id).deleted_at is not None
    assert load_file(a.id).merges == [] and load_file(b.id).id == b.id
    with pytest.raises(UserError):  # once only
        unmerge.unmerge(merge_id)


def test_undo_keeps_what_was_edited_after_the_merge(db):
    a, b = _two_files()
    customer_admin.merge_customers(a.id, b.id, take={"remark"})
    customers.update_customer(a.id, {"remark": "合并后改的"})
    unmerge.unmerge(unmerge.last_merge_into(a.id, b.id))
    assert customers.get_customer(a.id).remark == "合并后改的"
    assert customers.get_customer(b.id).remark == "新档"


def test_undo_is_refused_when_money_was_allocated_across_the_files_since(db):
    a, b = _two_files()
    customer_admin.merge_customers(a.id, b.id)
    # a payment recorded on the survivor after the merge pays the merged file's receivable
    receivables.record_payment(a.id, amount=800_00, day=TODAY)
    with pytest.raises(UserError, match="allocated between the two files"):
        unmerge.unmerge(unmerge.last_merge_into(a.id, b.id))
    assert Customer.get_by_id(b.id).merged_into_id == a.id  # nothing was half-undone


def test_the_merged_files_name_and_phone_find_the_survivor_and_say_why(db):
    a = customers.create_customer({"name": "华安证券", "phone": "13800138000", "city": "合肥"})
    b = customers.create_customer({"name": "徽商鑫源", "phone": "0551-66778899", "city": "合肥"})
    customer_admin.merge_customers(a.id, b.id)
    for warm in (False, True):  # before the index is built (changes kept aside) and after a build
        if warm:
            search.forget()
            search.warm()
        else:
            search.warm()
            customers.update_customer(a.id, {"remark": "x"})
        for query in ("徽商鑫源", "huishang", "hsxy", "66778899"):
            hits = search.search(query)
            assert hits and (hits[0].id, hits[0].matched) == (a.id, "merged"), (query, warm, hits[:2])
    assert search.search("华安证券")[0].matched == "name"
    unmerge.unmerge(unmerge.last_merge_into(a.id, b.id))
    hit = search.search("徽商鑫源")[0]
    assert (hit.id, hit.matched) == (b.id, "name")


def test_undo_lost_puts_the_deal_back_where_it_was(db):
    from tests.store.visit_fixtures import customer

    c = customer("永辉超市")
    d = deals.create_deal(c.id)
    deals.move_deal(d.id, "observe")
    entered = deals.get_deal(d.id).stage_since
    deals.move_deal(d.id, "lost", lost_reason="价格太高")
    assert deals.get_deal(d.id).status == "lost"

    deals.undo_lost(d.id)

    got = deals.get_deal(d.id)
    assert (got.stage, got.status, got.lost_reason) == ("observe", "open", "")
    assert got.stage_since == entered  # days in the stage count on from when it got there
    assert [(h.from_stage, h.to_stage) for h in deals.history(d.id)] == [(None, "prepare"), ("prepare", "observe")]
    funnel = {row["stage"]: row for row in deals.funnel_stats()}
    assert funnel["lost"]["count"] == 0 and funnel["observe"]["count"] == 1
    with pytest.raises(UserError):
        deals.undo_lost(d.id)  # not lost any more


def test_an_import_giving_the_merged_files_code_updates_the_survivor(db, tmp_path):
    from salesterm.store.io.importing import import_customers
    from tests.store.test_importing import write_csv

    a, b = _two_files()
    customer_admin.merge_customers(a.id, b.id)
    path = write_csv(tmp_path / "c.csv", [["编码", "客户名称", "城市", "地址"],
                                          ["GZ-001", "鑫源电子（天河）", "广州", "天河路9号"]])
    report = import_customers(path)
    assert report.ok and (report.created, report.updated) == (0, 1), report.errors
    survivor = customers.get_customer(a.id)
    assert survivor.address == "天河路9号" and survivor.code == a.code
    path = write_csv(tmp_path / "d.csv", [["编码", "客户名称"], [a.code, "新名字"]])
    customer_admin.archive_customer(a.id)
    report = import_customers(path)
    assert [str(e) for e in report.errors] == [
        f"line 2, column A (编码): code {a.code} belongs to an archived customer (restore it to update it)"]
