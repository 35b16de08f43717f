"""Who is responsible for a customer's money: the one rule used by the collection queue,
aging by rep, the reports' aging, the weekly report and a rep's Today.

The rep a manager assigned the collection to (`g` in the queue, collection_state.responsible_rep)
if any, else the customer's own rep. Receivable, payment and promise rows keep the rep written
on them as history; who answers for the money still open is decided here only.
"""
from __future__ import annotations

from peewee import JOIN, fn

from salesterm.store.models import CollectionState, Customer, is_sqlite

# in raw SQL, with collection_state aliased s (LEFT JOINed: a customer may have no state yet)
# and customer aliased c
SQL = "COALESCE(s.responsible_rep_id, c.rep_id)"

# The same rule split in two, for sums over many lines (aging by rep): a customer's money is its
# own rep's (OWN) except for the customers REASSIGNED holds (aliases as above), whose money is
# SQL's. Summing by OWN needs no collection_state row per line; only the few reassigned
# customers are then moved. tests/store/test_aging_by_rep.py checks the split against SQL.
OWN = "c.rep_id"
REASSIGNED = "s.responsible_rep_id IS NOT NULL"

# OWN split once more, for sums over the whole ledger: the rep written on a line (LINE, alias r)
# is its customer's own rep for nearly every line, so the lines are summed by LINE (no customer
# row per line) and the few lines where LINE and OWN differ (own_differs()) then moved from
# LINE to OWN. History (LINE) is only where the sum starts; who answers stays OWN, then SQL.
LINE = "r.rep_id"


def own_differs() -> str:
    """In raw SQL (aliases r and c): the line's rep is not its customer's own rep, NULLs
    compared as values."""
    return f"{LINE} IS NOT {OWN}" if is_sqlite() else f"{LINE} IS DISTINCT FROM {OWN}"


def join_sql(customer_id_column: str) -> str:
    """The joins SQL needs, for rows whose customer id is CUSTOMER_ID_COLUMN (e.g. r.customer_id)."""
    return (f"JOIN customer c ON c.id = {customer_id_column} "
            "LEFT JOIN collection_state s ON s.customer_id = c.id")


def expression():
    """The Peewee expression, for a query that has joined Customer and then with_state()."""
    return fn.COALESCE(CollectionState.responsible_rep, Customer.rep)


def with_state(query):
    """Join the customer's collection state (LEFT OUTER) onto QUERY, which has Customer joined."""
    return query.join(CollectionState, JOIN.LEFT_OUTER, on=(CollectionState.customer == Customer.id))


def rep_id_of(customer_id: str) -> str | None:
    """The responsible rep's id for one customer (None: nobody)."""
    found = (Customer.select(expression()).join_from(Customer, CollectionState, JOIN.LEFT_OUTER,
                                                     on=(CollectionState.customer == Customer.id))
             .where(Customer.id == customer_id).tuples().first())
    return found[0] if found else None
