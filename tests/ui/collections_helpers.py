"""Helpers of the collections Pilot tests: a small ledger, waiting for workers, reading tables."""
from __future__ import annotations

from datetime import timedelta

from salesterm.app import SalesTermApp
from tests.conftest import TODAY


def fill(path, rows, *, manager: str | None = None) -> dict:
    """ROWS: (name, rep, days overdue, amount in fen, extra fields). Returns name -> customer id."""
    from salesterm.store import customers
    from salesterm.store.db import open_database
    from salesterm.store.ledger import receivables as ledger
    from salesterm.store.models import Rep

    db = open_database(str(path))
    ids = {}
    for i, (name, rep, days, amount, extra) in enumerate(rows):
        c = customers.create_customer({"name": name, **extra}, rep=rep, allow_duplicate=True)
        due = TODAY - timedelta(days=days)
        ledger.record_receivable(c.id, number=f"SO-{i:03d}", issued=due - timedelta(days=30),
                                 due=due, amount=amount)
        ids[name] = c.id
    if manager:
        Rep.create(name=manager, role="manager")
    db.close()
    return ids


def make_app(path, **kwargs) -> SalesTermApp:
    return SalesTermApp(db=str(path), today=TODAY, start="collections", **kwargs)


def table_rows(screen) -> list[list[str]]:
    table = screen.query_one("#queue-table")
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def customers_shown(screen) -> list[str]:
    return [r[2] for r in table_rows(screen)]


async def type_into(pilot, field_id: str, text: str) -> None:
    box = pilot.app.screen.query_one(f"#input-{field_id}")
    box.value = ""
    box.focus()
    await pilot.press(*list(text))
