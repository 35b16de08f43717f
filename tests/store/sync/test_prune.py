"""Pruning the hub's change log: old entries go, deletes (tombstones) among them, conflict records
stay; a laptop whose cursor is below the horizon pushes its outbox first, then downloads its share
again, dropping what the hub no longer has and losing nothing of its own."""
from __future__ import annotations

from salesterm.store.customers import create_customer, update_customer
from salesterm.store.sync import engine, prune
from tests.store.sync.support import Replica, assert_converged, hub_execute, hub_rows


def _customer(replica, name, **fields):
    with replica.open():
        return create_customer({"name": name, "city": "杭州", **fields}, allow_duplicate=True).id


def _edit(replica, cid, **fields):
    with replica.open():
        update_customer(cid, fields)


def _prune(hub: str, days: int = 0) -> dict:
    with engine.connect(hub) as conn:
        return prune.prune(conn, days)


def _hard_delete(hub: str, cid: str) -> None:
    """A customer deleted for good straight on the hub (psql): the capture logs a delete."""
    for table in ("customer_stats", "collection_state"):
        hub_execute(hub, f"DELETE FROM {table} WHERE customer_id = %s", [cid])
    hub_execute(hub, "DELETE FROM customer WHERE id = %s", [cid])


def test_prune_keeps_recent_entries_and_the_last_and_removes_old_tombstones(hub, tmp_path):
    """(Until issue 12's last round deletes were kept for ever as tombstones: this test asserted
    the delete stayed; now an old delete goes with the rest, and only the log's last entry stays.)"""
    a = Replica(tmp_path / "a.db", "alice")
    gone = _customer(a, "嘉兴八佰伴")
    other = _customer(a, "湖州银泰")
    a.sync(hub)
    _hard_delete(hub, gone)
    assert _prune(hub, days=30) == {"horizon": 0, "removed": 0, "tombstones": 0,
                                    "kept": hub_execute(hub, "SELECT count(*) FROM sync_log")[0][0]}
    hub_execute(hub, "UPDATE customer SET remark = 'last' WHERE id = %s", [other])  # the log's last entry
    done = _prune(hub)
    kinds = hub_execute(hub, "SELECT kind, tbl, row_id FROM sync_log")
    assert done["removed"] > 0 and done["tombstones"] == 1 and done["kept"] == 1
    assert kinds == [("update", "customer", other)]  # the last entry too: numbers never restart
    (last,) = hub_execute(hub, "SELECT max(seq) FROM sync_log")[0]
    assert done["horizon"] == last
    assert hub_execute(hub, "UPDATE customer SET remark = 'x' RETURNING id")  # a write on the hub: the next number
    assert hub_execute(hub, "SELECT max(seq) FROM sync_log")[0][0] == last + 1


def test_an_old_copy_pushes_then_downloads_its_share_again_losing_nothing(hub, tmp_path):
    a, b = Replica(tmp_path / "a.db", "alice"), Replica(tmp_path / "b.db", "bob")
    c1 = _customer(a, "杭州联华超市")
    c2 = _customer(a, "宁波三江购物")
    a.sync(hub)
    b.sync(hub)
    _edit(a, c1, remark="alice 离线时写的")  # a is offline for months
    new_on_a = _customer(a, "绍兴咸亨")
    _edit(b, c1, address="延安路 1 号")
    c3 = _customer(b, "温州五马百货")
    b.sync(hub)
    _hard_delete(hub, c2)
    _prune(hub)
    result = a.sync(hub)
    assert result.redownloaded and result.rejected == 0 and result.pushed >= 2
    assert a.outbox() == []
    b.sync(hub)
    row = hub_rows(hub, "customer")[c1]
    assert (row["remark"], row["address"]) == ("alice 离线时写的", "延安路 1 号")
    here = a.rows("customer")
    assert c3 in here and new_on_a in here and c2 not in here
    assert_converged(hub, a, b)
    again = a.sync(hub)
    assert not again.redownloaded and again.pulled == 0


def test_a_new_laptop_after_pruning_downloads_everything(hub, tmp_path):
    a = Replica(tmp_path / "a.db", "alice")
    for i in range(3):
        _customer(a, f"新店{i}号")
    a.sync(hub)
    _prune(hub)
    fresh = Replica(tmp_path / "new.db", "bob")
    result = fresh.sync(hub)
    assert not result.redownloaded
    assert len(fresh.rows("customer")) == 3
    assert_converged(hub, a, fresh)


def test_a_copy_older_than_a_pruned_delete_drops_the_deleted_rows_and_keeps_its_own(hub, tmp_path):
    """The tombstones went with the prune: the old copy finds what the hub deleted by what its
    share no longer holds (a customer and a contact deleted on the hub); what it wrote offline is
    pushed first and kept."""
    from salesterm.store.customers import add_contact

    a, b = Replica(tmp_path / "a.db", "alice"), Replica(tmp_path / "b.db", "bob")
    gone = _customer(a, "丽水百货")
    kept = _customer(a, "台州银座")
    with a.open():
        contact = add_contact(kept, {"name": "王经理", "phone": "13800000000"}).id
    a.sync(hub)
    b.sync(hub)
    _hard_delete(hub, gone)
    hub_execute(hub, "DELETE FROM contact WHERE id = %s", [contact])
    new_on_b = _customer(b, "舟山渔港")  # offline: pushed first
    hub_execute(hub, "UPDATE customer SET remark = 'later' WHERE id = %s", [kept])
    assert _prune(hub)["tombstones"] == 2
    assert hub_execute(hub, "SELECT count(*) FROM sync_log WHERE kind = 'delete'") == [(0,)]
    result = b.sync(hub)
    assert result.redownloaded
    here = b.rows("customer")
    assert gone not in here and new_on_b in here and here[kept]["remark"] == "later"
    assert contact not in b.rows("contact") and b.outbox() == []
    a.sync(hub)
    assert_converged(hub, a, b)
