"""One `salesterm sync`: connect to the hub, push the outbox in batches, pull the log in pages.

Nothing leaves the outbox before the hub has committed it: a batch is pushed (one hub
transaction), and only then are its ops taken out of the outbox. A crash between the two leaves
them in the outbox; the next push sends them again and the hub answers from sync_applied.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field

from salesterm.domain import hlc as hlc_mod
from salesterm.domain.errors import UserError
from salesterm.domain.redact import redact
from salesterm.store import migrations
from salesterm.store.db import parse_target
from salesterm.store.models import database
from salesterm.store.sync import (
    capture,
    first_sync,
    hub,
    hub_schema,
    hub_upgrade,
    prune,
    redownload,
    replica,
    share,
    versions,
)

PUSH_BATCH = 1000
PULL_PAGE = 5000  # a page is one replica transaction and one read of the log under row-level security


@dataclass
class SyncResult:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    seconds: float = 0.0
    server_seq: int = 0
    clock_ahead_hours: float = 0.0  # this laptop's clock ahead of the server's by more than a day: suspect
    gained: int = 0  # customers that joined this login's share (a handover to it): downloaded
    lost: int = 0  # customers that left it: removed here
    redownloaded: bool = False  # the cursor was below the hub's pruning horizon: the share downloaded again
    duplicates: list = field(default_factory=list)  # a first sync: own customers like the server's
    hub_ahead: int = 0  # the hub is one migration ahead of this laptop (store/sync/versions): upgrade soon

    def to_json(self) -> dict:
        return {"pushed": self.pushed, "pulled": self.pulled, "conflicts": self.conflicts,
                "rejected": self.rejected, "seconds": round(self.seconds, 3), "server_seq": self.server_seq,
                "duplicates": self.duplicates, "redownloaded": self.redownloaded}


def connect(url: str):
    """A psycopg connection to the hub at URL; a one-line error naming no password."""
    target = parse_target(url)
    if target.kind != "postgresql":
        raise UserError("sync.server_not_postgresql", value=redact(url))
    from salesterm.store import pgdriver

    psycopg = pgdriver.load()
    params = {("dbname" if k == "database" else k): v for k, v in target.dsn.items()}
    params.setdefault("connect_timeout", 5)
    try:
        return psycopg.connect(**params)
    except psycopg.Error as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError("sync.cannot_reach", where=target.describe(), value=redact(text)) from exc


def _check_hub(conn, where: str, result: SyncResult) -> None:
    with conn.cursor() as cur:
        if not hub_schema.is_hub(cur):
            raise UserError("sync.not_a_hub", where=where)
        ours = migrations.current_version(database.obj)
        cur.execute("SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint")
        server_ms = int(cur.fetchone()[0])
    conn.commit()
    local_ms = time.time_ns() // 1_000_000
    if hlc_mod.suspect(hlc_mod.Clock(local_ms), server_ms):
        result.clock_ahead_hours = round((local_ms - server_ms) / 3_600_000, 1)
    with conn.cursor() as cur:  # one migration behind is taken when it can be (store/sync/versions)
        result.hub_ahead = versions.check(cur, database.obj, ours, hub.column_kinds)
    conn.commit()
    hub_upgrade.ensure(conn)  # the hub's functions and triggers as this salesterm makes them, when it may


def hub_login(conn) -> tuple[str, str, str] | None:
    """The login this connection is on the hub, with its rep and role, when it is a team login."""
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('team_login') IS NOT NULL")
        if not cur.fetchone()[0]:
            conn.commit()
            return None
        cur.execute("SELECT l.login, r.name, l.role FROM team_login l JOIN rep r ON r.id = l.rep_id "
                    "WHERE l.login = current_user AND l.disabled_at IS NULL")
        row = cur.fetchone()
    conn.commit()
    return tuple(row) if row else None


def prepare(server: str, who: str) -> None:
    """Join SERVER on the first sync; refuse another server while changes wait to be pushed."""
    me = replica.site()
    if me is None:
        replica.join(server, who)
        return
    if me["server"] != server:
        if replica.pending_count():
            raise UserError("sync.outbox_not_empty_other_server", count=replica.pending_count())
        replica.switch(server)
    if who and me["who"] != who:
        replica.set_who(who)
    with database.atomic():
        capture.ensure(database.obj)


def refresh_hub(server: str, customer_ids: set[str]) -> None:
    """Recompute the hub's derived summaries (customer_stats, collection_state) of the customers a
    push wrote, with the store's own code: the models are bound to the hub for the call and then
    to the replica again (one thread: the command line)."""
    from salesterm.store.db import make_database
    from salesterm.store.ledger import summary

    if not customer_ids:
        return
    replica_db = database.obj
    hub_db = make_database(parse_target(server))
    try:
        hub_db.connect()
        database.initialize(hub_db)
        ids = sorted(customer_ids)
        for start in range(0, len(ids), 500):
            summary.refresh(ids[start:start + 500])
    finally:
        database.initialize(replica_db)
        hub_db.close()


def push(conn, result: SyncResult, batch: int = PUSH_BATCH, after_commit=None, touched=None,
         server: str = "") -> None:
    """Push the outbox batch by batch. With SERVER, each batch's customers get their summaries on
    the hub recomputed (`refresh_hub`) before the batch is marked sent here: a laptop that dies
    after the hub's commit pushes the batch again, and the hub names the customers of what it had
    applied already (hub.push), so they are recomputed then. Without SERVER, the customers gather
    in TOUCHED for the caller."""
    last = 0
    waiting = replica.money_waiting()  # customer -> the outbox n of their last allocation or merge
    held: set[str] = set()
    while True:
        ops = replica.outbox(last, batch)
        if not ops:
            return
        last = ops[-1][0]
        mine: set[str] = set()
        # the hub settles no money of a customer whose allocations (or merge) come in a later
        # batch: they say where this laptop put the money (once.spread_credit, hub_own.ledger_follows)
        hold = {c for c, n in waiting.items() if n > last}
        answers = hub.push(conn, [op for _, op in ops], mine, hold, held - hold)
        held = hold
        if touched is not None:
            touched.update(mine)
        if after_commit is not None:
            after_commit(answers)
        if server:
            refresh_hub(server, mine)
        replica.mark(answers)
        for status, _ in answers.values():
            if status == "rejected":
                result.rejected += 1
            else:
                result.pushed += 1


def pull(conn, result: SyncResult, page: int = PULL_PAGE, touched: set[str] | None = None) -> None:
    """Pages above the cursor, up to the log's last entry when the pull began, until none is
    left; then the summaries of the customers they touched (a pull cut short leaves
    `derived_stale`, and the next pull rebuilds them all). Entries this login may not read (a
    team server's row-level security) are passed over: the cursor ends at that last entry."""
    touched = set() if touched is None else touched
    everyone = replica.derived_stale()
    upto = hub.last_seq(conn)  # appends are in commit order: every entry up to it is readable now
    conn.commit()
    while True:
        cursor = replica.site()["cursor"]
        entries = hub.pull(conn, cursor, page, upto)
        conn.commit()
        if not entries:
            result.server_seq = replica.move_cursor(upto)
            break
        result.pulled += replica.apply_page(entries, touched)
        result.conflicts += sum(1 for e in entries if e[1] == "sync_conflict" and e[3] == "insert")
    replica.refresh_derived(touched, everyone=everyone)


def report(conn, result: SyncResult) -> None:
    """Tell the hub this laptop synced (who is in sync: `server user list`): its site, the ops
    it pushed, its open conflicts, the salesterm version."""
    from salesterm import __version__

    me = replica.site()
    open_conflicts = database.execute_sql(
        "SELECT count(*) FROM sync_conflict WHERE status = 'open' AND deleted_at IS NULL").fetchone()[0]
    with conn.cursor() as cur:
        cur.execute("SELECT to_regprocedure('salesterm_sync_report(text,integer,integer,text)') IS NOT NULL")
        if cur.fetchone()[0]:
            cur.execute("SELECT salesterm_sync_report(%s, %s, %s, %s)",
                        [me["site"], result.pushed, int(open_conflicts), __version__])
    conn.commit()


def sync(server: str, who: str = "", *, batch: int = PUSH_BATCH, page: int = PULL_PAGE,
         after_commit=None) -> SyncResult:
    """Push, then pull. The replica is the database bound to store.models.database."""
    started = time.perf_counter()
    result = SyncResult()
    target = parse_target(server)
    conn = connect(server)
    try:
        _check_hub(conn, target.describe(), result)
        me = hub_login(conn)  # on a team server the replica is the joining login's (store/team/identity)
        own = first_sync.before(replica.site())  # a first sync: the customers this laptop held
        prepare(server, me[1] if me else who)
        if me:
            replica.set_login(*me)
        push(conn, result, batch, after_commit, server=server)
        pulled: set[str] = set()
        if redownload.needed(replica.site()["cursor"], prune.horizon(conn)):  # the log was pruned past it
            result.redownloaded = replica.site()["cursor"] > 0  # a new laptop just downloads
            redownload.run(conn, pulled)
        if share.limited(conn):  # a rep's or manager's login: keep exactly its share here
            moved = share.reconcile(conn, pulled)
            result.gained, result.lost = moved.gained, moved.lost
        pull(conn, result, page, pulled)
        result.duplicates = first_sync.duplicates(own)  # look like the server's: listed, never merged
        report(conn, result)
        replica.finished()
    except Exception as exc:
        with contextlib.suppress(Exception):  # the first error is the one to tell
            replica.finished(redact(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__))
        raise
    finally:
        conn.close()
    result.seconds = time.perf_counter() - started
    return result
