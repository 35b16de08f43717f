"""The hub's SQL for sync by share (migration 0015): which customer each change log entry belongs
to, the log's last number whatever the login may read, the reason a push is refused on a row of
another rep, and who is in sync.

- `salesterm_sync_customer_of(tbl, row_id, fields)`: the customer of a row, from
  store/team/policies.TABLES (the one map): the customer itself, its `customer_id`, its parent's
  (a deal, a payment, a visit), a merge's survivor; NULL for shared and rep-owned rows. It reads
  the entry's fields first, else the row as it is now, else the row's last entry in the log (a
  deleted row). A conflict record belongs to the customer of the row it is about.
- A BEFORE INSERT trigger on sync_log fills `customer_id` for every writer (the capture trigger,
  a push, the backfill); `install` fills the entries written before the column existed.
- `salesterm_sync_last_seq()`: max(seq) over the whole log (a push numbers after it; a rep's own
  SELECT sees only their share, see store/team/sync_policies).
- `salesterm_sync_owner(tbl, row_id, fields)`: the customer (id, `name (code)`) a refused op is about.
- `salesterm_sync_code_taken(code, id)`: whether another customer holds a code, among all the
  team's customers (a pushed new customer gets `-2` ... when so: store/sync/hub_codes.free_code).
- `salesterm_sync_report(site, pushed, conflicts, version)`: a laptop's last sync, recorded under
  the session's login in sync_login (nobody but the owner writes that table).
All SECURITY DEFINER: they run as the server's owner, which sees every row.
"""
from __future__ import annotations

import functools

from salesterm.store.sync.tables import synced_tables
from salesterm.store.team.policies import TABLES


@functools.cache
def key_columns() -> dict[str, tuple[str, str]]:
    """table -> (column naming the customer or the parent, parent table or '') for the synced
    tables whose rows belong to a customer."""
    out: dict[str, tuple[str, str]] = {}
    for table, rule in TABLES.items():
        if table not in synced_tables() or table == "customer":
            continue
        if rule.kind in ("column", "note"):
            out[table] = ("customer_id", "")
        elif rule.kind in ("parent", "script_use"):
            out[table] = (rule.column, rule.parent)
        elif rule.kind == "merge":
            out[table] = ("survivor_id", "")
    return out


def customer_in_row(table: str, row_id: str, row: dict) -> str | None:
    """The customer of a row a push writes, when the row itself names it (the log's trigger works
    out the others: a parent's customer, a row that names none)."""
    if table == "customer":
        return row_id
    column, parent = key_columns().get(table, ("", ""))
    return row.get(column) if column and not parent else None


def customer_bound_tables() -> list[str]:
    return ["customer", "sync_conflict", *key_columns()]


def _case(pick: int) -> str:
    whens = " ".join(f"WHEN '{t}' THEN '{v[pick]}'" for t, v in key_columns().items() if v[pick])
    return f"CASE p_tbl {whens} ELSE NULL END"


def functions() -> list[str]:
    return [f"""
CREATE OR REPLACE FUNCTION salesterm_sync_customer_of(p_tbl text, p_row text, p_fields jsonb) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    r jsonb := p_fields; k text := {_case(0)}; par text := {_case(1)}; c text;
BEGIN
    IF p_tbl = 'customer' THEN
        RETURN p_row;
    END IF;
    IF p_tbl = 'sync_conflict' THEN
        IF p_fields ? 'tbl' THEN
            RETURN salesterm_sync_customer_of(p_fields->>'tbl', p_fields->>'row_id', '{{}}'::jsonb);
        END IF;
    ELSIF k IS NULL THEN
        RETURN NULL;  -- a shared or rep-owned table
    ELSE
        IF r IS NULL OR NOT (r ? k) THEN
            EXECUTE format('SELECT to_jsonb(t) FROM %I t WHERE id = $1', p_tbl) INTO r USING p_row;
        END IF;
        IF r IS NOT NULL AND r ? k THEN
            IF r->>k IS NULL OR par IS NULL THEN
                RETURN r->>k;
            END IF;
            EXECUTE format('SELECT customer_id FROM %I WHERE id = $1', par) INTO c USING r->>k;
            IF c IS NOT NULL THEN
                RETURN c;
            END IF;
        END IF;
    END IF;
    SELECT l.customer_id INTO c FROM sync_log l
     WHERE l.tbl = p_tbl AND l.row_id = p_row AND l.customer_id IS NOT NULL ORDER BY l.seq DESC LIMIT 1;
    RETURN c;
END $$""", """
CREATE OR REPLACE FUNCTION salesterm_sync_log_customer() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.customer_id IS NULL THEN
        NEW.customer_id := salesterm_sync_customer_of(NEW.tbl, NEW.row_id, NEW.fields);
    END IF;
    RETURN NEW;
END $$""", """
CREATE OR REPLACE FUNCTION salesterm_sync_last_seq() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT coalesce(max(seq), 0) FROM sync_log
$$""", """
CREATE OR REPLACE FUNCTION salesterm_sync_owner(p_tbl text, p_row text, p_fields jsonb) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT ARRAY[c.id, c.name || CASE WHEN coalesce(c.code, '') <> '' THEN ' (' || c.code || ')' ELSE '' END]
      FROM customer c WHERE c.id = salesterm_sync_customer_of(p_tbl, p_row, p_fields)
$$""", """
CREATE OR REPLACE FUNCTION salesterm_sync_code_taken(p_code text, p_id text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT EXISTS (SELECT 1 FROM customer WHERE code = p_code AND id <> p_id)
$$""", """
CREATE OR REPLACE FUNCTION salesterm_sync_report(p_site text, p_pushed integer, p_conflicts integer,
                                                 p_version text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    INSERT INTO sync_login (login, site, last_sync_at, last_push_at, pushed, last_pushed, conflicts, version)
    VALUES (session_user, p_site, now(), CASE WHEN p_pushed > 0 THEN now() END, p_pushed, p_pushed,
            p_conflicts, p_version)
    ON CONFLICT (login, site) DO UPDATE SET
        last_sync_at = now(),
        last_push_at = CASE WHEN p_pushed > 0 THEN now() ELSE sync_login.last_push_at END,
        pushed = sync_login.pushed + p_pushed, last_pushed = p_pushed,
        conflicts = p_conflicts, version = p_version
$$"""]


def install(cur) -> None:
    """The functions, the trigger on sync_log, and the customer of entries written before it."""
    for sql in functions():
        cur.execute(sql)
    cur.execute("DROP TRIGGER IF EXISTS salesterm_sync_customer ON sync_log")
    cur.execute("CREATE TRIGGER salesterm_sync_customer BEFORE INSERT ON sync_log "
                "FOR EACH ROW EXECUTE FUNCTION salesterm_sync_log_customer()")
    cur.execute("UPDATE sync_log SET customer_id = salesterm_sync_customer_of(tbl, row_id, fields) "
                "WHERE customer_id IS NULL AND tbl = ANY(%s)", [customer_bound_tables()])
