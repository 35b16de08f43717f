"""Undoing a merge of two customer files (issue 11): both files and every moved row come back.

A merge (store/customers/admin.merge_customers) writes into its CustomerMerge row's `undo`
column what it changed, as JSON:
- "survivor" / "loser": the two customer rows' columns before the merge, and "survivor_after"
  the survivor's columns the merge changed (fields filled or picked from the loser);
- "moved": for each (table, foreign key) the ids of the rows moved from the loser;
- "states": the collection_state rows of both customers before the merge;
- "allocations": the payment allocations the loser's unallocated money made against the
  survivor's receivables (receivables._apply_credit) after the move.

`unmerge(merge_id)` puts it all back in one transaction: moved rows point at the loser again,
the loser is live with its own fields (its code included), the survivor's fields the merge
changed get their earlier values (fields edited since keep the edit), the collection states
are as they were, and the credit allocations are soft-deleted with their receivables' paid
amounts reduced again. It is refused when the ledger changed since in a way that would leave a
payment allocated to another customer's receivable.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from peewee import DateField, DateTimeField, ForeignKeyField, fn

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.store.customers import codes
from salesterm.store.ledger import summary
from salesterm.store.models import (
    ALL_MODELS,
    CollectionState,
    Customer,
    CustomerMerge,
    Payment,
    PaymentAllocation,
    Receivable,
)
from salesterm.store.transactions import lock_customer_identity, lock_customers, retrying, write_transaction

_FIXED = {"id", "created_at"}


def _encode(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _decode(field, value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    if isinstance(field, DateTimeField):
        return datetime.fromisoformat(value)
    if isinstance(field, DateField):
        return date.fromisoformat(value[:10])
    return value


def _columns(model) -> list:
    return [f for f in model._meta.sorted_fields if f.name not in _FIXED]


def image(row) -> dict[str, Any]:
    """A row's columns (by column name) as JSON values."""
    return {f.column_name: _encode(getattr(row, f.column_name if isinstance(f, ForeignKeyField) else f.name))
            for f in _columns(type(row))}


def _values(model, columns: dict[str, Any]) -> dict:
    fields = {f.column_name: f for f in _columns(model)}
    return {fields[name]: _decode(fields[name], value) for name, value in columns.items() if name in fields}


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The columns of AFTER that differ from BEFORE (updated_at aside)."""
    return {k: v for k, v in after.items() if k != "updated_at" and before.get(k) != v}


def model_of(table: str):
    return next(m for m in ALL_MODELS if m._meta.table_name == table)


@retrying
def unmerge(merge_id: str) -> tuple[str, str]:
    """Undo the merge MERGE_ID. Returns (survivor id, loser id)."""
    with write_transaction():
        lock_customer_identity()  # the loser's name and code come back into the duplicate rule
        record = CustomerMerge.get_or_none((CustomerMerge.id == merge_id) & CustomerMerge.deleted_at.is_null())
        if record is None or not record.undo:
            raise UserError("customer.merge_cannot_be_undone")
        undo = json.loads(record.undo)
        survivor_id, loser_id = record.survivor_id, record.loser_id
        lock_customers([survivor_id, loser_id])
        if Customer.get_by_id(loser_id).merged_into_id != survivor_id:
            raise UserError("customer.merge_cannot_be_undone")
        now = clock.now()
        # the survivor first: a code it took from the loser must be free before the loser gets it back
        survivor = image(Customer.get_by_id(survivor_id))
        restore = {k: undo["survivor"].get(k) for k, v in undo["survivor_after"].items() if survivor.get(k) == v}
        if restore:
            Customer.update({**_values(Customer, restore), Customer.updated_at: now}).where(
                Customer.id == survivor_id).execute()
        loser = dict(undo["loser"])
        if loser.get("code") and Customer.select().where((Customer.code == loser["code"])
                                                        & (Customer.id != loser_id)).exists():
            loser["code"] = codes.next_code()  # the survivor kept the code it took (edited since)
        Customer.update({**_values(Customer, loser), Customer.updated_at: now}).where(
            Customer.id == loser_id).execute()
        for key, ids in undo["moved"].items():
            table, _dot, column = key.partition(".")
            model = model_of(table)
            fk = next(f for f in model._meta.sorted_fields if f.column_name == column)
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                values = {fk: loser_id}
                if model is not Customer:
                    values[model.updated_at] = now
                model.update(values).where(model.id.in_(chunk) & (fk == survivor_id)).execute()
        for state_id, columns in undo["states"].items():
            CollectionState.update({**_values(CollectionState, columns), CollectionState.updated_at: now}).where(
                CollectionState.id == state_id).execute()
        for allocation_id in undo["allocations"]:
            allocation = PaymentAllocation.get_or_none((PaymentAllocation.id == allocation_id)
                                                       & PaymentAllocation.deleted_at.is_null())
            if allocation is None:
                continue
            PaymentAllocation.update(deleted_at=now, updated_at=now).where(
                PaymentAllocation.id == allocation_id).execute()
            Receivable.update(paid=Receivable.paid - allocation.amount).where(  # derived: no stamp
                Receivable.id == allocation.receivable_id).execute()
        if _crossed(survivor_id, loser_id):
            raise UserError("customer.merge_ledger_changed_since")
        CustomerMerge.update(deleted_at=now, updated_at=now).where(CustomerMerge.id == merge_id).execute()
        summary.refresh([survivor_id, loser_id])
    from salesterm.store import search  # start-up speed: the search engine loads when first used

    search.customers_changed([survivor_id, loser_id])
    return survivor_id, loser_id


def _crossed(a: str, b: str) -> bool:
    """A live allocation of one customer's payment to the other's receivable."""
    Pay, Rec = Payment.alias("p"), Receivable.alias("r")
    return (PaymentAllocation.select(fn.COUNT(PaymentAllocation.id))
            .join(Pay, on=(PaymentAllocation.payment == Pay.id))
            .switch(PaymentAllocation).join(Rec, on=(PaymentAllocation.receivable == Rec.id))
            .where(PaymentAllocation.deleted_at.is_null() & (Pay.customer != Rec.customer)
                   & (Pay.customer.in_([a, b])))
            .scalar() or 0) > 0


def last_merge_into(survivor_id: str, loser_id: str) -> str | None:
    """The id of the live merge of LOSER into SURVIVOR (what the UI's undo names)."""
    row = (CustomerMerge.select(CustomerMerge.id)
           .where((CustomerMerge.survivor == survivor_id) & (CustomerMerge.loser == loser_id)
                  & CustomerMerge.deleted_at.is_null())
           .order_by(CustomerMerge.merged_at.desc()).first())
    return row.id if row else None
