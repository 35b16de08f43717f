"""What syncs: tables, columns, and the rules the merge applies to them.

Every domain table of models.ALL_MODELS syncs, plus the conflict records, except the derived
summaries (customer_stats, collection_state), which each side recomputes; the search index's
bookkeeping and full-text tables are not domain models and never sync either.
"""
from __future__ import annotations

import re
from datetime import datetime

from salesterm.store.models import ALL_MODELS

DERIVED_TABLES = frozenset({"customer_stats", "collection_state"})
# derived columns: recomputed on each side, never captured
DERIVED_COLUMNS = {"receivable": ("paid",)}
# insert-only tables: rows merge by id; their few later updates (a merge moving them, a soft delete)
# take the later clock and never make a conflict record
INSERT_ONLY = frozenset({
    "payment", "payment_allocation", "deal_stage_change", "collection_attempt", "script_use",
    "note_comment", "customer_merge", "visit_correction",
    "order_line", "order_delivery", "order_return", "price_approval",  # 0018: orders
    "sync_conflict",  # two people resolving one conflict at once: the later resolution stands
})
# fields that follow another field of the same write (keys of a name, a stamp): the later clock,
# and no conflict record of their own
FOLLOWERS = frozenset({"updated_at", "created_at", "name_norm", "py_full", "py_initials", "phone_digits"})
# fields that follow a history (domain/stage_history: a deal's stage follows its stage changes):
# recomputed on each side after a push or a pulled page, never a conflict record
HISTORY_FIELDS = {"deal": frozenset({"stage", "stage_since", "status", "lost_reason"})}
CONFLICT_TABLE = "sync_conflict"


def synced_tables() -> list[str]:
    """In parent-before-child order (the order of ALL_MODELS), conflicts last."""
    names = [m._meta.table_name for m in ALL_MODELS]
    return [n for n in names if n not in DERIVED_TABLES] + [CONFLICT_TABLE]


def self_reference(table: str) -> str | None:
    """The column by which TABLE's rows name another of its rows (a rep's manager, a customer
    merged into another, a payment's reversal of another), or None."""
    for model in ALL_MODELS:
        if model._meta.table_name == table:
            for f in model._meta.refs:
                if f.rel_model is model:
                    return f.column_name
    return None


def parents_first(table: str, alias: str) -> tuple[str, str, str]:
    """(WITH clause, JOIN, ORDER BY prefix) that put every row of TABLE after the row it names
    (`self_reference`), then in creation order: a backfill entering a whole table in the log or the
    outbox is applied page by page, and a page's foreign keys are checked at its commit (a
    reversal stamped earlier than its payment came first and failed its page). Empty strings for
    a table that names none of its own rows."""
    column = self_reference(table)
    if column is None:
        return "", "", ""
    q = f'"{table}"'
    cte = (f"WITH RECURSIVE depth(id, n) AS (SELECT id, 0 FROM {q} WHERE {column} IS NULL "
           f"UNION ALL SELECT c.id, depth.n + 1 FROM {q} c JOIN depth ON c.{column} = depth.id "
           f"WHERE depth.n < 64) ")
    return cte, f" LEFT JOIN depth ON depth.id = {alias}.id", "COALESCE(depth.n, 0), "


_REVERSALS = "SELECT id FROM payment WHERE reverses_id IS NOT NULL"


def backfill_order() -> list[tuple[str, str]]:
    """(table, SQL condition on its rows as `t`) in the order a laptop's first push sends what it
    held before it joined: the tables parents first, except that a payment's allocations come
    before the reversal that undoes them and the reversal's own (undoing) allocations after it,
    the order they were written in. The hub then takes them as they were made (sent a reversal
    first, it cancelled the payment's allocations that followed, with a record, though nothing
    was lost)."""
    out: list[tuple[str, str]] = []
    for table in synced_tables():
        if table == "payment":
            out.append((table, "t.reverses_id IS NULL"))
        elif table == "payment_allocation":
            out += [(table, f"t.payment_id NOT IN ({_REVERSALS})"), ("payment", "t.reverses_id IS NOT NULL"),
                    (table, f"t.payment_id IN ({_REVERSALS})")]
        else:
            out.append((table, "1"))
    return out


def excluded(table: str) -> tuple[str, ...]:
    return DERIVED_COLUMNS.get(table, ())


def kind_of(declared_type: str) -> str:
    """'ts', 'bool' or '' for a column's declared (SQLite) or data (PostgreSQL) type."""
    t = (declared_type or "").lower()
    if "timestamp" in t or "datetime" in t:
        return "ts"
    if "bool" in t:
        return "bool"
    return ""


# a time stamp as both sides write it, whose canonical form only loses the 'T' (no datetime parse:
# a first sync canonicalises hundreds of thousands); its fields are not range-checked
_PLAIN_TS = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{6})?", re.ASCII)


def canonical(kind: str, value):
    """One form of a value whichever side wrote it: booleans as bool, time stamps as
    'YYYY-MM-DD HH:MM:SS[.ffffff]' (PostgreSQL's JSON writes a 'T' and trims the fraction)."""
    if value is None:
        return None
    if kind == "bool":
        return bool(value) if not isinstance(value, str) else value.lower() in ("1", "true", "t")
    if kind == "ts" and isinstance(value, str):
        if _PLAIN_TS.fullmatch(value) and not value.endswith(".000000"):
            return value if value[10] == " " else f"{value[:10]} {value[11:]}"
        try:
            return str(datetime.fromisoformat(value.replace("T", " ")).replace(tzinfo=None))
        except ValueError:
            return value
    return value


def for_sqlite(kind: str, value):
    value = canonical(kind, value)
    return int(value) if kind == "bool" and value is not None else value
