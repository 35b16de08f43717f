"""salesterm bench sync --server URL: push and pull of changed fields through a team server.

The server must be an EMPTY PostgreSQL database (no customers): the benchmark makes it a team
server (`server init`) and fills it. Two replicas in a temporary folder: A holds --customers
customers (default 2,000) and pushes them (the first sync, timed as `first_push_s`); B downloads
them (`first_pull_s`). Then A changes five fields of every customer (10,000 changed fields at
2,000 customers, 2,000 operations) and pushes them (`push_s`: the hub's merge, log, and the
summaries of the customers written); B pulls them (`pull_s`: the pages applied with their
cursor, and the derived figures recomputed).

Before that, the first sync of a share (`--share N`, default 10,000; 0 skips it): the demo's data
for N customers with their ledger (contacts, visits, deals, receivables, payments and their
allocations, promises, attempts, notes) is written on the hub, entered in the change log by
`server init`'s backfill (`share_rows`), and B downloads it whole with a plain `sync` (join, pull
in pages, summaries): `first_share_s`, budget 30 s. The bench logs in as the database's owner, so
the share is the whole hub (a rep's login reads the same log through row-level security). B then
holds the share when it pulls A's customers (`first_pull_s`).
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

FIELDS = ("remark", "address", "district", "industry", "tags")


def add_arguments(parser) -> None:
    parser.add_argument("--server", metavar="URL", required=True,
                        help="an EMPTY PostgreSQL database to use as the team server")
    parser.add_argument("--share", type=int, default=10_000, metavar="N",
                        help="customers with their ledger a new laptop downloads on its first sync (0: skip)")
    parser.set_defaults(customers=2_000)


def _share(args, out: dict, folder: Path) -> None:
    """The share's data on the (still empty) hub, then the hub made a team server (its backfill
    enters every row in the log), then B's first sync timed."""
    from salesterm.store import db as store_db
    from salesterm.store import demo
    from salesterm.store.sync import engine, hub_schema

    if args.share > 0:
        store_db.open_database(args.server)
        try:
            counts = demo.generate(customers=args.share, seed=1)
        finally:
            store_db.close_database()
    with engine.connect(args.server) as conn:
        done = hub_schema.install(conn)
    if args.share <= 0:
        return
    out["share_customers"] = counts.get("customer", 0)
    out["share_rows"] = done["backfilled"]
    store_db.open_database(str(folder / "b.db"))
    try:
        start = time.perf_counter()
        result = engine.sync(args.server, "b")
        out["first_share_s"] = round(time.perf_counter() - start, 3)
        out["first_share_pulled"] = result.pulled
    finally:
        store_db.close_database()
    out["share_budget_s"] = 30.0


def _fill(db, n: int) -> None:
    from salesterm import clock
    from salesterm.store.models import new_id
    from salesterm.store.transactions import write_transaction

    now = str(clock.now())
    rows = [(new_id(), f"同步测试商贸{i:06d}有限公司", f"同步测试商贸{i:06d}有限公司", f"城市{i % 50}", now, now)
            for i in range(n)]
    with write_transaction():
        db.execute_sql("INSERT INTO rep (id, name, created_at, updated_at) VALUES ('bench-rep', '业务员', ?, ?)",
                       (now, now))
        for i in range(0, len(rows), 500):
            part = rows[i:i + 500]
            db.execute_sql("INSERT INTO customer (id, name, name_norm, city, created_at, updated_at) VALUES "
                           + ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(part)), [v for r in part for v in r])


def _edit(db, round_: int) -> int:
    from salesterm import clock
    from salesterm.store.transactions import write_transaction

    with write_transaction():
        sets = ", ".join(f"{f} = {f} || ?" for f in FIELDS)
        cur = db.execute_sql(f"UPDATE customer SET {sets}, updated_at = ? WHERE name LIKE '同步测试商贸%'",
                             [f"-{round_}"] * len(FIELDS) + [str(clock.now())])  # A's own, not the share
    return cur.rowcount * len(FIELDS)


def run(args, ctx) -> dict:
    from salesterm.domain.errors import UserError
    from salesterm.store import db as store_db
    from salesterm.store.models import database
    from salesterm.store.sync import engine, replica

    hub_db = store_db.open_database(args.server)
    customers_there = hub_db.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
    hub_db.close()
    if customers_there:
        raise UserError("bench.sync.needs_empty_server")
    folder = Path(tempfile.mkdtemp(prefix="salesterm-bench-sync-"))
    out: dict = {"name": "sync", "customers": args.customers}
    _share(args, out, folder)

    def timed(path: Path, step, key: str):
        db = store_db.open_database(str(path))
        try:
            if replica.site() is None:
                replica.join(args.server, path.stem)
            conn = engine.connect(args.server)
            result = engine.SyncResult()
            start = time.perf_counter()
            step(conn, result)
            out[key] = round(time.perf_counter() - start, 3)
            conn.close()
            return db, result
        finally:
            store_db.close_database()

    a, b = folder / "a.db", folder / "b.db"
    db = store_db.open_database(str(a))
    replica.join(args.server, "a")
    _fill(database.obj, args.customers)
    db.close()
    def push(c, res):  # as `sync` does it: the hub's summaries of the customers written included
        touched: set[str] = set()
        engine.push(c, res, touched=touched)
        engine.refresh_hub(args.server, touched)

    _, r = timed(a, push, "first_push_s")
    out["first_push_ops"] = r.pushed
    _, r = timed(b, lambda c, res: engine.pull(c, res), "first_pull_s")
    out["first_pull_entries"] = r.pulled
    timed(a, lambda c, res: engine.pull(c, res), "a_catch_up_s")
    db = store_db.open_database(str(a))
    out["changed_fields"] = _edit(database.obj, 1)
    db.close()
    _, r = timed(a, push, "push_s")
    out["push_ops"] = r.pushed
    _, r = timed(b, lambda c, res: engine.pull(c, res), "pull_s")
    out["pull_entries"] = r.pulled
    out["budget_s"] = 3.0
    out["load_avg"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None  # 2 cores: ~1 is quiet
    return out
