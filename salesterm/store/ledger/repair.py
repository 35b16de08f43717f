"""`salesterm check --repair`: rebuild the ledger's derived figures, never its ledger rows.

What is rebuilt (see ledger/verify.py for why each is derived), in one transaction:

- ``receivable.paid`` of every receivable, set to the sum of its live allocations (the amount,
  the write-off and the allocations themselves are never touched);
- ``customer_stats`` of every customer, for today, and ``collection_state``'s balance and oldest
  open due date, by ``summary.refresh_all()``: the same code the ledger's writers run;
- the search index's visit stamps (``search_visit``, ``search_stamp``), which migration 0007's
  triggers bring in line as customer_stats is rewritten.

Payments, reversals and allocations that are wrong stay as they are and are still named by
``check`` afterwards: they need a person who knows what really happened.
"""
from __future__ import annotations

from dataclasses import dataclass

import peewee

from salesterm.domain.errors import UserError
from salesterm.store import migrations
from salesterm.store.ledger import live_paid, summary
from salesterm.store.ledger.verify import Problem, problems
from salesterm.store.transactions import write_transaction


@dataclass
class RepairReport:
    fixed: list[Problem]  # derived problems found before and gone after
    paid_rows: int  # receivables whose paid was rebuilt
    left: list[Problem]  # what check still finds (ledger rows for a human)


def repair(db: peewee.Database) -> RepairReport:
    """Rebuild every derived figure from the ledger rows, in one transaction."""
    if migrations.current_version(db) != migrations.latest_version():
        raise UserError("check.repair_needs_current_schema", version=migrations.current_version(db),
                        latest=migrations.latest_version())
    before = problems(db)
    with write_transaction():
        cursor = live_paid.rebuild(db.execute_sql)
        paid_rows = cursor.rowcount or 0
        summary.refresh_all()
    after = problems(db)
    gone = {p.key for p in before} - {p.key for p in after}
    return RepairReport([p for p in before if p.key in gone], paid_rows, after)
