"""Bulk writes keep the search change stamp honest while skipping SQLite's per-row triggers."""
from __future__ import annotations

import pytest

from salesterm.store.customers import create_customer
from salesterm.store.db import is_sqlite
from salesterm.store.io.importing import import_customers
from salesterm.store.models import database
from salesterm.store.search import stamp
from salesterm.store.search.snapshot import current_stamp
from tests.store.test_importing import write_csv


def _triggers(db) -> list[tuple[str, str]]:
    """SQLite's stamp triggers (PostgreSQL's fire per statement and are never suspended)."""
    if not is_sqlite(db):
        return []
    found = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE 'search_stamp_%' ORDER BY name").fetchall()
    assert found
    return found


def test_an_import_bumps_the_stamp_and_leaves_the_triggers_as_they_were(db, tmp_path):
    before_triggers = _triggers(db)
    before = current_stamp()
    path = write_csv(tmp_path / "c.csv", [["客户名称", "电话"], ["甲商行", "13800001111"], ["乙商行", "13800002222"]])
    report = import_customers(path, dry_run=False, encoding=None, progress=None, good_rows_only=False)
    assert report.created == 2
    assert current_stamp() != before
    assert _triggers(db) == before_triggers
    after_import = current_stamp()
    create_customer({"name": "丙商行"})  # the row triggers are back at work
    assert current_stamp() != after_import


def test_a_failed_bulk_write_changes_nothing(db):
    before_triggers, before = _triggers(db), current_stamp()
    with pytest.raises(RuntimeError), database.atomic(), stamp.bulk_writes():
        create_customer({"name": "写到一半"})
        raise RuntimeError("killed half-way")
    assert _triggers(db) == before_triggers
    assert current_stamp() == before
