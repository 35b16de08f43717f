"""Checks of salesterm's own invariants, beyond what the database engine checks: the ledger's
derived figures recomputed from its rows (store/ledger/verify.py), one English line each."""
from __future__ import annotations

import peewee

from salesterm.store.ledger import verify


def problems(db: peewee.Database) -> list[str]:
    return [str(p) for p in verify.problems(db)]
