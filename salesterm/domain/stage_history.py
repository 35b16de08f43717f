"""A deal's current stage follows its stage history (pure; team sync's rule, issue 12).

Stage changes are insert-only rows (deal_stage_change), so two laptops moving one deal offline
both keep their move, and the deal's own `stage` is never a field conflict: after a push (on the
hub) and after a pulled page (on a laptop) it is recomputed from the latest live change, by its
time, then its creation time, then its id (the same answer on every side). The deal's status and
lost reason follow the stage (domain/stages), its `stage_since` is the latest change's time.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from salesterm.domain import stages
from salesterm.domain.errors import UserError


class Change(NamedTuple):
    changed_at: str  # canonical 'YYYY-MM-DD HH:MM:SS[.ffffff]'
    created_at: str
    id: str
    to_stage: str
    note: str = ""


class Current(NamedTuple):
    stage: str
    stage_since: Any  # the latest change's changed_at, as the database gave it
    status: str  # open | won | lost
    lost_reason: str


def latest(changes: list[Change]) -> Change | None:
    """The change that decides the deal's stage: the latest by time, creation time, then id."""
    return max(changes, key=lambda c: (c.changed_at, c.created_at, c.id), default=None)


def current(template: str, changes: list[Change]) -> tuple[Change, Current] | None:
    """The deal's stage, status and lost reason as its live CHANGES say (None: no history)."""
    last = latest(changes)
    if last is None:
        return None
    stage = last.to_stage
    if stage == stages.LOST:
        return last, Current(stage, last.changed_at, "lost", last.note)
    try:
        tpl = stages.get_template(template)
        won = tpl.is_known(stage) and tpl.is_won(stage)
    except UserError:  # a template this version does not know: the stage still counts
        won = False
    return last, Current(stage, last.changed_at, "won" if won else "open", "")
