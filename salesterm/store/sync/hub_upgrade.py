"""The hub's own SQL follows the salesterm that upgrades it (issue 12), not only `server init`.

What `server init` installs besides the migrations (the capture function and a trigger on every
synced table, hub_schema; the share functions, share_sql; the team's roles, row-level security
and audit trigger, store/team/schema) was made only by `server init`: a server upgraded by the
normal route (a newer salesterm opening it, which runs the migrations) kept the old functions,
e.g. the audit trigger that inserted one row per changed field, or a capture that skipped a
write of `updated_at` alone.

`sync_hub.functions` (migration 0025) holds the **fingerprint** of that SQL as it was last
installed: a hash of its text and of the tables and rules it is made from. Whenever it differs
from this salesterm's, the install is run again (idempotent; the backfill happens once), as
`server init` runs it, and the fingerprint recorded:
- when the hub is opened (`capture.after_open`, where the app and the commands open a database,
  right after the migrations), and
- at every sync, after the schema version check (`engine`),
by a login that may: the owner of the hub's tables or a superuser. Another login (a rep's) leaves
the hub as it is; its sync goes on.
"""
from __future__ import annotations

import hashlib

from salesterm.store.sync import hub_schema, share_sql
from salesterm.store.sync.tables import excluded, synced_tables


def fingerprint() -> str:
    """A hash of what `install` makes: the functions' text, the synced tables and their derived
    columns (the capture triggers), the team's table rules (grants, policies, audit triggers)."""
    from salesterm.store.team import policies
    from salesterm.store.team import schema as team_schema

    parts = [hub_schema.CAPTURE_FUNCTION, *share_sql.functions(), team_schema.functions_sql(),
             repr([(t, excluded(t)) for t in synced_tables()]), repr(sorted(policies.TABLES.items())),
             repr(sorted(policies.OPEN_TABLES.items()))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _state(cur) -> tuple[str, bool] | None:
    """(the recorded fingerprint, whether this login may install) on a hub; None elsewhere (not a
    hub, or one without migration 0025)."""
    if not hub_schema.is_hub(cur):
        return None
    cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = 'sync_hub' AND column_name = 'functions'")
    if cur.fetchone() is None:
        return None
    cur.execute("SELECT h.functions, pg_has_role(current_user, c.relowner, 'MEMBER') FROM sync_hub h, pg_class c "
                "WHERE h.id = 1 AND c.oid = 'sync_hub'::regclass")
    row = cur.fetchone()
    return (row[0] or "", bool(row[1])) if row else None


class _Over:
    """A psycopg connection as store/team/schema.apply reads a database (cursor, atomic)."""

    def __init__(self, conn):
        self.conn = conn

    def cursor(self):
        return self.conn.cursor()

    def atomic(self):
        return self.conn.transaction()


def install(conn) -> dict:
    """What `server init` installs after the migrations (the team's part on a team server), and
    the fingerprint recorded; one transaction each. {"tables", "backfilled"}."""
    from salesterm.store.team import schema as team_schema

    with conn.cursor() as cur:  # a team server (`server init` made one): its roles, policies, audit
        cur.execute("SELECT to_regprocedure('salesterm_audit()') IS NOT NULL")
        team = bool(cur.fetchone()[0])
    done = hub_schema.install(conn)
    if team:
        team_schema.apply(_Over(conn))
    record(conn)
    return done


def record(conn) -> None:
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("UPDATE sync_hub SET functions = %s WHERE id = 1", [fingerprint()])


def ensure(conn) -> bool:
    """On a hub whose fingerprint is not this salesterm's, install again when this login may;
    whether it did. A failure leaves the hub as it was (rolled back) and is no sync error."""
    import psycopg

    with conn.cursor() as cur:
        state = _state(cur)
    conn.commit()
    if state is None or state[0] == fingerprint() or not state[1]:
        return False
    try:
        install(conn)
    except psycopg.Error:
        conn.rollback()
        return False
    conn.commit()
    return True


def after_open(db) -> bool:
    """`ensure` on a PostgreSQL database just opened (the migrations run): its driver's
    connection, outside any transaction of the caller's."""
    conn = db.connection()
    if conn.info.transaction_status != 0:  # in a transaction of the caller's: left for the next open
        return False
    return ensure(conn)
