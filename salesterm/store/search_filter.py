"""Narrowing a pinyin search before any pattern runs: which customers can match at all.

For every letter, a bitset (a Python int, one bit per row) of the rows holding a character
with a reading that starts with it; for every pair of letters, the rows where two adjacent
characters start so (contact names count, each apart). A cut of the query (chong|q) can
only match rows in the AND of its letters' and adjacent pairs' sets: a few big-integer
operations. When that leaves few rows, the patterns run over those rows only (a Subset),
so a long query costs about the same at 100k customers as at 1k.
"""
from __future__ import annotations

from salesterm.domain import pinyin_match
from salesterm.store.search_index import Corpus, Readings, _Field



class Bits:
    def __init__(self, corpus: Corpus, readings: Readings) -> None:
        n = len(corpus.rows)
        size = n // 8 + 1
        letters: dict[str, tuple[str, ...]] = {}

        def initials(char: str) -> tuple[str, ...]:
            found = letters.get(char)
            if found is None:
                found = letters[char] = tuple({r[0] for r in readings.of.get(char, (char,)) if r})
            return found

        single: dict[str, bytearray] = {}
        pairs: dict[str, bytearray] = {}
        for slot, row in enumerate(corpus.rows):
            byte, bit = slot >> 3, 1 << (slot & 7)
            seen_single, seen_pairs = set(), set()
            for text in (row.key, *row.contacts):
                prev: tuple[str, ...] = ()
                for char in text:
                    now = initials(char)
                    seen_single.update(now)
                    for x in prev:
                        for y in now:
                            seen_pairs.add(x + y)
                    prev = now
            for x in seen_single:
                (single.get(x) or single.setdefault(x, bytearray(size)))[byte] |= bit
            for xy in seen_pairs:
                (pairs.get(xy) or pairs.setdefault(xy, bytearray(size)))[byte] |= bit
        self.single = {k: int.from_bytes(v, "little") for k, v in single.items()}
        self.pairs = {k: int.from_bytes(v, "little") for k, v in pairs.items()}
        self.all = (1 << n) - 1
        self.letters = letters

    def _letters(self, token: str, readings: Readings) -> tuple[str, ...] | None:
        """The initials a piece's character can have (None: any)."""
        if pinyin_match.is_literal(token):
            return tuple({r[0] for r in readings.of.get(token, (token,)) if r})
        head = token[0]
        return None if head == pinyin_match.WILDCARD else (head,)

    def _any(self, table: dict[str, int], keys) -> int:
        out = 0
        for key in keys:
            out |= table.get(key, 0)
        return out

    def contiguous(self, cut, readings: Readings) -> int:
        """Rows that may hold CUT's pieces on adjacent characters."""
        out = self.all
        prev = None
        for token in cut:
            now = self._letters(token, readings)
            if now is not None:
                out &= self._any(self.single, now)
                if prev is not None:
                    out &= self._any(self.pairs, (x + y for x in prev for y in now))
            prev = now
            if not out:
                break
        return out

    def in_order(self, cut, readings: Readings) -> int:
        """Rows that may hold CUT's pieces anywhere (a superset of the gapped matches)."""
        out = self.all
        for token in cut:
            now = self._letters(token, readings)
            if now is not None:
                out &= self._any(self.single, now)
            if not out:
                break
        return out


def slots_of(bits: int) -> list[int]:
    """The set bits of BITS, lowest (best ranked) first."""
    text = bin(bits)[:1:-1]
    out, pos = [], text.find("1")
    while pos >= 0:
        out.append(pos)
        pos = text.find("1", pos + 1)
    return out


def cap(corpus) -> int:
    """Candidates worth searching as a subset: building one costs about 3 µs a row, a
    pattern over the whole corpus about 65 ns a row, and a search runs about four."""
    return max(200, min(5000, len(corpus.rows) // 15))


class Subset:
    """Some rows of a corpus (by slot, in rank order), with the fields the name patterns
    search, built when first used; slots stay those of the corpus."""

    def __init__(self, corpus: Corpus, slots: list[int]) -> None:
        dead = corpus.dead
        self.slots = [s for s in slots if s not in dead] if dead else slots
        self.corpus = corpus
        self.rows, self.dead = corpus.rows, corpus.dead
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
        if name in ("names", "name_codes"):
            slots = self.slots
            if base.slots is None and name == "names":
                lines = [base.lines[s] for s in slots]
                return _Field.made(lines, slots, "\n" + "\n".join(lines) + "\n")
            lines = [base.line_text(s) for s in slots]
            return _Field.made(lines, slots, "\n" + "\n".join(lines) + "\n")
        first = self.corpus.contact_first
        lines, owners = [], []
        for s in self.slots:
            for line in range(first[s], first[s + 1]):
                lines.append(base.line_text(line))
                owners.append(s)
        return _Field.made(lines, owners, "\n" + "\n".join(lines) + "\n")

    names = property(lambda self: self._field("names"))
    name_codes = property(lambda self: self._field("name_codes"))
    contacts = property(lambda self: self._field("contacts"))
    contact_codes = property(lambda self: self._field("contact_codes"))
