"""Customer handover (客户交接): a manager moves customers from one rep to another.

What follows the customer: its ownership (customer.rep), its open deals, its planned visits,
its open promises, its orders not yet fully delivered (placed, shipped, partial: the new rep sees them through;
agreed customer prices belong to the customer and stay), and the responsibility for its money
(store/ledger/responsible.py: a collection assigned to the old rep goes back to the customer's
rep, now the new one; one assigned to a third person stays). What stays: history (visits done,
stage changes, payments, attempts, notes keep who did them). Each handover is recorded: who,
when, why, which query, which customers.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from salesterm import clock
from salesterm.domain import list_filters
from salesterm.domain.errors import UserError
from salesterm.store import reps
from salesterm.store.models import (
    CollectionState,
    Customer,
    Deal,
    Promise,
    Rep,
    SalesOrder,
    Visit,
    database,
    new_id,
)
from salesterm.store.team.models import Handover, HandoverCustomer
from salesterm.store.transactions import lock_customers, retrying, write_transaction


@dataclass(frozen=True)
class HandoverResult:
    id: str
    from_rep: str
    to_rep: str
    customers: list[str]  # names, in name order
    deals: int
    visits: int
    promises: int
    collections: int
    orders: int = 0

    def to_json(self) -> dict:
        return {"id": self.id, "from": self.from_rep, "to": self.to_rep, "customers": self.customers,
                "deals": self.deals, "visits": self.visits, "promises": self.promises,
                "collections": self.collections, "orders": self.orders}


def _matching(source: Rep | None, query: str) -> list[str]:
    """Ids of the live customers QUERY (the customers list's search syntax) finds, of SOURCE."""
    from salesterm.store.customers.listing import ListQuery, open_list

    filters = list_filters.parse(query or "")
    if filters.errors:
        raise UserError(filters.errors[0])
    ids = open_list(ListQuery(replace(filters, archived=False))).ids
    if source is None:
        return ids
    mine = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        mine |= {i for (i,) in Customer.select(Customer.id).where(
            Customer.id.in_(chunk) & (Customer.rep == source.id)).tuples()}
    return [i for i in ids if i in mine]


def _by(done_by: str | None) -> str:
    """Who hands over: on a team server the login (a manager or admin: a rep may not), else DONE_BY."""
    from salesterm.store.team.identity import identity

    me = identity(database.obj)
    if me is not None and me.role == "rep":
        raise UserError("team.handover_needs_manager")
    return me.login if me else (done_by or "")


def hand_over(to_rep, **kwargs) -> HandoverResult:
    """See _hand_over. On a team server a move the login may not make (a rep outside a manager's
    team) is refused by PostgreSQL's row-level security: one line, nothing moved."""
    import peewee

    from salesterm.store.transactions import _sqlstate

    try:
        return _hand_over(to_rep, **kwargs)
    except peewee.DatabaseError as exc:
        if _sqlstate(exc) == "42501":  # insufficient_privilege: a policy or a grant said no
            raise UserError("team.handover_not_allowed", name=reps.tidy_name(to_rep)) from exc
        raise


@retrying
def _hand_over(to_rep, *, from_rep=None, query: str = "", customer_ids: Iterable[str] | None = None,
              reason: str = "", done_by: str | None = None) -> HandoverResult:
    """Move the customers of FROM_REP that QUERY matches (all of them with no query), or the
    CUSTOMER_IDS given (of FROM_REP when named), to TO_REP. Both reps must exist."""
    target = reps.find_rep(to_rep)
    source = reps.find_rep(from_rep) if reps.tidy_name(from_rep) else None
    if source is not None and source.id == target.id:
        raise UserError("team.handover_same_rep")
    by = _by(done_by)
    ids = list(customer_ids) if customer_ids is not None else _matching(source, query)
    now = clock.now()
    with write_transaction():
        lock_customers(ids)
        rows: list[tuple[str, str, str | None]] = []
        for start in range(0, len(ids), 500):
            q = Customer.select(Customer.id, Customer.name, Customer.rep).where(
                Customer.id.in_(ids[start:start + 500]) & Customer.deleted_at.is_null()
                & ((Customer.rep != target.id) | Customer.rep.is_null()))
            if source is not None:
                q = q.where(Customer.rep == source.id)
            rows += list(q.tuples())
        if not rows:
            name = source.name if source is not None else "—"
            raise UserError("team.handover_nothing", name=name, matching=f" ({query})" if query else "")
        moved = [r[0] for r in rows]
        old_reps = {r[2] for r in rows if r[2]}
        counts = {"deals": 0, "visits": 0, "promises": 0, "collections": 0, "orders": 0}
        for start in range(0, len(moved), 500):
            chunk = moved[start:start + 500]
            Customer.update(rep=target.id, updated_at=now).where(Customer.id.in_(chunk)).execute()
            counts["deals"] += Deal.update(rep=target.id, updated_at=now).where(
                Deal.customer.in_(chunk) & (Deal.status == "open") & Deal.deleted_at.is_null()).execute()
            counts["visits"] += Visit.update(rep=target.id, updated_at=now).where(
                Visit.customer.in_(chunk) & (Visit.status == "planned") & Visit.deleted_at.is_null()).execute()
            counts["promises"] += Promise.update(rep=target.id, updated_at=now).where(
                Promise.customer.in_(chunk) & (Promise.status == "open") & Promise.deleted_at.is_null()).execute()
            counts["orders"] += SalesOrder.update(rep=target.id, updated_at=now).where(
                SalesOrder.customer.in_(chunk) & SalesOrder.status.in_(("placed", "shipped", "partial"))
                & SalesOrder.deleted_at.is_null()).execute()
            if old_reps:
                counts["collections"] += CollectionState.update(responsible_rep=None, updated_at=now).where(
                    CollectionState.customer.in_(chunk)
                    & CollectionState.responsible_rep.in_(sorted(old_reps))).execute()
        from_id = source.id if source else (next(iter(old_reps)) if len(old_reps) == 1 else target.id)
        record = Handover.create(id=new_id(), from_rep=from_id, to_rep=target.id, query=query or "",
                                 reason=" ".join(reason.split()), done_by=by, customers=len(moved))
        HandoverCustomer.insert_many(
            [{"id": new_id(), "handover": record.id, "customer": cid, "created_at": now, "updated_at": now}
             for cid in moved]).execute()
    from_name = source.name if source else ", ".join(
        sorted(Rep.get_by_id(r).name for r in old_reps)) or "—"
    return HandoverResult(record.id, from_name, target.name, sorted(r[1] for r in rows), **counts)


def history(customer_id: str) -> list[dict]:
    """The handovers of one customer, oldest first: when, from, to, why, by whom."""
    From, To = Rep.alias(), Rep.alias()
    q = (Handover.select(Handover.created_at, From.name, To.name, Handover.reason, Handover.done_by)
         .join(HandoverCustomer, on=(HandoverCustomer.handover == Handover.id))
         .join_from(Handover, From, on=(Handover.from_rep == From.id))
         .join_from(Handover, To, on=(Handover.to_rep == To.id))
         .where(HandoverCustomer.customer == customer_id).order_by(Handover.created_at))
    return [{"at": at, "from": f, "to": t, "reason": why, "by": by} for at, f, t, why, by in q.tuples()]
