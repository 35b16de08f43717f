"""Bulk writes for imports and the demo: many rows, one transaction, few round trips.

`insert` sends rows with the driver's executemany (a single prepared INSERT), filling every
column the caller left out with the model's default, so 100k rows take seconds rather than
the minute Peewee's per-row SQL building would. Callers hold the transaction.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee

from salesterm.domain import textkeys
from salesterm.domain.errors import Message
from salesterm.store import bulk_capture
from salesterm.store.models import Contact, Customer, Rep, database, is_sqlite, new_id  # noqa: F401 (re-export)
from salesterm.store.reps import create_rep, tidy_name

_PLANS: dict[tuple[type, str], tuple[str, list[tuple[str, Any, Any, str | None]], list[int]]] = {}
_BUILDERS: dict[type, Callable[[dict[str, Any]], list[Any]]] = {}


def _plan(model, param: str) -> tuple[str, list[tuple[str, Any, Any, str | None]], list[int]]:
    """(SQL, [(field name, default value, default factory, foreign key column)], indexes of
    date/time fields)
    for MODEL, built once per placeholder style."""
    if (model, param) not in _PLANS:
        fields = list(model._meta.sorted_fields)
        cols = ", ".join(f'"{f.column_name}"' for f in fields)
        marks = ", ".join([param] * len(fields))
        sql = f'INSERT INTO "{model._meta.table_name}" ({cols}) VALUES ({marks})'
        spec = [(f.name, None if callable(f.default) else f.default, f.default if callable(f.default) else None,
                 f.column_name if isinstance(f, peewee.ForeignKeyField) else None) for f in fields]
        dates = [i for i, f in enumerate(fields) if isinstance(f, (peewee.DateField, peewee.DateTimeField))]
        _PLANS[(model, param)] = (sql, spec, dates)
    return _PLANS[(model, param)]


def _builder(model) -> Callable[[dict[str, Any]], list[Any]]:
    """A function of a row dict giving MODEL's insert parameters, made once from _plan's spec:
    the row laid over the fields' defaults and read in field order by one itemgetter (C
    code, about three times faster than a loop over the fields; an import makes 200k of
    these lists at 100k customers). Defaults that are made per row (ids, times) and foreign
    keys given by their column name are filled in first."""
    if model not in _BUILDERS:
        import operator

        spec = _plan(model, "?")[1]
        defaults = {name: default for name, default, factory, _column in spec if factory is None}
        made = [(name, factory) for name, _default, factory, _column in spec if factory is not None]
        by_column = [(name, column) for name, _default, _factory, column in spec if column is not None]
        read = operator.itemgetter(*(name for name, *_rest in spec))

        def build(row: dict[str, Any]) -> list[Any]:
            merged = {**defaults, **row}
            for name, column in by_column:
                if name not in row and column in row:
                    merged[name] = row[column]
            for name, factory in made:
                if name not in row:
                    merged[name] = factory()
            return list(read(merged))

        _BUILDERS[model] = build
    return _BUILDERS[model]


def values_of(model, row: dict[str, Any], *, sqlite: bool) -> list[Any]:
    """The parameters of ROW (a dict by field name, foreign keys as ids, values of the
    field's Python type) for insert_values; fields left out get the model's default.
    Pure: worker processes may prepare rows."""
    values = _builder(model)(row)
    if sqlite:  # dates as Peewee stores them in SQLite: ISO text
        for i in _plan(model, "?")[2]:
            if values[i] is not None and not isinstance(values[i], str):
                values[i] = str(values[i])
    return values


def position(model, name: str) -> int:
    """Where field NAME sits in a row of values_of(MODEL, ...)."""
    return [entry[0] for entry in _plan(model, "?")[1]].index(name)


def insert_values(model, params: Sequence[Sequence[Any]]) -> int:
    """Insert rows made by values_of in one executemany."""
    if not params:
        return 0
    db = database.obj
    sql = _plan(model, db.param)[0]
    if not bulk_capture.insert(db, model._meta.table_name, sql, params, position(model, "id")):
        db.cursor().executemany(sql, params)  # (on a replica the hook writes the outbox set-wise)
    return len(params)


def insert(model, rows: Sequence[dict[str, Any]]) -> int:
    """Insert ROWS (dicts by field name, foreign keys as ids, values of the field's Python
    type) in one executemany. Fields a row leaves out get the model's default."""
    sqlite = is_sqlite()
    return insert_values(model, [values_of(model, row, sqlite=sqlite) for row in rows])


def new_ids(count: int) -> list[str]:
    """COUNT random UUID4 keys, as models.new_id gives them, from one read of os.urandom
    (about ten times faster than uuid.uuid4() one by one)."""
    import os

    data = os.urandom(16 * count)
    out = []
    for i in range(0, 16 * count, 16):
        value = int.from_bytes(data[i:i + 16], "big")
        value = (value & ~(0xF000 << 64) | (0x4000 << 64)) & ~(0xC000 << 48) | (0x8000 << 48)
        out.append(f"{value:032x}")
    return out


def insert_all(model, rows: Iterable[dict[str, Any]], batch: int = 1000) -> int:
    count, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            count += insert(model, chunk)
            chunk = []
    return count + insert(model, chunk)


def missing_reps(names: Iterable[str]) -> list[str]:
    wanted = {tidy_name(n) for n in names if tidy_name(n)}
    if not wanted:
        return []
    have = {r.name for r in Rep.live(Rep.name)}
    return sorted(wanted - have)


def ensure_reps(names: Iterable[str]) -> dict[str, str]:
    """Rep name -> id for NAMES, creating the reps not yet known (as store.reps.rep_id with create)."""
    wanted = {tidy_name(n) for n in names if tidy_name(n)}
    if not wanted:
        return {}
    for name in missing_reps(wanted):
        create_rep(name)
    return {r.name: r.id for r in Rep.live(Rep.id, Rep.name) if r.name in wanted}


@dataclass
class CustomerIndex:
    """Live customers by code, normalised name and phone digits: the duplicate rule of
    store.customers.find_duplicates (domain/customer_identity: the same phone of 7+ digits, or
    the same name_norm in the same city) for a whole file at once, instead of a query per row."""

    by_code: dict[str, str] = field(default_factory=dict)
    # norm -> [(id, name, code, city)]
    by_name: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)
    by_phone: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)  # norm -> ids (for lookups by name)
    city_of: dict[str, str] = field(default_factory=dict)  # id -> city
    merged_codes: set[str] = field(default_factory=set)  # codes of files merged away: by_code names the survivor
    archived_codes: set[str] = field(default_factory=set)  # codes of archived files (taken, not updatable)

    @classmethod
    def load(cls, *, with_names: bool = False) -> CustomerIndex:
        index = cls()
        query = Customer.live(Customer.id, Customer.code, Customer.name, Customer.name_norm,
                              Customer.phone_digits, Customer.city).tuples()
        for cid, code, name, norm, digits, city in query.iterator():
            entry = (cid, name, code or "", city or "")
            if code:
                index.by_code[code] = cid
            index.by_name.setdefault(norm, []).append(entry)
            index.city_of[cid] = city or ""
            if len(digits or "") >= 7:
                index.by_phone.setdefault(digits, entry)
            if with_names:
                index.names.setdefault(norm, []).append(cid)
        gone = Customer.select(Customer.code, Customer.merged_into).where(
            Customer.deleted_at.is_null(False) & Customer.code.is_null(False)).tuples()
        for code, survivor in gone.iterator():
            if survivor and survivor in index.city_of and code not in index.by_code:
                index.by_code[code] = survivor
                index.merged_codes.add(code)
            elif code not in index.by_code:
                index.archived_codes.add(code)
        return index

    @staticmethod
    def describe(entry: tuple[str, ...]) -> str | Message:
        _cid, name, code = entry[:3]
        city = entry[3] if len(entry) > 3 else ""
        if code and city:
            return Message("rows.customer_code_city", name=name, code=code, city=city)
        return Message("rows.customer_code", name=name, code=code) if code else name

    def find(self, code: str, name: str) -> tuple[str | None, str, str]:
        """(customer id, why not found, which column) by code, else by a code or name typed
        in the customer column."""
        code, name = code.strip(), name.strip()
        if code:
            if code in self.by_code:
                return self.by_code[code], "", ""
            return None, Message("rows.no_customer_with_code", code=code), "customer_code"
        if not name:
            return None, Message("rows.customer_empty"), "customer"
        if name in self.by_code:
            return self.by_code[name], "", ""
        ids = self.names.get(textkeys.normalise_name(name), [])
        if len(ids) == 1:
            return ids[0], "", ""
        if ids:
            return None, Message("rows.many_customers_called", count=len(ids), name=name), "customer"
        return None, Message("rows.no_customer_called", name=name), "customer"


def contact_names() -> set[tuple[str, str]]:
    """(customer id, normalised contact name) of every live contact."""
    query = Contact.live(Contact.customer, Contact.name).tuples()
    return {(cid, textkeys.normalise_name(name)) for cid, name in query.iterator()}


def search_changed() -> None:
    """Tell this process's search index (if it has loaded one) that customers changed in
    bulk. A process that never searched has no index to refresh: nothing is imported."""
    search = sys.modules.get("salesterm.store.search")
    forget = getattr(search, "forget", None)
    if callable(forget):
        forget()


# --- work on many rows at once, in worker processes -----------------------------------

PARALLEL_FROM = 5000  # a demo of fewer customers keys them in-process (an import decides by its file's size:
# importing.PARALLEL_FROM_BYTES, as its workers start before the rows are counted)
WORKERS = 2


def can_fork() -> bool:
    """Worker processes by fork: only from a single-threaded process (the command line)."""
    import multiprocessing
    import threading

    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def worker_count() -> int:
    import os

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(WORKERS, cpus))


def _collector_paused() -> None:
    """Before forking the workers: the garbage collector is switched off and what the process
    holds is frozen (gc.freeze), until _collector_resumed. A forked worker then never walks
    (and so copies page by page) the parent's objects, and neither process spends time
    collecting the million short-lived objects of a large file, which hold no cycles (about
    3 of 24 CPU seconds at 100k rows)."""
    import gc

    gc.disable()
    gc.freeze()


def _collector_resumed(was_enabled: bool) -> None:
    import gc

    gc.unfreeze()
    if was_enabled:
        gc.enable()


def _worker_started(warm: Callable[[], Any] | None) -> None:
    """A worker's first step: Ctrl+C is the parent's to handle (it ends the workers and says that
    nothing was half-written); a worker that took it too printed a traceback each. Then WARM,
    whose failure is the jobs' to report."""
    import contextlib
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm is not None:
        # the jobs meet the failure again and report it; a pool whose initializer raises starts
        # new workers for ever, and the importer waited for ever
        with contextlib.suppress(Exception):
            warm()


class Workers:
    """Pure jobs in forked worker processes (`with Workers(parallel, warm=fn) as w: ...`):
    `submit(fn, arg)` gives a function that collects the result when it is needed, `map(fn,
    jobs)` the results in order. Without workers (not PARALLEL, or not allowed: see can_fork)
    a job runs in this process when its result is asked for.

    The workers fork when the block starts and first run WARM (loading what the jobs need,
    such as pypinyin's dictionaries): an import starts them before it reads its file, so they
    warm up while it reads. `close()` ends them as soon as the work is done (the block's end
    does otherwise); the garbage collector is paused while they run (_collector_paused)."""

    def __init__(self, parallel: bool = True, *, warm: Callable[[], Any] | None = None):
        self.parallel = parallel and can_fork()
        self.warm = warm
        self.pool = None
        self.collecting = False

    def __enter__(self) -> Workers:
        if self.parallel:
            import gc
            import multiprocessing
            import signal

            self.collecting = gc.isenabled()
            _collector_paused()
            # the workers are born ignoring Ctrl+C (see _worker_started), not only once they start
            interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                self.pool = multiprocessing.get_context("fork").Pool(worker_count(), initializer=_worker_started,
                                                                     initargs=(self.warm,))
            except BaseException:
                _collector_resumed(self.collecting)
                raise
            finally:
                signal.signal(signal.SIGINT, interrupt)
        return self

    def submit(self, fn, arg):
        if self.pool is None:
            return lambda: fn(arg)
        pending = self.pool.apply_async(fn, (arg,))
        return pending.get

    def map(self, fn, jobs: list) -> Iterator:
        """fn(job) for each job, results in order."""
        if self.pool is None:
            return map(fn, jobs)
        return self.pool.imap(fn, jobs)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
            _collector_resumed(self.collecting)

    def __exit__(self, *exc) -> None:
        self.close()
