"""A push's row writes on the hub, sent set-wise (hub.py's batch tried whole).

The ops of a batch are merged one by one in Python (hub._one), but their writes need not be one
statement each: on a team server every statement pays for row-level security (the login's visible
reps are worked out once a statement) and its planning and round trip, which made a rep's push of
2,000 edits about 3 ms an op. `Writes` holds the writes in order and sends each run of consecutive
writes of the same shape (same table, action and columns, each row once) as ONE statement over a
JSON array: `jsonb_populate_recordset(NULL::table, ...)` turns the values into the columns' types,
as psycopg's parameters did.

Order is kept: a run ends when the next write has another shape or names a row already in the run,
so a parent is written before its child and two edits of one row land in their order. `flush` sends
what is held; hub.py calls it before anything that reads or writes the data tables directly (a
merge's re-pointing, a conflict record, a code's uniqueness, the reason of a refusal, a payment or
allocation whose once-only rules read the hub's payments (store/sync/once), the batch's end). A new
rule that reads the data tables in hub._one must flush first. A failing statement fails the batch's
transaction like any other: the push then goes one op at a time with savepoints (hub._apply), where
each op's writes are sent alone.
"""
from __future__ import annotations

import json


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Writes:
    def __init__(self, cur):
        self.cur = cur
        self.shape: tuple | None = None  # (action, table, columns) of the run held
        self.rows: list[dict] = []
        self.ids: set[str] = set()
        self.statements = 0

    def touches(self, table: str, column: str) -> bool:
        """Whether the run held writes COLUMN of TABLE (or deletes its rows)."""
        return bool(self.rows) and self.shape[1] == table and (self.shape[0] == "delete" or column in self.shape[2])

    def add(self, action: str, table: str, row_id: str, values: dict) -> None:
        """Hold one row's write: ACTION insert (VALUES: every column written, id included),
        update (VALUES: the columns set) or delete."""
        shape = (action, table, tuple(values) if action != "delete" else ())
        if shape != self.shape or row_id in self.ids:
            self.flush()
            self.shape = shape
        self.rows.append({**values, "id": row_id})
        self.ids.add(row_id)

    def flush(self) -> None:
        if not self.rows:
            return
        action, table, cols = self.shape
        t = _q(table)
        if action == "delete":
            self.cur.execute(f"DELETE FROM {t} WHERE id = ANY(%s)", [[r["id"] for r in self.rows]])
        else:
            doc = json.dumps(self.rows, ensure_ascii=False, default=str)
            if action == "insert":
                names = ", ".join(_q(c) for c in cols)
                self.cur.execute(f"INSERT INTO {t} ({names}) SELECT {names} "
                                 f"FROM jsonb_populate_recordset(NULL::{t}, %s::jsonb)", [doc])
            else:
                sets = ", ".join(f"{_q(c)} = v.{_q(c)}" for c in cols)
                self.cur.execute(f"UPDATE {t} SET {sets} FROM jsonb_populate_recordset(NULL::{t}, %s::jsonb) v "
                                 f"WHERE {t}.id = v.id", [doc])
        self.statements += 1
        self.shape, self.rows, self.ids = None, [], set()
