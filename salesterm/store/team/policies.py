"""Who sees which rows on a team server: one entry per table, the one map that schema.apply turns
into grants and row-level security policies, and that the audit triggers read to find a row's
customer.

A rep sees the customers they own (customer.rep_id) and every row that hangs off them; a manager
those of the reps under them (rep.manager_id, any depth) and their own; an admin everything.
Shared tables (reps, pitch scripts) are read by everyone and written by managers and admins
(a rep may update a few fields of their own rep row: cycle start, visits a day, phone).
"""
from __future__ import annotations

from dataclasses import dataclass

GROUPS = ("salesterm_rep", "salesterm_manager", "salesterm_admin")
REP, MANAGER, ADMIN = GROUPS
ROLES = {"rep": REP, "manager": MANAGER, "admin": ADMIN}

# the reps the current login may see (itself, plus its team for a manager): evaluated once a query
VISIBLE = "((SELECT salesterm_visible_reps(current_user::text))::text[])"


@dataclass(frozen=True)
class Rule:
    """How a table's rows belong to customers.

    kind: "customer" (the customer table itself), "column" (a customer id column), "parent"
    (through a parent row: PARENT's id in COLUMN), "rep" (owned by the rep in COLUMN),
    "note" (a customer's, or a rep's own when about no customer), "script_use" (its visit's, or
    the rep's own), "shared" (everyone reads), "merge" (either customer of a merge).
    writers: who may write (the others read only).
    audited: whether every change is recorded in audit_log.
    """

    kind: str
    column: str = "customer_id"
    parent: str = ""
    writers: tuple[str, ...] = GROUPS
    audited: bool = True


TABLES: dict[str, Rule] = {
    "customer": Rule("customer", column="id"),
    "contact": Rule("column"),
    "deal": Rule("column"),
    "deal_stage_change": Rule("parent", column="deal_id", parent="deal"),
    "visit": Rule("column"),
    "visit_correction": Rule("parent", column="visit_id", parent="visit"),
    "trade_line": Rule("column"),
    "receivable": Rule("column"),
    "payment": Rule("column"),
    "payment_allocation": Rule("parent", column="payment_id", parent="payment"),
    "promise": Rule("column"),
    "collection_attempt": Rule("column"),
    "collection_state": Rule("column", audited=False),  # derived summary, plus the assignment
    "customer_stats": Rule("column", audited=False),  # derived
    "search_visit": Rule("column", audited=False),  # derived: the search index's last-visit dates
    "customer_merge": Rule("merge", column="survivor_id"),
    "note": Rule("note"),
    "script_use": Rule("script_use", column="visit_id", parent="visit"),
    "handover_customer": Rule("column", writers=(MANAGER, ADMIN), audited=False),
    "handover": Rule("handover", writers=(MANAGER, ADMIN), audited=False),
    "target": Rule("rep", column="rep_id", writers=(MANAGER, ADMIN), audited=False),
    "weekly_note": Rule("rep", column="rep_id", audited=False),  # the rep's own weekly report sections
    "rep": Rule("shared", writers=(ADMIN,), audited=False),
    "script": Rule("shared", writers=(MANAGER, ADMIN), audited=False),
    "script_revision": Rule("shared", writers=(MANAGER, ADMIN), audited=False),
    # issue 14: the catalogue and the price system are the manager's (价格体系), read by everyone;
    # orders belong to their customer, their lines, deliveries and returns to the order
    "product": Rule("shared", writers=(MANAGER, ADMIN), audited=False),
    "price_list": Rule("shared", writers=(MANAGER, ADMIN), audited=False),
    "price_list_item": Rule("shared", writers=(MANAGER, ADMIN), audited=False),
    "promotion": Rule("shared", writers=(MANAGER, ADMIN), audited=False),
    "team_setting": Rule("shared", writers=(ADMIN,), audited=False),
    "customer_price": Rule("column", writers=(MANAGER, ADMIN)),
    "sales_order": Rule("column"),
    "order_line": Rule("parent", column="order_id", parent="sales_order"),
    "order_delivery": Rule("parent", column="order_id", parent="sales_order"),
    "order_return": Rule("parent", column="order_id", parent="sales_order"),
    "price_approval": Rule("parent", column="order_id", parent="sales_order", writers=(MANAGER, ADMIN)),
}

# bookkeeping every login needs: derived caches kept by triggers, the schema version, the logins
OPEN_TABLES = {
    "schema_version": ("SELECT",),
    "search_stamp": ("SELECT", "INSERT", "UPDATE"),
    "code_counter": ("SELECT", "INSERT", "UPDATE"),  # the last number each customer code pattern gave
    "team_login": ("SELECT",),
}

# the team sync's hub tables (store/sync): what a rep's or manager's login may do on each (admins
# everything); store/team/sync_policies adds the row-level security that limits the change log and
# the conflict records to the login's share. sync_login (who is in sync) is written only through
# salesterm_sync_report(); a replica's own tables (sync_site, sync_outbox) are nobody's business
# on the hub.
SYNC_TABLES = {
    "sync_hub": ("SELECT", "UPDATE"),  # the hub's clock, moved on by a push
    "sync_log": ("SELECT", "INSERT"),  # read: the login's share only (RLS)
    "sync_clock": ("SELECT", "INSERT", "UPDATE"),
    "sync_applied": ("SELECT", "INSERT"),
    "sync_conflict": ("SELECT", "INSERT", "UPDATE"),  # read and resolve: the login's share only (RLS)
    "sync_login": (),
    "sync_site": (),
    "sync_outbox": (),
}

# what a rep may change on their own rep row (plan --anchor/--cap, their phone)
REP_OWN_COLUMNS = ("phone", "cycle_anchor", "visits_per_day", "updated_at")

# values never written to the audit trail: time stamps and search keys derived from other fields
NOT_AUDITED_FIELDS = ("created_at", "updated_at", "name_norm", "phone_digits", "py_full", "py_initials")


def visible_rows(table: str, rule: Rule) -> str:
    """The SQL condition that says a row of TABLE is visible to the current (non-admin) login."""
    mine = f"= ANY {VISIBLE}"
    if rule.kind == "customer":
        return f"rep_id {mine}"
    if rule.kind == "column":
        return "customer_id IN (SELECT id FROM customer)"
    if rule.kind == "parent":
        return f"{rule.column} IN (SELECT id FROM {rule.parent})"
    if rule.kind == "merge":
        return "survivor_id IN (SELECT id FROM customer) OR loser_id IN (SELECT id FROM customer)"
    if rule.kind == "note":
        return f"(customer_id IS NULL AND rep_id {mine}) OR customer_id IN (SELECT id FROM customer)"
    if rule.kind == "script_use":
        return f"(visit_id IS NULL AND rep_id {mine}) OR visit_id IN (SELECT id FROM visit)"
    if rule.kind == "rep":
        return f"{rule.column} {mine}"
    if rule.kind == "handover":
        return f"from_rep_id {mine} OR to_rep_id {mine}"
    if rule.kind == "shared":
        return "true"
    raise ValueError(f"unknown rule kind {rule.kind!r} for {table}")


def writable_rows(table: str, rule: Rule) -> str:
    """The condition on rows a (non-admin) login may insert, change or delete, grants permitting:
    the rows it sees, except on the rep table where it is their own row (a manager: the team's)."""
    if table == "rep":
        return f"id = ANY {VISIBLE}"
    return visible_rows(table, rule)
