"""The hub's per-field merge of a pushed change."""
from __future__ import annotations

from salesterm.domain.sync_merge import FieldClock, Op, decide

FOLLOW = frozenset({"updated_at"})


def op(fields, *, hlc="000000000000200-000000", site="b", base=10, kind="update"):
    return Op("op1", "customer", "c1", kind, fields, hlc, base, site, "bob")


def clock(seq, *, hlc="000000000000100-000000", site="a"):
    return FieldClock(hlc, site, "alice", seq)


ROW = {"id": "c1", "remark": "old", "address": "x", "deleted_at": None}


def test_a_field_nobody_else_changed_takes_the_pushed_value():
    d = decide(op({"remark": "new"}), ROW, {"remark": clock(5)}, insert_only=False, followers=FOLLOW)
    assert (d.status, d.apply, d.conflicts) == ("applied", {"remark": "new"}, [])


def test_my_own_earlier_change_is_not_a_conflict():
    d = decide(op({"remark": "new"}), ROW, {"remark": clock(15, site="b")}, insert_only=False, followers=FOLLOW)
    assert d.status == "applied" and d.apply == {"remark": "new"}


def test_both_changed_the_later_clock_wins_and_the_other_is_kept():
    d = decide(op({"remark": "mine"}), ROW, {"remark": clock(15)}, insert_only=False, followers=FOLLOW)
    assert d.status == "conflict" and d.apply == {"remark": "mine"}
    (c,) = d.conflicts
    assert (c.field, c.mine, c.theirs, c.kept) == ("remark", "mine", "old", "mine")
    d = decide(op({"remark": "mine"}, hlc="000000000000050-000000"), ROW, {"remark": clock(15)},
               insert_only=False, followers=FOLLOW)
    assert d.status == "conflict" and d.apply == {} and d.conflicts[0].kept == "theirs"


def test_equal_clocks_are_ordered_by_site():
    same = "000000000000100-000000"
    d = decide(op({"remark": "mine"}, hlc=same, site="b"), ROW, {"remark": clock(15, hlc=same, site="a")},
               insert_only=False, followers=FOLLOW)
    assert d.conflicts[0].kept == "mine"


def test_both_changed_to_the_same_value_is_nothing():
    d = decide(op({"remark": "old"}), ROW, {"remark": clock(15)}, insert_only=False, followers=FOLLOW)
    assert (d.status, d.apply) == ("applied", {})


def test_insert_only_tables_and_followers_never_record_a_conflict():
    d = decide(op({"remark": "mine"}), ROW, {"remark": clock(15)}, insert_only=True, followers=FOLLOW)
    assert d.status == "applied" and d.apply == {"remark": "mine"}
    d = decide(op({"updated_at": "t"}), ROW, {"updated_at": clock(15)}, insert_only=False, followers=FOLLOW)
    assert d.status == "applied"


def test_an_insert_of_a_row_already_there_merges_by_id_for_insert_only_tables():
    d = decide(op({"id": "c1", "amount": 5}, kind="insert"), {"id": "c1"}, {}, insert_only=True, followers=FOLLOW)
    assert (d.status, d.action) == ("applied", "none")


def test_an_edit_of_a_row_deleted_elsewhere_is_kept_and_recorded():
    deleted = {**ROW, "deleted_at": "2026-12-01 10:00:00"}
    d = decide(op({"remark": "new"}), deleted, {"deleted_at": clock(15)}, insert_only=False, followers=FOLLOW)
    assert d.apply == {"remark": "new"} and d.status == "conflict"
    assert (d.conflicts[0].field, d.conflicts[0].mine, d.conflicts[0].theirs) == ("deleted_at", None,
                                                                                   "2026-12-01 10:00:00")


def test_a_delete_of_a_row_edited_elsewhere_is_recorded():
    d = decide(op({"deleted_at": "2026-12-01 10:00:00"}), ROW, {"address": clock(15)}, insert_only=False,
               followers=FOLLOW)
    assert d.apply == {"deleted_at": "2026-12-01 10:00:00"} and d.conflicts[0].field == "deleted_at"


def test_an_update_of_a_row_the_hub_does_not_have_is_rejected():
    d = decide(op({"remark": "x"}), None, {}, insert_only=False, followers=FOLLOW)
    assert d.status == "rejected" and d.reason
