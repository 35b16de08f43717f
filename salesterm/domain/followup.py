"""The follow-up ladder (as in Odoo): steps of days relative to the due date, each with an action.

A customer's level is the number of ladder steps already reached by their oldest open
receivable: with the default ladder, 3 days before the due date the rep calls (level 1), a
week late they visit (2), a month late the manager calls (3), two months late supply stops
(4), three months late the debt goes to bad-debt review (5).

The ladder is configurable: ``[collections] ladder = [[-3, "call"], [7, "visit"], ...]``
in the config file (days, action), read by :func:`parse_ladder`.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import UserError, shown

#: Actions and their labels (zh, en).
ACTIONS: dict[str, tuple[str, str]] = {
    "call": ("电话提醒", "call the customer"),
    "visit": ("上门催收", "visit to collect"),
    "manager_call": ("经理致电", "the manager calls"),
    "stop_supply": ("停止供货", "stop supply"),
    "bad_debt_review": ("坏账评审", "bad-debt review"),
    "letter": ("发催款函", "send a demand letter"),
    "legal": ("法律途径", "legal action"),
}


@dataclass(frozen=True)
class Step:
    days: int  # relative to the due date: negative = before it
    action: str

    @property
    def label_pair(self) -> tuple[str, str]:
        return ACTIONS.get(self.action, (self.action, self.action.replace("_", " ")))


DEFAULT_LADDER: tuple[Step, ...] = (
    Step(-3, "call"),
    Step(7, "visit"),
    Step(30, "manager_call"),
    Step(60, "stop_supply"),
    Step(90, "bad_debt_review"),
)


def check_ladder(steps: Iterable[Step]) -> tuple[Step, ...]:
    steps = tuple(steps)
    if not steps:
        raise UserError("followup.follow_up_ladder_empty_give")
    for a, b in zip(steps, steps[1:], strict=False):
        if b.days <= a.days:
            raise UserError(
                "followup.follow_up_ladder_days_must", days=a.days, days2=b.days
            )
    for s in steps:
        if not s.action or not str(s.action).strip():
            raise UserError("followup.step_without_action", days=s.days)
        if abs(s.days) > 3650:
            raise UserError("followup.step_out_of_range", days=s.days)
    return steps


def parse_ladder(raw: object) -> tuple[Step, ...]:
    """Read the config's ``[[days, action], ...]`` (or ``None`` for the default ladder)."""
    if raw is None:
        return DEFAULT_LADDER
    if not isinstance(raw, (list, tuple)):
        raise UserError("followup.collections_ladder_must_list_days", value=shown(raw))
    steps = []
    for item in raw:
        if (not isinstance(item, (list, tuple)) or len(item) != 2
                or isinstance(item[0], bool) or not isinstance(item[0], int)
                or not isinstance(item[1], str)):
            raise UserError("followup.follow_up_step_must_days", value=shown(item))
        steps.append(Step(int(item[0]), item[1].strip()))
    return check_ladder(steps)


def level_for(days_overdue: int, ladder: Sequence[Step] = DEFAULT_LADDER) -> int:
    """How many steps the customer has reached (0 = none yet)."""
    return sum(1 for s in ladder if days_overdue >= s.days)


def step_of(level: int, ladder: Sequence[Step] = DEFAULT_LADDER) -> Step | None:
    return ladder[level - 1] if 1 <= level <= len(ladder) else None


def next_step_date(oldest_due: _dt.date, level: int,
                   ladder: Sequence[Step] = DEFAULT_LADDER) -> _dt.date | None:
    """When the step after LEVEL falls due (None past the last step)."""
    if level >= len(ladder):
        return None
    return oldest_due + _dt.timedelta(days=ladder[level].days)


def first_days(ladder: Sequence[Step] = DEFAULT_LADDER) -> int:
    """Days overdue at which a customer enters the queue: the first step, or 1 (overdue)."""
    return min(ladder[0].days, 1) if ladder else 1
