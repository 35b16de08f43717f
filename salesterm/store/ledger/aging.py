"""Accounts-receivable aging in SQL, exact to the fen: one SUM(CASE ...) per bucket over the
open receivable lines (covering partial indexes receivable_customer_open, receivable_rep_open),
grouped by customer or rep (by rep: one pass per rep and running sums, see _by_rep).

Days overdue = as_of - due date; 0 or less is not due. Bucket edges become due-date bounds
computed here, so the SQL is the same on SQLite and PostgreSQL.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from salesterm import clock
from salesterm.domain import aging as rules
from salesterm.domain.errors import UserError
from salesterm.domain.money import fen_to_json
from salesterm.store import reps
from salesterm.store.ledger import responsible
from salesterm.store.models import Customer, Rep, database, is_sqlite

OPEN = "r.deleted_at IS NULL AND r.amount > r.paid + r.written_off"
NO_REP = "(no rep)"


def _bucket_sql(ranges: tuple[int, ...], as_of: _dt.date) -> tuple[list[str], list]:
    """SUM(CASE ...) columns, one per bucket, and their parameters (ISO dates)."""
    p = database.obj.param
    amount = "(r.amount - r.paid - r.written_off)"
    cols = [f"SUM(CASE WHEN r.due >= {p} THEN {amount} ELSE 0 END)"]
    params: list = [as_of.isoformat()]
    low = 1
    for high in ranges:
        cols.append(f"SUM(CASE WHEN r.due <= {p} AND r.due >= {p} THEN {amount} ELSE 0 END)")
        params += [(as_of - _dt.timedelta(days=low)).isoformat(),
                   (as_of - _dt.timedelta(days=high)).isoformat()]
        low = high + 1
    cols.append(f"SUM(CASE WHEN r.due < {p} THEN {amount} ELSE 0 END)")
    params.append((as_of - _dt.timedelta(days=ranges[-1])).isoformat())
    return cols, params


def _overdue_sql(ranges: tuple[int, ...], as_of: _dt.date) -> tuple[list[str], list]:
    """The same buckets as running sums, one compare per line each: the open amount due before
    as_of, then before each range's end (more than 30, 60, 90 days late); _buckets_from_overdue
    turns them and the total into the buckets."""
    p = database.obj.param
    amount = "(r.amount - r.paid - r.written_off)"
    edges = [as_of] + [as_of - _dt.timedelta(days=high) for high in ranges]
    return ([f"SUM(CASE WHEN r.due < {p} THEN {amount} END)" for _ in edges],
            [edge.isoformat() for edge in edges])


def _buckets_from_overdue(total: int, overdue: list[int]) -> list[int]:
    """not_due, each range and the last bucket from the running sums of _overdue_sql."""
    return ([total - overdue[0]] + [a - b for a, b in zip(overdue, overdue[1:], strict=False)]
            + [overdue[-1]])


def aging(*, by: str = "customer", ranges: Sequence[int] = rules.DEFAULT_RANGES,
          as_of: _dt.date | None = None, rep=None, rows: bool = True,
          limit: int | None = None, customer_ids: Sequence[str] | None = None) -> dict:
    """The aging report (the shape of docs/architecture.md#json-shapes) with integer fen amounts.

    BY: "customer" (rows keyed by customer name, with customer_id) or "rep". Rows by rep and
    the REP filter follow who is responsible for the customer's money (store/ledger/responsible).
    ROWS=False computes the totals only; LIMIT keeps the largest rows.
    """
    if by not in ("customer", "rep"):
        raise UserError("aging.by_customer_or_rep", by=by)
    ranges = rules._check_ranges(ranges)
    names = rules.bucket_names(ranges)
    as_of = as_of or clock.today()
    db = database.obj
    p = db.param
    cols, params = _bucket_sql(ranges, as_of)
    lines_where = OPEN  # conditions on the lines alone (alias r)
    lines_params: list = []
    if customer_ids is not None:
        ids = list(customer_ids) or [""]
        lines_where += f" AND r.customer_id IN ({', '.join([p] * len(ids))})"
        lines_params += ids
    where, where_params = lines_where, list(lines_params)
    rep_id = reps.rep_id(rep)
    source = "receivable r"
    if rep_id is not None:
        source += " " + responsible.join_sql("r.customer_id")
        where += f" AND {responsible.SQL} = {p}"
        where_params.append(rep_id)
    # by rep, every open line is in exactly one row: the totals are the rows' sums (no second pass)
    totals_from_rows = rows and by == "rep" and limit is None
    if not totals_from_rows:
        found = db.execute_sql(f"SELECT {', '.join(cols)} FROM {source} WHERE {where}",
                               params + where_params).fetchone()
        totals = {name: int(v or 0) for name, v in zip(names, found, strict=True)}
        totals[rules.TOTAL] = sum(totals.values())
    out_rows: list[dict] = []
    if rows:
        key = "r.customer_id" if by == "customer" else responsible.SQL
        total_expr = "SUM(r.amount - r.paid - r.written_off)"
        sql = (f"SELECT {key}, {', '.join(cols)}, {total_expr} AS total FROM {source} "
               f"WHERE {where} GROUP BY {key} ORDER BY total DESC, {key}")
        extra: list = []
        if limit is not None:
            sql += f" LIMIT {p}"
            extra.append(int(limit))
        if by == "customer" and limit is not None and rep_id is None and customer_ids is None:
            grouped = _largest_customers(cols, params, total_expr, int(limit))
        elif by == "rep":
            grouped = _by_rep(ranges, as_of, total_expr, lines_where, lines_params)
            if rep_id is not None:
                grouped = [g for g in grouped if g[0] == rep_id]
        else:
            grouped = db.execute_sql(sql, params + where_params + extra).fetchall()
        labels = _labels(by, [g[0] for g in grouped])
        for g in grouped:
            row = {"key": labels.get(g[0], NO_REP if by == "rep" else str(g[0]))}
            if by == "customer":
                row["customer_id"] = g[0]
            else:
                row["rep_id"] = g[0]
            row.update({name: int(v or 0) for name, v in zip(names, g[1:-1], strict=True)})
            row[rules.TOTAL] = int(g[-1] or 0)
            out_rows.append(row)
        out_rows.sort(key=lambda r: (-r[rules.TOTAL], r["key"]))
    if totals_from_rows:
        totals = {name: sum(row[name] for row in out_rows) for name in names}
        totals[rules.TOTAL] = sum(totals.values())
    return {"as_of": as_of.isoformat(), "buckets": names, "rows": out_rows, "totals": totals}


def _by_rep(ranges: tuple[int, ...], as_of: _dt.date, total_expr: str, where: str,
            where_params: list) -> list:
    """Rows by responsible rep (store/ledger/responsible), without reading a collection_state row
    per line: every open line summed under its customer's own rep (responsible.OWN; on SQLite the
    customers in rep order through index customer_rep_id and each one's open lines through
    receivable_customer_open, so nothing is sorted or materialised), then the lines of the few
    customers whose collection was reassigned (responsible.REASSIGNED) moved from their own rep
    to the responsible one. WHERE holds the line conditions (alias r). Rows: (rep id, the
    buckets..., total)."""
    db = database.obj
    join = "CROSS JOIN" if is_sqlite() else "JOIN"  # CROSS JOIN: SQLite keeps this table order
    cols, params = _overdue_sql(ranges, as_of)
    sums = f"{total_expr}, {', '.join(cols)}"
    own = db.execute_sql(
        f"SELECT {responsible.OWN}, {sums} FROM customer c {join} receivable r "
        f"ON r.customer_id = c.id WHERE {where} GROUP BY {responsible.OWN}",
        params + where_params).fetchall()
    moved = db.execute_sql(
        f"SELECT {responsible.OWN}, {responsible.SQL}, {sums} FROM collection_state s "
        f"{join} customer c ON c.id = s.customer_id {join} receivable r ON r.customer_id = c.id "
        f"WHERE {responsible.REASSIGNED} AND {where} GROUP BY {responsible.OWN}, {responsible.SQL}",
        params + where_params).fetchall()
    per_rep = {row[0]: [int(v or 0) for v in row[1:]] for row in own}
    for own_rep, rep, *values in moved:
        if own_rep == rep:
            continue
        for key, sign in ((own_rep, -1), (rep, 1)):
            acc = per_rep.setdefault(key, [0] * len(values))
            for i, v in enumerate(values):
                acc[i] += sign * int(v or 0)
    # values: total, running sums. An open line owes more than 0, so a rep whose every line
    # moved away is left with a total of 0: no row
    return [(rep, *_buckets_from_overdue(values[0], values[1:]), values[0])
            for rep, values in per_rep.items() if values[0]]


def _largest_customers(cols: list[str], params: list, total_expr: str, limit: int) -> list:
    """The LIMIT customers owing most, through the balance store/ledger/summary keeps per customer
    (index collection_state_balance), then their buckets: a page without grouping every line."""
    db = database.obj
    p = db.param
    ids = [cid for (cid,) in db.execute_sql(
        f"SELECT customer_id FROM collection_state WHERE balance > 0 "
        f"ORDER BY balance DESC, customer_id LIMIT {p}", [limit]).fetchall()]
    out: list = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out += db.execute_sql(
            f"SELECT r.customer_id, {', '.join(cols)}, {total_expr} AS total FROM receivable r "
            f"WHERE {OPEN} AND r.customer_id IN ({', '.join([p] * len(chunk))}) GROUP BY r.customer_id",
            params + chunk).fetchall()
    return out


def _labels(by: str, ids: list) -> dict:
    ids = [i for i in ids if i is not None]
    out: dict = {}
    model = Customer if by == "customer" else Rep
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        out.update(dict(model.select(model.id, model.name).where(model.id.in_(chunk)).tuples()))
    return out


def to_json(report: dict) -> dict:
    """Money as strings with two decimals ("1234.50"), for the command line."""
    def conv(row: dict) -> dict:
        return {k: (fen_to_json(v) if k in report["buckets"] or k == rules.TOTAL else v)
                for k, v in row.items()}

    return {"as_of": report["as_of"], "buckets": report["buckets"],
            "rows": [conv(r) for r in report["rows"]], "totals": conv(report["totals"])}
