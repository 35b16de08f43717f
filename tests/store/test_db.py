"""Opening, migrating, checking and backing up databases, on SQLite and PostgreSQL."""
from __future__ import annotations

import os
import sqlite3
import stat

import peewee
import pytest

from salesterm.domain.errors import UserError
from salesterm.store import db as store_db
from salesterm.store import migrations
from salesterm.store.customers import create_customer
from salesterm.store.models import ALL_MODELS


def test_fresh_database_has_every_table_at_the_latest_version(db):
    tables = set(db.get_tables())
    assert {m._meta.table_name for m in ALL_MODELS} <= tables
    assert migrations.current_version(db) == migrations.latest_version()


def test_every_table_is_sync_ready(db):
    for model in ALL_MODELS:
        columns = {c.name for c in db.get_columns(model._meta.table_name)}
        assert {"id", "created_at", "updated_at", "deleted_at"} <= columns, model


def test_models_match_the_migrated_schema(db):
    for model in ALL_MODELS:
        columns = {c.name for c in db.get_columns(model._meta.table_name)}
        fields = {f.column_name for f in model._meta.sorted_fields}
        assert fields <= columns, (model, fields - columns)


def test_reopening_is_idempotent(db_url):
    first = store_db.open_database(db_url)
    version = migrations.current_version(first)
    first.close()
    again = store_db.open_database(db_url)
    assert migrations.current_version(again) == version
    again.close()


def test_database_from_a_newer_salesterm_is_refused_untouched(db_url):
    database = store_db.open_database(db_url)
    newer = migrations.latest_version() + 5
    database.execute_sql(
        f"INSERT INTO schema_version (version, name, applied_at) VALUES ({newer}, 'future', '2030-01-01 00:00:00')"
    )
    database.close()
    with pytest.raises(UserError, match="newer"):
        store_db.open_database(db_url)
    raw = store_db.make_database(store_db.parse_target(db_url))
    raw.connect()
    assert raw.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0] == newer
    raw.execute_sql(f"DELETE FROM schema_version WHERE version = {newer}")
    raw.close()


def test_sqlite_pragmas_and_private_file_mode(tmp_path):
    path = tmp_path / "sales.db"
    database = store_db.open_database(str(path))
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 1000
    create_customer({"name": "广州市鑫源电子经营部"})
    for suffix in ("", "-wal"):
        p = tmp_path / f"sales.db{suffix}"
        if p.exists():
            assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p
    database.close()


def test_sqlite_url_forms(tmp_path):
    target = store_db.parse_target(f"sqlite:///{tmp_path}/a.db")
    assert target.kind == "sqlite" and str(target.path) == f"{tmp_path}/a.db"
    assert store_db.parse_target("rel.db").path.name == "rel.db"
    pg = store_db.parse_target("postgresql://me:s%40cret@db.example:6543/sales")
    assert pg.kind == "postgresql" and pg.dsn["port"] == 6543 and pg.dsn["password"] == "s@cret"
    with pytest.raises(UserError, match="unsupported"):
        store_db.parse_target("mysql://x/y")


def test_corrupted_file_gets_a_clear_message(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(UserError, match="not a salesterm database or is damaged"):
        store_db.open_database(str(path))
    assert path.read_bytes().startswith(b"this is not a database")


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE accounts (x INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(UserError, match="not a salesterm database"):
        store_db.open_database(str(path))


def test_locked_database_gets_a_clear_message(tmp_path):
    path = tmp_path / "locked.db"
    store_db.open_database(str(path)).close()
    holder = sqlite3.connect(path, timeout=0)
    holder.execute("PRAGMA journal_mode=delete")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        target = store_db.parse_target(str(path))
        exc = peewee.OperationalError("database is locked")
        assert "locked by another program" in str(store_db.explain(exc, target))
    finally:
        holder.rollback()
        holder.close()


def test_server_down_gets_a_clear_message():
    with pytest.raises(UserError, match="cannot reach the PostgreSQL server"):
        store_db.open_database("postgresql://nobody@127.0.0.1:1/none")


def test_migration_runs_in_one_transaction(tmp_path, monkeypatch):
    """A failing migration leaves the database at the version before it."""
    import shutil

    from salesterm import paths

    fake = tmp_path / "shipped" / "db" / "migrations"
    fake.mkdir(parents=True)
    for f in paths.shipped("db").joinpath("migrations").glob("*.sql"):
        shutil.copy(f, fake / f.name)
    path = tmp_path / "m.db"
    store_db.open_database(str(path)).close()
    before = migrations.latest_version()
    (fake / "9000_broken.sql").write_text(
        "CREATE TABLE half_done (id TEXT);\nTHIS IS NOT SQL;\n", encoding="utf-8"
    )
    monkeypatch.setattr(paths, "shipped", lambda name: tmp_path / "shipped" / name)
    with pytest.raises(UserError):
        store_db.open_database(str(path))
    con = sqlite3.connect(path)
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == before
    assert "half_done" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    backups = list(tmp_path.glob("m.db.v*.bak"))
    assert backups and stat.S_IMODE(os.stat(backups[0]).st_mode) == 0o600


def test_statement_splitter_keeps_triggers_whole():
    sql = (
        "CREATE TABLE a (x INTEGER);\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = 1;\n  UPDATE a SET x = 2;\nEND;\n"
        "-- comment\nCREATE INDEX i ON a(x);\n"
    )
    parts = migrations.statements(sql, "sqlite")
    assert len(parts) == 3 and parts[1].startswith("CREATE TRIGGER") and parts[1].endswith("END;")


def test_backup_is_a_consistent_private_copy(sqlite_db, tmp_path):
    create_customer({"name": "杭州恒达商行", "phone": "13800138000"})
    dest = store_db.backup(sqlite_db, tmp_path / "copy.db")
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    con = sqlite3.connect(dest)
    assert con.execute("SELECT name FROM customer").fetchall() == [("杭州恒达商行",)]
    con.close()


def test_backup_refuses_postgresql(pg_database_url):
    database = store_db.open_database(pg_database_url)
    with pytest.raises(UserError, match="pg_dump"):
        store_db.backup(database, "x.db")
    database.close()


def test_check_reports_ok_and_counts(db):
    create_customer({"name": "成都银行路超市"})
    report = store_db.check(db)
    assert report.ok, report.problems
    assert report.counts["customer"] == 1
    assert report.schema_version == migrations.latest_version()


def test_check_finds_ledger_inconsistency(db):
    customer = create_customer({"name": "重庆长江批发部"})
    db.execute_sql(
        "INSERT INTO receivable (id, customer_id, number, issued, due, amount, paid, written_off, "
        "write_off_reason, source, created_at, updated_at) VALUES "
        "('r1', %s, 'INV-1', '2026-01-01', '2026-02-01', 1000, 500, 0, '', 'manual', "
        "'2026-01-01 00:00:00', '2026-01-01 00:00:00')".replace("%s", db.param),
        (customer.id,),
    )
    report = store_db.check(db)
    assert not report.ok
    assert any("INV-1" in p for p in report.problems)
