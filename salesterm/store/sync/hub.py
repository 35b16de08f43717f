"""The hub's side of an exchange, over a psycopg connection: push and pull.

Push (`push`): in one transaction that holds the log's advisory lock (hub_schema.LOG_LOCK), each
operation not applied before (sync_applied: a repeated push answers from there) is merged field
by field (domain/sync_merge) and written; each written change is appended to sync_log with the
next sequence number and the fields' clocks move on; a conflict record is written and logged
like any row. The batch is tried whole first; if a statement fails, it is rolled back and tried
again one operation at a time, each in a savepoint, so one bad operation is answered `rejected`
(with the server's reason) and never blocks the rest. Rejected operations are not remembered:
the replica may send them again. Receivables' `paid` is recomputed for what the batch touched.

Pull (`pull`): the log above a cursor, in sequence order, a page at a time.
"""
from __future__ import annotations

import json
import time

from salesterm import clock
from salesterm.domain import hlc as hlc_mod
from salesterm.domain.redact import redact
from salesterm.domain.sync_merge import Conflict, Decision, FieldClock, Op, decide
from salesterm.store.ledger import live_paid
from salesterm.store.models import new_id
from salesterm.store.sync import decided_once, derived, hub_codes, hub_refusals, once, redirect, share_sql, write_offs
from salesterm.store.sync.hub_schema import LOG_LOCK
from salesterm.store.sync.hub_writes import Writes
from salesterm.store.sync.tables import (
    CONFLICT_TABLE,
    FOLLOWERS,
    HISTORY_FIELDS,
    INSERT_ONLY,
    canonical,
    excluded,
    kind_of,
    synced_tables,
)


def schema_version(cur) -> int:
    cur.execute("SELECT coalesce(max(version), 0) FROM schema_version")
    return int(cur.fetchone()[0])


def column_kinds(cur) -> dict[str, dict[str, str]]:
    cur.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema()")
    out: dict[str, dict[str, str]] = {}
    for table, column, dtype in cur.fetchall():
        out.setdefault(table, {})[column] = kind_of(dtype)
    return out


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg(kind: str, value):
    return canonical(kind, value)


class _Batch:
    """The hub's state for one push: rows and clocks as the batch leaves them."""

    def __init__(self, cur, ops: list[Op], kinds, set_wise: bool = False):
        self.cur, self.kinds = cur, kinds
        self.writes = Writes(cur) if set_wise else None  # the batch tried whole: writes sent set-wise
        self.rows: dict[tuple[str, str], dict | None] = {}
        self.clocks: dict[tuple[str, str], dict[str, FieldClock]] = {}
        by_table: dict[str, set[str]] = {}
        for op in ops:
            if op.tbl in kinds:
                by_table.setdefault(op.tbl, set()).add(op.row_id)
        for table, ids in by_table.items():
            cur.execute(f"SELECT id, to_jsonb(t) FROM {_q(table)} t WHERE id = ANY(%s)", [list(ids)])
            found = {rid: self._canon(table, row) for rid, row in cur.fetchall()}
            for rid in ids:
                self.rows[(table, rid)] = found.get(rid)
        all_ids = sorted({op.row_id for op in ops})
        if all_ids:
            cur.execute("SELECT tbl, row_id, field, hlc, site, who, seq FROM sync_clock WHERE row_id = ANY(%s)",
                        [all_ids])
            for tbl, rid, fname, h, site, who, seq in cur.fetchall():
                self.clocks.setdefault((tbl, rid), {})[fname] = FieldClock(h, site, who, int(seq))
        named = sorted({op.row_id if op.tbl == "customer" else op.fields.get("customer_id") for op in ops} - {None})
        self.merged: dict[str, str | None] = dict.fromkeys(named)  # customer -> merged_into_id (redirect.py)
        if named:
            cur.execute("SELECT id, merged_into_id FROM customer WHERE id = ANY(%s) AND merged_into_id IS NOT NULL",
                        [named])
            self.merged.update(cur.fetchall())
        cur.execute("SELECT salesterm_sync_last_seq()")  # the whole log's, whatever this login reads
        self.seq = int(cur.fetchone()[0])
        self.log: list[tuple] = []
        self.clock_rows: list[tuple] = []
        self.applied: list[tuple] = []
        self.customers: set[str] = set()
        self.receivables: set[str] = set()
        self.deals: set[str] = set()  # their stage follows their history (store/sync/derived)

    def ensure(self, table: str, row_id: str) -> None:
        """Read a row the batch did not name at first (a merge's survivor an edit is redirected to)."""
        if (table, row_id) in self.rows:
            return
        self.cur.execute(f"SELECT to_jsonb(t) FROM {_q(table)} t WHERE id = %s", [row_id])
        found = self.cur.fetchone()
        self.rows[(table, row_id)] = self._canon(table, found[0]) if found else None
        self.cur.execute("SELECT field, hlc, site, who, seq FROM sync_clock WHERE tbl = %s AND row_id = %s",
                         [table, row_id])
        for fname, h, site, who, seq in self.cur.fetchall():
            self.clocks.setdefault((table, row_id), {}).setdefault(fname, FieldClock(h, site, who, int(seq)))

    def _canon(self, table: str, row: dict) -> dict:
        kinds = self.kinds.get(table, {})
        return {k: canonical(kinds.get(k, ""), v) for k, v in row.items()}

    def append(self, op: Op, kind: str, fields: dict, row: dict | None = None) -> int:
        self.seq += 1
        customer = share_sql.customer_in_row(op.tbl, op.row_id, row or self.rows.get((op.tbl, op.row_id)) or {})
        self.log.append((self.seq, op.tbl, op.row_id, kind, json.dumps(fields, ensure_ascii=False),
                         op.hlc, op.site, op.who, op.op_id, customer))
        return self.seq


def _flush(batch: _Batch) -> None:
    """Send the writes held (before reading or writing the data tables directly)."""
    if batch.writes is not None:
        batch.writes.flush()


def _write(cur, batch: _Batch, op: Op, d: Decision, kinds: dict[str, str]) -> None:
    """OP's row write: held for a set-wise statement when the batch is tried whole, else now."""
    if batch.writes is None:
        for sql, params in _statements(op, d, kinds):
            cur.execute(sql, params)
    elif d.action == "delete":
        batch.writes.add("delete", op.tbl, op.row_id, {})
    elif d.action == "insert":
        values = {c: _pg(kinds[c], d.apply[c]) for c in d.apply if c in kinds and c != "id"}
        batch.writes.add("insert", op.tbl, op.row_id, {"id": op.row_id, **values})
    elif d.action == "update" and d.apply:
        batch.writes.add("update", op.tbl, op.row_id, {c: _pg(kinds[c], d.apply[c]) for c in d.apply})


def _statements(op: Op, d: Decision, kinds: dict[str, str]) -> list[tuple[str, list]]:
    t = _q(op.tbl)
    if d.action == "delete":
        return [(f"DELETE FROM {t} WHERE id = %s", [op.row_id])]
    if d.action == "insert":
        cols = [c for c in d.apply if c in kinds]
        if "id" not in cols:
            cols.insert(0, "id")
        vals = [op.row_id if c == "id" else _pg(kinds[c], d.apply[c]) for c in cols]
        return [(f"INSERT INTO {t} ({', '.join(_q(c) for c in cols)}) VALUES ({', '.join(['%s'] * len(cols))})",
                 vals)]
    if d.action == "update":
        cols = list(d.apply)
        return [(f"UPDATE {t} SET {', '.join(f'{_q(c)} = %s' for c in cols)} WHERE id = %s",
                 [*(_pg(kinds[c], d.apply[c]) for c in cols), op.row_id])]
    return []


def _check(op: Op, kinds) -> str:
    if op.tbl not in synced_tables() or op.tbl not in kinds:
        return f"table {op.tbl} is not synced by this server"
    unknown = [f for f in op.fields if f not in kinds[op.tbl] or f in excluded(op.tbl)]
    if unknown:
        return f"unknown column(s) {', '.join(sorted(unknown))} in {op.tbl}"
    return ""


def _base_value(cur, op: Op, field: str):
    cur.execute("SELECT fields -> %s FROM sync_log WHERE tbl = %s AND row_id = %s AND seq <= %s AND fields ? %s "
                "ORDER BY seq DESC LIMIT 1", [field, op.tbl, op.row_id, op.base_seq, field])
    row = cur.fetchone()
    return row[0] if row else None


def _conflict_row(cur, op: Op, c, kinds) -> dict:
    now = str(clock.now())
    k = kinds.get(op.tbl, {}).get(c.field, "")
    theirs = c.theirs_clock
    return {
        "id": new_id(), "created_at": now, "updated_at": now, "deleted_at": None,
        "tbl": op.tbl, "row_id": op.row_id, "field": c.field,
        "base": json.dumps(canonical(k, _base_value(cur, op, c.field)), ensure_ascii=False),
        "mine": json.dumps(c.mine, ensure_ascii=False), "theirs": json.dumps(c.theirs, ensure_ascii=False),
        "mine_by": op.who or op.site, "theirs_by": (theirs.who or theirs.site) if theirs else "hub",
        "mine_at": hlc_mod.wall_iso(op.hlc), "theirs_at": hlc_mod.wall_iso(theirs.hlc if theirs else op.hlc),
        "kept": c.kept, "status": "open",
    }


def _one(cur, batch: _Batch, op: Op, savepoint, clocks: dict | None = None) -> tuple[str, str]:
    """One op; CLOCKS override the fields' clocks (an edit redirected to a merge's survivor)."""
    kinds = batch.kinds
    reason = _check(op, kinds)
    if reason:
        return "rejected", reason
    tk = kinds[op.tbl]
    op.fields = {k: canonical(tk.get(k, ""), v) for k, v in op.fields.items()}
    key = (op.tbl, op.row_id)
    batch.ensure(*key)
    current = batch.rows.get(key)
    moved_by = redirect.redirect_child(cur, batch, op)
    crossed = redirect.merge_target(cur, batch, op, current)
    d = decide(op, current, {**batch.clocks.get(key, {}), **(clocks or {})}, insert_only=op.tbl in INSERT_ONLY,
               followers=FOLLOWERS | HISTORY_FIELDS.get(op.tbl, frozenset()),
               same=lambda f, a, b: canonical(tk.get(f, ""), a) == canonical(tk.get(f, ""), b))
    if d.status == "rejected":
        _flush(batch)
        return "rejected", hub_refusals.not_yours(cur, op) or d.reason
    if crossed is not None:
        d.conflicts.append(crossed)
        d.status = "conflict"
    if op.tbl in ("payment", "payment_allocation"):
        _flush(batch)  # once.* reads the hub's payments and allocations as the batch leaves them
    twice = once.duplicate_reversal(cur, batch, op, d)  # a payment is reversed once (store/sync/once)
    if twice is not None:
        d.conflicts.append(twice)
        d.status = "conflict"
    once.follow_payment(cur, batch, op, d)
    for edit in write_offs.take(batch):  # a write-off gave way to this allocation's money
        _hub_edit(cur, batch, edit)
        d.status = "conflict"
    if write_offs.touches_open(op, d):
        _flush(batch)
        write_offs.cap(cur, op, current, d)  # a write-off is cut to what money left open
    if op.tbl == decided_once.TABLE:
        _flush(batch)
        twice = decided_once.duplicate_decision(cur, op, d)  # an order's price is decided once
        if twice is not None:
            d.conflicts.append(twice)
            d.status = "conflict"
    to_survivor = redirect.survivor_edit(cur, batch, op) if current is not None else None
    carried = redirect.carried_edits(cur, batch, op, current, d.apply) if d.action == "update" else []
    follow = ([to_survivor] if to_survivor is not None else []) + carried
    if follow:
        redirect.drop_deleted_conflict(d)
    hub_codes.free_code(cur, batch, op, d)
    conflicts = [_conflict_row(cur, op, c, kinds) for c in d.conflicts]
    moved: list[tuple] = []
    try:
        with savepoint():
            _write(cur, batch, op, d, tk)
            if d.action == "update" and op.tbl == "customer" and d.apply.get(redirect.MERGED):
                _flush(batch)
                moved = redirect.repoint(cur, op, d.apply, kinds, synced_tables())
                left, turned = redirect.follow_turn(cur, batch, op, current, d.apply, kinds, synced_tables())
                if turned:  # X's rows leave the first survivor: its summary and credit change
                    moved += turned
                    batch.customers.add(left)
                    once.touch(batch, left)
            if conflicts:
                _flush(batch)
            for row in conflicts:
                cur.execute(f"INSERT INTO {CONFLICT_TABLE} ({', '.join(row)}) VALUES ({', '.join(['%s'] * len(row))})",
                            list(row.values()))
    except Exception as exc:  # noqa: BLE001 - a database error: this op is rejected, the rest go on
        if savepoint is _no_savepoint:
            raise
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if getattr(exc, "sqlstate", None) == "42501":  # row-level security or a missing grant
            text = hub_refusals.not_yours(cur, op) or hub_refusals.read_only(op) or text
        return "rejected", redact(text)
    if d.action == "delete":
        batch.rows[key] = None
        batch.append(op, "delete", {}, current)
    elif d.action in ("insert", "update"):
        batch.rows[key] = {**(current or {}), **d.apply, "id": op.row_id}
        if op.tbl == "customer" and redirect.MERGED in d.apply:
            batch.merged[op.row_id] = d.apply[redirect.MERGED]
        seq = batch.append(op, d.action, d.apply)
        if d.action == "update":
            cl = batch.clocks.setdefault(key, {})
            for f in d.apply:
                cl[f] = FieldClock(op.hlc, op.site, op.who, seq)
                batch.clock_rows.append((op.tbl, op.row_id, f, op.hlc, op.site, op.who, seq))
        elif moved_by is not None:  # a new row the hub filed under a merge's survivor: the merge's change
            batch.clocks.setdefault(key, {})["customer_id"] = moved_by._replace(seq=seq)
            batch.clock_rows.append((op.tbl, op.row_id, "customer_id", moved_by.hlc, moved_by.site,
                                     moved_by.who, seq))
    redirect.log_moves(cur, batch, op, moved)
    if write_offs.touches_open(op, d) and OPEN_SHRINKS & set(d.apply):
        _flush(batch)
        for edit in write_offs.cuts(cur, op, batch.rows[key]):  # still over: the newest money cut
            _hub_edit(cur, batch, edit)
    customer = share_sql.customer_in_row(op.tbl, op.row_id, batch.rows.get(key) or current or {})
    for row in conflicts:
        batch.seq += 1
        batch.log.append((batch.seq, CONFLICT_TABLE, row["id"], "insert", json.dumps(row, ensure_ascii=False),
                          op.hlc, "hub", op.who, None, customer))
    row = batch.rows.get(key) or current or {}
    if op.tbl in once.MONEY and op.tbl != "payment_allocation":  # allocations: once.follow_payment
        once.touch(batch, row.get("customer_id"))
    elif op.tbl == "customer" and d.apply.get(redirect.MERGED):
        once.touch(batch, d.apply[redirect.MERGED])  # the loser's money and receivables joined the survivor's
    if op.tbl == "customer":
        if moved or derived.changes_summaries(op.tbl, d.action, d.apply):
            batch.customers.add(op.row_id)
    elif row.get("customer_id"):
        batch.customers.add(row["customer_id"])
    left = (current or {}).get("customer_id")
    if left and left != row.get("customer_id"):  # the row left that customer (a merge redirected it)
        batch.customers.add(left)
        if op.tbl in once.MONEY:
            once.touch(batch, left)
    if row.get("receivable_id"):
        batch.receivables.add(row["receivable_id"])
    if op.tbl == "deal":
        batch.deals.add(op.row_id)
    elif op.tbl == "deal_stage_change" and row.get("deal_id"):
        batch.deals.add(row["deal_id"])
    batch.applied.append((op.op_id, d.status, batch.seq))
    # the edit carried to the merge's survivor (an edit of the loser before or after the merge)
    status = d.status
    for edit, edit_clocks in follow:
        if _one(cur, batch, edit, savepoint, edit_clocks)[0] == "conflict":
            status = "conflict"
    return status, ""


OPEN_SHRINKS = frozenset({"amount", "deleted_at"})  # what a capped write-off may not make fit


def _hub_edit(cur, batch: _Batch, edit: write_offs.Edit) -> None:
    """A change the hub makes itself (store/sync/write_offs: a write-off giving way to money, an
    allocation cut): written now, logged as the hub's update by the push's clock so every replica
    pulls it, the fields' clocks moved on, its conflict records written and logged."""
    op, fields = edit.op, edit.fields
    _flush(batch)
    key = (op.tbl, op.row_id)
    batch.ensure(*key)
    for sql, params in _statements(op, Decision("applied", dict(fields)), batch.kinds[op.tbl]):
        cur.execute(sql, params)
    row = batch.rows[key] = {**(batch.rows.get(key) or {}), **fields, "id": op.row_id}
    seq = batch.append(op, "update", fields)
    held = batch.clocks.setdefault(key, {})
    for f in fields:
        held[f] = FieldClock(op.hlc, op.site, op.who, seq)
        batch.clock_rows.append((op.tbl, op.row_id, f, op.hlc, op.site, op.who, seq))
    customer = share_sql.customer_in_row(op.tbl, op.row_id, row)
    for c in edit.conflicts:
        found = _conflict_row(cur, edit.conflict_op, c, batch.kinds)
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


class _NoSavepoint:
    def __call__(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_no_savepoint = _NoSavepoint()


def _apply(conn, cur, ops: list[Op], kinds, per_op: bool, holds=(frozenset(), frozenset())) -> tuple[dict, _Batch]:
    """HOLDS: (hold, release) of `push`, for the spread after the batch."""
    batch = _Batch(cur, ops, kinds, set_wise=not per_op)
    results = {}
    for op in ops:
        results[op.op_id] = _one(cur, batch, op, conn.transaction if per_op else _no_savepoint)
    _flush(batch)
    if per_op:  # a row whose parent came later in the batch (a merge's survivor): once more, in order
        for op in ops:
            if results[op.op_id][0] == "rejected":
                results[op.op_id] = _one(cur, batch, op, conn.transaction)
    if ops:
        _ledger_follows(cur, batch, ops[-1])
        _spread_credit(cur, batch, ops[-1], *holds)
    return results, batch


def _ledger_follows(cur, batch: _Batch, last: Op) -> None:
    """One file merged into two others on two laptops can leave the ledger across customers
    (store/sync/once): each reversal the push left under another customer than its payment's
    moves to the payment's customer (`reversals_astray`); then each allocation between a payment
    and a bill of different customers is cancelled, with a conflict record (mine: live, by its
    author), its money the payment's credit again, spread after the push (`allocations_astray`).
    Both are logged as the hub's changes, by the push's last clock."""
    _flush(batch)
    for rid, cid in once.reversals_astray(cur, batch.customers | once.touched(batch)):
        batch.ensure("payment", rid)
        left = (batch.rows.get(("payment", rid)) or {}).get("customer_id")
        fields = {"customer_id": cid}
        _hub_edit(cur, batch, write_offs.Edit(Op(None, "payment", rid, "update", fields, last.hlc, 0, "hub",
                                                 last.who), fields))
        if left:
            batch.customers.add(left)
            once.touch(batch, left)
    _flush(batch)
    for aid in once.allocations_astray(cur, batch.customers | once.touched(batch)):
        stamp = str(clock.now())
        fields = {"deleted_at": stamp, "updated_at": stamp}
        made = redirect.origin(cur, "payment_allocation", aid)
        author = Op(None, "payment_allocation", aid, "update", {}, made.hlc if made else last.hlc, 0,
                    made.site if made else "hub", made.who if made else last.who)
        hub_op = Op(None, "payment_allocation", aid, "update", fields, last.hlc, 0, "hub", last.who)
        cut = Conflict("deleted_at", None, stamp, FieldClock(last.hlc, "hub", "hub", 0), "theirs")  # the hub's rule
        _hub_edit(cur, batch, write_offs.Edit(hub_op, fields, [cut], author))
        _touch_allocation(cur, batch, aid)


def _touch_allocation(cur, batch: _Batch, allocation_id: str) -> None:
    """The customers of an allocation's payment and receivable: summaries and credit to redo."""
    cur.execute("SELECT p.customer_id, r.customer_id FROM payment_allocation a JOIN payment p ON p.id = "
                "a.payment_id JOIN receivable r ON r.id = a.receivable_id WHERE a.id = %s", [allocation_id])
    for cid in cur.fetchone() or ():
        if cid:
            batch.customers.add(cid)
            once.touch(batch, cid)


def _spread_credit(cur, batch: _Batch, last: Op, hold=frozenset(), release=frozenset()) -> None:
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


def _finish(cur, batch: _Batch) -> None:
    if batch.log:  # executemany pipelines the rows: as fast here as one statement over arrays
        cur.executemany("INSERT INTO sync_log (seq, tbl, row_id, kind, fields, hlc, site, who, op_id, customer_id) "
                        "VALUES (%s, %s, %s, %s, %s::jsonb, %s, %s, %s, %s, %s)", batch.log)
    if batch.clock_rows:
        cur.executemany("INSERT INTO sync_clock (tbl, row_id, field, hlc, site, who, seq) VALUES "
                        "(%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tbl, row_id, field) DO UPDATE SET "
                        "hlc = EXCLUDED.hlc, site = EXCLUDED.site, who = EXCLUDED.who, seq = EXCLUDED.seq",
                        batch.clock_rows)
    if batch.applied:
        cur.executemany("INSERT INTO sync_applied (op_id, status, seq) VALUES (%s, %s, %s)", batch.applied)
    if batch.customers or batch.receivables:
        live_paid.rebuild(cur.execute, "customer_id = ANY(%s) OR id = ANY(%s)",
                          [sorted(batch.customers), sorted(batch.receivables)])
    if batch.deals:
        derived.deal_stages(lambda sql, params: _rows(cur, sql, params), "%s", batch.deals)


def _rows(cur, sql: str, params: list) -> list:
    cur.execute(sql, params)
    return cur.fetchall() if cur.description else []


RETRY_STATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected (a direct writer on the hub)


def push(conn, ops: list[Op], touched: set[str] | None = None, hold=frozenset(),
         release=frozenset()) -> dict[str, tuple[str, str]]:
    """Apply OPS on the hub in one transaction; op id -> (status, reason). The customers whose
    rows the batch wrote are added to TOUCHED (their summaries are derived: engine refreshes them).
    The customers in HOLD get no spread of their credit in this batch (their laptop pushes their
    allocations in a later one: once.spread_credit); those in RELEASE (held before) get theirs
    now, touched or not. A deadlock with a writer on the hub itself
    rolls the batch back and tries it again."""
    import psycopg

    for attempt in range(1, 5):
        try:
            return _push(conn, ops, touched, (hold, release))
        except psycopg.Error as exc:
            if getattr(exc, "sqlstate", None) not in RETRY_STATES or attempt == 4:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def _push(conn, ops: list[Op], touched: set[str] | None, holds=(frozenset(), frozenset())
          ) -> dict[str, tuple[str, str]]:
    import psycopg

    results: dict[str, tuple[str, str]] = {}
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT set_config('salesterm.sync_applying', 'on', true)")
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOG_LOCK])
        cur.execute("SELECT op_id, status FROM sync_applied WHERE op_id = ANY(%s)", [[o.op_id for o in ops]])
        for op_id, status in cur.fetchall():
            results[op_id] = (status, "")
        if results and touched is not None:  # applied before, its laptop never heard (it died after
            # the commit, maybe before the hub's summaries were recomputed): their customers again
            cur.execute("SELECT DISTINCT l.customer_id FROM sync_applied a JOIN sync_log l ON l.seq = a.seq "
                        "WHERE a.op_id = ANY(%s) AND l.customer_id IS NOT NULL", [list(results)])
            touched.update(c for (c,) in cur.fetchall())
        todo = [o for o in ops if o.op_id not in results]
        kinds = column_kinds(cur)
        try:
            with conn.transaction():
                answers, batch = _apply(conn, cur, todo, kinds, per_op=False, holds=holds)
        except psycopg.Error:
            answers, batch = _apply(conn, cur, todo, kinds, per_op=True, holds=holds)
        results.update(answers)
        _finish(cur, batch)
        if touched is not None:
            touched.update(batch.customers)
        latest = max((o.hlc for o in todo), default=None)
        if latest:
            cur.execute("SELECT hlc FROM sync_hub WHERE id = 1")
            now_ms = time.time_ns() // 1_000_000
            seen = hlc_mod.receive(hlc_mod.unpack(cur.fetchone()[0]), hlc_mod.unpack(latest), now_ms)
            cur.execute("UPDATE sync_hub SET hlc = %s WHERE id = 1", [seen.pack()])
    return results


def pull(conn, cursor: int, limit: int, upto: int | None = None) -> list[tuple]:
    """Log entries above CURSOR (and at most UPTO): (seq, tbl, row_id, kind, fields, hlc, site,
    who), at most LIMIT. On a team server row-level security leaves out the entries of customers
    this login does not see (store/team/sync_policies)."""
    with conn.cursor() as cur:
        cur.execute("SELECT seq, tbl, row_id, kind, fields, hlc, site, who FROM sync_log WHERE seq > %s "
                    "AND seq <= %s ORDER BY seq LIMIT %s", [cursor, upto if upto is not None else 2**62, limit])
        return cur.fetchall()


def last_seq(conn) -> int:
    """The log's last number, whatever this login may read of it."""
    with conn.cursor() as cur:
        cur.execute("SELECT salesterm_sync_last_seq()")
        return int(cur.fetchone()[0])
