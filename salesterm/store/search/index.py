"""The in-memory search index: every live customer's keys in a few flat strings.

Each searchable field (names, contact names, phone digits, codes) is one string holding a
line per row, ``"\\n"``-separated, rows in rank order (grade A first, then recent activity).
A query becomes a regular expression run over that string at C speed, and the first hits
in string order are already the best-ranked ones, so a search stops after ``limit`` hits.

Pinyin needs no per-name spellings: a query piece (``chong``) becomes the class of every
character with a reading starting so (``[重冲充…]``), so every reading of every polyphonic
character counts, with no cap (see domain/pinyin_match.py).
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from salesterm.domain import pinyin_match


class Row(NamedTuple):
    """One customer as the index holds it (a tuple of strings and numbers: the garbage
    collector leaves 100k of them alone). The texts searched (key, code, phones, contact
    names) live in the corpus fields; a built corpus lets go of them here (memory)."""

    id: str
    name: str
    code_shown: str
    city: str
    grade: str
    phone: str  # as entered
    rank: int  # smaller first: grade, then recent activity
    key: str = ""  # normalised name: the text names are matched against
    code: str = ""  # normalised code (lowercase)
    phones: str = ""  # phone digits of the customer and its contacts, space-separated
    contacts: tuple[str, ...] = ()  # normalised contact names
    spell: str = ""  # the name's likeliest full pinyin (pypinyin in context: 银行 yinhang)
    inits: str = ""  # the whole name's initials as likeliest read (whole_initials)


class Readings:
    """The readings of every character the index holds, as codes.

    Characters with the same readings share one code (a private-use character): 重 and 虫
    differ (zhong/chong/tong vs chong), 银 and 寅 share one (yin). Codes are numbered in the
    order of their readings, so the class of a query piece (every code with a reading
    starting ``chong``) is a few ranges: patterns stay small and compile in microseconds.
    """

    FIRST = 0xF0000  # plane 15, private use: 65,534 codes; beyond the BMP, classes compile fast

    def __init__(self, lookup) -> None:
        self._lookup = lookup  # char -> tuple of readings (pypinyin, in the worker only)
        self.of: dict[str, tuple[str, ...]] = {}
        self.code_of: dict[str, str] = {}
        self.table: dict[int, str] = {}  # str.translate table: char -> code
        self._codes: dict[tuple[str, ...], int] = {}  # readings -> code number
        self._starts: dict[str, list[int]] = {}
        self._whole: dict[str, list[int]] = {}
        self._classes: dict[tuple[str, bool], str] = {}
        self._unassigned: list[str] = []
        self.version = 0

    @classmethod
    def restored(cls, lookup, of: dict, codes: list, code_of: dict) -> Readings:
        """The table as saved (store/search/snapshot.py): characters' readings, the codes of
        reading sets in number order, and each character's code."""
        made = cls(lookup)
        made.of = of
        for sig, number in codes:
            sig = tuple(sig)
            made._codes[sig] = number
            for reading in sig:
                made._whole.setdefault(reading, []).append(number)
                for i in range(1, len(reading) + 1):
                    made._starts.setdefault(reading[:i], []).append(number)
        made.code_of = code_of
        made.table = {ord(char): code for char, code in code_of.items()}
        made.version = 1
        return made

    def add_texts(self, texts) -> None:
        """Learn the characters of TEXTS; new reading sets get the next free codes."""
        for text in texts:
            self.learn(text)
        self.assign()

    def learn(self, text: str) -> None:
        """Read the characters of TEXT not seen yet (their codes come with assign())."""
        for char in set(text).difference(self.of):
            if char in "\n ":
                continue
            self.of[char] = (char.lower(),) if char.isascii() else tuple(self._lookup(char)) or (char,)
            self._unassigned.append(char)

    def assign(self) -> None:
        """Give the characters learnt since the last call their codes: a new set of readings
        gets the next free code, single readings first and in alphabetical order."""
        if not self._unassigned:
            return
        fresh: dict[tuple[str, ...], list[str]] = {}
        for char in self._unassigned:
            sig = tuple(sorted(set(self.of[char])))
            if sig in self._codes:
                self._assign(char, self._codes[sig])
            else:
                fresh.setdefault(sig, []).append(char)
        self._unassigned = []
        for sig in sorted(fresh, key=lambda sig: (len(sig) > 1, sig)):
            number = self.FIRST + len(self._codes)
            self._codes[sig] = number
            for reading in sig:
                self._whole.setdefault(reading, []).append(number)
                for i in range(1, len(reading) + 1):
                    self._starts.setdefault(reading[:i], []).append(number)
            for char in fresh[sig]:
                self._assign(char, number)
        self._classes.clear()
        self.version += 1

    def _assign(self, char: str, number: int) -> None:
        code = chr(number)
        self.code_of[char] = code
        self.table[ord(char)] = code

    def encode(self, text: str) -> str:
        return text.translate(self.table)

    def piece(self, token: str, whole: bool = False) -> str:
        """The regular expression (over codes) for one query piece."""
        if pinyin_match.is_literal(token):
            code = self.code_of.get(token)
            return re.escape(code) if code else "(?!)"
        cached = self._classes.get((token, whole))
        if cached is None:
            numbers = self._numbers(token, self._whole if whole else self._starts)
            cached = "[" + _ranges(numbers) + "]" if numbers else "(?!)"
            self._classes[(token, whole)] = cached
        return cached

    def _numbers(self, token: str, table: dict[str, list[int]]) -> list[int]:
        if pinyin_match.WILDCARD not in token:
            return table.get(token, [])
        out: list[int] = []
        for letter in "abcdefghijklmnopqrstuvwxyz":
            out += self._numbers(token.replace(pinyin_match.WILDCARD, letter, 1), table)
        return out

    def chars(self, token: str) -> str:
        """The inside of the class of a piece (for the gaps of gapped matches)."""
        if pinyin_match.is_literal(token):
            code = self.code_of.get(token)
            return re.escape(code) if code else ""
        numbers = self._numbers(token, self._starts)
        return _ranges(numbers) if numbers else ""


def _ranges(numbers: list[int]) -> str:
    out, run_start, prev = [], None, None
    for n in sorted(set(numbers)):
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if run_start is not None:
            out.append(_span(run_start, prev))
        run_start = prev = n
    out.append(_span(run_start, prev))
    return "".join(out)


def _span(a: int, b: int) -> str:
    if a == b:
        return chr(a)
    if b == a + 1:
        return chr(a) + chr(b)
    return chr(a) + "-" + chr(b)


class Corpus:
    """Rows in rank order, kept column by column in flat strings (one line per row): the
    texts searched, and what a hit shows. About 40 bytes a row besides the texts."""

    def __init__(self, rows: list[Row], readings: Readings | None = None) -> None:
        rows.sort(key=lambda r: (r.rank, r.name))
        self.rows: list[Row] | None = rows  # until release(): the bitsets are built from them
        self.n = len(rows)
        self.dead: set[int] = set()
        self.names = _Field([r.key for r in rows])
        contact_lines, contact_slots = [], array("I")
        self.contact_first = array("I", [0])  # slot -> its first contact line (and one past)
        for slot, row in enumerate(rows):
            for name in row.contacts:
                if name:
                    contact_lines.append(name)
                    contact_slots.append(slot)
            self.contact_first.append(len(contact_lines))
        self.contacts = _Field(contact_lines, contact_slots)
        self.phones = _Field([r.phones for r in rows])
        self.codes = _Field([r.code for r in rows])
        # names and contact names as reading codes, for pinyin queries (same offsets)
        self.name_codes = self.names.encoded(readings) if readings else self.names
        self.contact_codes = self.contacts.encoded(readings) if readings else self.contacts
        # each name's likeliest full pinyin, for the fuzzy fallback (store/search/fuzzy.py)
        self.spells = _Field([r.spell or spelled(r.key, readings) for r in rows])
        # the whole name's likeliest initials, and without a listed company's tag (whole_initials)
        ways = [(row.inits or initials_of(row.key, readings)).split() + [""] for row in rows]
        self.inits = _Field([w[0] for w in ways])
        tagged = [(slot, w[1]) for slot, w in enumerate(ways) if w[1]]
        self.tagless = _Field([t[1] for t in tagged], array("I", [t[0] for t in tagged]))
        # what a hit shows
        self.ids = _Field([r.id for r in rows])
        self.shown = _Field([_one_line(r.name) for r in rows])
        self.phones_shown = _Field([_one_line(r.phone) for r in rows])
        self.codes_shown = _Field([_one_line(r.code_shown) for r in rows])
        self.cities = [r.city for r in rows]
        self.grades = "".join((r.grade or " ")[:1] for r in rows)
        self.rank = array("q", [r.rank for r in rows])
        self.bits = None  # bitsets (store/search/prefilter.py), built for the main corpus

    @classmethod
    def built(cls, parts: CorpusBuilder, readings: Readings) -> Corpus:
        """A corpus from rows streamed in rank order (the big index: no row objects kept)."""
        corpus = object.__new__(cls)
        corpus.rows = None
        corpus.n = parts.n
        corpus.dead = set()
        for name in ("names", "phones", "codes", "ids", "shown", "phones_shown", "codes_shown", "spells"):
            setattr(corpus, name, parts.field(name))
        corpus.contacts = parts.field("contacts", parts.contact_slots)
        corpus.inits = parts.field("inits")
        corpus.tagless = parts.field("tagless", parts.tagless_slots)
        corpus.contact_first = parts.contact_first
        corpus.name_codes = corpus.names.encoded(readings)
        corpus.contact_codes = corpus.contacts.encoded(readings)
        corpus.cities, corpus.rank = parts.cities, parts.rank
        corpus.grades = "".join(parts.grades)
        corpus.bits = None
        return corpus

    def release(self) -> None:
        """Let go of the rows and the line lists: the flat strings hold it all."""
        self.rows = None
        for f in (self.names, self.contacts, self.phones, self.codes, self.name_codes, self.contact_codes,
                  self.spells, self.inits, self.tagless, self.ids, self.shown, self.phones_shown, self.codes_shown):
            f.lines = None

    def row(self, slot: int) -> tuple[str, str, str, str, str, str]:
        """(id, name, code, city, grade, phone) of the row at SLOT."""
        return (self.ids.line_text(slot), self.shown.line_text(slot), self.codes_shown.line_text(slot),
                self.cities[slot], self.grades[slot].strip(), self.phones_shown.line_text(slot))

    def slot_of(self, customer_id: str) -> int | None:
        pos = self.ids.text.find("\n" + customer_id + "\n")
        return None if pos < 0 else bisect_right(self.ids.starts, pos + 1) - 1

    def __len__(self) -> int:
        return self.n

    def live(self) -> int:
        return self.n - len(self.dead)


class CorpusBuilder:
    """Rows added one at a time, in rank order, written straight into the flat strings of
    their fields: building the index of 100k customers holds no row objects."""

    FIELDS = ("names", "phones", "codes", "ids", "shown", "phones_shown", "codes_shown", "contacts", "spells",
              "inits", "tagless")

    def __init__(self) -> None:
        self.n = 0
        self._lines: dict[str, list[str]] = {name: [] for name in self.FIELDS}  # not yet joined
        self._chunks: dict[str, list[str]] = {name: [] for name in self.FIELDS}  # joined, in order
        self._starts = {name: array("I") for name in self.FIELDS}
        self._pos = dict.fromkeys(self.FIELDS, 1)
        self.contact_first = array("I", [0])
        self.contact_slots = array("I")
        self.tagless_slots = array("I")
        self.cities: list[str] = []
        self.grades: list[str] = []
        self.rank = array("q")

    def _put(self, name: str, line: str) -> None:
        lines = self._lines[name]
        lines.append(line)
        if len(lines) >= 4096:  # join as we go: a few long strings, not 100k short ones
            self._chunks[name].append("\n".join(lines) + "\n")
            lines.clear()
        self._starts[name].append(self._pos[name])
        self._pos[name] += len(line) + 1

    def add(self, cid: str, name: str, key: str, code_shown: str, code: str, city: str, grade: str,
            phone: str, phones: str, contacts, rank: int, spell: str = "", inits: str = "") -> None:
        slot = self.n
        self.n += 1
        for field_name, line in (("names", key), ("phones", phones), ("codes", code), ("ids", cid),
                                 ("spells", spell),
                                 ("shown", _one_line(name)), ("phones_shown", _one_line(phone)),
                                 ("codes_shown", _one_line(code_shown))):
            self._put(field_name, line)
        for person in contacts:
            self._put("contacts", person)
            self.contact_slots.append(slot)
        self.contact_first.append(len(self.contact_slots))
        ways = inits.split()
        self._put("inits", ways[0] if ways else "")
        for way in ways[1:2]:
            self._put("tagless", way)
            self.tagless_slots.append(slot)
        self.cities.append(city)
        self.grades.append((grade or " ")[:1])
        self.rank.append(rank)

    def field(self, name: str, slots=None) -> _Field:
        made = object.__new__(_Field)
        made.lines, made.slots = None, slots
        lines, chunks = self._lines.pop(name), self._chunks.pop(name)
        if lines:
            chunks.append("\n".join(lines) + "\n")
        made.text = "\n" + "".join(chunks)
        chunks.clear()
        starts = self._starts.pop(name)
        starts.append(self._pos[name])
        made.starts = starts
        return made


def spelled(key: str, readings: Readings | None) -> str:
    """KEY spelled with each character's first reading: the likeliest spelling when the
    database holds none (a customer written before its pinyin columns were filled)."""
    if readings is None:
        return key
    return "".join(readings.of.get(char, (char,))[0] for char in key)


def initials_of(key: str, readings: Readings | None) -> str:
    """KEY's initials with each character's first reading (when the database holds none)."""
    if readings is None:
        return ""
    return "".join(readings.of.get(char, (char,))[0][:1] for char in key)


def whole_initials(name: str, py_initials: str | None) -> str:
    """How a rep types a whole name's initials as it is likeliest read: the first of the ways
    stored in the customer's py_initials column (pypinyin's reading in context first:
    store/customers); a listed company's trailing tag of Latin letters after a dash may be
    left out, so that name has two (亿华通-U: ``yhtu yht``). Space-separated."""
    first = (py_initials or "").split(" ", 1)[0]
    if not first:
        return ""
    tag = _TAG.search(name)
    if tag and len(first) > len(tag.group(1)) + 1 and first.endswith(tag.group(1).lower()):
        return first + " " + first[:-len(tag.group(1))]
    return first


_TAG = re.compile(r"[-－—]\s*([A-Za-z]{1,2})\s*$")


def likeliest_spelling(py_full: str | None) -> str:
    """The first of the spellings stored in a customer's py_full column (space-separated,
    pypinyin's reading in context first: store/customers.py)."""
    return (py_full or "").split(" ", 1)[0]


def _one_line(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ") if "\n" in text or "\r" in text else text


class _Field:
    """One field of every row: ``"\\n" + "\\n".join(lines) + "\\n"`` and where lines start."""

    __slots__ = ("lines", "slots", "text", "starts")

    def __init__(self, lines: list[str], slots=None, text: str | None = None) -> None:
        self.lines = lines
        self.slots = slots  # line -> row slot (None: line i is row i)
        self.text = "\n" + "\n".join(lines) + "\n" if text is None else text
        starts, pos = array("I"), 1
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        starts.append(pos)  # one past the last line
        self.starts = starts

    @classmethod
    def made(cls, lines: list[str], slots, text: str) -> _Field:
        """A field whose text is already joined (the reading codes of a subset)."""
        return cls(lines, slots, text)

    def count(self) -> int:
        return len(self.starts) - 1

    def encoded(self, readings: Readings) -> _Field:
        twin = object.__new__(_Field)
        twin.lines, twin.slots, twin.starts = self.lines, self.slots, self.starts
        twin.text = readings.encode(self.text)
        return twin

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line]:self.starts[line + 1] - 1]

    def find(self, pattern, *, stop: int, skip: Iterable[int] = ()) -> Iterator[tuple[int, int]]:
        """(row slot, position of the match inside its line) of each hit, in rank order;
        each slot once; stops after STOP slots not in SKIP. PATTERN is a compiled regular
        expression, or a plain string (found with str.find: several times faster)."""
        if stop <= 0 or len(self.starts) < 2:
            return
        seen = -1
        found = 0
        starts, slots = self.starts, self.slots
        for pos in _positions(pattern, self.text):
            if self.text[pos] == "\n":
                pos += 1
            line = bisect_right(starts, pos) - 1
            slot = slots[line] if slots is not None else line
            if slot == seen or slot in skip:
                continue
            seen = slot
            yield slot, pos - starts[line]
            found += 1
            if found >= stop:
                return


def _positions(pattern, text: str) -> Iterator[int]:
    if isinstance(pattern, str):
        pos = text.find(pattern)
        while pos >= 0:
            yield pos
            pos = text.find(pattern, pos + 1)
        return
    for m in pattern.finditer(text):
        yield m.start()
