"""Recompute every figure the ledger derives and compare it with what is stored (`salesterm check`).

The ledger holds two kinds of rows:

- **Ledger rows**, written once and never edited (a correction is a new row): payments and their
  reversals, payment allocations, and each receivable's amount and write-off. A problem in them
  needs a human: `check` names it and `check --repair` leaves it alone.
- **Derived figures**, kept up to date by the writers so that lists and the queue need not sum a
  million rows: ``receivable.paid`` (the sum of the receivable's live allocations, bumped by
  ledger.receivables), ``customer_stats`` (store/stats), ``collection_state.balance``,
  ``oldest_due`` and ``oldest_due_day`` (ledger.summary) and the search index's ``search_visit``
  stamps (triggers of migration 0007). A problem there is repaired by rebuilding them
  (ledger/repair.py).

``receivable.paid`` counts as derived: each allocation row says which payment paid how much of
which receivable, and ``paid`` is only their running total kept beside the receivable for the
aging and queue SQL. An allocation is backed by a payment row; a ``paid`` that disagrees with its
allocations is backed by nothing. The other columns of collection_state (slips, escalation, the
follow-up level and date, the open promise, the last attempt) are the collection workflow's own
state, set by the people working the queue, not figures derived from the ledger.

Each finding is a `Problem`: the customer, the row, what is wrong, the expected and the found
value, and a `Message` (en + zh catalogs) that says it in one line.
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field

import peewee

from salesterm import clock
from salesterm.domain.errors import Message, shown
from salesterm.domain.money import fen_to_json, format_money
from salesterm.store import db as store_db
from salesterm.store import migrations, stats

_LIVE_SUMS = ("SELECT {key}, SUM(amount) AS s, COUNT(*) AS n FROM payment_allocation "
              "WHERE deleted_at IS NULL GROUP BY {key}")


class Fen(int):
    """An amount in fen, shown as money."""


@dataclass(frozen=True)
class Problem:
    what: str  # the message id
    table: str
    row: str
    customer_id: str
    expected: object
    found: object
    derived: bool
    message: Message = field(compare=False)

    @property
    def key(self) -> tuple:
        return (self.what, self.table, self.row, self.message.params.get("column", ""),
                self.message.params.get("number", ""))

    def __str__(self) -> str:
        return str(self.message)

    def to_json(self) -> dict:
        return {"what": self.what, "table": self.table, "row": self.row,
                "customer_id": self.customer_id, "customer": self.message.params.get("customer", ""),
                "expected": _json(self.expected), "found": _json(self.found),
                "repair": "rebuild" if self.derived else "human", "message": str(self.message)}


def _json(value):
    if isinstance(value, Fen):
        return fen_to_json(int(value))
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _text(value) -> str:
    if isinstance(value, Fen):
        return format_money(int(value))
    if value is None:
        return "—"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _day(value) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


def _fen(value) -> Fen:
    return Fen(int(value or 0))


class _Finder:
    """Collects problems, naming customers (and receivable numbers) as it goes."""

    def __init__(self, db: peewee.Database) -> None:
        self.db = db
        self.found: list[Problem] = []
        self._names: dict[str, str] = {}

    def rows(self, sql: str, params=()) -> list[tuple]:
        return self.db.execute_sql(sql, params).fetchall()

    def name(self, customer_id: str) -> str:
        if customer_id not in self._names:
            row = self.rows(f"SELECT name FROM customer WHERE id = {self.db.param}", (customer_id,))
            self._names[customer_id] = shown(row[0][0]) if row else shown(customer_id)
        return self._names[customer_id]

    def add(self, message: Message, *, table: str, row: str, customer_id: str, expected, found,
            derived: bool = False) -> None:
        self.found.append(Problem(message.msgid, table, row, customer_id, expected, found, derived, message))


def check(db: peewee.Database) -> store_db.CheckReport:
    """`salesterm check`: the engine's checks, counts and version, and every problem found here."""
    return store_db.check(db, problems(db))


def problems(db: peewee.Database) -> list[Problem]:
    """Every mismatch between the ledger's rows and what is derived from them."""
    f = _Finder(db)
    _payments(f)
    _reversals(f)
    _allocations(f)
    _receivables(f)
    if migrations.current_version(db) == migrations.latest_version():  # older: no summary tables yet
        _summaries(f)
    return f.found


def _payments(f: _Finder) -> None:
    sums = _LIVE_SUMS.format(key="payment_id")
    rows = f.rows(
        "SELECT p.id, p.customer_id, p.amount, p.reverses_id, p.deleted_at, COALESCE(a.s, 0), COALESCE(a.n, 0) "
        f"FROM payment p LEFT JOIN ({sums}) a ON a.payment_id = p.id "
        "WHERE (p.deleted_at IS NOT NULL AND COALESCE(a.n, 0) > 0) "
        "OR (p.deleted_at IS NULL AND (p.amount <> COALESCE(a.s, 0) OR p.amount <= 0))")
    reversed_ids = {r[0] for r in f.rows("SELECT reverses_id FROM payment WHERE reverses_id IS NOT NULL "
                                         "AND deleted_at IS NULL")}
    unallocated: list[tuple[str, str, Fen, Fen]] = []
    for pid, cid, amount, reverses, deleted, allocated, _n in rows:
        amount, allocated, c = _fen(amount), _fen(allocated), f.name(cid)
        if deleted is not None:
            f.add(Message("check.payment_deleted_allocated", customer=c, row=pid, expected=_text(Fen(0)),
                          found=_text(allocated)),
                  table="payment", row=pid, customer_id=cid, expected=Fen(0), found=allocated)
            continue
        if reverses is None and amount <= 0:
            f.add(Message("check.payment_not_positive", customer=c, row=pid, found=_text(amount)),
                  table="payment", row=pid, customer_id=cid, expected="> 0.00", found=amount)
        if (reverses is None and allocated > max(amount, 0)) or (reverses is not None and allocated < amount):
            f.add(Message("check.payment_over_allocated", customer=c, row=pid, expected=_text(amount),
                          found=_text(allocated)),
                  table="payment", row=pid, customer_id=cid, expected=amount, found=allocated)
        elif reverses is None and 0 <= allocated < amount and pid not in reversed_ids:
            unallocated.append((pid, cid, amount, allocated))
    if unallocated:
        owing = _open_by_customer(f, sorted({u[1] for u in unallocated}))
        for pid, cid, amount, allocated in unallocated:
            if owing.get(cid, 0) > 0:
                f.add(Message("check.payment_unallocated_while_owing", customer=f.name(cid), row=pid,
                              expected=_text(allocated), found=_text(amount), owing=_text(owing[cid])),
                      table="payment", row=pid, customer_id=cid, expected=allocated, found=amount)


def _open_by_customer(f: _Finder, customer_ids: list[str]) -> dict[str, Fen]:
    """What each customer still owes, with paid recomputed from the live allocations."""
    sums = _LIVE_SUMS.format(key="receivable_id")
    left = "r.amount - COALESCE(a.s, 0) - r.written_off"
    out: dict[str, Fen] = {}
    for i in range(0, len(customer_ids), 500):
        chunk = customer_ids[i:i + 500]
        marks = ", ".join([f.db.param] * len(chunk))
        for cid, owing in f.rows(
                f"SELECT r.customer_id, SUM(CASE WHEN {left} > 0 THEN {left} ELSE 0 END) "
                f"FROM receivable r LEFT JOIN ({sums}) a ON a.receivable_id = r.id "
                f"WHERE r.deleted_at IS NULL AND r.customer_id IN ({marks}) GROUP BY r.customer_id", chunk):
            out[cid] = _fen(owing)
    return out


def _reversals(f: _Finder) -> None:
    rows = f.rows("SELECT v.id, v.customer_id, v.amount, o.id, o.customer_id, o.amount, o.reverses_id, "
                  "o.deleted_at FROM payment v LEFT JOIN payment o ON o.id = v.reverses_id "
                  "WHERE v.reverses_id IS NOT NULL AND v.deleted_at IS NULL")
    times = Counter(r[3] for r in rows if r[3] is not None)
    for vid, cid, amount, oid, ocid, oamount, oreverses, odeleted in rows:
        c = f.name(cid)
        if oid is None or oreverses is not None or odeleted is not None or int(oamount) <= 0:
            f.add(Message("check.reversal_target", customer=c, row=vid),
                  table="payment", row=vid, customer_id=cid, expected="a live payment", found=oid)
            continue
        if ocid != cid:
            f.add(Message("check.reversal_customer", customer=c, row=vid, found=f.name(ocid)),
                  table="payment", row=vid, customer_id=cid, expected=cid, found=ocid)
        if int(amount) != -int(oamount):
            f.add(Message("check.reversal_amount", customer=c, row=vid, expected=_text(Fen(-int(oamount))),
                          found=_text(_fen(amount))),
                  table="payment", row=vid, customer_id=cid, expected=Fen(-int(oamount)), found=_fen(amount))
    for oid, n in times.items():
        if n > 1:
            cid = next(r[4] for r in rows if r[3] == oid)
            f.add(Message("check.payment_reversed_twice", customer=f.name(cid), row=oid, found=n),
                  table="payment", row=oid, customer_id=cid, expected=1, found=n)
    for vid, cid, _rid, number, net in f.rows(
            "SELECT v.id, v.customer_id, a.receivable_id, r.number, SUM(a.amount) FROM payment v "
            "JOIN payment_allocation a ON a.deleted_at IS NULL "
            "AND (a.payment_id = v.id OR a.payment_id = v.reverses_id) "
            "JOIN receivable r ON r.id = a.receivable_id "
            "WHERE v.reverses_id IS NOT NULL AND v.deleted_at IS NULL "
            "GROUP BY v.id, v.customer_id, a.receivable_id, r.number HAVING SUM(a.amount) <> 0"):
        f.add(Message("check.reversal_allocations", customer=f.name(cid), row=vid, number=shown(number),
                      found=_text(_fen(net))),
              table="payment", row=vid, customer_id=cid, expected=Fen(0), found=_fen(net))


def _allocations(f: _Finder) -> None:
    for aid, pcid, rcid, number, amount, reverses, rdeleted in f.rows(
            "SELECT a.id, p.customer_id, r.customer_id, r.number, a.amount, p.reverses_id, r.deleted_at "
            "FROM payment_allocation a JOIN payment p ON p.id = a.payment_id "
            "JOIN receivable r ON r.id = a.receivable_id "
            "WHERE a.deleted_at IS NULL AND (p.customer_id <> r.customer_id OR r.deleted_at IS NOT NULL "
            "OR (p.reverses_id IS NULL AND a.amount <= 0) OR (p.reverses_id IS NOT NULL AND a.amount >= 0))"):
        c, n = f.name(pcid), shown(number)
        if pcid != rcid:
            f.add(Message("check.allocation_customer", customer=c, row=aid, number=n, found=f.name(rcid)),
                  table="payment_allocation", row=aid, customer_id=pcid, expected=pcid, found=rcid)
        if rdeleted is not None:
            f.add(Message("check.allocation_deleted_receivable", customer=c, row=aid, number=n),
                  table="payment_allocation", row=aid, customer_id=pcid, expected="a live receivable",
                  found="deleted")
        if (reverses is None) == (int(amount) <= 0):
            sign = "> 0.00" if reverses is None else "< 0.00"
            f.add(Message("check.allocation_sign", customer=c, row=aid, expected=sign, found=_text(_fen(amount))),
                  table="payment_allocation", row=aid, customer_id=pcid, expected=sign, found=_fen(amount))


def _receivables(f: _Finder) -> None:
    sums = _LIVE_SUMS.format(key="receivable_id")
    live = "COALESCE(a.s, 0)"
    for rid, cid, number, amount, paid, written_off, allocated in f.rows(
            f"SELECT r.id, r.customer_id, r.number, r.amount, r.paid, r.written_off, {live} "
            f"FROM receivable r LEFT JOIN ({sums}) a ON a.receivable_id = r.id "
            f"WHERE r.deleted_at IS NULL AND (r.paid <> {live} OR {live} + r.written_off > r.amount "
            f"OR {live} < 0 OR r.written_off < 0 OR r.amount <= 0)"):
        c, n = f.name(cid), shown(number)
        amount, paid, written_off, allocated = _fen(amount), _fen(paid), _fen(written_off), _fen(allocated)
        if paid != allocated:
            f.add(Message("check.receivable_paid", customer=c, row=rid, number=n, expected=_text(allocated),
                          found=_text(paid)),
                  table="receivable", row=rid, customer_id=cid, expected=allocated, found=paid, derived=True)
        if allocated + written_off > amount or allocated < 0 or written_off < 0 or amount <= 0:
            settled = Fen(allocated + written_off)
            f.add(Message("check.receivable_overpaid", customer=c, row=rid, number=n, expected=_text(amount),
                          found=_text(settled)),
                  table="receivable", row=rid, customer_id=cid, expected=amount, found=settled)


_STATS = ("open_balance", "overdue_amount", "oldest_due", "last_visit", "next_visit")


def _summaries(f: _Finder) -> None:
    """customer_stats and collection_state against their recomputation (store/stats' own SQL). That
    SQL reads receivable.paid, so a customer whose paid is already named wrong is left out here:
    their summaries are judged once --repair has rebuilt paid."""
    unsure = {p.customer_id for p in f.found if p.what == "check.receivable_paid"}
    stored = f.rows("SELECT id, customer_id, as_of, open_balance, overdue_amount, oldest_due, last_visit, "
                    "next_visit FROM customer_stats")
    expected: dict = {}
    for as_of in sorted({_day(r[2]) for r in stored}) or [clock.today()]:
        expected[as_of] = stats.recompute(as_of)
    any_day = next(iter(expected.values()))
    have = set()
    for sid, cid, as_of, *values in stored:
        have.add(cid)
        want = expected[_day(as_of)].get(cid)
        if want is None or cid in unsure:
            continue
        for column, got, should in zip(_STATS, values, want, strict=True):
            if column in ("open_balance", "overdue_amount"):
                got, should = _fen(got), _fen(should)
            else:
                got, should = _day(got), _day(should)
            if got != should:
                f.add(Message("check.stats_value", customer=f.name(cid), row=sid, column=column,
                              expected=_text(should), found=_text(got)),
                      table="customer_stats", row=sid, customer_id=cid, expected=should, found=got, derived=True)
    for cid, want in any_day.items():
        if cid not in have and cid not in unsure and _fen(want[0]) > 0:
            f.add(Message("check.summary_missing", customer=f.name(cid), table="customer_stats",
                          expected=_text(_fen(want[0]))),
                  table="customer_stats", row=cid, customer_id=cid, expected=_fen(want[0]), found=None, derived=True)
    _collection_state(f, {k: v for k, v in any_day.items() if k not in unsure})
    _search_visits(f)


def _collection_state(f: _Finder, expected: dict) -> None:
    have = set()
    for sid, cid, balance, oldest, oldest_day in f.rows(
            "SELECT id, customer_id, balance, oldest_due, oldest_due_day FROM collection_state "
            "WHERE deleted_at IS NULL"):
        have.add(cid)
        want = expected.get(cid)
        if want is None:
            continue
        should_due = _day(want[2])
        checks = [("balance", _fen(balance), _fen(want[0])), ("oldest_due", _day(oldest), should_due),
                  ("oldest_due_day", oldest_day, should_due.toordinal() if should_due else None)]
        for column, got, should in checks:
            if got != should:
                f.add(Message("check.state_value", customer=f.name(cid), row=sid, column=column,
                              expected=_text(should), found=_text(got)),
                      table="collection_state", row=sid, customer_id=cid, expected=should, found=got, derived=True)
    for cid, want in expected.items():
        if cid not in have and _fen(want[0]) > 0:
            f.add(Message("check.summary_missing", customer=f.name(cid), table="collection_state",
                          expected=_text(_fen(want[0]))),
                  table="collection_state", row=cid, customer_id=cid, expected=_fen(want[0]), found=None,
                  derived=True)


def _search_visits(f: _Finder) -> None:
    """search_visit mirrors customer_stats.last_visit (the search index's change stamp, 0007)."""
    for cid, last, mirrored in f.rows(
            "SELECT s.customer_id, s.last_visit, v.last_visit FROM customer_stats s "
            "LEFT JOIN search_visit v ON v.customer_id = s.customer_id"):
        if _day(last) != _day(mirrored):
            f.add(Message("check.search_visit", customer=f.name(cid), row=cid, expected=_text(_day(last)),
                          found=_text(_day(mirrored))),
                  table="search_visit", row=cid, customer_id=cid, expected=_day(last), found=_day(mirrored),
                  derived=True)
