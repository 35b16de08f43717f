"""An order's price is decided once (issue 12's domain rules, before the clock; applied by the
hub in a push, hub.py, like store/sync/once's reversed-once rule).

A manager's decision on an order's prices below the floor is insert-only: one `price_approval`
row per such line (store/orders/lifecycle.decide_price), and a decision is final. Two managers
(or one on two laptops) deciding the same order offline would each write their rows, and merging
by id would keep both (the order's state then the later row's, whoever decided first). The
decision that reaches the hub first stands; a row of another decision on the same order (another
manager, decision or note, or a second row for a line already decided) is kept, cancelled
(`deleted_at`, the hub's time), with a conflict record on it (mine: the row as its author made
it, live; theirs: cancelled, by the author of the decision that stands, at its clock), listed by
`salesterm conflicts` and the conflicts screen (F7). Every replica then reads the same decision
(store/orders/lifecycle.price_state counts live rows). Taking "mine" back is refused while the
other decision stands (store/sync/conflicts.resolve).
"""
from __future__ import annotations

from salesterm import clock
from salesterm.domain.sync_merge import Conflict, Decision, Op
from salesterm.store.sync import redirect

TABLE = "price_approval"
SAME_DECISION = ("rep_id", "decision", "note")  # the rows of one decide_price call share these


def duplicate_decision(cur, op: Op, d: Decision) -> Conflict | None:
    """OP inserts a price decision on an order the hub holds another live decision of: cancel it
    (in D) and return the conflict record saying so (None when it stands)."""
    if op.tbl != TABLE or d.action != "insert" or d.apply.get("deleted_at") is not None:
        return None
    first = standing(lambda sql, params: _rows(cur, sql, params), "%s", d.apply.get("order_id"), op.row_id, d.apply)
    if first is None:
        return None
    stamp = str(clock.now())
    d.apply["deleted_at"] = stamp
    return Conflict("deleted_at", None, stamp, redirect.origin(cur, TABLE, first), "theirs")


def _rows(cur, sql: str, params: list) -> list:
    cur.execute(sql, params)
    return cur.fetchall()


def standing(run, p: str, order_id: str | None, other_than: str, row: dict) -> str | None:
    """The first live decision row of ORDER_ID that ROW (OTHER_THAN's) does not belong with:
    another decision, or the same line decided already; None when ROW may stand. Written for both
    sides (the hub's push, a replica's refusal to take a cancelled decision back): RUN(sql,
    params) -> rows, P the driver's placeholder."""
    if not order_id:
        return None
    for rid, rep_id, decision, note, line in run(
            "SELECT id, rep_id, decision, note, order_line_id FROM price_approval "
            f"WHERE order_id = {p} AND deleted_at IS NULL AND id <> {p} ORDER BY created_at, id",
            [order_id, other_than]):
        theirs = {"rep_id": rep_id, "decision": decision, "note": note or ""}
        mine = {k: (row.get(k) or "") if k == "note" else row.get(k) for k in SAME_DECISION}
        if mine != theirs or (line is not None and line == row.get("order_line_id")):
            return rid
    return None
