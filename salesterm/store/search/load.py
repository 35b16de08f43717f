"""Reading customers for the search index, from SQLite or PostgreSQL alike."""
from __future__ import annotations

import importlib.util
import json
import unicodedata
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import peewee
from peewee import JOIN, Case

from salesterm.domain import textkeys
from salesterm.store.models import Contact, Customer, CustomerStats, database
from salesterm.store.page_cache import page_cache
from salesterm.store.search import former as merged_away
from salesterm.store.search.index import Row, initials_of, likeliest_spelling, spelled, whole_initials

_GRADES = {"A": 0, "B": 1, "C": 2, "D": 3}
_CHUNK = 500  # ids per query when reloading some customers


class CharReadings:
    """Every reading of a character, from pypinyin's table of single characters read
    straight from its data file: importing pypinyin itself would cost 55 MB of phrase
    tables the index does not need. Falls back to pypinyin when the file moved."""

    def __init__(self) -> None:
        self._table: dict[int, str] | None = None

    def _load(self) -> dict[int, str]:
        if self._table is None:
            self._table = {}
            spec = importlib.util.find_spec("pypinyin")
            path = Path(spec.origin).with_name("pinyin_dict.json") if spec and spec.origin else None
            if path is not None and path.is_file():
                self._table = {int(k): v for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
        return self._table

    def __call__(self, char: str) -> tuple[str, ...]:
        table = self._load()
        if not table:
            return textkeys.readings(char)
        found = table.get(ord(char))
        if not found:
            return (char.lower(),)
        out: list[str] = []
        for reading in found.split(","):
            plain = _toneless(reading)
            if plain and plain not in out:
                out.append(plain)
        return tuple(out) or (char.lower(),)


def _toneless(syllable: str) -> str:
    plain = unicodedata.normalize("NFD", syllable.lower()).replace("u\u0308", "v")
    return "".join(c for c in plain if not unicodedata.combining(c))


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
    with page_cache(2000):  # every customer read once: a small cache keeps the peak memory low
        return _load(None)


def _load(ids: list[str] | None) -> list[Row]:
    contacts: dict[str, list[tuple[str, str]]] = {}
    cq = Contact.live(Contact.customer, Contact.name, Contact.phone_digits)
    if ids is not None:
        cq = cq.where(Contact.customer.in_(ids))
    for cid, name, digits in cq.tuples().iterator():
        contacts.setdefault(cid, []).append((textkeys.normalise_name(name), digits or ""))
    for cid, keys in merged_away.load(ids).items():  # files merged into a customer: found by it
        contacts.setdefault(cid, []).extend(keys)
    query = (Customer.select(Customer.id, Customer.name, Customer.name_norm, Customer.code, Customer.city,
                             Customer.grade, Customer.phone, Customer.phone_digits, Customer.updated_at,
                             CustomerStats.last_visit, Customer.py_full, Customer.py_initials)
             .join(CustomerStats, JOIN.LEFT_OUTER, on=(CustomerStats.customer == Customer.id))
             .where(Customer.deleted_at.is_null()))
    if ids is not None:
        query = query.where(Customer.id.in_(ids))
    cities: dict[str, str] = {}
    rows = []
    for (cid, name, norm, code, city, grade, phone, digits, updated, last_visit, py_full,
         py_initials) in query.tuples().iterator():
        people = contacts.get(cid, ())
        phones = " ".join(d for d in [digits or ""] + [p[1] for p in people] if d)
        city = cities.setdefault(city or "", city or "")
        grade = grade or ""
        activity = max(_day(updated), _day(last_visit))
        key = norm or textkeys.normalise_name(name)
        rows.append(Row(id=cid, name=key if key == name else name, code_shown=code or "", city=city,
                        grade=grade, phone=phone or "", rank=_GRADES.get(grade, 4) * 10_000_000 - activity,
                        key=key, code=textkeys.normalise_name(code or ""), phones=phones,
                        contacts=tuple(p[0] for p in people if p[0]), spell=likeliest_spelling(py_full),
                        inits=whole_initials(name, py_initials)))
    return rows


def stream_into(corpus_parts, bits_parts, readings) -> int:
    """Read every live customer, best-ranked first (grade A first, then the most recent
    activity: last update or last visit), straight into the index builders; nothing is kept
    per row. Contacts come from a second query in the same order, read alongside."""
    grade_order = Case(None, [(Customer.grade == g, n) for g, n in _GRADES.items()], len(_GRADES))
    activity = Case(None, [((CustomerStats.last_visit.is_null(False))
                            & (CustomerStats.last_visit > Customer.updated_at), CustomerStats.last_visit)],
                    Customer.updated_at)
    order = (grade_order, activity.desc(), Customer.name_norm, Customer.id)
    with page_cache(2000), one_snapshot():  # (every customer read once)
        query = (Customer.select(Customer.id, Customer.name, Customer.name_norm, Customer.code, Customer.city,
                                 Customer.grade, Customer.phone, Customer.phone_digits, Customer.updated_at,
                                 CustomerStats.last_visit, Customer.py_full, Customer.py_initials)
                 .join(CustomerStats, JOIN.LEFT_OUTER, on=(CustomerStats.customer == Customer.id))
                 .where(Customer.deleted_at.is_null())
                 .order_by(*order))
        people_query = (Contact.select(Contact.customer, Contact.name, Contact.phone_digits)
                        .join(Customer, on=(Contact.customer == Customer.id))
                        .join(CustomerStats, JOIN.LEFT_OUTER, on=(CustomerStats.customer == Customer.id))
                        .where(Contact.deleted_at.is_null() & Customer.deleted_at.is_null())
                        .order_by(*order, Contact.id))
        people = _rows(people_query)
        waiting = next(people, None)
        former = merged_away.load()
        cities: dict[str, str] = {}
        slot = 0
        for (cid, name, norm, code, city, grade, phone, digits, updated, last_visit, py_full,
             py_initials) in _rows(query):
            keys, numbers = [], [digits or ""]
            while waiting is not None and waiting[0] == cid:
                person = textkeys.normalise_name(waiting[1])
                if person:
                    keys.append(person)
                numbers.append(waiting[2] or "")
                waiting = next(people, None)
            for person, number in former.get(cid, ()):
                if person:
                    keys.append(person)
                numbers.append(number)
            key = norm or textkeys.normalise_name(name)
            readings.learn(key + "".join(keys))
            grade = grade or ""
            corpus_parts.add(
                cid, name, key, code or "", textkeys.normalise_name(code or ""),
                cities.setdefault(city or "", city or ""), grade, phone or "",
                " ".join(d for d in numbers if d), keys,
                _GRADES.get(grade, 4) * 10_000_000 - max(_day(updated), _day(last_visit)),
                likeliest_spelling(py_full) or spelled(key, readings),
                whole_initials(name, py_initials) or initials_of(key, readings))
            bits_parts.add(slot, key, keys)
            slot += 1
        if waiting is not None:  # the two readings disagreed (cannot happen in one snapshot)
            raise OutOfStep("contacts left over after the customers were read")
    return slot


def _rows(query):
    """The rows of QUERY straight from the driver's cursor: no per-value conversion by peewee
    (text stays text; _day reads dates given as text or as objects alike)."""
    sql, params = query.sql()
    return iter(database.execute_sql(sql, params))


class OutOfStep(RuntimeError):
    """The customers and their contacts were not read in the same order."""


@contextmanager
def one_snapshot():
    """Both queries of stream_into see the same data: one transaction (on PostgreSQL with
    repeatable read, when no transaction is open yet)."""
    if database.in_transaction():
        yield
        return
    with database.atomic():
        if not isinstance(database.obj, peewee.SqliteDatabase):
            database.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def count_live() -> int:
    return Customer.live().count()
