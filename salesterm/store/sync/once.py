"""Insert-only events that happen once, and money allocated once (issue 12's domain rules,
before the clock; the hub applies them in a push, hub.py): a payment is reversed once, and the
hub is the arbiter of allocations.

Two laptops offline may each allocate the same credit, or settle the same receivable, or one may
take a payment (its money kept as credit) while another bills the customer. Merging by id would
leave a payment or a receivable over-allocated, or credit kept while the customer owes. So an
allocation that reaches the hub keeps what still fits there (the payment's unallocated money and
the receivable's open amount, as the hub holds them) and is cancelled when nothing fits
(`follow_payment`); after the push, every customer whose money the push moved has their credit
spread over their open receivables by the ledger's rule (`spread_credit`, domain/collection.spread),
the new allocation rows logged as the hub's inserts. The cut, the cancellation and the spread are
in the log like any change, so every replica pulls them and `check` is clean everywhere.

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
from salesterm.store.sync import redirect, write_offs


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


def _rooms(cur, payment_id: str, receivable_id: str) -> tuple[int | None, int | None]:
    """What is left open on the receivable and unallocated of the payment on the hub now (None
    when either is gone, or the payment is reversed there)."""
    live = "COALESCE((SELECT SUM(amount) FROM payment_allocation WHERE {k} = %s AND deleted_at IS NULL), 0)"
    by_receivable, by_payment = live.format(k="receivable_id"), live.format(k="payment_id")
    cur.execute(f"SELECT (SELECT amount - written_off FROM receivable WHERE id = %s AND deleted_at IS NULL) "
                f"- {by_receivable}, (SELECT amount FROM payment p WHERE id = %s AND NOT EXISTS (SELECT 1 "
                f"FROM payment v WHERE v.reverses_id = p.id AND v.deleted_at IS NULL)) - {by_payment}",
                [receivable_id, receivable_id, payment_id, payment_id])
    room_r, room_p = cur.fetchone()
    return (None if room_r is None else int(room_r)), (None if room_p is None else int(room_p))


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


def reversals_astray(cur, customers, hold=frozenset()) -> list[tuple[str, str]]:
    """A reversal belongs to the customer of the payment it reverses (the ledger's rule; `check`
    says so). One file merged into two others on two laptops can part them on the hub: the
    later merge wins and moves the payment, which its laptop knew, while a reversal made where
    that merge was unknown went with the first merge (the hub redirected it, or that laptop filed
    it under the first survivor). Of the reversals of CUSTOMERS' payments or under CUSTOMERS:
    (reversal id, the payment's customer) for each not under its payment's customer, but those
    of a customer in HOLD (a merge half pushed: engine.push)."""
    ids = sorted(c for c in customers if c)
    if not ids:
        return []
    astray = ("SELECT r.id, p.customer_id, r.customer_id FROM payment r JOIN payment p ON p.id = r.reverses_id "
              "WHERE r.customer_id IS DISTINCT FROM p.customer_id AND p.customer_id IS NOT NULL AND {}")
    # a union, one side per index (payment_customer_day, payment_reverses): an OR across the two
    # payments would read every reversal on the hub in each push batch
    cur.execute(f"{astray.format('r.customer_id = ANY(%s)')} UNION {astray.format('p.customer_id = ANY(%s)')} "
                "ORDER BY 1", [ids, ids])
    return [(rid, cid) for rid, cid, under in cur.fetchall() if cid not in hold and under not in hold]


def allocations_astray(cur, customers, hold=frozenset()) -> list[str]:
    """Money of one customer pays only that customer's bills (the ledger's rule; `check` says
    so). One file merged into two others on two laptops can part a payment from a bill it paid:
    the laptop of the merge that lost spread the file's credit over a bill it wrote for its own
    survivor, and the payment went on to the other survivor. The live allocations, of CUSTOMERS'
    payments or receivables, between a payment and a receivable of different customers, but those
    of a customer in HOLD (a merge half pushed: engine.push)."""
    ids = sorted(c for c in customers if c)
    if not ids:
        return []
    astray = ("SELECT a.id, p.customer_id, r.customer_id FROM payment_allocation a "
              "JOIN payment p ON p.id = a.payment_id "
              "JOIN receivable r ON r.id = a.receivable_id WHERE a.deleted_at IS NULL "
              "AND p.customer_id IS DISTINCT FROM r.customer_id AND {}")
    cur.execute(f"{astray.format('p.customer_id = ANY(%s)')} UNION {astray.format('r.customer_id = ANY(%s)')} "
                "ORDER BY 1", [ids, ids])  # a union, as in reversals_astray: each side by its index
    return [aid for aid, payer, billed in cur.fetchall() if payer not in hold and billed not in hold]


MONEY = ("payment", "receivable", "payment_allocation")  # a push's ops that may move a customer's credit


def touch(batch, customer_id: str | None) -> None:
    """The customer's money moved in this push (a payment, a receivable, an allocation, a merge
    into them): their credit is settled after it (`spread_credit`)."""
    if customer_id:
        _to_spread(batch).add(customer_id)


def follow_payment(cur, batch, op: Op, d: Decision) -> None:
    """The hub is the arbiter of allocations (two laptops offline may each allocate the same
    credit, or settle the same receivable): an allocation row inserted keeps what still fits on
    the hub, as the hub holds the payment and the receivable (`_rooms`), and is cancelled when
    nothing fits; the money cut stays its payment's credit, spread again after the push by the
    ledger's rule (`spread_credit`). So:
    - an allocation of a reversal the hub holds cancelled (a duplicate) is cancelled with it, at
      the same time; one of a reversal that stands undoes at most what its payment holds on that
      receivable on the hub (the rest is undone after the push: `_undo_rest`);
    - an allocation of a payment the hub holds reversed is cancelled (its money is undone);
    - any other allocation is cut to the smaller of the receivable's open amount and the
      payment's unallocated money on the hub (a duplicate reversal's credit spread on its laptop
      over what it had reopened is the case this was first written for); a write-off made on
      another laptop that the allocation's author had not seen gives way to it first (money
      received wins: store/sync/write_offs.give_way)."""
    pid = d.apply.get("payment_id") if op.tbl == "payment_allocation" and d.action == "insert" else None
    if not pid:
        return
    payment = _payment(cur, batch, pid)
    touch(batch, payment.get("customer_id"))  # (a cancelled one too: the spread a hold put off)
    if d.apply.get("deleted_at") is not None:
        return
    rid, amount = d.apply.get("receivable_id"), int(d.apply.get("amount") or 0)
    if payment.get("reverses_id"):
        stamp = payment.get("deleted_at")
        if stamp is not None:
            d.apply["deleted_at"] = stamp if isinstance(stamp, str) else str(stamp)
        elif amount < 0:
            _fit(cur, batch, d, payment, -amount, _undo_room(cur, payment["reverses_id"], pid, rid), -1)
        return
    if amount > 0:
        room_r, room_p = _rooms(cur, pid, rid)
        if room_r is None or room_p is None:
            _fit(cur, batch, d, payment, amount, 0, 1)
            _record_cut(d, amount, None)
            return
        # money received wins over a write-off made unseen on another laptop (store/sync/write_offs)
        room_r += write_offs.give_way(cur, batch, op, rid, min(amount, room_p) - max(room_r, 0))
        room = max(0, min(room_r, room_p))
        if room < amount:
            _fit(cur, batch, d, payment, amount, room, 1)
            if room + _held(cur, pid, rid, op.row_id) < amount:  # (not: the hub spread it there first)
                by = ("receivable_id", rid) if room_r <= room_p else ("payment_id", pid)
                _record_cut(d, amount, _taker(cur, *by, op.row_id))


def _fit(cur, batch, d: Decision, payment: dict, amount: int, room: int, sign: int) -> None:
    """Cut the allocation D inserts (AMOUNT fen, signed by SIGN) to ROOM, or cancel it."""
    if room >= amount:
        return
    if room > 0:
        d.apply["amount"] = sign * room  # what fits stays where its laptop put it
        return
    stamp = _cancel_stamp(cur, batch, payment.get("customer_id")) or clock.now()
    d.apply["deleted_at"] = stamp if isinstance(stamp, str) else str(stamp)


def _record_cut(d: Decision, asked: int, taker) -> None:
    """The money a rep allocated and the hub cut (D, by _fit) is kept in a conflict record on the
    allocation: on `amount` (mine: ASKED, theirs: what fits) or, cancelled, on `deleted_at` (mine:
    live). TAKER: the clock of the allocation that took the room (the hub's when unknown). Taking
    mine back is refused while it would not fit (store/sync/conflicts.resolve)."""
    if "deleted_at" in d.apply and d.apply["deleted_at"] is not None:
        d.conflicts.append(Conflict("deleted_at", None, d.apply["deleted_at"], taker, "theirs"))
    else:
        d.conflicts.append(Conflict("amount", asked, d.apply["amount"], taker, "theirs"))
    d.status = "conflict"


def _held(cur, payment_id: str, receivable_id: str, other_than: str) -> int:
    """What the payment holds on the receivable on the hub in live allocations other than
    OTHER_THAN (the hub's spread of its credit may have allocated it there before the laptop's
    own allocation reached the hub: then nothing the laptop asked for was lost)."""
    cur.execute("SELECT COALESCE(SUM(amount), 0) FROM payment_allocation WHERE payment_id = %s "
                "AND receivable_id = %s AND deleted_at IS NULL AND id <> %s", [payment_id, receivable_id, other_than])
    return int(cur.fetchone()[0])


def _taker(cur, column: str, value: str, other_than: str):
    """Who wrote the newest live allocation of the receivable or payment (COLUMN = VALUE) other
    than OTHER_THAN: what took the room a cut allocation asked for (None when pruned or none)."""
    cur.execute(f"SELECT id FROM payment_allocation WHERE {column} = %s AND deleted_at IS NULL AND id <> %s "
                f"AND amount > 0 ORDER BY created_at DESC, id DESC LIMIT 1", [value, other_than])
    row = cur.fetchone()
    found = redirect.origin(cur, "payment_allocation", row[0]) if row else None
    if found is not None and found.site == "hub":  # the hub's spread of a credit, in someone's push
        return found._replace(who="hub")
    return found


def _undo_room(cur, payment_id: str, reversal_id: str, receivable_id: str) -> int:
    """How much more the reversal may undo on the receivable: what its payment still holds there
    on the hub, net of what the reversal undid already."""
    cur.execute("SELECT COALESCE(SUM(amount), 0) FROM payment_allocation WHERE receivable_id = %s "
                "AND deleted_at IS NULL AND payment_id IN (%s, %s)", [receivable_id, payment_id, reversal_id])
    return max(0, int(cur.fetchone()[0]))


def touched(batch) -> set[str]:
    """The customers whose money this push moved so far."""
    return {c for c in _to_spread(batch) if c}


def _to_spread(batch) -> set:
    found = getattr(batch, "credit_to_spread", None)
    if found is None:
        found = batch.credit_to_spread = set()
    return found


_LIVE = "COALESCE((SELECT SUM(a.amount) FROM payment_allocation a WHERE a.{k} = t.id AND a.deleted_at IS NULL), 0)"


def spread_credit(cur, batch, hold=frozenset(), release=frozenset()) -> list[dict]:
    """After a push, for every customer whose money it moved (`touch`), in id order, but those
    in HOLD (their laptop still has allocations of theirs to push: it decided where their money
    goes, and a later batch brings that; a spread now would take the room first and the laptop's
    own allocations would be cut, the rep's choice of bills rewritten; the batch that brings them
    touches the customer again, and RELEASE names those a hold put off that are due now):
    - a reversal undoes on the hub what its payment holds there (`_undo_rest`: an allocation the
      hub made for the payment, or another laptop's, that the reversal's laptop never saw);
    - their unallocated money is spread over their open receivables by the ledger's rule
      (domain/collection.spread: payments oldest first, each over the receivables oldest due
      first); what fits nowhere stays their credit.
    The new allocation rows, written (the caller logs them as the hub's inserts). Idempotent:
    once settled, a customer's credit and open receivables are never both left, so running it
    again writes nothing."""
    from salesterm.domain.collection import CREDIT_ORDER, RECEIVABLE_ORDER, spread

    rows: list[dict] = []
    customers = sorted((touched(batch) | set(release)) - set(hold))
    batch.credit_to_spread = set()
    if not customers:
        return rows
    rows += [_insert_allocation(cur, vid, rid, fen) for vid, rid, fen in _undo_rest(cur, customers)]
    open_items: dict[str, list] = {}
    cur.execute(f"SELECT t.customer_id, t.id, t.amount - t.written_off - {_LIVE.format(k='receivable_id')} "
                "FROM receivable t WHERE t.customer_id = ANY(%s) AND t.deleted_at IS NULL "
                f"ORDER BY {', '.join('t.' + f for f in RECEIVABLE_ORDER)}", [customers])
    for cid, rid, left in cur.fetchall():
        open_items.setdefault(cid, []).append((rid, int(left)))
    credits: dict[str, list] = {}
    cur.execute(f"SELECT t.customer_id, t.id, t.amount - {_LIVE.format(k='payment_id')} FROM payment t "
                "WHERE t.customer_id = ANY(%s) AND t.deleted_at IS NULL AND t.amount > 0 AND t.reverses_id IS NULL "
                "AND NOT EXISTS (SELECT 1 FROM payment v WHERE v.reverses_id = t.id AND v.deleted_at IS NULL) "
                f"ORDER BY {', '.join('t.' + f for f in CREDIT_ORDER)}", [customers])
    for cid, pid, left in cur.fetchall():
        credits.setdefault(cid, []).append((pid, int(left)))
    for cid in customers:
        if cid in credits and cid in open_items:
            rows += [_insert_allocation(cur, pid, rid, fen) for pid, rid, fen in spread(credits[cid], open_items[cid])]
    return rows


def _undo_rest(cur, customers: list[str]) -> list[tuple[str, str, int]]:
    """(reversal, receivable, -fen) for what the CUSTOMERS' reversals leave undone on the hub:
    their payment's allocations net of theirs, per receivable (an allocation of the payment the
    reversal's laptop never saw). Written before the spread, which may fill what they reopen."""
    cur.execute("SELECT v.id, a.receivable_id, SUM(a.amount) FROM payment v JOIN payment_allocation a "
                "ON a.deleted_at IS NULL AND (a.payment_id = v.id OR a.payment_id = v.reverses_id) "
                "WHERE v.customer_id = ANY(%s) AND v.reverses_id IS NOT NULL AND v.deleted_at IS NULL "
                "GROUP BY v.id, a.receivable_id HAVING SUM(a.amount) > 0 ORDER BY v.id, a.receivable_id",
                [customers])
    return [(vid, rid, -int(net)) for vid, rid, net in cur.fetchall()]


def _insert_allocation(cur, payment_id: str, receivable_id: str, fen: int) -> dict:
    from salesterm.store.models import new_id

    now = str(clock.now())
    row = {"id": new_id(), "created_at": now, "updated_at": now, "deleted_at": None,
           "payment_id": payment_id, "receivable_id": receivable_id, "amount": fen}
    marks = ", ".join(["%s"] * len(row))
    cur.execute(f"INSERT INTO payment_allocation ({', '.join(row)}) VALUES ({marks})", list(row.values()))
    return row
