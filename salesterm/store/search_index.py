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
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from salesterm.domain import pinyin_match


@dataclass(slots=True)
class Row:
    """One customer as the index holds it."""

    id: str
    name: str
    key: str  # normalised name: the text names are matched against
    code: str  # normalised code (lowercase)
    code_shown: str
    city: str
    grade: str
    phone: str  # as entered
    phones: str  # phone digits of the customer and its contacts, space-separated
    contacts: tuple[str, ...]  # normalised contact names
    rank: tuple  # sort key: (grade order, -activity day, key)


class Readings:
    """The readings of every character the index holds, and the character classes of query
    pieces: ``"chong"`` -> every character with a reading starting with chong."""

    def __init__(self, lookup) -> None:
        self._lookup = lookup  # char -> tuple of readings (pypinyin, used in the worker only)
        self.of: dict[str, tuple[str, ...]] = {}
        self._starts: dict[str, set[str]] = {}
        self._whole: dict[str, set[str]] = {}
        self._classes: dict[tuple[str, bool], str] = {}
        self.version = 0

    def add_text(self, text: str) -> None:
        for char in set(text) - self.of.keys():
            if char == "\n" or char == " ":
                continue
            readings = (char,) if char.isascii() else tuple(self._lookup(char))
            self.of[char] = readings
            for reading in readings:
                self._whole.setdefault(reading, set()).add(char)
                for i in range(1, len(reading) + 1):
                    self._starts.setdefault(reading[:i], set()).add(char)
            self._classes.clear()
            self.version += 1

    def piece(self, token: str, whole: bool = False) -> str:
        """The regular expression for one query piece."""
        if pinyin_match.is_literal(token):
            return re.escape(token)
        cached = self._classes.get((token, whole))
        if cached is None:
            chars = (self._whole if whole else self._starts).get(token, ())
            if not chars:
                cached = "(?!)"
            elif len(chars) == 1:
                cached = re.escape(next(iter(chars)))
            else:
                cached = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
            self._classes[(token, whole)] = cached
        return cached

    def chars(self, token: str) -> str:
        """The characters a piece stands for, as the inside of a class (for gaps)."""
        if pinyin_match.is_literal(token):
            return re.escape(token)
        return "".join(re.escape(c) for c in sorted(self._starts.get(token, ())))


class Corpus:
    """Rows in rank order and their fields as flat strings (one line per row)."""

    def __init__(self, rows: list[Row]) -> None:
        rows.sort(key=lambda r: r.rank)
        self.rows = rows
        self.dead: set[int] = set()
        self.names = _Field([r.key for r in rows])
        contact_lines, contact_slots = [], []
        for slot, row in enumerate(rows):
            for name in row.contacts:
                if name:
                    contact_lines.append(name)
                    contact_slots.append(slot)
        self.contacts = _Field(contact_lines, contact_slots)
        self.phones = _Field([r.phones for r in rows])
        self.codes = _Field([r.code for r in rows])

    def __len__(self) -> int:
        return len(self.rows)

    def live(self) -> int:
        return len(self.rows) - len(self.dead)


@dataclass
class _Field:
    """One field of every row: ``"\\n" + "\\n".join(lines) + "\\n"`` and where lines start."""

    lines: list[str]
    slots: list[int] | None = None  # line -> row slot (None: line i is row i)
    text: str = field(init=False)
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.text = "\n" + "\n".join(self.lines) + "\n"
        starts, pos = [], 1
        for line in self.lines:
            starts.append(pos)
            pos += len(line) + 1
        self.starts = starts

    def slot_at(self, pos: int) -> int:
        line = bisect_right(self.starts, pos) - 1
        return self.slots[line] if self.slots is not None else line

    def find(self, pattern: re.Pattern, *, stop: int, skip: Iterable[int] = ()) -> Iterator[tuple[int, int]]:
        """(row slot, position of the match inside its line) of each hit, in rank order;
        each slot once; stops after STOP slots not in SKIP."""
        if stop <= 0 or not self.lines:
            return
        skip = skip if isinstance(skip, (set, frozenset, dict)) else set(skip)
        seen = -1
        found = 0
        for m in pattern.finditer(self.text):
            pos = m.start()
            if self.text[pos] == "\n":
                pos += 1
            line = bisect_right(self.starts, pos) - 1
            slot = self.slots[line] if self.slots is not None else line
            if slot == seen or slot in skip:
                continue
            seen = slot
            yield slot, pos - self.starts[line]
            found += 1
            if found >= stop:
                return
