"""Accounts-receivable aging in SQL, exact to the fen: one SUM(CASE ...) per bucket over the
open receivable lines (covering partial indexes receivable_customer_open, receivable_rep_open),
grouped by customer or rep (by rep over the whole ledger: every line under the rep written on it,
bucket by bucket as index ranges, then the few lines whose customer answers through another rep
moved; see _by_rep).

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
AMOUNT = "(r.amount - r.paid - r.written_off)"  # a line's open amount


def _bucket_conditions(ranges: tuple[int, ...], as_of: _dt.date) -> list[tuple[str, list]]:
    """Each bucket as a condition on a line's due date (alias r) with its parameters (ISO dates):
    not due, each range, beyond the last range."""
    p = database.obj.param
    out: list[tuple[str, list]] = [(f"r.due >= {p}", [as_of.isoformat()])]
    low = 1
    for high in ranges:
        out.append((f"r.due <= {p} AND r.due >= {p}",
                    [(as_of - _dt.timedelta(days=low)).isoformat(),
                     (as_of - _dt.timedelta(days=high)).isoformat()]))
        low = high + 1
    out.append((f"r.due < {p}", [(as_of - _dt.timedelta(days=ranges[-1])).isoformat()]))
    return out


def _bucket_sql(ranges: tuple[int, ...], as_of: _dt.date) -> tuple[list[str], list]:
    """SUM(CASE ...) columns, one per bucket, and their parameters (ISO dates)."""
    cols: list[str] = []
    params: list = []
    for cond, values in _bucket_conditions(ranges, as_of):
        cols.append(f"SUM(CASE WHEN {cond} THEN {AMOUNT} ELSE 0 END)")
        params += values
    return cols, params


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
            grouped = _by_rep(ranges, as_of, lines_where, lines_params,
                              whole_ledger=customer_ids is None)
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


def _by_rep(ranges: tuple[int, ...], as_of: _dt.date, where: str, where_params: list, *,
            whole_ledger: bool) -> list:
    """Rows by responsible rep (store/ledger/responsible): (rep id, the buckets..., total).

    Some customers' lines (WHERE, on the lines, alias r): the rule itself, in one statement. The
    whole ledger: without reading a customer or collection_state row per line, the rule split
    in three (responsible.LINE, OWN, SQL). Every open line is summed under the rep written on it
    (_by_line_rep); the lines whose rep is not their customer's own are moved to the own rep
    (the customers in id order, each one's open lines through receivable_customer_open, which
    holds the line's rep since migration 0023, so only those lines are grouped); then the lines
    of the few customers whose collection was reassigned (responsible.REASSIGNED) are moved from
    their own rep to the responsible one."""
    db = database.obj
    cols, params = _bucket_sql(ranges, as_of)
    if not whole_ledger:
        return db.execute_sql(
            f"SELECT {responsible.SQL}, {', '.join(cols)}, SUM({AMOUNT}) FROM receivable r "
            f"{responsible.join_sql('r.customer_id')} WHERE {where} GROUP BY {responsible.SQL}",
            params + where_params).fetchall()
    per_rep = _by_line_rep(ranges, as_of)
    sqlite = is_sqlite()
    join = "CROSS JOIN" if sqlite else "JOIN"  # CROSS JOIN: SQLite keeps this table order
    # on SQLite a range on c.id reads the customers in id order (covering index customer_collect),
    # so each one's lines are the next entries of receivable_customer_open: no seek from its root
    in_id_order = f"c.id >= {db.param} AND " if sqlite else ""
    differ = db.execute_sql(
        f"SELECT {responsible.LINE}, {responsible.OWN}, {', '.join(cols)} FROM customer c "
        f"{join} receivable r ON r.customer_id = c.id "
        f"WHERE {in_id_order}{OPEN} AND {responsible.own_differs()} "
        f"GROUP BY {responsible.LINE}, {responsible.OWN}",
        params + ([""] if sqlite else [])).fetchall()
    moved = db.execute_sql(
        f"SELECT {responsible.OWN}, {responsible.SQL}, {', '.join(cols)} FROM collection_state s "
        f"{join} customer c ON c.id = s.customer_id {join} receivable r ON r.customer_id = c.id "
        f"WHERE {responsible.REASSIGNED} AND {OPEN} GROUP BY {responsible.OWN}, {responsible.SQL}",
        params).fetchall()
    for source, target, *values in differ + moved:
        if source == target:
            continue
        for key, sign in ((source, -1), (target, 1)):
            acc = per_rep.setdefault(key, [0] * len(values))
            for i, v in enumerate(values):
                acc[i] += sign * int(v or 0)
    # an open line owes more than 0, so a rep whose every line moved away is left with a total
    # of 0: no row
    return [(rep, *values, sum(values)) for rep, values in per_rep.items() if sum(values)]


def _by_line_rep(ranges: tuple[int, ...], as_of: _dt.date) -> dict:
    """{the rep written on the lines: [open fen per bucket]} over every open line. The reps are
    found by walking index receivable_rep_open (rep_id, due, ...) one seek each; each rep's
    buckets are ranges of that index, so every line is read once and added once, with no
    compare per bucket and nothing grouped or sorted."""
    conds = _bucket_conditions(ranges, as_of)
    params = [v for _cond, values in conds for v in values]

    def sums(match: str) -> str:
        return ", ".join(f"(SELECT SUM({AMOUNT}) FROM receivable r WHERE {match} AND {OPEN} AND {cond})"
                         for cond, _values in conds)

    rows = database.obj.execute_sql(
        f"WITH RECURSIVE k(rep_id) AS (SELECT MIN(r.rep_id) FROM receivable r WHERE {OPEN} "
        f"UNION ALL SELECT (SELECT MIN(r.rep_id) FROM receivable r WHERE {OPEN} AND r.rep_id > k.rep_id) "
        f"FROM k WHERE k.rep_id IS NOT NULL) "
        f"SELECT k.rep_id, {sums('r.rep_id = k.rep_id')} FROM k WHERE k.rep_id IS NOT NULL "
        f"UNION ALL SELECT NULL, {sums('r.rep_id IS NULL')}", params + params).fetchall()
    return {row[0]: [int(v or 0) for v in row[1:]] for row in rows}


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
