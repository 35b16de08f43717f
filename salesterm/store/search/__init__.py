"""Customer search: Chinese, pinyin of every reading, initials, contacts, phones, codes.

    search(query, limit=20) -> [Hit]   best first; safe from any thread
    warm()                               load or build the in-memory index (call from a worker)
    forget()                             drop it (tests; bulk writes)
    customers_changed(ids)               keep it current after writes (store.customers calls it)

Until the index is built, `search` answers from SQL (store/search/sql_fallback.py: names,
stored pinyin keys and initials, phone digits, codes, on the table's indexes; a scan for the
rest is cut short while a build is under way), so nothing waits for it. A built index is saved
to the user cache folder and loaded by the next process in a tenth of a second while the
database has not changed since (store/search/snapshot.py: a change stamp kept by triggers,
migration 0007). The index lives in store/search/index.py, the ranking in
store/search/rank.py, the reading of pinyin queries in domain/pinyin_match.py. A query that
finds nothing at all gets one more try with rapidfuzz (store/search/fuzzy.py: matched "fuzzy").
"""
from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from salesterm.domain import pinyin_match
from salesterm.store.models import database, is_sqlite
from salesterm.store.search import former as search_former
from salesterm.store.search import fuzzy as search_fuzzy
from salesterm.store.search import load as search_load
from salesterm.store.search import rank as search_rank
from salesterm.store.search import snapshot as search_snapshot
from salesterm.store.search import sql_fallback as search_sql
from salesterm.store.search.index import Corpus, CorpusBuilder, Readings, Row
from salesterm.store.search.prefilter import Bits, BitsBuilder
from salesterm.store.search.rank import GAPPED, Found, Plan, run_typos


@dataclass(frozen=True)
class Hit:
    id: str
    name: str
    score: int
    city: str
    grade: str
    matched: str
    phone: str = ""
    code: str = ""

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "score": self.score, "city": self.city,
                "grade": self.grade, "phone": self.phone, "code": self.code, "matched": self.matched}


REBUILD_AFTER = 2000  # changed customers kept aside before the index is rebuilt
_CACHE = 256  # results remembered (backspace and retyping cost nothing)
_CACHE_LIMIT = 200  # ... when at most this many hits were asked for


class _Index:
    def __init__(self, corpus: Corpus, readings: Readings) -> None:
        self.db = database.obj  # the database it was built from (another one opened: stale)
        self.base = corpus
        self.readings = readings
        self.extra = Corpus([], readings)  # customers changed since the build, in rank order
        self.extra_rows: dict[str, Row] = {}
        self.version = 0
        self.plans: OrderedDict = OrderedDict()
        self.results: OrderedDict = OrderedDict()
        self.matched: dict[str, bool] = {}  # key -> has a match better than gapped
        self.former = search_former.load()  # files merged into a customer (store/search/former.py)

    def plan(self, key: str) -> Plan:
        cache_key = (key, self.readings.version)
        plan = self.plans.get(cache_key)
        if plan is None:
            plan = self.plans[cache_key] = Plan(key, self.readings)
            if len(self.plans) > _CACHE:
                self.plans.popitem(last=False)
        return plan

    def search(self, key: str, limit: int) -> list[Hit]:
        cache_key = (key, limit, self.version)
        hits = self.results.get(cache_key)
        if hits is not None:
            self.results.move_to_end(cache_key)
            return hits
        found = self._found(key, limit)
        if len(key) >= 3 and not any(f.score > GAPPED for f, _c in found):
            at = self._typo_at(key)
            if at == [1, 0] and found:  # it matches with gaps: not worth guessing further
                at = []
            if at:
                for corpus in (self.base, self.extra):
                    if corpus.live() and len(found) < limit:
                        have = {f.slot for f, c in found if c is corpus}
                        found += [(f, corpus) for f in run_typos(key, at, corpus, limit - len(found),
                                                                 have, self.plan)]
        if not found and len(key) >= search_fuzzy.MIN_LENGTH:  # nothing at all: the last resort
            for corpus in (self.base, self.extra):
                found += [(f, corpus) for f in search_fuzzy.run(key, corpus, limit)]
        found.sort(key=lambda fc: (-fc[0].score, fc[0].near, fc[1].rank[fc[0].slot], fc[1] is self.extra))
        hits = search_former.explain([_hit(c, f) for f, c in found[:limit]], key, self.former, self.plan(key))
        if limit <= _CACHE_LIMIT:  # long lists (the customers list's filter) are not kept
            self.results[cache_key] = hits
        self.matched[key] = any(h.score > GAPPED for h in hits)
        if len(self.results) > _CACHE:
            self.results.popitem(last=False)
        return hits

    def _found(self, key: str, limit: int, gapped: bool = True, whole: bool = True) -> list[tuple[Found, Corpus]]:
        plan = self.plan(key)
        found = [(f, self.base) for f in plan.run(self.base, limit, gapped=gapped, whole=whole)]
        if self.extra.live():
            found += [(f, self.extra) for f in plan.run(self.extra, limit, gapped=gapped, whole=whole)]
        return found

    def _typo_at(self, key: str) -> list[int]:
        """Where the typo in KEY may be: where it stops matching (the length of its longest
        beginning that matches), or one of its first two characters."""
        for i in range(len(key) - 1, 1, -1):
            prefix = key[:i]
            if prefix not in self.matched:
                self.matched[prefix] = bool(self._found(prefix, 1, gapped=False, whole=False))
            if self.matched[prefix]:
                return [i]
        return [1, 0]

    def change(self, ids: Iterable[str], rows: list[Row]) -> None:
        ids = set(ids)
        for cid in ids:
            slot = self.base.slot_of(cid)
            if slot is not None:
                self.base.dead.add(slot)
        for cid in ids:
            self.extra_rows.pop(cid, None)
        for row in rows:
            self.extra_rows[row.id] = row
        self.readings.add_texts(row.key + "".join(row.contacts) for row in rows)
        self.extra = Corpus(list(self.extra_rows.values()), self.readings)
        self.version += 1
        self.results.clear()
        self.matched.clear()


def _hit(corpus: Corpus, found: Found) -> Hit:
    cid, name, code, city, grade, phone = corpus.row(found.slot)
    return Hit(id=cid, name=name, score=found.score, city=city, grade=grade,
               matched=found.matched, phone=phone, code=code)


_lock = threading.RLock()
_index: _Index | None = None
_wanted = False  # warm() was called: rebuild in the background after forget()
_building = False
_generation = 0  # bumped by forget(): a build started before it is not installed
_pending: set[str] = set()  # customers written while an index was being built


def warm() -> int:
    """Load the saved index when current, else build it (in the calling thread, which needs a
    database connection): about 0.1 s, or seconds at 100k customers after a change. Returns the
    number of customers indexed. Safe to call again: a built index is kept."""
    global _wanted
    with _lock:
        _wanted = True
        if _index is not None and _index.db is database.obj:
            return _index.base.live() + _index.extra.live()
    return _build()


def _build() -> int:
    """Build an index and put it in place of the current one (which answers meanwhile);
    customers written during the build are refreshed in it afterwards."""
    global _building, _index, _pending
    with _lock:
        _building = True
        generation = _generation
        _pending = set()
    try:
        index = _make_index()
    finally:
        with _lock:
            _building = False
    with _lock:
        if generation != _generation:  # forgotten meanwhile (a bulk write): not current
            return index.base.live()
        _index = index
        pending, _pending = _pending, set()
    if pending:
        customers_changed(pending)
    return index.base.live()


def _make_index() -> _Index:
    """The index saved by the last build when nothing changed since (store/search/snapshot.py),
    else a fresh build, saved for the next time."""
    lookup = search_load.CharReadings()
    # a one-shot search reads only the records it uses (answer_once)
    loaded = search_snapshot.load(lookup, lazy=not _long_life)
    if loaded is not None:
        corpus, readings = loaded
        return _settle(_Index(corpus, readings))
    readings = Readings(lookup)
    try:
        parts = CorpusBuilder()
        bits = BitsBuilder(readings, search_load.count_live())
        with search_load.one_snapshot():
            stamp = search_snapshot.current_stamp()  # the state these rows are read at
            n = search_load.stream_into(parts, bits, readings)
        readings.assign()
        corpus = Corpus.built(parts, readings)
        corpus.bits = bits.build(n)
        del parts, bits
        # what the build read and joined goes back to the system before the snapshot is
        # written: at 100k the save's copies stood on top of it, the app's high-water mark
        _give_back_memory()
        search_snapshot.save(corpus, readings, stamp)
    except search_load.OutOfStep:  # read again, the simple way (more memory for a moment)
        rows = search_load.load_rows()
        readings.add_texts(row.key + "".join(row.contacts) for row in rows)
        corpus = Corpus(rows, readings)
        corpus.bits = Bits.of_corpus(corpus, readings)
        corpus.release()
        del rows
    return _settle(_Index(corpus, readings))


def answer_once() -> None:
    """This process answers one search and exits (`salesterm search QUERY`): the index is not
    settled for a long life (rapidfuzz loaded ahead, the collector run and frozen, memory given
    back), which would only add to the command's time."""
    global _long_life
    _long_life = False


_long_life = True


def _settle(index: _Index) -> _Index:
    if not _long_life:
        return index
    # the index is a few hundred thousand long-lived objects: keep the collector from
    # walking them again and again (a full collection would stall a keystroke)
    search_fuzzy.prepare()  # rapidfuzz (4 MB, 6 ms), here in the worker: not in a keystroke
    gc.collect()
    gc.freeze()
    _give_back_memory()
    return index


def _give_back_memory() -> None:
    """Return the memory freed after a build to the system: SQLite's page cache filled up
    while every customer was read, and glibc keeps freed memory otherwise."""
    try:
        if is_sqlite():
            database.execute_sql("PRAGMA shrink_memory")
    except Exception:  # noqa: BLE001 - only an optimisation
        pass
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def ready() -> bool:
    """The index answers searches (else SQL does: store/search/sql_fallback.py)."""
    index = _index
    return index is not None and index.db is database.obj


def forget() -> None:
    """Drop the index (after bulk writes, and between tests); searches fall back to SQL
    until it is built again (in the background, when warm() was called before)."""
    global _index, _generation
    with _lock:
        _index = None
        _generation += 1


def customers_changed(ids: Iterable[str] = ()) -> None:
    """Customers (or their contacts) were written: refresh them in the index."""
    ids = [i for i in ids if i]
    with _lock:
        index = _index
        if _building:
            _pending.update(ids)
    if index is None or not ids or index.db is not database.obj:
        return
    rows = search_load.load_rows(ids)
    former = search_former.load(ids)
    with _lock:
        if _index is not index:
            return
        for cid in ids:
            index.former.pop(cid, None)
        index.former.update(former)
        index.change(ids, rows)
        if len(index.extra_rows) > REBUILD_AFTER:
            _rebuild_in_background()


def invalidate(ids: Iterable[str] | None = None) -> None:
    """Customers changed (ids) or many did (None): keep the index current."""
    if ids is None:
        forget()
    else:
        customers_changed(list(ids))


def _rebuild_in_background() -> None:
    """Build a fresh index in a thread; the current one (if any) answers meanwhile."""
    global _building
    if _building or database.obj is None:
        return
    _building = True

    def body():
        global _building
        try:
            with database.connection_context():
                _build()
        except Exception:  # noqa: BLE001 - searches keep answering (SQL, or the old index)
            with _lock:
                _building = False

    threading.Thread(target=body, name="search-index", daemon=True).start()


def search(query: str, *, limit: int = 20) -> list[Hit]:
    """Customers matching QUERY, best first (see the module docstring)."""
    key = pinyin_match.query_key(query or "")
    if not key or limit <= 0:
        return []
    with _lock:
        index = _index
        if index is not None and index.db is database.obj:
            try:
                return index.search(key, limit)
            except search_snapshot.Unusable:  # a record of a lazily read snapshot is not right
                search_snapshot.discard()
                forget()
        else:
            index = None
    if index is not None:  # (a one-shot search's lazily read file was not right) built now
        warm()
        return search(query, limit=limit)
    with _lock:
        if _wanted and not _building:
            _rebuild_in_background()
        building = _building
    return _sql_search(key, limit, building)


SCAN_BUDGET = 0.03  # seconds a SQL scan may take while the index is built (the list asks again when it is)


def _sql_search(key: str, limit: int, building: bool = False) -> list[Hit]:
    """Before any index is in memory: store/search/sql_fallback.py."""
    return [Hit(*hit) for hit in search_sql.search(key, limit, budget=SCAN_BUDGET if building else None)]


def clear_caches() -> None:
    """Forget remembered results and compiled patterns (the benchmark times cold queries)."""
    with _lock:
        if _index is not None:
            _index.plans.clear()
            _index.results.clear()
            _index.matched.clear()
    search_rank.clear_compiled()
