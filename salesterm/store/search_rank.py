"""From a query to ranked rows: the match classes, best first, each a regular expression.

Scores (the ``score`` of a hit): the class, then ties by rank (grade A first, recent
activity first). A row counts once, in its best class.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from salesterm.domain import pinyin_match
from salesterm.store.search_filter import Subset, cap, slots_of
from salesterm.store.search_index import Corpus, Readings

EXACT, PHONE_EXACT, PREFIX, CODE_PREFIX, INITIALS, SUBSTRING = 100, 95, 90, 88, 80, 70
CONTACT, PHONE, CONTACT_PART, GAPPED, TYPO = 60, 60, 50, 40, 20


@dataclass(frozen=True)
class Found:
    score: int
    slot: int
    matched: str


class Plan:
    """The patterns of one query key, for one state of the readings table, compiled when
    first needed (most searches stop after the first classes)."""

    def __init__(self, key: str, readings: Readings) -> None:
        self.key = key
        self.readings = readings
        self.pinyin = any(c.isascii() and c.isalpha() for c in key)
        self.digits = key.isdigit()
        if self.pinyin:
            self.cuts = list(pinyin_match.cuts(key))
            self.init_cut = tuple(key) if len(key) > 1 else None
        else:  # Chinese (and digits): each character stands for itself
            self.cuts = [tuple(key)]
            self.init_cut = None
        self._patterns: dict[str, re.Pattern | None] = {}

    def _piece(self, token: str, whole: bool = False) -> str:
        if self.pinyin:
            return self.readings.piece(token, whole)
        return r"[^\n]" if token == pinyin_match.WILDCARD else re.escape(token)

    def _chars(self, token: str) -> str:
        if self.pinyin:
            return self.readings.chars(token)
        return "" if token == pinyin_match.WILDCARD else re.escape(token)

    def pattern(self, name: str) -> re.Pattern | None:
        if name not in self._patterns:
            self._patterns[name] = self._build(name)
        return self._patterns[name]

    def _build(self, name: str) -> re.Pattern | None:
        cuts, init_cut = self.cuts, self.init_cut
        if name == "exact":
            return _compile(r"\n(?:" + _trie(cuts, self._piece, whole=True) + r")(?=\n)")
        if name == "prefix":
            name_cuts = [c for c in cuts if c != init_cut] if init_cut else cuts
            return _compile(r"\n(?:" + _trie(name_cuts, self._piece) + ")") if name_cuts else None
        if name == "initials":
            return _compile(r"\n(?:" + _trie([init_cut], self._piece) + ")") if init_cut else None
        if name == "anywhere":
            return _compile("(?:" + _trie(cuts, self._piece) + ")")
        if name == "start":
            return _compile(r"\n(?:" + _trie(cuts, self._piece) + ")")
        if name == "gapped":
            parts = [_gapped(cut, self._piece, self._chars) for cut in self.gap_cuts()]
            return _compile("|".join(parts)) if parts else None
        if name == "code_exact":
            return _compile(r"\n" + re.escape(self.key) + r"(?=\n)")
        if name == "code_prefix":
            return _compile(r"\n" + re.escape(self.key))
        if name == "phone":
            return _compile(re.escape(self.key)) if self.digits and len(self.key) >= 3 else None
        raise KeyError(name)

    def domains(self, corpus: Corpus):
        """(where the contiguous classes search, where the gapped one does): the rows that
        may match at all, when the initials bitsets leave few (pinyin queries)."""
        bits = getattr(corpus, "bits", None)
        if bits is None or not self.pinyin:
            return corpus, lambda: corpus
        contiguous = 0
        for cut in self.cuts:
            contiguous |= bits.contiguous(cut, self.readings)
        gapped = contiguous
        for cut in self.gap_cuts():
            gapped |= bits.in_order(cut, self.readings)
        most = cap(corpus)
        near = Subset(corpus, slots_of(contiguous)) if contiguous.bit_count() <= most else corpus
        if gapped == contiguous:
            return near, lambda: near
        return near, lambda: Subset(corpus, slots_of(gapped)) if gapped.bit_count() <= most else corpus

    def gap_cuts(self) -> list[tuple[str, ...]]:
        gap_cuts = [tuple(self.key)]
        if self.cuts and len(self.cuts[0]) > 1 and self.cuts[0] != gap_cuts[0]:
            gap_cuts.append(self.cuts[0])
        return [cut for cut in gap_cuts if len(cut) > 1]

    def run(self, corpus: Corpus, limit: int, *, gapped_in=None, base: Corpus | None = None) -> list[Found]:
        """The best LIMIT rows of CORPUS (fewer when fewer match), best first. CORPUS may
        be a Subset of BASE (codes and phones are searched in BASE), GAPPED_IN another."""
        found: dict[int, Found] = {}
        skip = corpus.dead
        kind = "pinyin" if self.pinyin else "name"
        names = corpus.name_codes if self.pinyin else corpus.names
        def contacts():
            return corpus.contact_codes if self.pinyin else corpus.contacts
        base = base or corpus

        def gapped_names():
            where = gapped_in() if gapped_in else corpus
            return where.name_codes if self.pinyin else where.names

        def take(field, pattern_name, score, matched):
            pattern = self.pattern(pattern_name)
            if pattern is None:
                return
            if callable(field):
                field = field()
            blocked = skip | found.keys() if found else skip
            for slot, _pos in field.find(pattern, stop=limit, skip=blocked):
                found[slot] = Found(score, slot, matched)

        take(names, "exact", EXACT, kind)
        take(base.codes, "code_exact", EXACT, "code")
        phone = self.pattern("phone")
        if phone is not None:
            for slot, _pos in base.phones.find(phone, stop=limit, skip=skip | found.keys()):
                whole = self.key in base.rows[slot].phones.split()
                found[slot] = Found(PHONE_EXACT if whole else PHONE, slot, "phone")
        steps = ((names, "prefix", PREFIX, kind), (base.codes, "code_prefix", CODE_PREFIX, "code"),
                 (names, "initials", INITIALS, "initials"), (names, "anywhere", SUBSTRING, kind),
                 (contacts, "start", CONTACT, "contact"), (contacts, "anywhere", CONTACT_PART, "contact"),
                 (gapped_names, "gapped", GAPPED, "gapped"))
        for field, pattern_name, score, matched in steps:
            if len(found) >= limit:
                break
            take(field, pattern_name, score, matched)
        return sorted(found.values(), key=lambda f: (-f.score, f.slot))[:limit]


def typo_keys(key: str, at: int) -> list[str]:
    """Keys one typo away from KEY at position AT (the first place it stops matching): that
    character left out, replaced (``?``: any), swapped with the one before, or one missing."""
    w = pinyin_match.WILDCARD
    out = [key[:at] + key[at + 1:], key[:at] + w + key[at + 1:]]
    if at >= 1 and key[at] != key[at - 1]:
        out.append(key[:at - 1] + key[at] + key[at - 1] + key[at + 1:])
    out.append(key[:at] + w + key[at:])
    seen, unique = set(), []
    for k in out:
        if len(k.replace(w, "")) >= 2 and k not in seen and k != key:
            seen.add(k)
            unique.append(k)
    return unique


def run_typos(key: str, at: int, corpus: Corpus, limit: int, exclude: set[int], plans) -> list[Found]:
    """Rows matching KEY with one typo at AT (prefix or substring of a name), best first."""
    found: dict[int, Found] = {}
    for variant in typo_keys(key, at):
        plan = plans(variant)
        near, _gapped_in = plan.domains(corpus)
        names = near.name_codes if plan.pinyin else near.names
        for pattern in (plan.pattern("prefix") or plan.pattern("initials"), plan.pattern("anywhere")):
            if pattern is None or len(found) >= limit:
                continue
            blocked = corpus.dead | exclude | found.keys()
            for slot, _pos in names.find(pattern, stop=limit - len(found), skip=blocked):
                found[slot] = Found(TYPO, slot, "typo")
    return sorted(found.values(), key=lambda f: f.slot)[:limit]


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _trie(cuts, piece, whole: bool = False) -> str:
    """One regular expression for several cuts, sharing their common beginnings."""
    root: dict = {}
    for cut in cuts:
        node = root
        for token in cut:
            node = node.setdefault(token, {})
        node[None] = {}

    def emit(node: dict) -> str:
        branches = []
        for token, child in node.items():
            if token is None:
                branches.append("")
                continue
            branches.append(piece(token, whole) + emit(child))
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(root) if root else "(?!)"


def _gapped(cut, piece, chars) -> str:
    """The pieces of CUT in order, anything (on the same line) between them; each gap stops
    at the first character that can take the next piece (possessive: no backtracking)."""
    out = piece(cut[0])
    for token in cut[1:]:
        inside = chars(token)
        if not inside:
            return "(?!)"
        out += "[^\\n" + inside + "]*+" + piece(token)
    return out


def clear_compiled() -> None:
    _compile.cache_clear()
    re.purge()
    pinyin_match.cuts.cache_clear()
