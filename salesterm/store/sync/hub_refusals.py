"""Why the hub refused a pushed op, in words the rep can act on (hub.push): a row of another
rep's customer, or a table this login only reads."""
from __future__ import annotations

import json

from salesterm.domain.sync_merge import Op


def not_yours(cur, op: Op) -> str:
    """The reason for an op on a row this login may not touch (a team server's row-level
    security hides it, or refuses the write): the customer it belongs to, when there is one."""
    cur.execute("SELECT to_regprocedure('salesterm_sync_owner(text,text,jsonb)') IS NOT NULL")
    if not cur.fetchone()[0]:
        return ""
    cur.execute("SELECT salesterm_sync_owner(%s, %s, %s::jsonb)",
                [op.tbl, op.row_id, json.dumps(op.fields, ensure_ascii=False)])
    row = cur.fetchone()
    if not row or not row[0]:
        return ""
    customer_id, label = row[0]
    cur.execute("SELECT 1 FROM customer WHERE id = %s", [customer_id])
    if cur.fetchone() is not None:
        return ""  # a customer this login sees: not a question of ownership
    return f"not yours: customer {label} belongs to another rep"


def read_only(op: Op) -> str:
    """The reason for a write to a table this login only reads (the catalogue and the price
    system are the manager's, 价格体系): who may write it (store/team/policies)."""
    from salesterm.store.team.policies import ADMIN, TABLES

    rule = TABLES.get(op.tbl)
    if rule is None or rule.writers == TABLES["customer"].writers:
        return ""
    who = "an admin" if rule.writers == (ADMIN,) else "a manager or an admin"
    return f"read only: {op.tbl} is changed by {who} on the team server"
