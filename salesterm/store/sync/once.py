"""Insert-only events that happen once (issue 12's domain rules, before the clock; the hub applies
them in a push, hub.py): a payment is reversed once.

Two laptops offline may each reverse the same payment: both reversals are new rows with their
own ids, and merging by id would keep both (the payment undone twice). The reversal that reaches
the hub first stands; a later one is kept as a row, cancelled (`deleted_at`, the hub's time) with
a conflict record on it (mine: the reversal as its author made it, live; theirs: cancelled, by
the author of the reversal that stands, at its time), listed by `salesterm conflicts` and the
conflicts screen. Its allocation rows are cancelled with it (`follow_payment`); the credit its
laptop spread over what it reopened keeps what still fits on the hub, and the rest is spread again
on the hub by the ledger's rule (oldest open lines first, `spread_credit`) or stays the customer's
credit, so balances, aging and payment totals count the payment reversed once on every replica and on the hub, and
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


def _room(cur, payment_id: str, receivable_id: str) -> int:
    """How much more may be allocated from the payment to the receivable on the hub now (what is
    left open on the receivable and unallocated of the payment, the smaller; 0 when either is gone)."""
    live = "COALESCE((SELECT SUM(amount) FROM payment_allocation WHERE {k} = %s AND deleted_at IS NULL), 0)"
    by_receivable, by_payment = live.format(k="receivable_id"), live.format(k="payment_id")
    cur.execute(f"SELECT (SELECT amount - written_off FROM receivable WHERE id = %s AND deleted_at IS NULL) "
                f"- {by_receivable}, (SELECT amount FROM payment WHERE id = %s) - {by_payment}",
                [receivable_id, receivable_id, payment_id, payment_id])
    room_r, room_p = cur.fetchone()
    return 0 if room_r is None or room_p is None else max(0, min(int(room_r), int(room_p)))


def _cancel_stamp(cur, batch, customer_id: str | None):
    """When the customer has a duplicate reversal cancelled (in this push or an earlier one: a push
    split between batches), the time it was cancelled; else None."""
    found = _cancelled_for(batch).get(customer_id)
    if found is not None or not customer_id:
        return found
    earlier = getattr(batch, "reversals_cancelled_before", None)
    if earlier is None:  # one read per push: duplicate reversals are rare
        cur.execute("SELECT customer_id, MAX(deleted_at) FROM payment WHERE reverses_id IS NOT NULL "
                    "AND deleted_at IS NOT NULL GROUP BY customer_id")
        earlier = batch.reversals_cancelled_before = {c: str(t) for c, t in cur.fetchall()}
    return earlier.get(customer_id)


def follow_payment(cur, batch, op: Op, d: Decision) -> None:
    """An allocation row inserted for a reversal the hub holds cancelled (a duplicate) is
    cancelled with it, at the same time. One that spread the customer's credit over what the
    cancelled reversal had reopened on its laptop (`receivables._apply_credit`) keeps what still
    fits the receivable and the payment on the hub (the standing reversal's laptop spread its own
    credit there); it is cancelled when nothing fits, and the rest is spread again on the hub by
    the ledger's rule after the push (`spread_credit`), or stays the customer's credit."""
    pid = d.apply.get("payment_id") if op.tbl == "payment_allocation" and d.action == "insert" else None
    if not pid or d.apply.get("deleted_at") is not None:
        return
    payment = _payment(cur, batch, pid)
    if payment.get("reverses_id"):
        stamp = payment.get("deleted_at")
        if stamp is not None:
            d.apply["deleted_at"] = stamp if isinstance(stamp, str) else str(stamp)
        return
    amount = int(d.apply.get("amount") or 0)
    stamp = _cancel_stamp(cur, batch, payment.get("customer_id")) if amount > 0 else None
    if stamp is None:
        return
    room = _room(cur, pid, d.apply.get("receivable_id"))
    if room >= amount:
        return
    _to_spread(batch).add(payment.get("customer_id"))
    if room > 0:
        d.apply["amount"] = room  # what fits stays where its laptop put it
    else:
        d.apply["deleted_at"] = stamp if isinstance(stamp, str) else str(stamp)


def _to_spread(batch) -> set:
    found = getattr(batch, "credit_to_spread", None)
    if found is None:
        found = batch.credit_to_spread = set()
    return found


def spread_credit(cur, batch) -> list[dict]:
    """After a push: the customers whose credit allocations `follow_payment` cut have their
    unallocated money spread over their open receivables on the hub, by the ledger's rule (payments
    oldest first, each over the receivables oldest due first: domain/collection.allocate); what
    fits nowhere stays their credit. The new allocation rows, written (the caller logs them)."""
    from salesterm.domain.collection import allocate
    from salesterm.store.models import new_id

    rows: list[dict] = []
    live = "COALESCE((SELECT SUM(a.amount) FROM payment_allocation a WHERE a.{k} = t.id AND a.deleted_at IS NULL), 0)"
    for cid in sorted(c for c in _to_spread(batch) if c):
        cur.execute(f"SELECT t.id, t.amount - t.written_off - {live.format(k='receivable_id')} FROM receivable t "
                    "WHERE t.customer_id = %s AND t.deleted_at IS NULL ORDER BY t.due, t.issued, t.number", [cid])
        open_items = [(rid, int(left)) for rid, left in cur.fetchall() if int(left) > 0]
        cur.execute(f"SELECT t.id, t.amount - {live.format(k='payment_id')} FROM payment t "
                    "WHERE t.customer_id = %s AND t.deleted_at IS NULL AND t.amount > 0 AND t.reverses_id IS NULL "
                    "AND NOT EXISTS (SELECT 1 FROM payment v WHERE v.reverses_id = t.id AND v.deleted_at IS NULL) "
                    "ORDER BY t.day, t.created_at, t.id", [cid])
        for pid, left in cur.fetchall():
            if int(left) <= 0 or not open_items:
                continue
            plan, _rest = allocate(int(left), open_items)
            taken = dict(plan)
            open_items = [(rid, fen - taken.get(rid, 0)) for rid, fen in open_items if fen - taken.get(rid, 0) > 0]
            for rid, fen in plan:
                now = str(clock.now())
                row = {"id": new_id(), "created_at": now, "updated_at": now, "deleted_at": None,
                       "payment_id": pid, "receivable_id": rid, "amount": fen}
                marks = ", ".join(["%s"] * len(row))
                cur.execute(f"INSERT INTO payment_allocation ({', '.join(row)}) VALUES ({marks})", list(row.values()))
                rows.append(row)
    batch.credit_to_spread = set()
    return rows
