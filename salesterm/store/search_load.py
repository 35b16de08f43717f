"""Reading customers for the search index, from SQLite or PostgreSQL alike."""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

from peewee import JOIN

from salesterm.domain import textkeys
from salesterm.store.models import Contact, Customer, CustomerStats
from salesterm.store.search_index import Row

_GRADES = {"A": 0, "B": 1, "C": 2, "D": 3}
_CHUNK = 500  # ids per query when reloading some customers


def char_readings(char: str) -> tuple[str, ...]:
    """Every reading of a character (pypinyin, imported on first use, in the worker)."""
    return textkeys.readings(char)


def _day(value) -> int:
    if isinstance(value, datetime):
        return value.toordinal()
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10]).toordinal()
        except ValueError:
            return 0
    return 0


def load_rows(ids: Iterable[str] | None = None) -> list[Row]:
    """Live customers (all, or those of IDS) with their contacts, as index rows."""
    if ids is not None:
        ids = list(ids)
        rows: list[Row] = []
        for i in range(0, len(ids), _CHUNK):
            rows += _load(ids[i:i + _CHUNK])
        return rows
    return _load(None)


def _load(ids: list[str] | None) -> list[Row]:
    contacts: dict[str, list[tuple[str, str]]] = {}
    cq = Contact.live(Contact.customer, Contact.name, Contact.phone_digits)
    if ids is not None:
        cq = cq.where(Contact.customer.in_(ids))
    for cid, name, digits in cq.tuples().iterator():
        contacts.setdefault(cid, []).append((textkeys.normalise_name(name), digits or ""))
    query = (Customer.select(Customer.id, Customer.name, Customer.name_norm, Customer.code, Customer.city,
                             Customer.grade, Customer.phone, Customer.phone_digits, Customer.updated_at,
                             CustomerStats.last_visit)
             .join(CustomerStats, JOIN.LEFT_OUTER, on=(CustomerStats.customer == Customer.id))
             .where(Customer.deleted_at.is_null()))
    if ids is not None:
        query = query.where(Customer.id.in_(ids))
    cities: dict[str, str] = {}
    rows = []
    for cid, name, norm, code, city, grade, phone, digits, updated, last_visit in query.tuples().iterator():
        people = contacts.get(cid, ())
        phones = " ".join(d for d in [digits or ""] + [p[1] for p in people] if d)
        city = cities.setdefault(city or "", city or "")
        grade = grade or ""
        activity = max(_day(updated), _day(last_visit))
        key = norm or textkeys.normalise_name(name)
        rows.append(Row(id=cid, name=name, key=key, code=textkeys.normalise_name(code or ""),
                        code_shown=code or "", city=city, grade=grade, phone=phone or "",
                        phones=phones, contacts=tuple(p[0] for p in people if p[0]),
                        rank=(_GRADES.get(grade, 4), -activity, key)))
    return rows
