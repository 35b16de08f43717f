"""PostgreSQL's driver is imported only when a postgresql:// database is opened (store/pgdriver.py):
a start on SQLite never loads psycopg, and both backends still work one after the other in
one process. Each check runs in a fresh interpreter (this test process has psycopg loaded)."""
from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import sys
from datetime import date

import salesterm.app, salesterm.screens.customers  # what a start imports
from salesterm import clock
from salesterm.store import customers, db
from salesterm.store.models import Customer

clock.set_today(date(2026, 11, 29))
sqlite_path, pg_url = sys.argv[1], sys.argv[2]
db.open_database(sqlite_path)
customers.create_customer({"name": "广州鑫源电子", "phone": "13800138000"})
assert Customer.select().count() == 1
assert "psycopg" not in sys.modules, "psycopg imported for a SQLite database"
print("sqlite without psycopg")
if pg_url:
    db.close_database()
    db.open_database(pg_url)
    assert "psycopg" in sys.modules
    with db.database.atomic():
        customers.create_customer({"name": "北京恒达商贸", "phone": "13900139000"})
    try:
        with db.database.atomic():
            db.database.execute_sql("SELECT no_such_column FROM customer")
    except Exception as exc:
        assert type(exc).__module__ == "peewee", type(exc)  # peewee still wraps driver errors
    else:
        raise AssertionError("a bad query raised nothing")
    assert Customer.select().where(Customer.name == "北京恒达商贸").count() == 1
    print("postgresql with psycopg")
    db.close_database()
    db.open_database(sqlite_path)
    assert [c.name for c in Customer.select()] == ["广州鑫源电子"]
    print("sqlite again")
"""


def _run(tmp_path, pg_url: str = "") -> list[str]:
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "one.db"), pg_url],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_sqlite_start_never_imports_psycopg(tmp_path):
    assert _run(tmp_path) == ["sqlite without psycopg"]


def test_postgresql_then_sqlite_in_one_process(tmp_path, pg_database_url):
    assert _run(tmp_path, pg_database_url) == ["sqlite without psycopg", "postgresql with psycopg",
                                               "sqlite again"]


def test_psycopg_loaded_first_is_left_alone():
    code = ("import psycopg, peewee, salesterm.store, salesterm.store.pgdriver as d;"
            "assert peewee.psycopg is psycopg and d.load() is psycopg; print('ok')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr
