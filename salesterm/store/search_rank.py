"""From a query to ranked rows: the match classes, best first, each a regular expression.

Scores (the ``score`` of a hit): the class, then ties by rank (grade A first, recent
activity first). A row counts once, in its best class.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from salesterm.domain import pinyin_match
from salesterm.store.search_index import Corpus, Readings

EXACT, PHONE_EXACT, PREFIX, CODE_PREFIX, INITIALS, SUBSTRING = 100, 95, 90, 88, 80, 70
CONTACT, PHONE, CONTACT_PART, GAPPED, TYPO = 60, 60, 50, 40, 20


@dataclass(frozen=True)
class Found:
    score: int
    slot: int
    matched: str


class Plan:
    """The patterns of one query key, for one state of the readings table."""

    def __init__(self, key: str, readings: Readings) -> None:
        self.key = key
        self.pinyin = any(c.isascii() and c.isalpha() for c in key)
        self.digits = key.isdigit()
        all_cuts = pinyin_match.cuts(key)
        init_cut = tuple(key) if self.pinyin and len(key) > 1 else None
        name_cuts = [c for c in all_cuts if c != init_cut] or ([] if init_cut else list(all_cuts))
        body_all = _trie(all_cuts, readings)
        self.exact = _compile(r"\n(?:" + _trie(all_cuts, readings, whole=True) + r")(?=\n)")
        self.prefix = _compile(r"\n(?:" + _trie(name_cuts, readings) + ")") if name_cuts else None
        self.initials = _compile(r"\n(?:" + _trie([init_cut], readings) + ")") if init_cut else None
        self.anywhere = _compile("(?:" + body_all + ")")
        self.contact_start = _compile(r"\n(?:" + body_all + ")")
        gap_cuts = {tuple(key)}
        if all_cuts and len(all_cuts[0]) > 1:
            gap_cuts.add(all_cuts[0])
        gapped = [_gapped(cut, readings) for cut in gap_cuts if len(cut) > 1]
        self.gapped = _compile("|".join(gapped)) if gapped else None
        self.code_exact = _compile(r"\n" + re.escape(key) + r"(?=\n)")
        self.code_prefix = _compile(r"\n" + re.escape(key))
        self.phone = _compile(re.escape(key)) if self.digits and len(key) >= 3 else None

    def run(self, corpus: Corpus, limit: int) -> list[Found]:
        """The best LIMIT rows of CORPUS (fewer when fewer match), best first."""
        found: dict[int, Found] = {}
        skip = corpus.dead
        kind = "pinyin" if self.pinyin else "name"

        def take(field, pattern, score, matched, stop=limit):
            if pattern is None:
                return
            blocked = skip | found.keys() if found else skip
            for slot, _pos in field.find(pattern, stop=stop, skip=blocked):
                found[slot] = Found(score, slot, matched)

        def full() -> bool:
            return len(found) >= limit

        take(corpus.names, self.exact, EXACT, kind)
        take(corpus.codes, self.code_exact, EXACT, "code")
        if self.phone is not None:
            for slot, _pos in corpus.phones.find(self.phone, stop=limit, skip=skip | found.keys()):
                whole = self.key in corpus.rows[slot].phones.split()
                found[slot] = Found(PHONE_EXACT if whole else PHONE, slot, "phone")
        if not full():
            take(corpus.names, self.prefix, PREFIX, kind)
        if not full():
            take(corpus.codes, self.code_prefix, CODE_PREFIX, "code")
        if not full():
            take(corpus.names, self.initials, INITIALS, "initials")
        if not full():
            take(corpus.names, self.anywhere, SUBSTRING, kind)
        if not full():
            take(corpus.contacts, self.contact_start, CONTACT, "contact")
        if not full():
            take(corpus.contacts, self.anywhere, CONTACT_PART, "contact")
        if not full():
            take(corpus.names, self.gapped, GAPPED, "gapped")
        return sorted(found.values(), key=lambda f: (-f.score, f.slot))[:limit]


def typo_keys(key: str) -> list[str]:
    """Keys one typo away from KEY worth trying: a character left out, two swapped, and a
    Chinese character replaced (written ``?``)."""
    if len(key) < 3:
        return []
    out: list[str] = []
    for i in range(len(key)):
        out.append(key[:i] + key[i + 1:])
    for i in range(len(key) - 1):
        if key[i] != key[i + 1]:
            out.append(key[:i] + key[i + 1] + key[i] + key[i + 2:])
    seen, unique = set(), []
    for k in out:
        if k and k not in seen and k != key:
            seen.add(k)
            unique.append(k)
    return unique


def run_typos(key: str, readings: Readings, corpus: Corpus, limit: int, exclude: set[int],
              plans) -> list[Found]:
    """Rows matching KEY with one typo (prefix or substring of a name), best first."""
    found: dict[int, Found] = {}
    for variant in typo_keys(key):
        plan = plans(variant)
        for pattern in (plan.prefix or plan.initials, plan.anywhere):
            if pattern is None:
                continue
            blocked = corpus.dead | exclude | found.keys()
            for slot, _pos in corpus.names.find(pattern, stop=limit - len(found), skip=blocked):
                found[slot] = Found(TYPO, slot, "typo")
            if len(found) >= limit:
                break
        if len(found) >= limit:
            break
    if len(found) < limit and not any(c.isascii() for c in key):
        for i in range(len(key)):  # one Chinese character mistyped
            pattern = _compile(r"(?:" + re.escape(key[:i]) + r"[^\n]" + re.escape(key[i + 1:]) + ")")
            blocked = corpus.dead | exclude | found.keys()
            for slot, _pos in corpus.names.find(pattern, stop=limit - len(found), skip=blocked):
                found[slot] = Found(TYPO, slot, "typo")
            if len(found) >= limit:
                break
    return sorted(found.values(), key=lambda f: f.slot)[:limit]


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _trie(cuts, readings: Readings, whole: bool = False) -> str:
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
            branches.append(readings.piece(token, whole) + emit(child))
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(root) if root else "(?!)"


def _gapped(cut, readings: Readings) -> str:
    """The pieces of CUT in order, anything (on the same line) between them; each gap stops
    at the first character that can take the next piece (possessive: no backtracking)."""
    out = readings.piece(cut[0])
    for token in cut[1:]:
        chars = readings.chars(token)
        if not chars:
            return "(?!)"
        out += "[^\\n" + chars + "]*+" + readings.piece(token)
    return out
