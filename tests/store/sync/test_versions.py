"""Every exchange compares schema versions: a laptop one migration behind the hub syncs when the
hub's last migration only added (new columns take their defaults on the hub, and are left out
here); an older laptop, or one whose columns the hub lost, is told to upgrade with its outbox kept."""
from __future__ import annotations

import contextlib

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import db as store_db
from salesterm.store import migrations
from salesterm.store.customers import create_customer, update_customer
from salesterm.store.sync import engine
from tests.store.sync.support import Replica, assert_converged, hub_execute, hub_rows


def _previous_version() -> int:
    versions = [m.version for m in migrations.available("sqlite")]
    return versions[-2]


class OldReplica(Replica):
    """A laptop whose database was built by migrations up to VERSION only, opened without upgrading
    (as the salesterm of one release ago would)."""

    def __init__(self, path, who, version: int):
        super().__init__(path, who)
        db = store_db.make_database(store_db.parse_target(str(path)))
        db.connect()
        db.execute_sql("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                       "applied_at TIMESTAMP NOT NULL)")
        for m in migrations.available("sqlite"):
            if m.version > version:
                break
            with db.atomic():
                for f in m.files:
                    for stmt in migrations.statements(f.read_text(encoding="utf-8"), "sqlite"):
                        db.execute_sql(stmt)
                db.execute_sql("INSERT INTO schema_version VALUES (?, ?, '2026-01-01')", (m.version, m.name))
        db.close()

    @contextlib.contextmanager
    def open(self):
        db = store_db.open_database(str(self.path), migrate=False)
        try:
            yield db
        finally:
            store_db.close_database()

    def version(self) -> int:
        with self.open() as db:
            return migrations.current_version(db)


def _customer(replica, name, **fields):
    with replica.open():
        return create_customer({"name": name, "city": "杭州", **fields}, allow_duplicate=True).id


def _hub_migrates(hub: str, *sql: str) -> int:
    """One more migration on the hub only (a newer salesterm ran server init there)."""
    (version,) = hub_execute(hub, "SELECT max(version) FROM schema_version")[0]
    for stmt in sql:
        hub_execute(hub, stmt)
    hub_execute(hub, "INSERT INTO schema_version (version, name, applied_at) VALUES (%s, 'test', now())",
                [version + 1])
    return version + 1


def test_a_laptop_built_one_migration_behind_pushes_and_pulls(hub, tmp_path):
    old = OldReplica(tmp_path / "old.db", "alice", _previous_version())
    current = Replica(tmp_path / "new.db", "bob")
    assert old.version() == _previous_version() < migrations.latest_version()
    mine = _customer(old, "杭州联华超市")
    theirs = _customer(current, "宁波三江购物")
    current.sync(hub)
    result = old.sync(hub)
    assert result.hub_ahead == 1 and result.pushed >= 1 and result.rejected == 0
    with old.open():
        update_customer(mine, {"remark": "老版本的修改"})
    old.sync(hub)
    current.sync(hub)
    assert hub_rows(hub, "customer")[mine]["remark"] == "老版本的修改"
    assert theirs in old.rows("customer")
    assert old.outbox() == [] and old.version() == _previous_version()
    assert_converged(hub, old, current)


def test_a_column_only_the_hub_has_takes_its_default_and_is_left_out_here(hub, tmp_path):
    laptop = Replica(tmp_path / "l.db", "alice")
    laptop.sync(hub)
    _hub_migrates(hub, "ALTER TABLE customer ADD COLUMN region TEXT NOT NULL DEFAULT '华东'")
    cid = _customer(laptop, "温州五马百货")
    result = laptop.sync(hub)
    assert result.hub_ahead == 1 and result.rejected == 0
    assert hub_rows(hub, "customer")[cid]["region"] == "华东"
    hub_execute(hub, "UPDATE customer SET region = '华南', remark = '服务器上改的' WHERE id = %s", [cid])
    laptop.sync(hub)
    row = laptop.rows("customer")[cid]
    assert row["remark"] == "服务器上改的" and "region" not in row


@pytest.mark.parametrize("change", ["two migrations", "a renamed column"])
def test_an_older_laptop_is_told_to_upgrade_and_keeps_its_outbox(hub, tmp_path, change):
    laptop = Replica(tmp_path / "l.db", "alice")
    laptop.sync(hub)
    cid = _customer(laptop, "嘉兴八佰伴")
    waiting = laptop.outbox()
    assert waiting
    if change == "two migrations":
        _hub_migrates(hub, "SELECT 1")
        _hub_migrates(hub, "SELECT 1")
    else:
        _hub_migrates(hub, "ALTER TABLE customer RENAME COLUMN remark TO remarks")
    with pytest.raises(UserError) as err:
        laptop.sync(hub)
    assert err.value.msgid == "sync.replica_older"
    assert laptop.outbox() == waiting
    assert cid not in hub_rows(hub, "customer")
    with laptop.open():
        from salesterm.store.sync import replica

        assert "upgrade salesterm" in replica.site()["last_error"]


def test_a_laptop_newer_than_the_hub_is_refused(hub, tmp_path):
    laptop = Replica(tmp_path / "l.db", "alice")
    hub_execute(hub, "DELETE FROM schema_version WHERE version = (SELECT max(version) FROM schema_version)")
    with pytest.raises(UserError) as err, laptop.open():
        engine.sync(hub, "alice")
    assert err.value.msgid == "sync.hub_older"
