"""A customer merged on one laptop redirects what other laptops wrote to the merged-away file
without knowing of the merge (issue 12's domain rule; the hub applies it in a push, hub.py).

"Without knowing" is the merge's clock: the loser's `merged_into_id` was set at a server
sequence above the op's base (and by another site), as for any concurrent change.

- A new or moved child row (a visit, a payment, a deal ...) naming the loser is written to the
  survivor instead (`survivor`), following a chain of merges; the log carries the survivor, so
  the laptop that wrote the row pulls it re-pointed.
- An edit of the loser's own fields is applied to the loser as it was (an archived file keeps
  what was typed into it) and, for every field but the file's identity (name, code, phone, ...),
  to the survivor as an edit of its own (`survivor_edit`), merged field by field like any edit:
  a field the merge itself changed on the survivor makes an ordinary conflict record. The
  deletion of the loser by the merge is then no conflict (`drop_deleted_conflict`).
- When the merge reaches the hub after other laptops' rows for the loser (`repoint`), those rows
  are moved to the survivor there and then, each move logged, so every laptop moves them too.
"""
from __future__ import annotations

from salesterm.domain.sync_merge import Conflict, FieldClock, Op, concurrent

MERGED = "merged_into_id"
# the merged-away file's identity: an edit of these stays on it (it keeps its name, code and
# phone for the search), never on the survivor
IDENTITY = frozenset({"id", "code", "name", "name_norm", "py_full", "py_initials", "phone", "phone_digits",
                      MERGED, "deleted_at", "created_at", "updated_at"})
NO_REDIRECT = frozenset({"customer", "customer_merge", "sync_conflict"})
MAX_HOPS = 20


def _merge_clock(cur, batch, customer_id: str) -> FieldClock | None:
    mine = batch.clocks.get(("customer", customer_id), {}).get(MERGED)
    if mine is not None:
        return mine
    cur.execute("SELECT hlc, site, who, seq FROM sync_clock WHERE tbl = 'customer' AND row_id = %s AND field = %s",
                [customer_id, MERGED])
    row = cur.fetchone()
    return FieldClock(row[0], row[1], row[2], int(row[3])) if row else None


def _merged_into(cur, batch, customer_id: str) -> str | None:
    """The customer's merged_into_id on the hub as the batch leaves it (read once per batch)."""
    if customer_id not in batch.merged:
        cur.execute("SELECT merged_into_id FROM customer WHERE id = %s", [customer_id])
        row = cur.fetchone()
        batch.merged[customer_id] = row[0] if row else None
    return batch.merged[customer_id]


def survivor(cur, batch, op: Op, customer_id: str | None) -> str | None:
    """Where the customer CUSTOMER_ID went when it was merged without OP's author knowing (None:
    it was not): the end of the chain of merges from there. Only the first merge is asked whether
    the author knew of it (writing to a file one knows was merged away is an unmerge's move);
    past it the row follows every merge, known or not: a laptop that merged B into C itself and
    then wrote to A, merged into B elsewhere, meant no archived file (found by the state machine:
    crossing merges of three files on two laptops left deals on a merged-away customer)."""
    if not customer_id:
        return None
    into = _merged_into(cur, batch, customer_id)
    if not into or not concurrent(_merge_clock(cur, batch, customer_id), op):
        return None
    return final(cur, batch, into)


def final(cur, batch, customer_id: str) -> str:
    """The customer CUSTOMER_ID is now, following every merge on the hub (a chain of them)."""
    seen = {customer_id}
    while len(seen) < MAX_HOPS:
        into = _merged_into(cur, batch, customer_id)
        if not into or into in seen:
            return customer_id
        seen.add(into)
        customer_id = into
    return customer_id


def merge_target(cur, batch, op: Op, current: dict | None) -> Conflict | None:
    """A merge reaching the hub (OP sets a customer's merged_into_id) whose survivor was itself
    merged away meanwhile goes to that file's survivor (a chain). Crossing merges (A into B here,
    B into A there): the one that reached the hub first stands; this one is not applied (the file
    stays live, as the hub holds it) and a conflict record on merged_into_id says so."""
    into = op.fields.get(MERGED) if op.tbl == "customer" else None
    if not into or current is None:
        return None
    target = final(cur, batch, into)
    if target != op.row_id:
        op.fields[MERGED] = target
        return None
    op.fields[MERGED] = current.get(MERGED)
    if "deleted_at" in op.fields:
        op.fields["deleted_at"] = current.get("deleted_at")
    return Conflict(MERGED, into, current.get(MERGED), None, "theirs")


def redirect_child(cur, batch, op: Op) -> FieldClock | None:
    """Re-point OP's row to the survivor when it names a customer merged away concurrently; the
    clock of the merge that moved it (None: not moved). A new row moved so has that clock on its
    `customer_id` (hub.py), as a row `repoint` moves has: its author's later move of the row (the
    author's own merge of the same file into another, which the hub's merge beats) is then a
    concurrent change, decided by the clock with a conflict record, and never parts a bill from
    the payment that paid it."""
    if op.tbl in NO_REDIRECT or not op.fields.get("customer_id"):
        return None
    named = op.fields["customer_id"]
    into = survivor(cur, batch, op, named)
    if not into and op.kind == "insert":
        # a new row for a file merged away (by this author or in a chain another laptop made):
        # no new row belongs to an archived file, it goes to where the file went (found by the
        # state machine). Moves of existing rows keep the concurrency rule (an unmerge moves
        # rows back to a file its author knows is being restored).
        target = final(cur, batch, op.fields["customer_id"])
        into = target if target != op.fields["customer_id"] else None
    if not into:
        return None
    op.fields["customer_id"] = into
    return _merge_clock(cur, batch, named)


NEVER = "000000000000000-000000"  # a clock before any other


def survivor_edit(cur, batch, op: Op) -> tuple[Op, dict[str, FieldClock]] | None:
    """OP (an edit of a customer merged away concurrently) as an edit of the survivor, with the
    clocks to merge it by (`_survivor_clocks`); a blank field simply takes the edit."""
    if op.tbl != "customer" or op.kind != "update":
        return None
    into = survivor(cur, batch, op, op.row_id)
    fields = {k: v for k, v in op.fields.items() if k not in IDENTITY}
    if not into or not fields:
        return None
    if op.fields.get("updated_at"):
        fields["updated_at"] = op.fields["updated_at"]
    edit = Op(f"{op.op_id}>{into}", "customer", into, "update", fields, op.hlc, op.base_seq, op.site, op.who)
    return edit, _survivor_clocks(cur, batch, edit, op.row_id)


def _survivor_clocks(cur, batch, edit: Op, loser: str) -> dict[str, FieldClock]:
    """The clocks to merge EDIT (an edit of LOSER carried to the survivor) by: a field the survivor
    holds another non-blank value in counts as changed concurrently (even by the edit's own author:
    it was for another file). A value never changed since the survivor was written has no field
    clock: its own is the survivor's insert (`origin`), else the merge's, so a conflict record
    says who wrote it and when (never 'merge' at 1970); the later clock wins."""
    into = edit.row_id
    batch.ensure("customer", into)
    held = batch.rows.get(("customer", into)) or {}
    known = batch.clocks.get(("customer", into), {})
    clocks = {}
    for name, value in edit.fields.items():
        have = held.get(name)
        if name in IDENTITY or name == "updated_at" or have in (None, "") or have == value:
            continue
        real = known.get(name) or origin(cur, "customer", into) or _merge_clock(cur, batch, loser)
        site = real.site if real and real.site != edit.site else "merge"
        clocks[name] = FieldClock(real.hlc if real else NEVER, site, real.who if real else "", 2**62)
    return clocks


def origin(cur, table: str, row_id: str) -> FieldClock | None:
    """Who wrote ROW_ID of TABLE first, and when: its insert in the hub's log (None when pruned)."""
    cur.execute("SELECT hlc, site, who, seq FROM sync_log WHERE tbl = %s AND row_id = %s AND kind = 'insert' "
                "ORDER BY seq LIMIT 1", [table, row_id])
    row = cur.fetchone()
    return FieldClock(row[0], row[1], row[2] or row[1], int(row[3])) if row else None


def carried_edits(cur, batch, op: Op, current: dict | None, applied: dict) -> list[tuple[Op, dict]]:
    """A merge reaching the hub (OP sets a customer's merged_into_id) after edits of the loser the
    merge's author had not seen (they reached the hub first and stayed on the archived file): each
    such edit is carried to the survivor as `survivor_edit` carries one arriving after the merge
    (identity fields excepted; a different survivor value: the later clock wins, the other is
    kept as a conflict record). One edit per author's clock, in the order the hub took them."""
    into = applied.get(MERGED) if op.tbl == "customer" and current is not None else None
    if not into or current.get(MERGED):
        return []
    groups: dict[FieldClock, dict] = {}
    for name, fc in batch.clocks.get((op.tbl, op.row_id), {}).items():
        if name not in IDENTITY and name in current and concurrent(fc, op):
            groups.setdefault(FieldClock(fc.hlc, fc.site, fc.who, 0), {})[name] = current[name]
    out = []
    for fc, fields in sorted(groups.items()):
        seq = max(c.seq for n, c in batch.clocks[(op.tbl, op.row_id)].items() if n in fields)
        edit = Op(f"{op.op_id}>{into}>{fc.hlc}>{fc.site}", "customer", into, "update", fields, fc.hlc, seq,
                  fc.site, fc.who)
        out.append((edit, _survivor_clocks(cur, batch, edit, op.row_id)))
    return out


def drop_deleted_conflict(decision) -> None:
    """The loser's deletion was the merge's: the edit went to the survivor, no conflict on it."""
    decision.conflicts = [c for c in decision.conflicts if c.field != "deleted_at"]
    if not decision.conflicts and decision.status == "conflict":
        decision.status = "applied"


def repoint(cur, op: Op, apply: dict, kinds: dict[str, dict[str, str]], tables: list[str]) -> list[tuple]:
    """A merge reaching the hub (OP sets a customer's merged_into_id): rows of other laptops still
    naming the loser move to the survivor. Returns (table, row id, column, survivor) per move."""
    into = apply.get(MERGED) if op.tbl == "customer" else None
    if not into:
        return []
    moved = []
    for table in tables:
        column = MERGED if table == "customer" else "customer_id"
        if table in ("customer_merge", "sync_conflict") or column not in kinds.get(table, {}):
            continue
        cur.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE "{column}" = %s AND id <> %s RETURNING id',
                    [into, op.row_id, into])
        moved += [(table, rid, column, into) for (rid,) in cur.fetchall()]
    return moved


def follow_turn(cur, batch, op: Op, current: dict | None, apply: dict, kinds: dict[str, dict[str, str]],
                tables: list[str]) -> tuple[str | None, list[tuple]]:
    """One file merged into two others on two laptops (X into A here, X into B there): the later
    merge wins, and when it reaches the hub second, X's merge turns from A to B (OP). What X's
    first merge took to A (X's rows the other laptop moved, the hub repointed or filed there)
    then follows X to B: a row now under A (or where A went) whose customer, as the hub's log
    recorded it, was X at some point, or whose `customer_id` carries the first merge's clock (a
    new row the hub filed under A for X: `redirect_child`). Rows A had of its own stay, and so do
    rows the first merge's laptop wrote for A after its merge; the ledger among them is kept
    whole after the push (hub_own.ledger_follows: a reversal follows its payment, an allocation
    across customers is cancelled). Returns the customer they left (A, or where A went) and the
    moves, as `repoint`'s."""
    into = apply.get(MERGED) if op.tbl == "customer" and current is not None else None
    before = current.get(MERGED) if into else None
    if not before or before == into:
        return None, []
    was = final(cur, batch, before)
    if was in (into, op.row_id):
        return None, []
    first = _merge_clock(cur, batch, op.row_id)  # the merge being turned (its clock not moved yet)
    moved = []
    for table in tables:
        if table in NO_REDIRECT or "customer_id" not in kinds.get(table, {}):
            continue
        by_first = [key[1] for key, held in batch.clocks.items()
                    if key[0] == table and first is not None and _same(held.get("customer_id"), first)]
        cur.execute(f'UPDATE "{table}" t SET customer_id = %s WHERE customer_id = %s AND (id IN '
                    "(SELECT row_id FROM sync_log WHERE customer_id = %s AND tbl = %s) OR id = ANY(%s) OR EXISTS "
                    "(SELECT 1 FROM sync_clock c WHERE c.tbl = %s AND c.row_id = t.id AND c.field = 'customer_id' "
                    "AND c.hlc = %s AND c.site = %s)) RETURNING id",
                    [into, was, op.row_id, table, by_first, table, first.hlc if first else None,
                     first.site if first else None])
        moved += [(table, rid, "customer_id", into) for (rid,) in cur.fetchall()]
    return was, moved


def _same(held: FieldClock | None, merge: FieldClock) -> bool:
    """Whether HELD (a row's customer_id clock) is MERGE's: the row was moved by that merge."""
    return held is not None and (held.hlc, held.site) == (merge.hlc, merge.site)


def log_moves(cur, batch, op: Op, moved: list[tuple]) -> None:
    """Each move of `repoint` in the log (and the moved field's clock), as the merge's own change.

    A file merged into the loser, its merge now pointing at the survivor, keeps its own merge's
    author and time on that pointer (at the new seq), not OP's: OP's author may never have heard
    of that merge, and with OP's site on it, what that author wrote to the file later looked
    like a change made knowing of the merge and stayed on the archived file (the state machine
    found deals on a merged-away customer after crossing merges of three files on two laptops)."""
    for table, rid, column, into in moved:
        prior = _merge_clock(cur, batch, rid) if table == "customer" else None
        if table == "customer":
            batch.merged[rid] = into
        seq = batch.append(Op(op.op_id, table, rid, "update", {column: into}, op.hlc, op.base_seq, op.site, op.who),
                           "update", {column: into}, {column: into} if column == "customer_id" else {})
        clock = prior._replace(seq=seq) if prior else FieldClock(op.hlc, op.site, op.who, seq)
        batch.clocks.setdefault((table, rid), {})[column] = clock
        batch.clock_rows.append((table, rid, column, clock.hlc, clock.site, clock.who, seq))
        batch.customers.add(into)
        if (table, rid) in batch.rows and batch.rows[(table, rid)] is not None:
            batch.rows[(table, rid)][column] = into

