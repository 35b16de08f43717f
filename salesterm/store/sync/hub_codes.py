"""A pushed new customer whose code another customer already holds on the hub (two laptops
offline handed out the same next code): it gets the code with -2, -3 ... appended (hub.push)."""
from __future__ import annotations

from salesterm.domain.sync_merge import Conflict, Decision, Op


def code_taken(cur, code: str, row_id: str) -> bool:
    """Whether another customer holds CODE on the hub, including those this login may not see."""
    cur.execute("SELECT to_regprocedure('salesterm_sync_code_taken(text,text)') IS NOT NULL")
    if cur.fetchone()[0]:
        cur.execute("SELECT salesterm_sync_code_taken(%s, %s)", [code, row_id])
    else:
        cur.execute("SELECT EXISTS (SELECT 1 FROM customer WHERE code = %s AND id <> %s)", [code, row_id])
    return bool(cur.fetchone()[0])


def free_code(cur, batch, op: Op, d: Decision) -> None:
    """A new customer whose code another customer already has on the hub (two laptops offline
    handed out the same next code): it gets the code with -2, -3 ... appended, and a conflict
    record on `code` says so (mine: the laptop's code, theirs: the hub's)."""
    code = d.apply.get("code") if d.action == "insert" and op.tbl == "customer" else None
    if not code:
        return
    if batch.writes is not None and batch.writes.touches("customer", "code"):
        batch.writes.flush()
    if not code_taken(cur, code, op.row_id):
        return
    n = 2
    while True:
        candidate = f"{code}-{n}"
        if not code_taken(cur, candidate, op.row_id):
            break
        n += 1
    d.apply["code"] = candidate
    d.conflicts.append(Conflict("code", code, candidate, None, "theirs"))
    d.status = "conflict"
