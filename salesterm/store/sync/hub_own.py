"""What the hub writes itself in a push (store/sync/hub.py), each logged as the hub's change so
every replica pulls it: conflict records, an edit of its own (a write-off giving way to money, an
allocation cut), the ledger kept within each customer after a push (once.reversals_astray,
once.allocations_astray) and the credit spread by the ledger's rule (once.spread_credit)."""
from __future__ import annotations

import json

from salesterm import clock
from salesterm.domain import hlc as hlc_mod
from salesterm.domain.sync_merge import Conflict, Decision, FieldClock, Op
from salesterm.store.models import new_id
from salesterm.store.sync import once, redirect, share_sql, write_offs
from salesterm.store.sync.hub_batch import Batch, flush, statements
from salesterm.store.sync.tables import CONFLICT_TABLE, canonical


def base_value(cur, op: Op, field: str):
    cur.execute("SELECT fields -> %s FROM sync_log WHERE tbl = %s AND row_id = %s AND seq <= %s AND fields ? %s "
                "ORDER BY seq DESC LIMIT 1", [field, op.tbl, op.row_id, op.base_seq, field])
    row = cur.fetchone()
    return row[0] if row else None


def conflict_row(cur, op: Op, c, kinds) -> dict:
    now = str(clock.now())
    k = kinds.get(op.tbl, {}).get(c.field, "")
    theirs = c.theirs_clock
    return {
        "id": new_id(), "created_at": now, "updated_at": now, "deleted_at": None,
        "tbl": op.tbl, "row_id": op.row_id, "field": c.field,
        "base": json.dumps(canonical(k, base_value(cur, op, c.field)), ensure_ascii=False),
        "mine": json.dumps(c.mine, ensure_ascii=False), "theirs": json.dumps(c.theirs, ensure_ascii=False),
        "mine_by": op.who or op.site, "theirs_by": (theirs.who or theirs.site) if theirs else "hub",
        "mine_at": hlc_mod.wall_iso(op.hlc), "theirs_at": hlc_mod.wall_iso(theirs.hlc if theirs else op.hlc),
        "kept": c.kept, "status": "open",
    }


def own_edit(cur, batch: Batch, edit: write_offs.Edit) -> None:
    """A change the hub makes itself (store/sync/write_offs: a write-off giving way to money, an
    allocation cut): written now, logged as the hub's update by the push's clock so every replica
    pulls it, the fields' clocks moved on, its conflict records written and logged."""
    op, fields = edit.op, edit.fields
    flush(batch)
    key = (op.tbl, op.row_id)
    batch.ensure(*key)
    for sql, params in statements(op, Decision("applied", dict(fields)), batch.kinds[op.tbl]):
        cur.execute(sql, params)
    row = batch.rows[key] = {**(batch.rows.get(key) or {}), **fields, "id": op.row_id}
    seq = batch.append(op, "update", fields)
    held = batch.clocks.setdefault(key, {})
    for f in fields:
        held[f] = FieldClock(op.hlc, op.site, op.who, seq)
        batch.clock_rows.append((op.tbl, op.row_id, f, op.hlc, op.site, op.who, seq))
    customer = share_sql.customer_in_row(op.tbl, op.row_id, row)
    for c in edit.conflicts:
        found = conflict_row(cur, edit.conflict_op, c, batch.kinds)
        cur.execute(f"INSERT INTO {CONFLICT_TABLE} ({', '.join(found)}) VALUES ({', '.join(['%s'] * len(found))})",
                    list(found.values()))
        batch.seq += 1
        batch.log.append((batch.seq, CONFLICT_TABLE, found["id"], "insert", json.dumps(found, ensure_ascii=False),
                          op.hlc, "hub", op.who, None, customer))
    receivable = op.row_id if op.tbl == write_offs.TABLE else row.get("receivable_id")
    if receivable:
        batch.receivables.add(receivable)
    if row.get("customer_id"):
        batch.customers.add(row["customer_id"])
        once.touch(batch, row["customer_id"])  # money cut is its payment's credit: spread after the push


def ledger_follows(cur, batch: Batch, last: Op, hold=frozenset(), release=frozenset()) -> None:
    """One file merged into two others on two laptops can leave the ledger across customers
    (store/sync/once): each reversal the push left under another customer than its payment's
    moves to the payment's customer (`reversals_astray`); then each allocation between a payment
    and a bill of different customers is cancelled, with a conflict record (mine: live, by its
    author), its money the payment's credit again, spread after the push (`allocations_astray`).
    Both are logged as the hub's changes, by the push's last clock. Customers in HOLD wait (their
    laptop's merge is half pushed: engine.push); those in RELEASE, held before, are due now."""
    flush(batch)
    for rid, cid in once.reversals_astray(cur, batch.customers | once.touched(batch) | set(release), hold):
        batch.ensure("payment", rid)
        left = (batch.rows.get(("payment", rid)) or {}).get("customer_id")
        fields = {"customer_id": cid}
        own_edit(cur, batch, write_offs.Edit(Op(None, "payment", rid, "update", fields, last.hlc, 0, "hub",
                                                 last.who), fields))
        if left:
            batch.customers.add(left)
            once.touch(batch, left)
    flush(batch)
    for aid in once.allocations_astray(cur, batch.customers | once.touched(batch) | set(release), hold):
        stamp = str(clock.now())
        fields = {"deleted_at": stamp, "updated_at": stamp}
        made = redirect.origin(cur, "payment_allocation", aid)
        author = Op(None, "payment_allocation", aid, "update", {}, made.hlc if made else last.hlc, 0,
                    made.site if made else "hub", made.who if made else last.who)
        hub_op = Op(None, "payment_allocation", aid, "update", fields, last.hlc, 0, "hub", last.who)
        cut = Conflict("deleted_at", None, stamp, FieldClock(last.hlc, "hub", "hub", 0), "theirs")  # the hub's rule
        own_edit(cur, batch, write_offs.Edit(hub_op, fields, [cut], author))
        _touch_allocation(cur, batch, aid)


def _touch_allocation(cur, batch: Batch, allocation_id: str) -> None:
    """The customers of an allocation's payment and receivable: summaries and credit to redo."""
    cur.execute("SELECT p.customer_id, r.customer_id FROM payment_allocation a JOIN payment p ON p.id = "
                "a.payment_id JOIN receivable r ON r.id = a.receivable_id WHERE a.id = %s", [allocation_id])
    for cid in cur.fetchone() or ():
        if cid:
            batch.customers.add(cid)
            once.touch(batch, cid)


def spread_credit(cur, batch: Batch, last: Op, hold=frozenset(), release=frozenset()) -> None:
    """The credit of every customer whose money the push moved (but those in HOLD; and those in
    RELEASE: see once.spread_credit), spread on the hub by the ledger's rule (what the hub cut
    included: store/sync/once); each new allocation logged as the hub's own insert, and the
    customers' summaries refreshed."""
    batch.customers |= once.touched(batch) | set(release)
    for row in once.spread_credit(cur, batch, hold, release):
        op = Op(None, "payment_allocation", row["id"], "insert", row, last.hlc, 0, "hub", last.who)
        fields = {k: v for k, v in row.items() if k != "id"}
        batch.rows[("payment_allocation", row["id"])] = row
        batch.append(op, "insert", fields)
        batch.receivables.add(row["receivable_id"])
