"""Checks of salesterm's own invariants, beyond what the database engine checks."""
from __future__ import annotations

import peewee


def problems(db: peewee.Database) -> list[str]:
    found: list[str] = []
    rows = db.execute_sql(
        "SELECT r.number, r.paid, COALESCE(SUM(a.amount), 0) FROM receivable r "
        "LEFT JOIN payment_allocation a ON a.receivable_id = r.id AND a.deleted_at IS NULL "
        "GROUP BY r.id, r.number, r.paid HAVING r.paid <> COALESCE(SUM(a.amount), 0)"
    ).fetchall()
    for number, paid, allocated in rows[:20]:
        found.append(f"receivable {number}: paid {paid} fen but allocations sum to {allocated} fen")
    rows = db.execute_sql(
        "SELECT number FROM receivable WHERE paid + written_off > amount OR paid < 0 OR written_off < 0"
    ).fetchall()
    found += [f"receivable {r[0]}: paid plus written off exceeds the amount" for r in rows[:20]]
    return found
