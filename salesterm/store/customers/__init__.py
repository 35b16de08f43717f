"""Writing customer files and contacts: checked fields, search keys, duplicates.

Every write of a customer or contact goes through here, so the search keys (pinyin of every
reading, initials, phone digits, normalised name) are always computed when a row is written.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from salesterm import clock
from salesterm.domain import customer as rules
from salesterm.domain import customer_identity as identity
from salesterm.domain import grading, textkeys
from salesterm.domain.errors import Message, UserError
from salesterm.store import reps
from salesterm.store.customers import codes
from salesterm.store.models import Contact, Customer
from salesterm.store.transactions import lock_customer_identity, retrying, write_transaction


class InvalidFields(UserError):
    def __init__(self, errors: list[rules.FieldError]):
        self.errors = errors
        super().__init__("customer.invalid_fields", errors=[
            Message("customer.field_error", field=e.field, reason=e.message) for e in errors])


class DuplicateCustomer(UserError):
    def __init__(self, matches: list[Customer]):
        self.matches = matches
        names = ", ".join(f"{m.name} ({m.phone or m.code or m.id[:8]})" for m in matches[:3])
        super().__init__("customer.may_already_exist", names=names)


def name_keys(name: str) -> dict[str, str]:
    full, initials = textkeys.search_blob(name)
    return {"py_full": full, "py_initials": initials}


def customer_columns(clean: Mapping[str, Any], current: Customer | None = None) -> dict[str, Any]:
    """Database columns for checked fields, with everything derived from them."""
    cols = dict(clean)
    if "grade_factors" in cols:
        cols["grade_suggested"] = grading.suggest_grade(cols["grade_factors"])
        cols["grade_factors"] = json.dumps({k: v for k, v in cols["grade_factors"].items() if v},
                                           ensure_ascii=False, sort_keys=True)
    if "name" in cols:
        cols["name_norm"] = textkeys.normalise_name(cols["name"])
    _add_text_keys(cols)
    if {"grade_suggested", "grade_override"} & cols.keys():
        suggested = cols.get("grade_suggested", current.grade_suggested if current else None)
        override = cols.get("grade_override", current.grade_override if current else None)
        cols["grade"] = grading.effective_grade(suggested, override)
    return cols


def _add_text_keys(cols: dict[str, Any]) -> None:
    """The search keys of a customer's or contact's name (pinyin) and phone (digits)."""
    if "name" in cols:
        cols.update(name_keys(cols["name"]))
    if "phone" in cols:
        cols["phone_digits"] = textkeys.phone_digits(cols["phone"])


def _checked(clean_fn, raw: Mapping[str, Any], partial: bool) -> dict[str, Any]:
    clean, errors = clean_fn(raw, partial=partial)
    if errors:
        raise InvalidFields(errors)
    return clean


def check_fields(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    return _checked(rules.clean_customer, raw, partial)


def _code_free(code: str | None, *, exclude_id: str | None = None) -> None:
    """A customer code belongs to one customer (archived and merged files keep theirs)."""
    if not code:
        return
    query = Customer.select().where(Customer.code == code)
    if exclude_id:
        query = query.where(Customer.id != exclude_id)
    if query.exists():
        raise UserError("customer.code_already_used", code=code)


def find_duplicates(name: str = "", phone: str = "", *, city: str | None = None, exclude_id: str | None = None,
                    limit: int = 5) -> list[Customer]:
    """Live customers that are the same customer (domain/customer_identity): the same phone
    digits, or the same normalised name in the same city (CITY None: in any city)."""
    conds = []
    norm = textkeys.normalise_name(name) if name else ""
    digits = textkeys.phone_digits(phone) if phone else ""
    if norm:
        conds.append(Customer.name_norm == norm)
    if len(digits) >= 7:
        conds.append(Customer.phone_digits == digits)
    if not conds:
        return []
    where = conds[0] if len(conds) == 1 else (conds[0] | conds[1])
    query = Customer.live().where(where)
    if exclude_id:
        query = query.where(Customer.id != exclude_id)
    found = []
    for match in query.limit(50):
        same_phone = len(digits) >= 7 and match.phone_digits == digits
        if same_phone or city is None or identity.same_place(city, match.city):
            found.append(match)
    return found[:limit]


def possible_duplicates(name: str, city: str, *, exclude_id: str | None = None, limit: int = 5) -> list[Customer]:
    """Live customers of the same normalised name in another city: maybe the same, maybe not."""
    norm = textkeys.normalise_name(name)
    if not norm:
        return []
    query = Customer.live().where(Customer.name_norm == norm)
    if exclude_id:
        query = query.where(Customer.id != exclude_id)
    return [c for c in query.limit(50) if not identity.same_place(city, c.city)][:limit]


@retrying
def create_customer(raw: Mapping[str, Any], *, rep: str | None = None, allow_duplicate: bool = False,
                    contacts: Iterable[Mapping[str, Any]] = (), code_pattern: str | None = None) -> Customer:
    """A new customer; one given no code gets the next of CODE_PATTERN (config
    [customers] code_pattern; None: the default, domain/customer_identity)."""
    clean = check_fields(raw)
    contact_rows = [check_contact(c) for c in contacts]
    with write_transaction():
        lock_customer_identity()  # before the duplicate rule and the code are checked
        if not allow_duplicate:
            matches = find_duplicates(clean["name"], clean.get("phone", ""), city=clean.get("city", ""))
            if matches:
                raise DuplicateCustomer(matches)
        _code_free(clean.get("code"))
        if not clean.get("code"):
            clean["code"] = codes.next_code(code_pattern)
        cols = customer_columns(clean)
        # a rep typed in the form must exist (an unknown name names the closest ones); the
        # session's own rep (REP) is made on first use on a laptop that has no reps yet
        cols["rep"] = reps.rep_id(raw["rep"]) if reps.tidy_name(raw.get("rep")) else reps.rep_id(rep, create=True)
        customer = Customer.create(**cols)
        for row in contact_rows:
            _insert_contact(customer.id, row)
    _search_changed(customer.id)
    return customer


@retrying
def update_customer(customer_id: str, raw: Mapping[str, Any]) -> Customer:
    clean = check_fields(raw, partial=True)
    with write_transaction():
        lock_customer_identity()
        customer = get_customer(customer_id)
        _code_free(clean.get("code"), exclude_id=customer_id)
        if "code" in clean and not clean["code"]:  # every customer keeps a code: a blank one is no change
            del clean["code"]
        cols = customer_columns(clean, current=customer)
        if "rep" in raw:
            cols["rep"] = reps.rep_id(raw.get("rep"))  # an existing rep, never a new one
        cols["updated_at"] = clock.now()
        Customer.update(**cols).where(Customer.id == customer_id).execute()
    _search_changed(customer_id)
    return get_customer(customer_id)


def get_customer(customer_id: str, *, include_deleted: bool = False) -> Customer:
    query = Customer.select().where(Customer.id == customer_id)
    if not include_deleted:
        query = query.where(Customer.deleted_at.is_null())
    found = query.first()
    if found is None:
        raise UserError("customer.no_such_archived_or_merged")
    return found


def check_contact(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    return _checked(rules.clean_contact, raw, partial)


def contact_columns(clean: Mapping[str, Any]) -> dict[str, Any]:
    cols = dict(clean)
    _add_text_keys(cols)
    return cols


def _insert_contact(customer_id: str, clean: Mapping[str, Any]) -> Contact:
    return Contact.create(customer=customer_id, **contact_columns(clean))


def add_contact(customer_id: str, raw: Mapping[str, Any]) -> Contact:
    clean = check_contact(raw)
    with write_transaction():
        get_customer(customer_id)
        contact = _insert_contact(customer_id, clean)
    _search_changed(customer_id)
    return contact


def update_contact(contact_id: str, raw: Mapping[str, Any]) -> Contact:
    clean = check_contact(raw, partial=True)
    cols = contact_columns(clean)
    cols["updated_at"] = clock.now()
    Contact.update(**cols).where(Contact.id == contact_id).execute()
    contact = Contact.get_by_id(contact_id)
    _search_changed(contact.customer_id)
    return contact


def _search_changed(customer_id: str) -> None:
    """Keep the search index (when this process has built one) current after a write."""
    from salesterm.store import search  # start-up speed: the search engine loads when first used

    search.customers_changed([customer_id])
