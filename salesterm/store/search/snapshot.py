"""The built search index saved to a file, so the next process starts with it at once.

Building the index at 100k customers takes seconds (every row read, every character's
readings looked up, the bitsets marked); loading it back takes a tenth of that. A snapshot is
used only when all of these still hold, else it is ignored and the index is built again:

  - the same database (SQLite file path, or PostgreSQL host, port, user and database name;
    the file name is a hash of it, in the user cache folder);
  - the same change stamp: table search_stamp (migration 0007), bumped by triggers on every
    write to customers, contacts and a customer's last visit, by any process or machine, with
    no clock involved. The stamp is read in the same snapshot (transaction) as the rows the
    index is built from, so a write racing the build makes the saved file's stamp old; each
    bump draws a new random token, so a rolled-back write or a copy of the database that went
    its own way never comes back to a stamp seen before;
  - the same code (a hash of the modules that shape the index) and pinyin data;
  - every record intact (length and CRC-32 of each).

A process that answers one search and exits (`salesterm search QUERY`) maps the file and reads a
record (checking its CRC) only when the search first uses it, and a bitset when it is first
asked for (`load(..., lazy=True)`): a Chinese query never reads the pinyin codes, for instance.
A record found damaged then makes store.search drop the file and build the index.

The file is written to a temporary name with mode 0600 and renamed into place. Its records
are marshal dumps of flat strings, packed arrays and bitsets as bytes: no per-row objects.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import struct
import sys
import threading
import zlib
from array import array
from pathlib import Path

import peewee

from salesterm.paths import cache_dir, private_folder
from salesterm.store.models import SearchStamp, database
from salesterm.store.search.index import Corpus, Readings, _Field
from salesterm.store.search.prefilter import Bits

FORMAT = 3  # 2: each name's likeliest full pinyin (field spells); 3: its likeliest initials (inits, tagless)
MAGIC = b"salesterm search index\n"
KEEP = 8  # snapshots kept in the folder (other databases'), the most recently used
MIN_CUSTOMERS = 2000  # smaller indexes build in a blink: not worth a file
_FRAME = struct.Struct("<QI")  # record length, CRC-32
_FIELDS = ("names", "phones", "codes", "ids", "shown", "phones_shown", "codes_shown", "contacts", "spells",
           "inits", "tagless")
_ENCODED = (("name_codes", "names"), ("contact_codes", "contacts"))
_TABLES = ("single", "pairs", "first", "first2", "length")
_SOURCES = ("store/search/index.py", "store/search/load.py", "store/search/prefilter.py",
            "store/search/snapshot.py", "store/search/fuzzy.py", "domain/textkeys.py", "domain/pinyin_match.py")


class Unusable(Exception):
    """The file is not a snapshot of this database, stamp and code (or it is damaged)."""


def folder() -> Path:
    return cache_dir() / "search"


def min_customers() -> int:
    try:
        return int(os.environ.get("SALESTERM_SEARCH_SNAPSHOT_MIN", MIN_CUSTOMERS))
    except ValueError:
        return MIN_CUSTOMERS


def identity() -> str | None:
    """The database, as a string (None: an in-memory database, nothing to key a file by)."""
    db = database.obj
    if db is None:
        return None
    import peewee

    if isinstance(db, peewee.SqliteDatabase):
        name = db.database or ""
        if not name or name == ":memory:" or name.startswith("file::memory:"):
            return None
        return "sqlite:" + os.path.realpath(name)
    params = getattr(db, "connect_params", {}) or {}
    return "postgresql://{}@{}:{}/{}".format(params.get("user", ""), params.get("host", ""),
                                            params.get("port", ""), db.database)


def path_for(ident: str) -> Path:
    return folder() / (hashlib.sha256(ident.encode()).hexdigest()[:32] + ".index")


def current_stamp() -> str | None:
    """The database's change stamp now (in the caller's transaction, if any)."""
    try:
        row = SearchStamp.select(SearchStamp.token, SearchStamp.generation).where(
            SearchStamp.id == 1).tuples().first()
    except peewee.DatabaseError:  # no stamp table (or it cannot be read): no snapshot
        return None
    return None if row is None else f"{row[0]}:{row[1]}"


_code_key: str | None = None


def code_key() -> str:
    """What invalidates every snapshot when the code or the pinyin data change."""
    global _code_key
    if _code_key is None:
        digest = hashlib.sha256(f"{FORMAT}:{sys.version}:{array('I').itemsize}:{array('q').itemsize}".encode())
        package = Path(__file__).resolve().parents[2]  # salesterm/
        for name in _SOURCES:
            try:
                digest.update((package / name).read_bytes())
            except OSError:
                from salesterm import __version__

                digest.update(str(__version__).encode())
        spec = importlib.util.find_spec("pypinyin")
        if spec and spec.origin:
            data = Path(spec.origin).with_name("pinyin_dict.json")
            try:
                st = data.stat()
                digest.update(f"{data}:{st.st_size}:{st.st_mtime_ns}".encode())
            except OSError:
                digest.update(b"no pinyin data")
        _code_key = digest.hexdigest()
    return _code_key


# ---- writing ---------------------------------------------------------------------------

def _records(corpus: Corpus, readings: Readings, ident: str, stamp: str):
    yield (FORMAT, code_key(), ident, stamp, corpus.n)
    yield (dict(readings.of), sorted(readings._codes.items(), key=lambda kv: kv[1]), dict(readings.code_of))
    for name in _FIELDS:
        f = getattr(corpus, name)
        yield (name, f.text, f.starts.tobytes(), None if f.slots is None else array("I", f.slots).tobytes())
    for name, _base in _ENCODED:
        yield (name, getattr(corpus, name).text)
    yield (corpus.contact_first.tobytes(), corpus.cities, corpus.grades, corpus.rank.tobytes())
    for name in _TABLES:
        table = getattr(corpus.bits, name)
        yield (name, {k: v.to_bytes((v.bit_length() + 7) // 8, "little") for k, v in table.items()})


def save(corpus: Corpus, readings: Readings, stamp: str | None) -> Path | None:
    """Write CORPUS (a freshly built one, with its bitsets) as the snapshot at STAMP.
    Returns the file, or None when there is nothing to save or it could not be written."""
    ident = identity()
    if stamp is None or ident is None or corpus.bits is None or corpus.n < min_customers():
        return None
    target = path_for(ident)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        private_folder(target.parent)  # 0700, the cache folder above it too if it makes it
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC)
            for record in _records(corpus, readings, ident, stamp):
                data = marshal.dumps(record)
                del record  # not alive while the next one is made (a bitset table is megabytes)
                fh.write(_FRAME.pack(len(data), zlib.crc32(data)))
                fh.write(data)
                del data
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except Exception:  # noqa: BLE001 - a cache: failing to write it must not fail the search
        with contextlib.suppress(OSError):
            tmp.unlink()
        return None
    _prune(target.parent)
    return target


def _prune(where: Path) -> None:
    """Keep the KEEP snapshots used last; drop files left by a process that died writing."""
    import time

    try:
        files = sorted(where.glob("*.index"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink()
        for tmp in where.glob("*.tmp"):
            if tmp.stat().st_mtime < time.time() - 3600:
                tmp.unlink()
    except OSError:
        pass


def discard() -> None:
    """Drop this database's snapshot (the benchmark times a build from the database)."""
    ident = identity()
    if ident is not None:
        _discard(path_for(ident))


# ---- reading ---------------------------------------------------------------------------

class _Reader:
    def __init__(self, fh) -> None:
        self.fh = fh

    def next(self):
        head = self.fh.read(_FRAME.size)
        if len(head) != _FRAME.size:
            raise Unusable("truncated")
        size, crc = _FRAME.unpack(head)
        data = self.fh.read(size)
        if len(data) != size:
            raise Unusable("truncated")
        if zlib.crc32(data) != crc:
            raise Unusable("damaged")
        try:
            return marshal.loads(data)
        except (ValueError, EOFError, TypeError) as exc:
            raise Unusable("damaged") from exc


def load(lookup, *, lazy: bool = False) -> tuple[Corpus, Readings] | None:
    """The saved index of this database, when it is current (see the module docstring);
    LOOKUP reads characters the index learns later. None: build it. LAZY: each record is
    unmarshalled when first used (a one-shot search; the records' CRCs are checked now)."""
    ident = identity()
    if ident is None:
        return None
    target = path_for(ident)
    try:
        fh = open(target, "rb")  # noqa: SIM115 - closed by `with fh:` below; opened apart: open errors skip _discard
    except OSError:
        return None
    try:
        with fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise Unusable("not a snapshot")
            reader = _Reader(fh)
            header = reader.next()
            if not isinstance(header, tuple) or len(header) != 5:
                raise Unusable("header")
            fmt, code, saved_ident, stamp, n = header
            if fmt != FORMAT or code != code_key() or saved_ident != ident:
                raise Unusable("another version or database")
            if stamp != current_stamp():
                return None  # written since: build (and save) again
            if lazy:
                made = _restore_lazily(_Mapped(fh), lookup, n)
            else:
                made = _restore(reader, lookup, n)
                if fh.read(1):
                    raise Unusable("trailing data")
    except (Unusable, OSError, ValueError, TypeError, KeyError, IndexError):
        _discard(target)
        return None
    with contextlib.suppress(OSError):
        os.utime(target)  # most recently used: kept by _prune
    return made


def _discard(target: Path) -> None:
    with contextlib.suppress(OSError):
        target.unlink()


def _array(kind: str, data: bytes) -> array:
    out = array(kind)
    out.frombytes(data)
    return out


def _field(record, expected: str) -> _Field:
    """A text field of the corpus from its record (name, text, starts, slots)."""
    name, text, starts, slots = record
    if name != expected:
        raise Unusable("fields out of order")
    f = object.__new__(_Field)
    f.lines = None
    f.text = text
    f.starts = _array("I", starts)
    f.slots = None if slots is None else _array("I", slots)
    return f


def _twin(record, expected: str, source: _Field) -> _Field:
    """An encoded field from its record (name, text): SOURCE's rows, other text."""
    name, text = record
    if name != expected:
        raise Unusable("fields out of order")
    twin = object.__new__(_Field)
    twin.lines, twin.slots, twin.starts, twin.text = None, source.slots, source.starts, text
    return twin


def _restore(reader: _Reader, lookup, n: int) -> tuple[Corpus, Readings]:
    of, codes, code_of = reader.next()
    readings = Readings.restored(lookup, of, codes, code_of)
    corpus = object.__new__(Corpus)
    corpus.rows = None
    corpus.n = n
    corpus.dead = set()
    for expected in _FIELDS:
        setattr(corpus, expected, _field(reader.next(), expected))
    for expected, base in _ENCODED:
        setattr(corpus, expected, _twin(reader.next(), expected, getattr(corpus, base)))
    contact_first, cities, grades, rank = reader.next()
    corpus.contact_first = _array("I", contact_first)
    corpus.cities, corpus.grades, corpus.rank = cities, grades, _array("q", rank)
    if len(corpus.cities) != n or len(corpus.grades) != n or len(corpus.rank) != n \
            or corpus.ids.count() != n or corpus.names.count() != n or corpus.spells.count() != n \
            or corpus.inits.count() != n \
            or len(corpus.contact_first) != n + 1:
        raise Unusable("sizes disagree")
    tables = {}
    for expected in _TABLES:
        name, table = reader.next()
        if name != expected:
            raise Unusable("tables out of order")
        tables[name] = {k: int.from_bytes(v, "little") for k, v in table.items()}
    corpus.bits = Bits(tables, n, readings)
    return corpus, readings


# ---- reading lazily (one-shot searches) ------------------------------------------------

_RECORDS = 1 + len(_FIELDS) + len(_ENCODED) + 1 + len(_TABLES)  # after the header
_PER_ROW = {"names", "phones", "codes", "ids", "shown", "phones_shown", "codes_shown", "spells", "inits"}


class _Mapped:
    """The records after the header of an open snapshot, mapped: their lengths read at once,
    each one's CRC-32 checked and the record unmarshalled when it is asked for."""

    def __init__(self, fh) -> None:
        import mmap

        self.map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)  # stays valid once fh is closed
        pos, self.spans = fh.tell(), []
        while pos < len(self.map):
            if pos + _FRAME.size > len(self.map):
                raise Unusable("truncated")
            size, crc = _FRAME.unpack_from(self.map, pos)
            pos += _FRAME.size
            if pos + size > len(self.map):
                raise Unusable("truncated")
            self.spans.append((pos, size, crc))
            pos += size
        if len(self.spans) != _RECORDS:
            raise Unusable("records")

    def record(self, i: int):
        pos, size, crc = self.spans[i]
        data = memoryview(self.map)[pos:pos + size]
        if zlib.crc32(data) != crc:
            raise Unusable("damaged")
        try:
            return marshal.loads(data)
        except (ValueError, EOFError, TypeError) as exc:
            raise Unusable("damaged") from exc


class _Table(dict):
    """A bitset table as saved (bytes); each bitset made an int when first asked for (the
    search asks with get)."""

    def get(self, key, default=None):
        value = dict.get(self, key)
        if value is None:
            return default
        if type(value) is bytes:
            value = int.from_bytes(value, "little")
            self[key] = value
        return value

    def __getitem__(self, key):
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value


class _LazyCorpus(Corpus):
    """A corpus whose fields, columns and bitsets are read from the mapped file when first used."""

    def __getattr__(self, name: str):
        with _lazy_lock:  # two threads asking at once: one reads, the other finds it read
            if name in self.__dict__:
                return self.__dict__[name]
            load = self.__dict__.get("_loaders", {}).pop(name, None)
            if load is None:
                raise AttributeError(name)
            load()
            return self.__dict__[name]


_lazy_lock = threading.RLock()


def _restore_lazily(records: _Mapped, lookup, n: int) -> tuple[Corpus, Readings]:
    """As _restore, each record read when the search first needs it; the same checks then (a
    failed one raises Unusable: store.search then drops the file and builds the index)."""
    of, codes, code_of = records.record(0)
    readings = Readings.restored(lookup, of, codes, code_of)
    corpus = object.__new__(_LazyCorpus)
    corpus.rows = None
    corpus.n = n
    corpus.dead = set()
    loaders = corpus._loaders = {}

    def field(i: int, expected: str) -> None:
        f = _field(records.record(i), expected)
        if expected in _PER_ROW and f.count() != n:
            raise Unusable("sizes disagree")
        setattr(corpus, expected, f)

    def encoded(i: int, expected: str, base: str) -> None:
        setattr(corpus, expected, _twin(records.record(i), expected, getattr(corpus, base)))

    columns_at = 1 + len(_FIELDS) + len(_ENCODED)

    def columns() -> None:
        contact_first, cities, grades, rank = records.record(columns_at)
        corpus.contact_first = _array("I", contact_first)
        corpus.cities, corpus.grades, corpus.rank = cities, grades, _array("q", rank)
        if len(cities) != n or len(grades) != n or len(corpus.rank) != n or len(corpus.contact_first) != n + 1:
            raise Unusable("sizes disagree")

    def bits() -> None:
        tables = {}
        for i, expected in enumerate(_TABLES, start=columns_at + 1):
            name, table = records.record(i)
            if name != expected:
                raise Unusable("tables out of order")
            tables[name] = _Table(table)
        corpus.bits = Bits(tables, n, readings)

    for i, name in enumerate(_FIELDS, start=1):
        loaders[name] = lambda i=i, name=name: field(i, name)
    for i, (name, base) in enumerate(_ENCODED, start=1 + len(_FIELDS)):
        loaders[name] = lambda i=i, name=name, base=base: encoded(i, name, base)
    for name in ("contact_first", "cities", "grades", "rank"):
        loaders[name] = columns
    loaders["bits"] = bits
    return corpus, readings
