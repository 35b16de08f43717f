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
in pages, summaries): `first_share_s`, budget 30 s. B then holds the share when it pulls A's
customers (`first_pull_s`).

Who logs in (`--login`): `rep` (the default, the real case) makes the hub a team server as
`server init` does (roles, grants, row-level security, audit triggers), gives every customer of the
share to one rep, and adds that rep's login (`server user add`: an ordinary role under row-level
security); A and B sync as that login, so every push, pull and the first share pay for the
policies and the audit trail. The login is dropped at the end; logins a killed run left behind
(`bench_rep_<pid>` of a process no longer running on this machine) are dropped when the next run
starts (`drop_stale_logins`; a running bench's own is left alone). `owner` syncs as the URL's own
user (the database's owner: no row-level security), the figures before issue 12's team logins.
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
    parser.add_argument("--login", choices=("rep", "owner"), default="rep",
                        help="sync as a rep's login under row-level security (rep, the default) or as the owner")
    parser.set_defaults(customers=2_000)


REP = "同步业务员"  # the rep whose share B downloads and whose customers A writes


def _rep_url(server: str, login: str, password: str) -> str:
    from urllib.parse import quote, urlparse, urlunparse

    parsed = urlparse(server)
    host = f"{parsed.hostname}:{parsed.port}" if parsed.port else (parsed.hostname or "")
    return urlunparse(parsed._replace(netloc=f"{quote(login)}:{quote(password, safe='')}@{host}"))


def _team(args, out: dict) -> tuple[str, str, str]:
    """Make the hub a team server (as `server init`) and add a rep's login owning every customer
    there; (its URL, its login, its rep id)."""
    from salesterm.store import db as store_db
    from salesterm.store import reps
    from salesterm.store.team import schema as team_schema
    from salesterm.store.team import users

    login = f"{LOGIN_PREFIX}{os.getpid()}"
    password = users.generate_password()
    db = store_db.open_database(args.server)
    try:
        team_schema.apply(db)
        users.add_user(db, REP, login, "rep", password)
        rep_id = reps.lookup(REP).id
    finally:
        store_db.close_database()
    out["login"] = "rep"
    return _rep_url(args.server, login, password), login, rep_id


def _drop_login(server: str, login: str) -> None:
    from salesterm.store import db as store_db

    db = store_db.open_database(server)
    try:
        db.execute_sql(f'DROP ROLE IF EXISTS "{login}"')
    finally:
        store_db.close_database()


LOGIN_PREFIX = "bench_rep_"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running
        return True
    return True


def drop_stale_logins(server: str) -> list[str]:
    """Drop the `bench_rep_<pid>` logins whose process is no longer running (a run killed before
    its end); the names dropped. One that cannot be dropped (it still holds rights in another
    database) is left for the server's admin."""
    from salesterm.store import db as store_db

    db = store_db.open_database(server)
    dropped = []
    try:
        names = [r[0] for r in db.execute_sql("SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                                              (LOGIN_PREFIX + "%",)).fetchall()]
        for name in sorted(names):
            pid = name[len(LOGIN_PREFIX):]
            if not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
                continue
            try:
                with db.atomic():
                    db.execute_sql(f'DROP ROLE IF EXISTS "{name}"')
                dropped.append(name)
            except Exception:  # noqa: BLE001 - a role still in use elsewhere: kept
                continue
    finally:
        store_db.close_database()
    return dropped


def _share(args, out: dict, folder: Path) -> tuple[str, str, str] | None:
    """The share's data on the (still empty) hub, then the hub made a team server (its backfill
    enters every row in the log) with the rep's login (`--login rep`), then B's first sync
    timed. Returns the rep's (URL, login, rep id) when there is one."""
    from salesterm.store import db as store_db
    from salesterm.store import demo, reps
    from salesterm.store.sync import engine, hub_schema
    from salesterm.store.transactions import write_transaction

    db = store_db.open_database(args.server)
    try:
        if args.share > 0:
            counts = demo.generate(customers=args.share, seed=1)
        if args.login == "rep":  # the rep's share: every customer of the demo (their rows follow them)
            rep_id = reps.create_rep(REP).id
            with write_transaction():
                db.execute_sql("UPDATE customer SET rep_id = %s", (rep_id,))
    finally:
        store_db.close_database()
    with engine.connect(args.server) as conn:
        done = hub_schema.install(conn)
    team = _team(args, out) if args.login == "rep" else None
    if args.share <= 0:
        return team
    out["share_customers"] = counts.get("customer", 0)
    out["share_rows"] = done["backfilled"]
    store_db.open_database(str(folder / "b.db"))
    try:
        start = time.perf_counter()
        result = engine.sync(team[0] if team else args.server, "b")
        out["first_share_s"] = round(time.perf_counter() - start, 3)
        out["first_share_pulled"] = result.pulled
        out["first_share_customers_here"] = database_count("customer")
    finally:
        store_db.close_database()
    out["share_budget_s"] = 30.0
    return team


def _as_if_pulled(server: str, rep_id: str) -> None:
    """A holds the hub's log up to now (the share it would have pulled is left out to save time):
    its cursor at the log's end and the rep's own row, as a pull writes them."""
    from salesterm.domain import hlc as hlc_mod
    from salesterm.store.sync import engine, hub, replica

    with engine.connect(server) as conn, conn.cursor() as cur:
        cur.execute("SELECT to_jsonb(r) FROM rep r WHERE id = %s", [rep_id])
        fields = cur.fetchone()[0]
        upto = hub.last_seq(conn)
    replica.apply_page([(upto, "rep", rep_id, "insert", fields, hlc_mod.ZERO, "hub", "")])


def database_count(table: str) -> int:
    from salesterm.store.models import database

    return database.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


def _fill(db, n: int, rep_id: str | None) -> None:
    from salesterm import clock
    from salesterm.store.models import new_id
    from salesterm.store.transactions import write_transaction

    now = str(clock.now())
    rows = [(new_id(), f"同步测试商贸{i:06d}有限公司", f"同步测试商贸{i:06d}有限公司", f"城市{i % 50}", now, now)
            for i in range(n)]
    with write_transaction():
        if rep_id is None:  # the owner: a rep of its own (a rep's login may not write the rep table)
            db.execute_sql("INSERT INTO rep (id, name, created_at, updated_at) VALUES ('bench-rep', '业务员', ?, ?)",
                           (now, now))
        for i in range(0, len(rows), 500):
            part = rows[i:i + 500]
            db.execute_sql("INSERT INTO customer (id, name, name_norm, city, rep_id, created_at, updated_at) VALUES "
                           + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(part)),
                           [v for r in part for v in (*r[:4], rep_id, *r[4:])])


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

    hub_db = store_db.open_database(args.server)
    customers_there = hub_db.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
    hub_db.close()
    if customers_there:
        raise UserError("bench.sync.needs_empty_server")
    folder = Path(tempfile.mkdtemp(prefix="salesterm-bench-sync-"))
    out: dict = {"name": "sync", "customers": args.customers, "login": "owner"}
    out["stale_logins_dropped"] = len(drop_stale_logins(args.server))  # left by a killed run
    team = None
    try:
        team = _share(args, out, folder)
        _exchange(args, out, folder, team)
    finally:
        if team is not None:
            _drop_login(args.server, team[1])
    out["load_avg"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None  # 2 cores: ~1 is quiet
    return out


def _exchange(args, out: dict, folder: Path, team) -> None:
    """A's 2,000 customers pushed and pulled by B, then five fields of each changed, pushed, pulled."""
    from salesterm.store import db as store_db
    from salesterm.store.models import database
    from salesterm.store.sync import engine, replica

    server = team[0] if team else args.server

    def timed(path: Path, step, key: str):
        db = store_db.open_database(str(path))
        try:
            if replica.site() is None:
                replica.join(server, path.stem)
            conn = engine.connect(server)
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
    replica.join(server, "a")
    if team:
        _as_if_pulled(server, team[2])
    _fill(database.obj, args.customers, team[2] if team else None)
    db.close()
    def push(c, res):  # as `sync` does it: the hub's summaries of the customers written included
        touched: set[str] = set()
        engine.push(c, res, touched=touched)
        engine.refresh_hub(server, touched)

    _, r = timed(a, push, "first_push_s")
    out["first_push_ops"] = r.pushed
    out["rejected"] = r.rejected
    _, r = timed(b, lambda c, res: engine.pull(c, res), "first_pull_s")
    out["first_pull_entries"] = r.pulled
    timed(a, lambda c, res: engine.pull(c, res), "a_catch_up_s")
    db = store_db.open_database(str(a))
    out["changed_fields"] = _edit(database.obj, 1)
    db.close()
    _, r = timed(a, push, "push_s")
    out["push_ops"] = r.pushed
    out["rejected"] += r.rejected
    _, r = timed(b, lambda c, res: engine.pull(c, res), "pull_s")
    out["pull_entries"] = r.pulled
    out["budget_s"] = 3.0
