"""Team settings the orders follow (team_setting, synced; written by an admin on a team server).

receivables_source: ``orders`` (default): a delivery creates the receivable for what was
delivered. ``import``: the team imports its receivables from the accounting system, so a
delivery creates none (the same sale is never counted twice) and an imported receivable whose
number is an order's number (or the number of a later delivery, ``NUMBER/2``) is linked to it.
"""
from __future__ import annotations

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.store.models import TeamSetting
from salesterm.store.transactions import write_transaction

RECEIVABLES_SOURCE = "receivables_source"
SOURCES = ("orders", "import")


def get(key: str, default: str = "") -> str:
    row = TeamSetting.live().where(TeamSetting.key == key).first()
    return row.value if row is not None else default


def receivables_source() -> str:
    value = get(RECEIVABLES_SOURCE, "orders").strip().lower()
    return value if value in SOURCES else "orders"


def set_receivables_source(value: str) -> None:
    value = (value or "").strip().lower()
    if value not in SOURCES:
        raise UserError("orders.receivables_source_unknown", value=value, choices=", ".join(SOURCES))
    with write_transaction():
        row = TeamSetting.get_or_none(TeamSetting.key == RECEIVABLES_SOURCE)
        if row is None:
            TeamSetting.create(key=RECEIVABLES_SOURCE, value=value)
        else:
            TeamSetting.update(value=value, deleted_at=None, updated_at=clock.now()).where(
                TeamSetting.id == row.id).execute()
