"""Every collection attempt is logged: paid, partly paid, promised, refused, not met, with a note.

A refusal or a customer not met is a missed collection: one slip (the second escalates). An
attempt also marks the follow-up level it handled and sets the next follow-up date.
"""
from __future__ import annotations

import datetime as _dt

from salesterm import clock
from salesterm.domain import collection as rules
from salesterm.domain import followup
from salesterm.domain.errors import UserError, shown
from salesterm.store import reps
from salesterm.store.ledger import promises, responsible, summary
from salesterm.store.ledger.receivables import record_payment
from salesterm.store.models import CollectionAttempt, CollectionState, Customer
from salesterm.store.transactions import write_transaction


class AttemptError(UserError):
    pass


def log_attempt(customer_id: str, *, outcome: str, note: str = "", day: _dt.date | None = None,
                amount: int = 0, rep=None, visit_id: str | None = None,
                method: str = "", promised_date: _dt.date | None = None,
                promised_amount: int = 0, next_follow_up: _dt.date | None = None,
                ladder=followup.DEFAULT_LADDER) -> CollectionAttempt:
    """Log one attempt. ``paid``/``partly_paid`` with AMOUNT also record the payment;
    ``promised`` records the promise (PROMISED_DATE, PROMISED_AMOUNT)."""
    outcome = rules.parse_outcome(outcome)
    c = Customer.get_or_none((Customer.id == customer_id) & Customer.deleted_at.is_null())
    if c is None:
        raise AttemptError("customer.no_such_id", id=shown(customer_id))
    today = clock.today()
    day = day or today
    if day > today:
        raise AttemptError("collections.attempt_date_day_future", day=day)
    if outcome in ("paid", "partly_paid") and amount <= 0:
        raise AttemptError("collections.say_how_much_was_paid")
    if outcome == "promised" and (promised_date is None or promised_amount <= 0):
        raise AttemptError("collections.promise_needs_date_amount")
    note = (note or "").strip()
    with write_transaction():
        rep_id = reps.rep_id(rep, default=responsible.rep_id_of(c.id), create=True)
        if outcome in ("paid", "partly_paid"):
            record_payment(c.id, amount=amount, day=day, method=method, rep=rep_id, note=note)
        if outcome == "promised":
            promises.make_promise(c.id, promised_date=promised_date, amount=promised_amount,
                                  rep=rep_id, note=note)
        attempt = CollectionAttempt.create(customer=c.id, rep=rep_id, visit=visit_id, day=day,
                                           outcome=outcome, amount=max(amount, 0), note=note)
        if outcome in rules.SLIP_OUTCOMES:
            promises.add_slip(c.id, "missed_collection")
        s = summary.state_for(c.id)
        changes = {"last_attempt": day, "last_outcome": outcome, "updated_at": clock.now()}
        if s.oldest_due is not None:
            level = followup.level_for((today - s.oldest_due).days, ladder)
            changes["level"] = max(s.level, level)
            if next_follow_up is None and outcome != "promised":
                next_follow_up = followup.next_step_date(s.oldest_due, changes["level"], ladder)
        if next_follow_up is not None:
            changes["next_follow_up"] = next_follow_up
        CollectionState.update(**changes).where(CollectionState.id == s.id).execute()
    return attempt


def attempts(customer_id: str, *, limit: int = 50) -> list[dict]:
    rows = (CollectionAttempt.live().where(CollectionAttempt.customer == customer_id)
            .order_by(CollectionAttempt.day.desc(), CollectionAttempt.created_at.desc())
            .limit(limit))
    return [{"id": a.id, "day": a.day, "outcome": a.outcome, "amount": a.amount, "note": a.note}
            for a in rows]
