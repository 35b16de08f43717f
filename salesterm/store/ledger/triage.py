"""A manager's triage of the collection queue: one action on many customers at once.

Assign to a rep (the responsible person), set the next follow-up date, escalate to the
manager, or add a note. Each runs in one transaction and returns how many customers changed.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from salesterm import clock
from salesterm.domain.errors import UserError, shown
from salesterm.store.ledger import queue, summary
from salesterm.store.models import CollectionState, Customer, Rep
from salesterm.store.reps import lookup
from salesterm.store.transactions import write_transaction


class TriageError(UserError):
    pass


def _states(customer_ids: Sequence[str]) -> list[CollectionState]:
    ids = list(dict.fromkeys(customer_ids))
    if not ids:
        raise TriageError("triage.no_customers_selected")
    known = {cid for (cid,) in Customer.select(Customer.id).where(Customer.id.in_(ids)).tuples()}
    missing = [i for i in ids if i not in known]
    if missing:
        raise TriageError("customer.no_such_id", id=shown(missing[0]))
    return [summary.state_for(cid) for cid in ids]


def _update(customer_ids: Sequence[str], **changes) -> int:
    with write_transaction():
        states = _states(customer_ids)
        changes["updated_at"] = clock.now()
        ids = [s.id for s in states]
        for i in range(0, len(ids), 500):
            CollectionState.update(**changes).where(CollectionState.id.in_(ids[i:i + 500])).execute()
    return len(states)


def assign(customer_ids: Sequence[str], rep: str) -> int:
    """Make REP (a name or id of an existing rep) responsible for collecting from these customers."""
    text = " ".join(str(rep or "").split())
    if not text:
        raise TriageError("triage.choose_rep")
    found = lookup(text)
    if found is None:
        raise TriageError("reps.no_such_rep_unquoted", name=shown(text))
    return _update(customer_ids, responsible_rep=found.id)


def set_follow_up(customer_ids: Sequence[str], day: _dt.date) -> int:
    if day < clock.today():
        raise TriageError("triage.follow_up_date_day_already", day=day)
    return _update(customer_ids, next_follow_up=day)


def escalate(customer_ids: Sequence[str]) -> int:
    return _update(customer_ids, escalated=True)


def clear_escalation(customer_ids: Sequence[str]) -> int:
    """The manager has dealt with it: back to the rep, the slip count starts again."""
    return _update(customer_ids, escalated=False, slips=0, last_slip="")


def add_note(customer_ids: Sequence[str], text: str) -> int:
    text = " ".join(str(text or "").split())
    if not text:
        raise TriageError("triage.note_empty")
    line = f"{clock.today().isoformat()} {text}"
    with write_transaction():
        states = _states(customer_ids)
        for s in states:
            note = f"{s.note}\n{line}" if s.note else line
            CollectionState.update(note=note[-4000:], updated_at=clock.now()).where(
                CollectionState.id == s.id).execute()
    return len(states)


def regions() -> list[str]:
    """Rep regions and the cities of customers with money open (for the region filter)."""
    found = {r for (r,) in Rep.live(Rep.region).where(Rep.region != "").tuples()}
    cities = (Customer.select(Customer.city).distinct()
              .join(CollectionState, on=(CollectionState.customer == Customer.id))
              .where((CollectionState.balance > 0) & (Customer.city != "")).limit(500).tuples())
    found |= {c for (c,) in cities}
    return sorted(found)


def default_rep_filter(rep_name: str | None) -> str | None:
    """A rep sees their own customers by default; a manager (or nobody named) sees all reps."""
    name = " ".join(str(rep_name or "").split())
    if not name:
        return None
    rep = lookup(name)
    if rep is None or rep.role == "manager":
        return None
    return rep.name


def load_page(filters: dict, *, limit: int, offset: int, ladder) -> dict:
    """One page of the queue with the count and total of every row the filters keep."""
    rows = queue.queue_rows(limit=limit, offset=offset, ladder=ladder, **filters)
    count, total = queue.queue_count(ladder=ladder, **filters)
    return {"rows": rows, "count": count, "total": total}
