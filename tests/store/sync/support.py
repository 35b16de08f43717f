"""A hub (a PostgreSQL database of its own, made a team server) and SQLite replicas for the sync
tests. Each replica is opened (bound to store.models.database) only for what a test does with it."""
from __future__ import annotations

import contextlib
import json
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

from salesterm.store import db as store_db
from salesterm.store.sync import capture, engine, hub_schema, hub_upgrade
from salesterm.store.sync.tables import canonical, excluded, kind_of, synced_tables


def _admin(base_url: str):
    return psycopg.connect(base_url, autocommit=True)


def _with_db(base_url: str, name: str) -> str:
    parts = urlparse(base_url)
    return urlunparse(parts._replace(path="/" + name))


def create_hub(base_url: str, template: str | None = None) -> str:
    """A new database salesterm_sync_<random>, made a team server (or copied from TEMPLATE)."""
    name = f"salesterm_sync_{uuid.uuid4().hex[:12]}"
    with _admin(base_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    url = _with_db(base_url, name)
    if template is None:
        store_db.open_database(url).close()
        with engine.connect(url) as conn:
            hub_schema.install(conn)
            hub_upgrade.record(conn)  # as `server init` leaves it: nothing for a sync to renew
    return url


def empty_database(base_url: str) -> str:
    """A new, empty database salesterm_sync_<random> (not a hub yet); drop it with drop_hub."""
    name = f"salesterm_sync_{uuid.uuid4().hex[:12]}"
    with _admin(base_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return _with_db(base_url, name)


def drop_hub(base_url: str, url: str) -> None:
    name = urlparse(url).path.lstrip("/")
    with _admin(base_url) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def db_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


class Replica:
    def __init__(self, path: Path, who: str):
        self.path, self.who = Path(path), who

    @contextlib.contextmanager
    def open(self):
        db = store_db.open_database(str(self.path))
        try:
            yield db
        finally:
            store_db.close_database()

    def sync(self, hub: str, **kw):
        with self.open():
            return engine.sync(hub, self.who, **kw)

    def rows(self, table: str) -> dict[str, dict]:
        with self.open() as db:
            cur = db.execute_sql(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cur.description]
            kinds = {r[1]: kind_of(r[2]) for r in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()}
            out = {}
            for row in cur.fetchall():
                item = {n: canonical(kinds.get(n, ""), v) for n, v in zip(names, row, strict=True)
                        if n not in excluded(table)}
                out[item["id"]] = item
            return out

    def outbox(self) -> list[tuple]:
        with self.open() as db:
            return db.execute_sql(f"SELECT tbl, row_id, kind, {capture.fields_sql(db)}, status, reason "
                                  "FROM sync_outbox o ORDER BY n").fetchall()


def hub_rows(url: str, table: str) -> dict[str, dict]:
    with psycopg.connect(url) as conn:
        kinds = {c: kind_of(t) for c, t in conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s", [table])}
        out = {}
        for (row,) in conn.execute(f'SELECT to_jsonb(t) FROM "{table}" t'):
            item = {k: canonical(kinds.get(k, ""), v) for k, v in row.items() if k not in excluded(table)}
            out[item["id"]] = item
        return out


def hub_execute(url: str, sql: str, params=()) -> list:
    with psycopg.connect(url) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def assert_converged(hub: str, *replicas: Replica, tables=None) -> None:
    for table in tables or synced_tables():
        want = hub_rows(hub, table)  # every column, stamps too
        for r in replicas:
            got = r.rows(table)
            assert got == want, f"{r.who}: {table} differs from the hub: " + json.dumps(
                {"only_replica": sorted(set(got) - set(want))[:5], "only_hub": sorted(set(want) - set(got))[:5],
                 "differ": [k for k in want if k in got and got[k] != want[k]][:3]}, default=str)
