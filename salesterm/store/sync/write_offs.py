"""Money received wins over a write-off (issue 12's domain rules, before the clock; applied by the
hub in a push, hub.py, beside store/sync/once's arbitration of allocations).

A receivable's own fields merge per field by the clock, and a write-off pushes `written_off` as
an absolute value (store/ledger/receivables.write_off). A rep who writes off what is open on one
laptop while another laptop, offline, took a payment for the same receivable would leave it
over-allocated on the hub (live allocations + written off > amount): `check` flags it on the hub
and on every replica, and the customer's balance goes negative. So the hub keeps a receivable's
live allocations plus its write-off within its amount, whichever change reaches it first:

- a receivable update that would over-allocate it (`cap`): `written_off` is cut to what is still
  open (amount - live allocations, never below 0); the value asked for is kept in a conflict
  record on (receivable, written_off) (mine: the write-off as asked, by its author; theirs: what
  the hub kept, by the author of the money that took the room), listed by `salesterm conflicts`
  and the conflicts screen;
- if that is not enough (the amount lowered below what is allocated, the receivable deleted,
  say by a conflict resolved that way: no path of the app lowers an amount or deletes a
  receivable) (`cuts`): the newest live allocations of payments not reversed are cut until what
  is left fits (on a deleted receivable every live allocation is cancelled, reversals' too, so
  their netting holds); their money is their payment's credit again, spread after the push by the
  ledger's rule (once.spread_credit);
- an allocation that reaches the hub after a write-off its author had not seen and does not fit
  beside (`give_way`, from once.follow_payment): the write-off is lowered by what the allocation
  needs (never below 0), with the same conflict record. Payments against payments stay once.follow_payment's rule (the
  allocation first on the hub keeps its room), so the two orders of reaching the hub end alike.

Two write-offs of one receivable on two laptops offline stay the clock's (the later one stands,
the other is kept in a conflict record): a write-off is a judgement of what will not be
collected, not money that moved, so two of them are two answers to one question, and adding
them up would write off more than either rep decided. The cap above still holds.

Every change the hub makes here is written and logged as the hub's own update (hub_own.own_edit), so
every replica pulls it and `check` is clean everywhere.
"""
from __future__ import annotations

from salesterm import clock
from salesterm.domain.sync_merge import Conflict, Decision, FieldClock, Op, concurrent
from salesterm.store.sync import redirect

TABLE = "receivable"
FIELD = "written_off"
OPEN_FIELDS = frozenset({"amount", FIELD, "deleted_at"})  # the fields that decide what is open


class Edit:
    """A change the hub makes to a row itself: OP (the hub's, by the push's clock) sets FIELDS;
    CONFLICTS are recorded on the row as CONFLICT_OP's (the author of the value given up)."""

    def __init__(self, op: Op, fields: dict, conflicts: list[Conflict] | None = None,
                 conflict_op: Op | None = None):
        self.op, self.fields = op, fields
        self.conflicts, self.conflict_op = conflicts or [], conflict_op or op


def _live(cur, receivable_id: str) -> int:
    cur.execute("SELECT COALESCE(SUM(amount), 0) FROM payment_allocation WHERE receivable_id = %s "
                "AND deleted_at IS NULL", [receivable_id])
    return int(cur.fetchone()[0])


def _money_clock(cur, receivable_id: str) -> FieldClock | None:
    """Who wrote the newest live allocation to the receivable (the money that took the room)."""
    cur.execute("SELECT id FROM payment_allocation WHERE receivable_id = %s AND deleted_at IS NULL AND amount > 0 "
                "ORDER BY created_at DESC, id DESC LIMIT 1", [receivable_id])
    row = cur.fetchone()
    return redirect.origin(cur, "payment_allocation", row[0]) if row else None


def touches_open(op: Op, d: Decision) -> bool:
    """Whether OP (decided as D) updates what is open on a receivable."""
    return op.tbl == TABLE and d.action == "update" and bool(OPEN_FIELDS & set(d.apply))


def cap(cur, op: Op, current: dict | None, d: Decision) -> None:
    """OP updates a receivable (decided as D over CURRENT, the hub's row): `written_off` is cut,
    in D, to what its live allocations leave open, the value asked for kept in a conflict."""
    if current is None or not touches_open(op, d):
        return
    row = {**current, **d.apply}
    if row.get("deleted_at") is not None:
        return  # nothing is open on a deleted receivable: `cuts` cancels its allocations
    asked = int(row.get(FIELD) or 0)
    room = max(0, int(row.get("amount") or 0) - _live(cur, op.row_id))
    if asked <= room:
        return
    d.apply[FIELD] = room
    d.conflicts.append(Conflict(FIELD, asked, room, _money_clock(cur, op.row_id), "theirs"))
    d.status = "conflict"


def cuts(cur, op: Op, row: dict) -> list[Edit]:
    """After OP updated a receivable to ROW (the hub's row): the allocation cuts that make its
    live allocations + written_off fit its amount (none when they fit), newest first, payments
    not reversed only; on a deleted receivable every live allocation is cancelled."""
    cur.execute("SELECT a.id, a.amount, (p.reverses_id IS NOT NULL OR EXISTS (SELECT 1 FROM payment v "
                "WHERE v.reverses_id = p.id AND v.deleted_at IS NULL)) FROM payment_allocation a "
                "JOIN payment p ON p.id = a.payment_id WHERE a.receivable_id = %s AND a.deleted_at IS NULL "
                "ORDER BY a.created_at DESC, a.id DESC", [op.row_id])
    allocations = [(aid, int(fen), bool(undone)) for aid, fen, undone in cur.fetchall()]
    stamp = str(clock.now())
    if row.get("deleted_at") is not None:
        return [_cut(op, aid, {"deleted_at": stamp, "updated_at": stamp}) for aid, _f, _u in allocations]
    over = sum(fen for _a, fen, _u in allocations) + int(row.get(FIELD) or 0) - int(row.get("amount") or 0)
    out = []
    for aid, fen, undone in allocations:
        if over <= 0:
            break
        if undone or fen <= 0:
            continue  # a reversed payment's allocations net to nothing here
        take = min(over, fen)
        out.append(_cut(op, aid, {"deleted_at": stamp} if take == fen else {"amount": fen - take}))
        out[-1].fields["updated_at"] = stamp
        over -= take
    return out


def _cut(op: Op, allocation_id: str, fields: dict) -> Edit:
    return Edit(Op(None, "payment_allocation", allocation_id, "update", fields, op.hlc, 0, "hub", op.who), fields)


def give_way(cur, batch, op: Op, receivable_id: str, need: int) -> int:
    """An allocation (OP) needs NEED fen more on the receivable than its write-off leaves open on
    the hub: a write-off its author had not seen (made on another laptop since OP's base) is
    lowered by up to NEED (a hub edit queued for hub.py, `take`, with a conflict record on
    written_off as its author asked it). Returns the fen freed."""
    if need <= 0:
        return 0
    cur.execute("SELECT written_off FROM receivable WHERE id = %s AND deleted_at IS NULL", [receivable_id])
    found = cur.fetchone()
    held = int(found[0]) if found else 0
    if held <= 0:
        return 0
    batch.ensure(TABLE, receivable_id)
    by = batch.clocks.get((TABLE, receivable_id), {}).get(FIELD)  # who wrote it off, and when
    if not concurrent(by, op):
        return 0  # the allocation's author knew of the write-off: payments against payments (once.py)
    freed, left = min(held, need), held - min(held, need)
    asker = Op(None, TABLE, receivable_id, "update", {}, by.hlc, by.seq - 1, by.site, by.who or by.site)
    theirs = FieldClock(op.hlc, op.site, op.who, 0)
    fields = {FIELD: left, "updated_at": str(clock.now())}
    hub_op = Op(None, TABLE, receivable_id, "update", fields, op.hlc, 0, "hub", op.who)
    _queue(batch).append(Edit(hub_op, fields, [Conflict(FIELD, held, left, theirs, "theirs")], asker))
    return freed


def _queue(batch) -> list:
    found = getattr(batch, "write_off_edits", None)
    if found is None:
        found = batch.write_off_edits = []
    return found


def take(batch) -> list[Edit]:
    """The hub edits `give_way` queued, once."""
    edits = _queue(batch)
    batch.write_off_edits = []
    return edits
