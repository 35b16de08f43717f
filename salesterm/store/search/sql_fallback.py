"""Search from SQL, for the moments before any index is in memory.

Two steps, each with a LIMIT and no sort in SQL, so a query that finds enough rows stops early:
first what the table's indexes find at once (a name, a likeliest full pinyin, stored initials
or phone digits starting with the query: customer_name_norm, customer_sort_name,
customer_initials of migration 0014, customer_phone_digits; a code, by its unique index), then,
when that is not enough, one scan for the query anywhere in names, stored pinyin keys and
phone digits. At 100k customers a scan takes a few hundred milliseconds: given a BUDGET (while
the index is being built, when the customers list will ask again once it is), SQLite stops the
scan at that time and the rows found so far are the answer. Hits are ranked by class as the
index ranks them, then by grade.
"""
from __future__ import annotations

import sqlite3
import time

import peewee
from peewee import SQL, fn

from salesterm.store.models import Customer, database, is_sqlite
from salesterm.store.search.rank import (
    CODE_PREFIX,
    EXACT,
    INITIALS,
    PHONE,
    PREFIX,
    SUBSTRING,
    WHOLE_INITIALS,
)

_TOP = "\U0010ffff"  # above every character: KEY <= x < KEY + _TOP is "x starts with KEY"
_SPELLING = fn.SUBSTR(Customer.py_full, SQL("1"), SQL("40"))  # as index customer_sort_name has it
_GRADES = {"A": 0, "B": 1, "C": 2, "D": 3}
_COLUMNS = (Customer.id, Customer.name, Customer.name_norm, Customer.city, Customer.grade, Customer.phone,
            Customer.code, Customer.phone_digits, Customer.py_full, Customer.py_initials)


def search(key: str, limit: int, *, budget: float | None = None) -> list[tuple]:
    """(id, name, score, city, grade, matched, phone, code) of the customers matching KEY,
    best first, at most LIMIT; BUDGET: seconds the scan may take (SQLite), None: no limit."""
    found: dict[str, tuple] = {}
    sqlite = is_sqlite()

    def read(cond, lim: int) -> None:
        query = Customer.live(*_COLUMNS).where(cond).limit(lim).tuples()
        for row in query.iterator():
            if row[0] not in found:
                hit = _classify(key, row)
                if hit is not None:
                    found[row[0]] = hit

    read(Customer.code.in_(list({key, key.upper()})), limit)
    read((Customer.name_norm >= key) & (Customer.name_norm < key + _TOP), limit)
    if key.isascii() and key.isalnum():
        cut = key[:40]
        read((_SPELLING >= cut) & (_SPELLING < cut + _TOP), limit)  # noqa: SIM300 - a SQL expression
        if sqlite:
            read((Customer.py_initials >= key) & (Customer.py_initials < key + _TOP), limit)
        else:
            read(peewee.Expression(Customer.py_initials, peewee.OP.LIKE, key + "%"), limit)  # text_pattern_ops
    if key.isdigit() and len(key) >= 3:
        read((Customer.phone_digits >= key) & (Customer.phone_digits < key + _TOP), limit)
    if len(found) < limit:
        cond = (Customer.name_norm.contains(key) | Customer.py_full.contains(key)
                | Customer.py_initials.contains(key) | (fn.LOWER(Customer.code) == key))
        if key.isdigit() and len(key) >= 3:
            cond = cond | Customer.phone_digits.contains(key)
        if budget is None or not sqlite:
            read(cond, max(limit * 2, 100))
        else:
            _within(budget, read, cond, max(limit * 2, 100))
    hits = sorted(found.values(), key=lambda h: (-h[2], _GRADES.get(h[4], 4)))
    return hits[:limit]


def _within(budget: float, read, *args) -> None:
    """READ(*ARGS) on SQLite, stopped when BUDGET seconds have passed (what it read is kept)."""
    if budget <= 0:
        return
    deadline = time.monotonic() + budget
    conn = database.connection()
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
    try:
        read(*args)
    except (peewee.OperationalError, sqlite3.OperationalError):  # interrupted: the time is up
        pass
    finally:
        conn.set_progress_handler(None, 0)


def _classify(key: str, row: tuple) -> tuple | None:
    cid, name, norm, city, grade, phone, code, digits, py_full, py_initials = row
    spelling = (py_full or "").split(" ", 1)[0]
    ways = (py_initials or "").split()
    norm = norm or ""
    if norm == key or (code or "").lower() == key or spelling == key:
        score, matched = EXACT, "code" if (code or "").lower() == key and norm != key else (
            "name" if norm == key else "pinyin")
    elif ways and ways[0] == key:
        score, matched = WHOLE_INITIALS, "initials"
    elif norm.startswith(key):
        score, matched = PREFIX, "name"
    elif spelling.startswith(key):
        score, matched = PREFIX, "pinyin"
    elif code and code.lower().startswith(key):
        score, matched = CODE_PREFIX, "code"
    elif any(way.startswith(key) for way in ways):
        score, matched = INITIALS, "initials"
    elif key in norm:
        score, matched = SUBSTRING, "name"
    elif key.isdigit() and key in (digits or ""):
        score, matched = PHONE, "phone"
    elif key in (py_full or "") or key in (py_initials or ""):
        score, matched = SUBSTRING - 5, "pinyin"
    else:
        return None
    return (cid, name, score, city or "", grade or "", matched, phone or "", code or "")
