"""Row-level security on the team sync's hub tables (store/sync), so that a rep's or manager's
login syncs its share: the change log entries of the customers it sees (each entry knows its
customer: store/sync/share_sql), plus the entries of shared tables (reps, scripts) and of the rows
it sees that belong to no customer (its targets, its weekly notes, its own notes); the conflict
records listed in that share. Admins see everything. Grants are policies.SYNC_TABLES.

Whether an op may be applied is not decided here: a push writes the data tables as the login, and
their own policies (store/team/schema) refuse what is not the login's.
"""
from __future__ import annotations

from salesterm.store.team.policies import ADMIN, GROUPS, MANAGER, REP, SYNC_TABLES, TABLES, VISIBLE


def log_visible(existing: set[str]) -> str:
    """The condition on a sync_log entry that a (non-admin) login may read."""
    shared = [t for t, r in TABLES.items() if r.kind == "shared"]
    # rows that may belong to no customer: the row's own policy says whether the login sees it
    own = [f"(tbl = '{t}' AND row_id IN (SELECT id FROM {t}))" for t, r in TABLES.items()
           if t in existing and r.kind in ("rep", "note", "script_use")]
    listed = ", ".join(f"'{t}'" for t in shared)
    return (f"customer_id IN (SELECT id FROM customer) OR (customer_id IS NULL AND "
            f"(tbl IN ({listed}) OR {' OR '.join(own) or 'false'}))")


def apply(run, existing: set[str]) -> None:
    """Grants and policies on the sync tables present; RUN runs one statement."""
    team = f"{REP}, {MANAGER}"
    for table, rights in SYNC_TABLES.items():
        if table not in existing:
            continue
        run(f"REVOKE ALL ON {table} FROM {', '.join(GROUPS)}")
        run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {ADMIN}")
        if rights:
            run(f"GRANT {', '.join(rights)} ON {table} TO {team}")
    if "sync_log" in existing:
        _policies(run, "sync_log", read=log_visible(existing), write="true")
    if "sync_login" in existing:  # who is in sync: a manager reads their team's rows (written by the owner only)
        run(f"GRANT SELECT ON sync_login TO {MANAGER}")
        run("ALTER TABLE sync_login ENABLE ROW LEVEL SECURITY")
        for name in ("st_admin", "st_read"):
            run(f"DROP POLICY IF EXISTS {name} ON sync_login")
        run(f"CREATE POLICY st_admin ON sync_login FOR SELECT TO {ADMIN} USING (true)")
        run(f"CREATE POLICY st_read ON sync_login FOR SELECT TO {MANAGER} "
            f"USING (login IN (SELECT login FROM team_login WHERE rep_id = ANY {VISIBLE}))")
    if "sync_conflict" in existing:
        _policies(run, "sync_conflict", read="id IN (SELECT row_id FROM sync_log WHERE tbl = 'sync_conflict')",
                  write="true")


def _policies(run, table: str, read: str, write: str) -> None:
    team = f"{REP}, {MANAGER}"
    run(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    for name in ("st_admin", "st_read", "st_insert", "st_update"):
        run(f"DROP POLICY IF EXISTS {name} ON {table}")
    run(f"CREATE POLICY st_admin ON {table} TO {ADMIN} USING (true) WITH CHECK (true)")
    run(f"CREATE POLICY st_read ON {table} FOR SELECT TO {team} USING ({read})")
    run(f"CREATE POLICY st_insert ON {table} FOR INSERT TO {team} WITH CHECK ({write})")
    run(f"CREATE POLICY st_update ON {table} FOR UPDATE TO {team} USING ({read}) WITH CHECK ({write})")
