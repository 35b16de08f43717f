"""The work behind the customer and contact forms, run in database workers.
Each returns a FormResult: SAVED id | INVALID [(field, message)] | DUPLICATE [match dicts] |
MERGED id. Queries live in store/."""
from __future__ import annotations

from salesterm.screens.forms.base import FormResult, Outcome
from salesterm.store import customers as writes
from salesterm.store import stats
from salesterm.store.customers import admin as customer_admin
from salesterm.store.customers import file as customer_file


def _match(c) -> dict:
    return {"id": c.id, "name": c.name, "phone": c.phone, "city": c.city, "code": c.code or "",
            "grade": c.grade or ""}


def load_customer(customer_id: str) -> dict:
    return customer_file.customer_row(customer_id)


def load_contact(contact_id: str) -> dict:
    return customer_file.contact_row(contact_id)


def possible_duplicates(name: str, phone: str, exclude_id: str | None) -> list[dict]:
    try:
        found = writes.find_duplicates(name, phone, exclude_id=exclude_id)
    except ValueError:  # a phone still being typed
        found = writes.find_duplicates(name, "", exclude_id=exclude_id)
    return [_match(c) for c in found]


def save_customer(customer_id: str | None, raw: dict, mode: str = "check",
                  code_pattern: str | None = None) -> FormResult:
    try:
        if customer_id:
            customer = writes.update_customer(customer_id, raw)
        elif mode.startswith("merge:"):
            result = customer_admin.merge_new_into(mode.split(":", 1)[1], raw, code_pattern=code_pattern)
            return FormResult(Outcome.MERGED, result.survivor_id)
        else:
            customer = writes.create_customer(raw, allow_duplicate=(mode == "create"), code_pattern=code_pattern)
    except writes.InvalidFields as exc:
        return FormResult(Outcome.INVALID, [(e.field, e.message) for e in exc.errors])
    except writes.DuplicateCustomer as exc:
        return FormResult(Outcome.DUPLICATE, [_match(c) for c in exc.matches])
    stats.refresh_stats([customer.id])
    return FormResult.saved(customer.id)


def save_contact(customer_id: str, contact_id: str | None, raw: dict) -> FormResult:
    try:
        contact = writes.update_contact(contact_id, raw) if contact_id else writes.add_contact(customer_id, raw)
    except writes.InvalidFields as exc:
        return FormResult(Outcome.INVALID, [(e.field, e.message) for e in exc.errors])
    return FormResult.saved(contact.id)
