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

from salesterm.domain import hlc as hlc_mod
from salesterm.domain.redact import redact
from salesterm.domain.sync_merge import FieldClock, Op, decide
from salesterm.store.ledger import live_paid
from salesterm.store.sync import (
    decided_once,
    derived,
    hub_batch,
    hub_codes,
    hub_own,
    hub_refusals,
    once,
    redirect,
    share_sql,
    write_offs,
)
from salesterm.store.sync.hub_batch import Batch
from salesterm.store.sync.hub_schema import LOG_LOCK
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


def _check(op: Op, kinds) -> str:
    if op.tbl not in synced_tables() or op.tbl not in kinds:
        return f"table {op.tbl} is not synced by this server"
    unknown = [f for f in op.fields if f not in kinds[op.tbl] or f in excluded(op.tbl)]
    if unknown:
        return f"unknown column(s) {', '.join(sorted(unknown))} in {op.tbl}"
    return ""


def _one(cur, batch: Batch, op: Op, savepoint, clocks: dict | None = None) -> tuple[str, str]:
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
        hub_batch.flush(batch)
        return "rejected", hub_refusals.not_yours(cur, op) or d.reason
    if crossed is not None:
        d.conflicts.append(crossed)
        d.status = "conflict"
    if op.tbl in ("payment", "payment_allocation"):
        hub_batch.flush(batch)  # once.* reads the hub's payments and allocations as the batch leaves them
    twice = once.duplicate_reversal(cur, batch, op, d)  # a payment is reversed once (store/sync/once)
    if twice is not None:
        d.conflicts.append(twice)
        d.status = "conflict"
    once.follow_payment(cur, batch, op, d)
    for edit in write_offs.take(batch):  # a write-off gave way to this allocation's money
        hub_own.own_edit(cur, batch, edit)
        d.status = "conflict"
    if write_offs.touches_open(op, d):
        hub_batch.flush(batch)
        write_offs.cap(cur, op, current, d)  # a write-off is cut to what money left open
    if op.tbl == decided_once.TABLE:
        hub_batch.flush(batch)
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
    conflicts = [hub_own.conflict_row(cur, op, c, kinds) for c in d.conflicts]
    moved: list[tuple] = []
    try:
        with savepoint():
            hub_batch.write(cur, batch, op, d, tk)
            if d.action == "update" and op.tbl == "customer" and d.apply.get(redirect.MERGED):
                hub_batch.flush(batch)
                moved = redirect.repoint(cur, op, d.apply, kinds, synced_tables())
                left, turned = redirect.follow_turn(cur, batch, op, current, d.apply, kinds, synced_tables())
                if turned:  # X's rows leave the first survivor: its summary and credit change
                    moved += turned
                    batch.customers.add(left)
                    once.touch(batch, left)
            if conflicts:
                hub_batch.flush(batch)
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
        hub_batch.flush(batch)
        for edit in write_offs.cuts(cur, op, batch.rows[key]):  # still over: the newest money cut
            hub_own.own_edit(cur, batch, edit)
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


class _NoSavepoint:
    def __call__(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_no_savepoint = _NoSavepoint()


def _apply(conn, cur, ops: list[Op], kinds, per_op: bool, holds=(frozenset(), frozenset())) -> tuple[dict, Batch]:
    """HOLDS: (hold, release) of `push`, for the spread after the batch."""
    batch = Batch(cur, ops, kinds, set_wise=not per_op)
    results = {}
    for op in ops:
        results[op.op_id] = _one(cur, batch, op, conn.transaction if per_op else _no_savepoint)
    hub_batch.flush(batch)
    if per_op:  # a row whose parent came later in the batch (a merge's survivor): once more, in order
        for op in ops:
            if results[op.op_id][0] == "rejected":
                results[op.op_id] = _one(cur, batch, op, conn.transaction)
    if ops:
        hub_own.ledger_follows(cur, batch, ops[-1], *holds)
        hub_own.spread_credit(cur, batch, ops[-1], *holds)
    return results, batch


def _finish(cur, batch: Batch) -> None:
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
        derived.deal_stages(lambda sql, params: hub_batch.rows(cur, sql, params), "%s", batch.deals)


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
