"""How long a text field may be, by kind, in one place: what import, forms and the store accept.

Codes and numbers (customer codes, receivable and voucher numbers) are short keys; names are a
line a person reads; free text (remarks, notes) may be paragraphs. Anything longer is a mistake or
an attack (a 10,000-character code), refused with the row and column named.
"""
from __future__ import annotations

CODE = 64  # customer codes, receivable numbers, voucher numbers, phone numbers
NAME = 200  # customer, contact and rep names
LINE = 500  # one line of text: an address, a title, a method, a tag list
TEXT = 4000  # free text: remarks, notes

_BY_FIELD = {
    "code": CODE, "customer_code": CODE, "number": CODE, "receivable": CODE, "phone": CODE,
    "contact_phone": CODE, "mobile": CODE,
    "name": NAME, "customer": NAME, "rep": NAME, "contact_name": NAME, "contact": NAME,
    "method": LINE, "tags": LINE, "address": LINE, "city": LINE, "district": LINE, "industry": LINE,
    "contact_title": LINE, "title": LINE, "kind": LINE, "grade": LINE,
}


SHORTEST = min(CODE, NAME, LINE, TEXT)  # a text no longer than this fits every field


def most(field: str) -> int:
    """The longest text FIELD may hold (free text for a field not listed)."""
    return _BY_FIELD.get(field, TEXT)


def too_long(field: str, value: str) -> int | None:
    """The limit VALUE exceeds for FIELD, or None when it fits."""
    limit = most(field)
    return limit if len(value) > limit else None
