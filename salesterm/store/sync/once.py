"""Insert-only events that happen once (issue 12's domain rules, before the clock; the hub applies
them in a push, hub.py): a payment is reversed once.

Two laptops offline may each reverse the same payment: both reversals are new rows with their
own ids, and merging by id would keep both (the payment undone twice). The reversal that reaches
the hub first stands; a later one is kept as a row, cancelled (`deleted_at`, the hub's time) with
a conflict record on it (mine: the reversal as its author made it, live; theirs: cancelled, by
the author of the reversal that stands, at its time), listed by `salesterm conflicts` and the
conflicts screen. Its allocation rows are cancelled with it (`follow_payment`), and so is the
credit its laptop spread over what it reopened where that no longer fits on the hub, so balances,
aging and payment totals count the payment reversed once on every replica and on the hub, and
`check` is clean. Taking "mine" back is refused while the other reversal stands
(store/sync/conflicts.resolve).
"""
from __future__ import annotations

from salesterm import clock
from salesterm.domain.sync_merge import Conflict, Decision, Op
from salesterm.store.sync import redirect


def duplicate_reversal(cur, batch, op: Op, d: Decision) -> Conflict | None:
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
    _cancelled_for(batch)[d.apply.get("customer_id")] = stamp
    return Conflict("deleted_at", None, stamp, redirect.origin(cur, "payment", first), "theirs")


def standing_reversal(cur, payment_id: str, other_than: str) -> str | None:
    """The live reversal of PAYMENT_ID on the hub (the first one), other than OTHER_THAN."""
    cur.execute("SELECT id FROM payment WHERE reverses_id = %s AND deleted_at IS NULL AND id <> %s "
                "ORDER BY created_at, id LIMIT 1", [payment_id, other_than])
    row = cur.fetchone()
    return row[0] if row else None


def _cancelled_for(batch) -> dict:
    """Customer -> the time a duplicate reversal of theirs was cancelled in this push."""
    found = getattr(batch, "reversals_cancelled", None)
    if found is None:
        found = batch.reversals_cancelled = {}
    return found


def _payment(cur, batch, payment_id: str) -> dict:
    row = batch.rows.get(("payment", payment_id))
    if row is not None:
        return row
    seen = getattr(batch, "payments_read", None)
    if seen is None:
        seen = batch.payments_read = {}
    if payment_id not in seen:  # not in this batch (a push split between batches): read it once
        cur.execute("SELECT reverses_id, deleted_at, customer_id FROM payment WHERE id = %s", [payment_id])
        found = cur.fetchone()
        seen[payment_id] = dict(zip(("reverses_id", "deleted_at", "customer_id"), found, strict=True)) if found else {}
    return seen[payment_id]


def _fits(cur, payment_id: str, receivable_id: str, amount: int) -> bool:
    """Whether AMOUNT more allocated from the payment to the receivable fits both, on the hub now."""
    live = "COALESCE((SELECT SUM(amount) FROM payment_allocation WHERE {k} = %s AND deleted_at IS NULL), 0)"
    by_receivable, by_payment = live.format(k="receivable_id"), live.format(k="payment_id")
    cur.execute(f"SELECT (SELECT amount - written_off FROM receivable WHERE id = %s) - {by_receivable}, "
                f"(SELECT amount FROM payment WHERE id = %s) - {by_payment}",
                [receivable_id, receivable_id, payment_id, payment_id])
    room_r, room_p = cur.fetchone()
    return room_r is not None and room_p is not None and min(int(room_r), int(room_p)) >= amount


def follow_payment(cur, batch, op: Op, d: Decision) -> None:
    """An allocation row inserted for a reversal the hub holds cancelled (a duplicate) is
    cancelled with it, at the same time; so is one that spread the customer's credit over what the
    cancelled reversal had reopened on its laptop (`receivables._apply_credit`), when it no longer
    fits the receivable or the payment on the hub (the standing reversal's laptop spread it)."""
    pid = d.apply.get("payment_id") if op.tbl == "payment_allocation" and d.action == "insert" else None
    if not pid or d.apply.get("deleted_at") is not None:
        return
    payment = _payment(cur, batch, pid)
    if payment.get("reverses_id"):
        stamp = payment.get("deleted_at")
    else:
        stamp = _cancelled_for(batch).get(payment.get("customer_id"))
        amount = int(d.apply.get("amount") or 0)
        if stamp and (amount <= 0 or _fits(cur, pid, d.apply.get("receivable_id"), amount)):
            stamp = None
    if stamp is not None:
        d.apply["deleted_at"] = stamp if isinstance(stamp, str) else str(stamp)
