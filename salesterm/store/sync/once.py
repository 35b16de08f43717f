"""Insert-only events that happen once (issue 12's domain rules, before the clock; the hub applies
them in a push, hub.py): a payment is reversed once.

Two laptops offline may each reverse the same payment: both reversals are new rows with their
own ids, and merging by id would keep both (the payment undone twice). The reversal that reaches
the hub first stands; a later one is kept as a row, cancelled (`deleted_at`, the hub's time) with
a conflict record on it (mine: the reversal as its author made it, live; theirs: cancelled, by
the author of the reversal that stands, at its time), listed by `salesterm conflicts` and the
conflicts screen. Its allocation rows are cancelled with it (`follow_payment`), so balances,
aging and payment totals count the payment reversed once on every replica and on the hub, and
`check` is clean. Taking "mine" back is refused while the other reversal stands
(store/sync/conflicts.resolve).
"""
from __future__ import annotations

from salesterm import clock
from salesterm.domain.sync_merge import Conflict, Decision, Op
from salesterm.store.sync import redirect


def duplicate_reversal(cur, op: Op, d: Decision) -> Conflict | None:
    """OP inserts a reversal of a payment the hub holds a live reversal of: cancel it (in D) and
    return the conflict record saying so (None when OP is no such reversal)."""
    reverses = d.apply.get("reverses_id") if op.tbl == "payment" and d.action == "insert" else None
    if not reverses or d.apply.get("deleted_at") is not None:
        return None
    first = standing_reversal(cur, reverses, op.row_id)
    if first is None:
        return None
    stamp = str(clock.now())
    d.apply["deleted_at"] = stamp
    return Conflict("deleted_at", None, stamp, redirect.origin(cur, "payment", first), "theirs")


def standing_reversal(cur, payment_id: str, other_than: str) -> str | None:
    """The live reversal of PAYMENT_ID on the hub (the first one), other than OTHER_THAN."""
    cur.execute("SELECT id FROM payment WHERE reverses_id = %s AND deleted_at IS NULL AND id <> %s "
                "ORDER BY created_at, id LIMIT 1", [payment_id, other_than])
    row = cur.fetchone()
    return row[0] if row else None


def follow_payment(cur, batch, op: Op, d: Decision) -> None:
    """An allocation row inserted for a reversal the hub holds cancelled (a duplicate) is
    cancelled with it, at the same time."""
    pid = d.apply.get("payment_id") if op.tbl == "payment_allocation" and d.action == "insert" else None
    if not pid or d.apply.get("deleted_at") is not None:
        return
    payment = batch.rows.get(("payment", pid))
    if payment is None:  # not in this batch (a push split between batches): read it once
        cancelled = getattr(batch, "cancelled_reversals", None)
        if cancelled is None:
            cancelled = batch.cancelled_reversals = {}
        if pid not in cancelled:
            cur.execute("SELECT reverses_id, deleted_at FROM payment WHERE id = %s", [pid])
            row = cur.fetchone()
            cancelled[pid] = {"reverses_id": row[0], "deleted_at": row[1]} if row else {}
        payment = cancelled[pid]
    if payment.get("reverses_id") and payment.get("deleted_at") is not None:
        stamp = payment["deleted_at"]
        d.apply["deleted_at"] = stamp if isinstance(stamp, str) else str(stamp)
