"""Archiving (soft delete, with undo), restoring and merging customer files.

A merge keeps all history: every row of every table that points at the losing customer is
moved to the survivor, blank fields of the survivor are filled from the loser (and the fields
the user picked taken from it), tags are joined, the loser is marked merged_into the survivor
and archived, and a CustomerMerge row records what moved and how to undo it
(store/customers/unmerge.py). The loser keeps its name, phone and code: the search finds the
survivor by them, and an import row giving that code updates the survivor.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from peewee import ForeignKeyField

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.domain.money import fen_to_json
from salesterm.store import customers as writes
from salesterm.store import stats
from salesterm.store.customers import unmerge
from salesterm.store.ledger import receivables, summary
from salesterm.store.models import (
    ALL_MODELS,
    CollectionState,
    Customer,
    CustomerMerge,
    CustomerStats,
    Payment,
    PaymentAllocation,
)
from salesterm.store.transactions import lock_customer_identity, write_transaction

# survivor fields taken from the loser when the survivor's are blank
FILL_FIELDS = ("code", "economic_nature", "scale", "network_coverage", "main_performance",
               "credit_standing", "manager_background", "city", "district", "address", "phone",
               "payday", "industry", "remark", "grade_override_reason")
_SKIP = {CustomerMerge, CustomerStats, CollectionState}


@dataclass(frozen=True)
class MergeResult:
    survivor_id: str
    loser_id: str
    moved: dict[str, int]
    filled: list[str]


def _search_changed(*customer_ids: str) -> None:
    """Tell the search engine a customer appeared, disappeared or changed (when it listens)."""
    from salesterm.store import search  # start-up speed: the search engine loads when first used

    search.customers_changed(list(customer_ids))


def archive_customer(customer_id: str) -> Customer:
    """Soft-delete a customer file; `restore_customer` undoes it."""
    with write_transaction():
        customer = writes.get_customer(customer_id)
        now = clock.now()
        Customer.update(deleted_at=now, updated_at=now).where(Customer.id == customer_id).execute()
    _search_changed(customer_id)
    return customer


def restore_customer(customer_id: str) -> Customer:
    with write_transaction():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise UserError("customer.no_such")
        if customer.merged_into_id:
            raise UserError("customer.was_merged_into_another_file")
        Customer.update(deleted_at=None, updated_at=clock.now()).where(Customer.id == customer_id).execute()
    stats.refresh_stats([customer_id])
    _search_changed(customer_id)
    return writes.get_customer(customer_id)


def customer_references() -> list[tuple[type, ForeignKeyField]]:
    """Every (model, field) pointing at a customer: what a merge moves."""
    refs = []
    for model in ALL_MODELS:
        if model in _SKIP:
            continue
        for f in model._meta.sorted_fields:
            if isinstance(f, ForeignKeyField) and f.rel_model is Customer:
                refs.append((model, f))
    return refs


def history_counts(customer_id: str) -> dict[str, int]:
    """Rows of every table that belong to CUSTOMER_ID (live or not)."""
    out = {}
    for model, f in customer_references():
        key = model._meta.table_name if f.name == "customer" else f"{model._meta.table_name}.{f.name}"
        out[key] = model.select().where(f == customer_id).count()
    out["collection_state"] = CollectionState.select().where(
        (CollectionState.customer == customer_id) & CollectionState.deleted_at.is_null()).count()
    return out


def _merge_collection_state(survivor_id: str, loser_id: str) -> int:
    theirs = CollectionState.get_or_none((CollectionState.customer == loser_id)
                                         & CollectionState.deleted_at.is_null())
    if theirs is None:
        return 0
    ours = CollectionState.get_or_none(CollectionState.customer == survivor_id)
    if ours is None:
        CollectionState.update(customer=survivor_id, updated_at=clock.now()).where(
            CollectionState.id == theirs.id).execute()
        return 1
    follow = [d for d in (ours.next_follow_up, theirs.next_follow_up) if d]
    CollectionState.update(
        level=max(ours.level, theirs.level), slips=ours.slips + theirs.slips,
        escalated=ours.escalated or theirs.escalated,
        next_follow_up=min(follow) if follow else None,
        responsible_rep=ours.responsible_rep_id or theirs.responsible_rep_id,
        note="\n".join(n for n in (ours.note, theirs.note) if n),
        deleted_at=None, updated_at=clock.now(),
    ).where(CollectionState.id == ours.id).execute()
    # the loser's row stays (unique per customer), archived: its history is in the survivor's
    CollectionState.update(deleted_at=clock.now()).where(CollectionState.id == theirs.id).execute()
    return 1


# fields a merge can take from the loser, one by one (the merge form shows those that differ)
PICK_FIELDS = ("name", "code", "kind", "phone", "city", "district", "address", "rep", "credit_limit",
               "payday", "industry", "economic_nature", "scale", "network_coverage", "main_performance",
               "credit_standing", "manager_background", "grade_override", "remark")


def _typed(customer: Customer, name: str):
    """A field of CUSTOMER as the customer form would type it (what update_customer reads)."""
    if name == "rep":
        return customer.rep.name if customer.rep_id else ""
    if name == "credit_limit":
        return fen_to_json(customer.credit_limit or 0)
    value = getattr(customer, name)
    return "" if value is None else str(value)


def merge_choices(this_id: str, other_id: str) -> list[dict]:
    """The fields of PICK_FIELDS whose values differ: [{"field", "this", "other"}] as typed."""
    a, b = writes.get_customer(this_id), writes.get_customer(other_id)
    out = []
    for name in PICK_FIELDS:
        mine, theirs = _typed(a, name), _typed(b, name)
        if mine != theirs:
            out.append({"field": name, "this": mine, "other": theirs})
    return out


def _filled_fields(survivor: Customer, loser: Customer, take: frozenset[str] = frozenset()) -> dict:
    raw: dict = {name: _typed(loser, name) for name in take}
    for name in FILL_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(loser, name)
        if name not in raw and (mine is None or mine == "") and theirs not in (None, ""):
            raw[name] = theirs
    tags = " ".join(dict.fromkeys((survivor.tags + " " + loser.tags).split()))
    if tags != survivor.tags:
        raw["tags"] = tags
    if survivor.grade_factors in ("", "{}") and loser.grade_factors not in ("", "{}"):
        raw["grade_factors"] = loser.grade_factors
    if "rep" not in raw and not survivor.rep_id and loser.rep_id:
        raw["rep"] = loser.rep.name
    if loser.no_morning_collection and not survivor.no_morning_collection:
        raw["no_morning_collection"] = True
    if "credit_limit" not in raw and survivor.credit_limit == 0 and loser.credit_limit:
        raw["credit_limit"] = fen_to_json(loser.credit_limit)
    return raw


def merge_customers(survivor_id: str, loser_id: str, *, take=()) -> MergeResult:
    """Merge LOSER into SURVIVOR, keeping all history (see the module doc). TAKE names fields of
    PICK_FIELDS whose value comes from the loser although the survivor has one. What the merge
    changes is recorded so that unmerge.unmerge can undo it."""
    if survivor_id == loser_id:
        raise UserError("customer.pick_two_different_customers_merge")
    take = frozenset(take)
    if take - set(PICK_FIELDS):
        raise UserError("customer.pick_two_different_customers_merge")
    with write_transaction():
        lock_customer_identity()
        survivor = writes.get_customer(survivor_id)
        loser = writes.get_customer(loser_id)
        raw = _filled_fields(survivor, loser, take)
        now = clock.now()
        states = {s.id: unmerge.image(s) for s in CollectionState.select().where(
            CollectionState.customer.in_([survivor_id, loser_id]))}
        undo = {"survivor": unmerge.image(survivor), "loser": unmerge.image(loser), "states": states,
                "moved": {}, "allocations": []}
        if raw.get("code"):  # codes are unique: the loser gives its code up
            Customer.update(code=None).where(Customer.id == loser_id).execute()
        moved: dict[str, int] = {}
        for model, f in customer_references():
            key = model._meta.table_name if f.name == "customer" else f"{model._meta.table_name}.{f.name}"
            ids = [i for (i,) in model.select(model.id).where(f == loser_id).tuples()]
            if not ids:
                continue
            undo["moved"][f"{model._meta.table_name}.{f.column_name}"] = ids
            if model is Customer:  # files merged earlier into the loser now point at the survivor
                n = Customer.update(merged_into=survivor_id).where(Customer.merged_into == loser_id).execute()
                key = "customer.merged_into"
            else:
                n = model.update({f: survivor_id, model.updated_at: now}).where(f == loser_id).execute()
            if n:
                moved[key] = n
        if _merge_collection_state(survivor_id, loser_id):
            moved["collection_state"] = 1
        if raw:
            writes.update_customer(survivor_id, raw)
        Customer.update(merged_into=survivor_id, deleted_at=now, updated_at=now).where(
            Customer.id == loser_id).execute()
        before = _allocation_ids(survivor_id)
        receivables._apply_credit(survivor_id)  # the loser's credit pays what the survivor owes
        undo["allocations"] = sorted(_allocation_ids(survivor_id) - before)
        undo["survivor_after"] = unmerge.changed(undo["survivor"], unmerge.image(writes.get_customer(survivor_id)))
        CustomerMerge.create(survivor=survivor_id, loser=loser_id, loser_name=loser.name,
                             moved=json.dumps(moved, sort_keys=True),
                             filled=json.dumps(sorted(raw), ensure_ascii=False), merged_at=now,
                             undo=json.dumps(undo, ensure_ascii=False, sort_keys=True))
        summary.refresh([survivor_id, loser_id])  # collection balance, then the list's stats
    _search_changed(survivor_id, loser_id)
    return MergeResult(survivor_id, loser_id, moved, sorted(raw))


def _allocation_ids(customer_id: str) -> set[str]:
    return {i for (i,) in PaymentAllocation.select(PaymentAllocation.id)
            .join(Payment, on=(PaymentAllocation.payment == Payment.id))
            .where(Payment.customer == customer_id).tuples()}


def merges_into(customer_id: str) -> list[CustomerMerge]:
    """The files merged into CUSTOMER_ID, newest first."""
    return list(CustomerMerge.select().where((CustomerMerge.survivor == customer_id)
                                             & CustomerMerge.deleted_at.is_null())
                .order_by(CustomerMerge.merged_at.desc()))


def merge_new_into(existing_id: str, raw: dict, *, rep: str | None = None,
                   code_pattern: str | None = None) -> MergeResult:
    """A new customer typed in a form turns out to exist: create it and merge it into the
    existing file in one transaction, so the typed details fill the existing file's blanks."""
    with write_transaction():
        writes.get_customer(existing_id)
        new = writes.create_customer(raw, rep=rep, allow_duplicate=True, code_pattern=code_pattern)
        return merge_customers(existing_id, new.id)
