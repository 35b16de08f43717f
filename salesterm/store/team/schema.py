"""Set up a team server on PostgreSQL: group roles, grants, row-level security and the audit
triggers. `apply(db)` is idempotent (run by `salesterm server init` on every init or upgrade, after
the migrations); it needs a login that may create roles (a superuser, or CREATEROLE and the
tables' owner).

Every table that holds customer data gets FORCE ROW LEVEL SECURITY, so even its owner is held to
the policies (the owner is made a member of salesterm_admin, whose policy lets it see all).
"""
from __future__ import annotations

from salesterm.store.migrations import statements
from salesterm.store.team import policies, sync_policies
from salesterm.store.team.policies import ADMIN, GROUPS, MANAGER, REP, TABLES
from salesterm.store.transactions import retrying

_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION salesterm_visible_reps(who text) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH RECURSIVE me AS (
        SELECT rep_id, role FROM team_login WHERE login = who AND disabled_at IS NULL
    ), team(id) AS (
        SELECT rep_id FROM me
        UNION
        SELECT r.id FROM rep r JOIN team t ON r.manager_id = t.id
        WHERE EXISTS (SELECT 1 FROM me WHERE role IN ('manager', 'admin'))
    )
    SELECT coalesce(array_agg(id), '{{}}') FROM team
$$;

CREATE OR REPLACE FUNCTION salesterm_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN '{{}}'::jsonb ELSE to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN '{{}}'::jsonb ELSE to_jsonb(NEW) END;
    rec jsonb := CASE WHEN TG_OP = 'DELETE' THEN old_row ELSE new_row END;
    src text := coalesce(nullif(current_setting('salesterm.source', true), ''), 'app');
    cust text;
BEGIN
    IF TG_ARGV[0] = 'self' THEN
        cust := rec->>'id';
    ELSIF TG_ARGV[0] = 'column' THEN
        cust := rec->>TG_ARGV[1];
    ELSIF TG_ARGV[0] = 'parent' THEN
        EXECUTE format('SELECT customer_id FROM %I WHERE id = $1', TG_ARGV[2]) INTO cust USING rec->>TG_ARGV[1];
    END IF;
    IF TG_OP = 'UPDATE' THEN  -- one statement for the changed fields (a push updates rows set-wise)
        INSERT INTO audit_log (login, source, table_name, row_id, customer_id, action, field,
                               old_value, new_value)
        SELECT session_user, src, TG_TABLE_NAME, rec->>'id', cust, 'update', n.key, old_row->>n.key, new_row->>n.key
          FROM jsonb_each(new_row) n
         WHERE NOT n.key = ANY (ARRAY{list(policies.NOT_AUDITED_FIELDS)!r}::text[])
           AND n.value IS DISTINCT FROM old_row->n.key;
    ELSE
        INSERT INTO audit_log (login, source, table_name, row_id, customer_id, action, field,
                               old_value, new_value)
        VALUES (session_user, src, TG_TABLE_NAME, rec->>'id', cust, lower(TG_OP), NULL,
                CASE WHEN TG_OP = 'DELETE' THEN old_row::text END,
                CASE WHEN TG_OP = 'INSERT' THEN new_row::text END);
    END IF;
    RETURN NULL;
END
$$;
"""


def functions_sql() -> str:
    """The functions apply installs (the audit trigger's among them): part of the hub's fingerprint
    (store/sync/hub_upgrade), so an upgraded server gets a changed one without `server init`."""
    return _FUNCTIONS


def _run(db, sql: str, params=None) -> list:
    """One statement through the driver itself (no parameters: no %-placeholders parsed)."""
    cursor = db.cursor()
    cursor.execute(sql, params)
    return cursor.fetchall() if cursor.description else []


def _create_groups(db) -> None:
    for group in GROUPS:
        _run(db, f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN
                CREATE ROLE {group} NOLOGIN;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- another init made it
        END $$""")
    _run(db, f"""DO $$ BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
           AND NOT pg_has_role(current_user, '{ADMIN}', 'MEMBER') THEN
            EXECUTE format('GRANT {ADMIN} TO %I', current_user);
        END IF;
    END $$""")


def _existing(db) -> set[str]:
    return {r[0] for r in _run(db, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}


def _grant(db, table: str, rule: policies.Rule) -> None:
    _run(db, f"REVOKE ALL ON {table} FROM {', '.join(GROUPS)}")
    _run(db, f"GRANT SELECT ON {table} TO {', '.join(GROUPS)}")
    writers = ", ".join(rule.writers)
    _run(db, f"GRANT INSERT, UPDATE, DELETE ON {table} TO {writers}")
    if table == "rep":
        columns = ", ".join(policies.REP_OWN_COLUMNS)
        _run(db, f"GRANT UPDATE ({columns}) ON rep TO {REP}, {MANAGER}")


def _protect(db, table: str, rule: policies.Rule) -> None:
    _run(db, f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    _run(db, f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    for name in ("st_admin", "st_read", "st_insert", "st_update", "st_delete"):
        _run(db, f"DROP POLICY IF EXISTS {name} ON {table}")
    read = policies.visible_rows(table, rule)
    write = policies.writable_rows(table, rule)
    team = f"{REP}, {MANAGER}"
    _run(db, f"CREATE POLICY st_admin ON {table} TO {ADMIN} USING (true) WITH CHECK (true)")
    _run(db, f"CREATE POLICY st_read ON {table} FOR SELECT TO {team} USING ({read})")
    _run(db, f"CREATE POLICY st_insert ON {table} FOR INSERT TO {team} WITH CHECK ({write})")
    _run(db, f"CREATE POLICY st_update ON {table} FOR UPDATE TO {team} USING ({write}) WITH CHECK ({write})")
    _run(db, f"CREATE POLICY st_delete ON {table} FOR DELETE TO {team} USING ({write})")


def _audit_trigger(db, table: str, rule: policies.Rule) -> None:
    _run(db, f"DROP TRIGGER IF EXISTS salesterm_audit ON {table}")
    if not rule.audited:
        return
    if rule.kind == "customer":
        args = "'self'"
    elif rule.kind == "parent":
        args = f"'parent', '{rule.column}', '{rule.parent}'"
    elif rule.kind == "merge":
        args = "'column', 'survivor_id'"
    elif rule.kind == "script_use":
        args = "'parent', 'visit_id', 'visit'"
    else:
        args = "'column', 'customer_id'"
    _run(db, f"CREATE TRIGGER salesterm_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
             f"FOR EACH ROW EXECUTE FUNCTION salesterm_audit({args})")


def _protect_audit_log(db) -> None:
    """Everyone reads the entries of the customers they see; nobody but the owner writes them (the
    audit trigger runs as the owner): no INSERT, UPDATE or DELETE grant, and RLS besides."""
    _run(db, f"REVOKE ALL ON audit_log FROM {', '.join(GROUPS)}, PUBLIC")
    _run(db, f"GRANT SELECT ON audit_log TO {', '.join(GROUPS)}")
    _run(db, "ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY")
    for name in ("st_admin", "st_read"):
        _run(db, f"DROP POLICY IF EXISTS {name} ON audit_log")
    _run(db, f"CREATE POLICY st_admin ON audit_log FOR SELECT TO {ADMIN} USING (true)")
    _run(db, f"CREATE POLICY st_read ON audit_log FOR SELECT TO {REP}, {MANAGER} "
             "USING (customer_id IN (SELECT id FROM customer))")


@retrying  # autovacuum of a table it alters may deadlock with it: run again
def apply(db) -> None:
    """Roles, grants, RLS policies, the audit table's protection and triggers; idempotent."""
    with db.atomic():
        _create_groups(db)
        for statement in statements(_FUNCTIONS, "postgresql"):
            _run(db, statement)
        _run(db, "REVOKE ALL ON FUNCTION salesterm_visible_reps(text) FROM PUBLIC")
        _run(db, f"GRANT EXECUTE ON FUNCTION salesterm_visible_reps(text) TO {', '.join(GROUPS)}")
        _run(db, f"GRANT USAGE ON SCHEMA public TO {', '.join(GROUPS)}")
        existing = _existing(db)
        for table, rule in TABLES.items():
            if table not in existing:
                continue
            _grant(db, table, rule)
            _protect(db, table, rule)
            _audit_trigger(db, table, rule)
        for table, rights in policies.OPEN_TABLES.items():
            if table in existing:
                _run(db, f"GRANT {', '.join(rights)} ON {table} TO {', '.join(GROUPS)}")
        sync_policies.apply(lambda sql: _run(db, sql), existing)  # each login syncs its share
        _run(db, f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ADMIN}")
        _protect_audit_log(db)
