"""Narrowing a pinyin search before any pattern runs: which customers can match at all.

Bitsets (Python ints, one bit per row, bit 0 the best-ranked row):
  - ``single[p]``: rows holding a character with a reading starting with ``p`` (p of 1 to 3
    letters: ``j``, ``ji``, ``jin``), in the name or a contact's name;
  - ``pairs[xy]``: rows where two adjacent characters have readings starting x and y;
  - ``first[x]`` / ``first2[xy]``: the same for the first (two) characters of the name.
A cut of the query (jin|hong) can only match rows in the AND of its pieces' and adjacent
pairs' sets: a few big-integer operations. The patterns then run over those rows only, taken
in rank order a chunk at a time (a Subset), so a search costs about the same at 100k customers
as at 1k, and stops as soon as it has enough hits.
"""
from __future__ import annotations

from collections.abc import Iterator

from salesterm.domain import pinyin_match
from salesterm.store.search.index import Corpus, Readings, _Field

CHUNK = 4096  # rows per subset, at most


class BitsBuilder:
    """Marks each row's bits as the rows come (in slot order)."""

    TABLES = ("single", "pairs", "first", "first2", "length")

    def __init__(self, readings: Readings, capacity: int) -> None:
        self.readings = readings
        self.size = capacity // 8 + 1
        self.tables: dict[str, dict] = {name: {} for name in self.TABLES}
        self._heads: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # char -> (prefixes, initials)
        self._pair_of: dict[tuple[str, str], tuple[str, ...]] = {}  # adjacent chars -> initial pairs
        self._contacts: dict[str, tuple[set, set]] = {}  # contact name -> its _text

    def _of(self, char: str):
        found = self._heads.get(char)
        if found is None:
            readings_ = [r for r in self.readings.of.get(char, (char,)) if r]
            found = self._heads[char] = (tuple({r[:i] for r in readings_ for i in (1, 2, 3) if len(r) >= i}),
                                         tuple({r[0] for r in readings_}))
        return found

    def _grow(self, size: int) -> None:
        """More rows than announced: every bitset gets room for SIZE bytes (and more)."""
        self.size = max(size, self.size * 2)
        for table in self.tables.values():
            for ba in table.values():
                ba.extend(bytes(self.size - len(ba)))

    def _text(self, text: str) -> tuple[set, set]:
        """The reading prefixes of TEXT's characters, and the initials of adjacent pairs."""
        heads, pair_of = self._heads, self._pair_of
        singles: set = set()
        pairs: set = set()
        prev = None
        for char in text:
            head = heads.get(char) or self._of(char)
            singles.update(head[0])
            if prev is not None:
                keys = pair_of.get((prev, char))
                if keys is None:
                    keys = pair_of[(prev, char)] = tuple({x + y for x in heads[prev][1] for y in head[1]})
                pairs.update(keys)
            prev = char
        return singles, pairs

    def add(self, slot: int, key: str, contacts) -> None:
        byte, bit = slot >> 3, 1 << (slot & 7)
        if byte >= self.size:
            self._grow(byte + 1)
        singles, pairs = self._text(key)
        seen = self._contacts  # contact names repeat (张伟): their keys are worked out once
        for person in contacts:
            got = seen.get(person)
            if got is None:
                got = self._text(person)
                if len(seen) < 100_000:
                    seen[person] = got
            singles |= got[0]
            pairs |= got[1]
        tables, size = self.tables, self.size
        marks = [("single", singles), ("pairs", pairs), ("length", (len(key),))]
        if key:
            marks.append(("first", self._heads[key[0]][1]))
            if len(key) > 1:
                marks.append(("first2", self._pair_of[(key[0], key[1])]))
        for name, keys in marks:
            table = tables[name]
            for k in keys:
                ba = table.get(k)
                if ba is None:
                    ba = table[k] = bytearray(size)
                ba[byte] |= bit

    def build(self, n: int) -> Bits:
        made = {name: {k: int.from_bytes(v, "little") for k, v in t.items()} for name, t in self.tables.items()}
        self.tables, self._pair_of, self._contacts = {}, {}, {}
        return Bits(made, n, self.readings)


class Bits:
    def __init__(self, tables: dict[str, dict[str, int]], n: int, readings: Readings) -> None:
        self.single, self.pairs = tables["single"], tables["pairs"]
        self.first, self.first2 = tables["first"], tables["first2"]
        self.length = tables["length"]  # rows by the number of characters of the name
        self.all = (1 << n) - 1
        self.readings = readings

    @classmethod
    def of_corpus(cls, corpus: Corpus, readings: Readings) -> Bits:
        """The bitsets of a corpus built from row objects (the rows still held)."""
        builder = BitsBuilder(readings, corpus.n)
        for slot, row in enumerate(corpus.rows):
            builder.add(slot, row.key, row.contacts)
        return builder.build(corpus.n)

    def _keys(self, token: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """(reading prefixes, initials) a piece's character can have; None: any."""
        if pinyin_match.is_literal(token):
            found = [r for r in self.readings.of.get(token, (token,)) if r]
            return (tuple({r[:3] for r in found}), tuple({r[0] for r in found}))
        head = token.split(pinyin_match.WILDCARD, 1)[0][:3]
        if not head:
            return None
        return (head,), (head[0],)

    @staticmethod
    def _any(table: dict[str, int], keys) -> int:
        out = 0
        for key in keys:
            out |= table.get(key, 0)
        return out

    def contiguous(self, cut, *, at_start: bool = False) -> int:
        """Rows that may hold CUT's pieces on adjacent characters (AT_START: from the first)."""
        out = self.all
        prev = None
        for i, token in enumerate(cut):
            now = self._keys(token)
            if now is not None:
                out &= self._any(self.single, now[0])
                if at_start and i == 0:
                    out &= self._any(self.first, now[1])
                if prev is not None:
                    pair_keys = [x + y for x in prev[1] for y in now[1]]
                    out &= self._any(self.pairs, pair_keys)
                    if at_start and i == 1:
                        out &= self._any(self.first2, pair_keys)
            prev = now
            if not out:
                break
        return out

    def in_order(self, cut) -> int:
        """Rows that may hold CUT's pieces anywhere (a superset of the gapped matches)."""
        out = self.all
        for token in cut:
            now = self._keys(token)
            if now is not None:
                out &= self._any(self.single, now[0])
            if not out:
                break
        return out


def slots_of(bits: int, start: int = 0, window: int = 1 << 14) -> Iterator[int]:
    """The set bits of BITS from START, lowest (best ranked) first, a window at a time."""
    mask = (1 << window) - 1
    base = start
    bits >>= start
    while bits:
        text = bin(bits & mask)[:1:-1]
        pos = text.find("1")
        while pos >= 0:
            yield base + pos
            pos = text.find("1", pos + 1)
        bits >>= window
        base += window


def chunks(corpus: Corpus, bits: int, size: int = CHUNK) -> Iterator[Subset]:
    """The rows of BITS as subsets, best ranked first: a small one first (a common query
    finds its hits there), then bigger ones up to SIZE rows."""
    batch: list[int] = []
    step = 128
    for slot in slots_of(bits):
        batch.append(slot)
        if len(batch) >= step:
            yield Subset(corpus, batch)
            batch = []
            step = min(size, step * 2)
    if batch:
        yield Subset(corpus, batch)


class Subset:
    """Some rows of a corpus (by slot, in rank order), with the fields the name patterns
    search, built when first used; slots stay those of the corpus."""

    def __init__(self, corpus: Corpus, slots: list[int]) -> None:
        dead = corpus.dead
        self.slots = [s for s in slots if s not in dead] if dead else slots
        self.corpus = corpus
        self.dead = corpus.dead
        self.codes, self.phones = corpus.codes, corpus.phones
        self._fields: dict[str, _Field] = {}

    def live(self) -> int:
        return len(self.slots)

    def _field(self, name: str) -> _Field:
        made = self._fields.get(name)
        if made is None:
            made = self._fields[name] = self._make(name)
        return made

    def _make(self, name: str) -> _Field:
        base = getattr(self.corpus, name)
        text, starts = base.text, base.starts
        if name in ("names", "name_codes"):
            owners = self.slots
            lines = [text[starts[s]:starts[s + 1] - 1] for s in owners]
        else:
            first = self.corpus.contact_first
            lines, owners = [], []
            for s in self.slots:
                for line in range(first[s], first[s + 1]):
                    lines.append(text[starts[line]:starts[line + 1] - 1])
                    owners.append(s)
        return _Field(lines, owners)

    names = property(lambda self: self._field("names"))
    name_codes = property(lambda self: self._field("name_codes"))
    contacts = property(lambda self: self._field("contacts"))
    contact_codes = property(lambda self: self._field("contact_codes"))
