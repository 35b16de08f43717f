"""Finding a product in a few keystrokes: code, barcode, name, pinyin (every reading), initials.

    search_products(query, limit=20, include_discontinued=False) -> [ProductHit]   best first
    products_changed()   the catalogue changed here (store/products/catalogue calls it)
    forget()             drop the index (tests)

The customer search's engine does the matching (store/search: the index's flat strings and
readings table, the ranked match classes of rank.Plan, the rapidfuzz fallback): a product is a
row whose name is the product name, whose code is its code and whose one "contact" is its brand.
The ranking is therefore the customers': the whole name, code or barcode (100), the whole name's
initials (93/92), a name prefix (90), a code or barcode prefix (88), initials (80), a substring
(70), the brand (60/50), gapped letters (40), a close spelling (8-10). Within a class, code order.

The index is built once from the table (about 0.2 s for 20,000 products) in the thread that first
searches, rebuilt after a write here, and checked against the table (row count and latest
change) at most every CHECK_EVERY seconds, so a product imported by another process is found.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from salesterm.domain import pinyin_match, textkeys
from salesterm.store.models import Product, database
from salesterm.store.search import fuzzy as search_fuzzy
from salesterm.store.search.index import Corpus, Readings, Row, _Field, likeliest_spelling, whole_initials
from salesterm.store.search.prefilter import Bits
from salesterm.store.search.rank import CODE_PREFIX, EXACT, GAPPED, Found, Plan

CHECK_EVERY = 2.0  # seconds between checks that the table has not changed under the index
_CACHE = 256


@dataclass(frozen=True)
class ProductHit:
    id: str
    code: str
    name: str
    spec: str
    unit: str
    case_unit: str
    case_size: int
    list_price: int  # fen, one base unit
    status: str
    barcode: str
    why: str  # how the query matched: code, barcode, name, pinyin, initials, brand, gapped, fuzzy
    score: int = 0

    def to_json(self) -> dict:
        from salesterm.domain.money import fen_to_json

        return {"id": self.id, "code": self.code, "name": self.name, "spec": self.spec, "unit": self.unit,
                "case_unit": self.case_unit, "case_size": self.case_size, "list_price": fen_to_json(self.list_price),
                "status": self.status, "barcode": self.barcode, "matched": self.why, "score": self.score}


_COLUMNS = (Product.id, Product.code, Product.name, Product.spec, Product.unit, Product.case_unit,
            Product.case_size, Product.list_price, Product.status, Product.barcode, Product.brand,
            Product.name_norm, Product.py_full, Product.py_initials)


class _Part:
    """One corpus (active products, or discontinued ones) and what its hits show."""

    def __init__(self, rows: list[tuple], readings: Readings) -> None:
        rows.sort(key=lambda r: (r[1], r[0]))  # code order: ties within a class
        self.details = [r[:10] for r in rows]
        index_rows = [Row(id=r[0], name=r[2], code_shown=r[1], city="", grade="", phone="", rank=i,
                          key=r[11] or textkeys.normalise_name(r[2]), code=textkeys.normalise_name(r[1]),
                          contacts=(textkeys.normalise_name(r[10]),) if r[10] else (),
                          spell=likeliest_spelling(r[12]), inits=whole_initials(r[2], r[13]))
                      for i, r in enumerate(rows)]
        for row in index_rows:
            readings.learn(row.key + "".join(row.contacts))
        readings.assign()
        self.corpus = Corpus(index_rows, readings)
        self.corpus.bits = Bits.of_corpus(self.corpus, readings)  # pinyin queries look at the rows that can match
        self.corpus.release()
        self.barcodes = _Field([r[9] or "" for r in rows])

    def barcode_hits(self, key: str, limit: int) -> list[Found]:
        if not key.isdigit() or len(key) < 3:
            return []
        out = [Found(EXACT, slot, "barcode") for slot, _p in self.barcodes.find("\n" + key + "\n", stop=limit)]
        seen = {f.slot for f in out}
        out += [Found(CODE_PREFIX, slot, "barcode")
                for slot, _p in self.barcodes.find("\n" + key, stop=limit, skip=seen)]
        return out[:limit]

    def hit(self, found: Found) -> ProductHit:
        pid, code, name, spec, unit, case_unit, case_size, price, status, barcode = self.details[found.slot]
        why = {"contact": "brand", "code": "code"}.get(found.matched, found.matched)
        return ProductHit(pid, code, name, spec or "", unit or "", case_unit or "", case_size or 1, price or 0,
                          status, barcode or "", why, found.score)


class _Index:
    def __init__(self, rows: list[tuple], stamp) -> None:
        self.db = database.obj
        self.stamp = stamp
        self.checked = time.monotonic()
        self.readings = Readings(textkeys.readings)
        self.active = _Part([r for r in rows if r[8] != "discontinued"], self.readings)
        self.stopped = _Part([r for r in rows if r[8] == "discontinued"], self.readings)
        self.results: dict = {}
        self.plans: dict = {}

    def plan(self, key: str) -> Plan:
        plan = self.plans.get(key)
        if plan is None:
            if len(self.plans) > _CACHE:
                self.plans.clear()
            plan = self.plans[key] = Plan(key, self.readings)
        return plan

    def search(self, key: str, limit: int, include_discontinued: bool) -> list[ProductHit]:
        cache_key = (key, limit, include_discontinued)
        hits = self.results.get(cache_key)
        if hits is not None:
            return hits
        parts = [self.active, self.stopped] if include_discontinued else [self.active]
        found: list[tuple[Found, int]] = []
        for order, part in enumerate(parts):
            mine = {f.slot: f for f in part.barcode_hits(key, limit)}
            # digits (a barcode or a code being typed): no gapped match, which costs the most and
            # means nothing for digits scattered through a name
            for f in self.plan(key).run(part.corpus, limit, gapped=not key.isdigit()):
                if f.slot not in mine or mine[f.slot].score < f.score:
                    mine[f.slot] = f
            found += [(f, order) for f in mine.values()]
        if not any(f.score > GAPPED for f, _o in found) and len(key) >= search_fuzzy.MIN_LENGTH:
            for order, part in enumerate(parts):
                have = {f.slot for f, o in found if o == order}
                found += [(f, order) for f in search_fuzzy.run(key, part.corpus, limit) if f.slot not in have]
        found.sort(key=lambda fo: (-fo[0].score, fo[0].near, fo[1], fo[0].slot))
        hits = [parts[order].hit(f) for f, order in found[:limit]]
        if len(self.results) > _CACHE:
            self.results.clear()
        self.results[cache_key] = hits
        return hits


_lock = threading.RLock()
_index: _Index | None = None
_stale = False


def _stamp():
    """What changes when the table does: live rows, the latest change."""
    from peewee import fn

    return tuple(Product.select(fn.COUNT(Product.id), fn.MAX(Product.updated_at))
                 .where(Product.deleted_at.is_null()).tuples().first() or ())


def _current() -> _Index:
    global _index, _stale
    with _lock:
        index = _index
        if index is not None and index.db is database.obj and not _stale:
            if time.monotonic() - index.checked < CHECK_EVERY:
                return index
            stamp = _stamp()
            index.checked = time.monotonic()
            if stamp == index.stamp:
                return index
        _stale = False
        stamp = _stamp()
        rows = list(Product.select(*_COLUMNS).where(Product.deleted_at.is_null()).tuples())
        _index = _Index(rows, stamp)
        return _index


def search_products(query: str, limit: int = 20, include_discontinued: bool = False) -> list[ProductHit]:
    """The products QUERY finds, best first, at most LIMIT: by code, barcode (its start), name,
    full pinyin or initials by any reading of each character, brand; a close spelling when
    nothing else matches. Discontinued products only when asked for (after the active ones)."""
    key = pinyin_match.query_key(query or "")
    if not key or limit <= 0:
        return []
    index = _current()
    with _lock:  # the picker's and the list's workers may search at once: the caches are shared
        return index.search(key, limit, include_discontinued)


def warm() -> None:
    """Build the index now (a worker calls it so the first keystroke is fast)."""
    _current()


def products_changed() -> None:
    """The table changed in this process: the next search rebuilds the index."""
    global _stale
    with _lock:
        _stale = True


def forget() -> None:
    global _index, _stale
    with _lock:
        _index = None
        _stale = False


def forget_results() -> None:
    """Empty the remembered answers (the benchmark times real searches)."""
    with _lock:
        if _index is not None:
            _index.results.clear()
