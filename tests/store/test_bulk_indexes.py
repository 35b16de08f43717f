"""A large import into a small SQLite database builds the customer and contact indexes once at
the end (store/io/bulk_indexes): the schema after it, a refused import and an update are as before."""
from __future__ import annotations

import pytest

from salesterm.store.db import is_sqlite
from salesterm.store.io import bulk_indexes
from salesterm.store.io.importing import import_contacts, import_customers
from salesterm.store.models import Contact, Customer, database
from tests.store.test_importing import write_csv


def _indexes(db) -> list[tuple[str, str]]:
    return db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                          "AND tbl_name IN ('customer', 'contact') ORDER BY name").fetchall()


@pytest.fixture
def small_files(monkeypatch):
    monkeypatch.setattr(bulk_indexes, "FROM_ROWS", 2)  # a file of 2+ rows counts as large


def _rows(n: int, start: int = 0) -> list[list[str]]:
    return [["编码", "客户名称", "城市", "手机", "联系人"]] + [
        [f"K{i:04d}", f"第{i}号商行", "广州", f"138{i:08d}", f"联系人{i}"] for i in range(start, start + n)]


def test_a_large_import_into_an_empty_database_leaves_every_index_as_it_was(sqlite_db, tmp_path, small_files):
    before = _indexes(sqlite_db)
    dropped = []
    sqlite_db.execute_sql = _spy(sqlite_db.execute_sql, dropped)
    report = import_customers(write_csv(tmp_path / "c.csv", _rows(5)))
    assert report.ok and report.created == 5
    assert any("customer_initials" in sql for sql in dropped)  # set aside while writing ...
    assert not any("customer_code" in sql or "autoindex" in sql for sql in dropped)  # unique ones stay
    assert _indexes(sqlite_db) == before  # ... and made again, the same
    plan = sqlite_db.execute_sql("EXPLAIN QUERY PLAN SELECT id FROM customer WHERE name_norm = ?", ("x",)).fetchall()
    assert "customer_name_norm" in str(plan)
    assert Customer.select().count() == Contact.select().count() == 5


def _spy(execute_sql, dropped: list[str]):
    def spy(sql, *args, **kwargs):
        if sql.startswith("DROP INDEX"):
            dropped.append(sql)
        return execute_sql(sql, *args, **kwargs)
    return spy


def test_a_refused_large_import_leaves_the_indexes_in_place(sqlite_db, tmp_path, small_files):
    before = _indexes(sqlite_db)
    rows = _rows(4) + [["K9999", "", "广州", "13900000000", ""]]  # the last row has no name
    report = import_customers(write_csv(tmp_path / "c.csv", rows))
    assert not report.ok and Customer.select().count() == 0
    assert _indexes(sqlite_db) == before


def test_updates_after_a_large_import_find_their_contacts(sqlite_db, tmp_path, small_files):
    import_customers(write_csv(tmp_path / "a.csv", _rows(3)))
    before = _indexes(sqlite_db)
    # three known codes (updates, their contacts already on file) and four new customers
    report = import_customers(write_csv(tmp_path / "b.csv", _rows(7)))
    assert report.ok and (report.created, report.updated) == (4, 3)
    assert report.extra["contacts"] == 4
    assert _indexes(sqlite_db) == before
    assert Contact.select().count() == 7


def test_a_file_of_updates_keeps_the_indexes_for_its_contact_lookups(sqlite_db, tmp_path, small_files):
    import_customers(write_csv(tmp_path / "a.csv", _rows(3)))
    dropped = []
    sqlite_db.execute_sql = _spy(sqlite_db.execute_sql, dropped)
    report = import_customers(write_csv(tmp_path / "b.csv", _rows(3)))  # the same three codes again
    assert report.ok and (report.created, report.updated) == (0, 3)
    assert dropped == []


def test_a_table_holding_more_rows_than_the_file_keeps_its_indexes(sqlite_db, tmp_path, small_files):
    import_customers(write_csv(tmp_path / "a.csv", _rows(6)))
    dropped = []
    sqlite_db.execute_sql = _spy(sqlite_db.execute_sql, dropped)
    report = import_customers(write_csv(tmp_path / "b.csv", _rows(3, start=100)))
    assert report.ok and report.created == 3
    assert dropped == []


def test_a_large_contact_import_leaves_the_contact_indexes_as_they_were(sqlite_db, tmp_path, small_files):
    import_customers(write_csv(tmp_path / "a.csv", _rows(2)))
    before = _indexes(sqlite_db)
    rows = [["客户编码", "联系人", "电话"], ["K0000", "李娜", "13911112222"], ["K0001", "王伟", "13911113333"],
            ["K0001", "张敏", ""]]
    report = import_contacts(write_csv(tmp_path / "contacts.csv", rows))
    assert report.ok and report.created == 3
    assert _indexes(sqlite_db) == before


def test_postgresql_sets_nothing_aside(db, small_files):
    if is_sqlite(db):
        pytest.skip("PostgreSQL only")
    with database.atomic(), bulk_indexes.set_aside(("customer", "contact"), rows=10**6) as aside:
        assert aside.statements == []
