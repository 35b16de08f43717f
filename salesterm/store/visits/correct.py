"""Correcting a logged visit: its notes, outcome and "complaint handled" can be put right after
the fact. A correction never overwrites silently: each one is kept (visit_correction) with the
values it replaced and the values it wrote, who and when, and the read-only view lists them.

What the log wrote elsewhere is corrected where it lives: money collected by a reversal of the
payment, an order on the purchase log, a promise in the collection queue.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from salesterm import clock
from salesterm.domain import limits
from salesterm.domain.errors import UserError
from salesterm.store.models import Rep, Visit, VisitCorrection
from salesterm.store.reps import rep_id as find_rep_id
from salesterm.store.transactions import write_transaction
from salesterm.store.visits import get_visit

CORRECTABLE = ("notes", "outcome", "complaint_handled")


@dataclass(frozen=True)
class Correction:
    when: str  # YYYY-MM-DD HH:MM
    by: str  # the rep's name, "" when nobody was chosen
    before: dict
    after: dict


def _clean(field: str, value):
    if field == "complaint_handled":
        return bool(value)
    text = (value or "").strip()
    if limits.too_long(field, text):
        raise UserError("visits.correction_too_long", most=f"{limits.most(field):,}")
    return text


def correct_visit(visit_id: str, *, rep: str | None = None, **values) -> Visit:
    """Correct the fields VALUES names (notes, outcome, complaint_handled) of a logged visit, keeping
    what they held. Nothing changed is nothing written; a visit not yet logged is refused."""
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    wanted = {f: _clean(f, v) for f, v in values.items()}
    with write_transaction():
        visit = get_visit(visit_id)
        if visit.status != "done":
            raise UserError("visits.correct_only_logged")
        before = {f: getattr(visit, f) for f in wanted if getattr(visit, f) != wanted[f]}
        if not before:
            raise UserError("visits.correction_changes_nothing")
        after = {f: wanted[f] for f in before}
        VisitCorrection.create(visit=visit.id, rep=find_rep_id(rep, create=False) if rep else None,
                               corrected_at=clock.now(), before=json.dumps(before, ensure_ascii=False),
                               after=json.dumps(after, ensure_ascii=False))
        for f, v in after.items():
            setattr(visit, f, v)
        visit.save()
    return visit


def corrections(visit_id: str) -> list[Correction]:
    """The visit's corrections, oldest first."""
    rows = list(VisitCorrection.select()
                .where(VisitCorrection.visit == visit_id, VisitCorrection.deleted_at.is_null())
                .order_by(VisitCorrection.corrected_at, VisitCorrection.created_at))
    ids = {row.rep_id for row in rows if row.rep_id}
    names = {r.id: r.name for r in Rep.select(Rep.id, Rep.name).where(Rep.id.in_(ids))} if ids else {}
    return [Correction(str(row.corrected_at)[:16], names.get(row.rep_id, ""), json.loads(row.before),
                       json.loads(row.after)) for row in rows]
