"""One push batch on the hub (store/sync/hub.py): the rows and field clocks it reads once, the
log entries, clocks and applied ops it collects for the end of the push, and the row writes,
held for set-wise statements when the batch is tried whole (hub_writes) or sent one by one."""
from __future__ import annotations

import json

from salesterm.domain.sync_merge import Decision, FieldClock, Op
from salesterm.store.sync import share_sql
from salesterm.store.sync.hub_writes import Writes
from salesterm.store.sync.tables import canonical


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg(kind: str, value):
    return canonical(kind, value)


class Batch:
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


def flush(batch: Batch) -> None:
    """Send the writes held (before reading or writing the data tables directly)."""
    if batch.writes is not None:
        batch.writes.flush()


def write(cur, batch: Batch, op: Op, d: Decision, kinds: dict[str, str]) -> None:
    """OP's row write: held for a set-wise statement when the batch is tried whole, else now."""
    if batch.writes is None:
        for sql, params in statements(op, d, kinds):
            cur.execute(sql, params)
    elif d.action == "delete":
        batch.writes.add("delete", op.tbl, op.row_id, {})
    elif d.action == "insert":
        values = {c: _pg(kinds[c], d.apply[c]) for c in d.apply if c in kinds and c != "id"}
        batch.writes.add("insert", op.tbl, op.row_id, {"id": op.row_id, **values})
    elif d.action == "update" and d.apply:
        batch.writes.add("update", op.tbl, op.row_id, {c: _pg(kinds[c], d.apply[c]) for c in d.apply})


def statements(op: Op, d: Decision, kinds: dict[str, str]) -> list[tuple[str, list]]:
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


def rows(cur, sql: str, params: list) -> list:
    cur.execute(sql, params)
    return cur.fetchall() if cur.description else []
