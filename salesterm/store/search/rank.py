"""From a query to ranked rows: the match classes, best first, each a regular expression.

Scores (the ``score`` of a hit): the class, then ties by rank (grade A first, recent
activity first). A row counts once, in its best class. A query that spells a whole name
(every character, no more) ranks above one that starts it: the whole name in Chinese or in
full pinyin (EXACT), then its initials as the name is likeliest read (WHOLE_INITIALS:
``hazq`` 华安证券, the customer's stored initials), then its initials by any reading
(INITIALS_EXACT), then the prefix classes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from salesterm.domain import pinyin_match
from salesterm.store.search.index import Corpus, Readings
from salesterm.store.search.prefilter import Subset, chunks

EXACT, PHONE_EXACT, WHOLE_INITIALS, INITIALS_EXACT = 100, 95, 93, 92
PREFIX, CODE_PREFIX, INITIALS, SUBSTRING = 90, 88, 80, 70
CONTACT, PHONE, CONTACT_PART, GAPPED, TYPO = 60, 60, 50, 40, 20
BUDGET = 2_500  # candidate rows the gapped and typo classes look at, at most
FEW = 400  # hits a single scan of a Chinese query collects before leaving it to the classes


@dataclass(frozen=True)
class Found:
    score: int
    slot: int
    matched: str
    near: int = 0  # within a class, smaller first (exact initials: how common the readings are)


UNSURE = 1 << 12  # a reading cost not weighed (the letters do not fall one to a character)
WHOLE_CAP = 400  # whole-initials candidates weighed at most (ranked by how sure, then rank)


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
            # initials: one letter a character (zh, ch, sh count as one letter too)
            self.init_cuts = [c for c in self.cuts if len(c) > 1 and all(
                len(t) == 1 or t in ("zh", "ch", "sh") for t in c)] if len(key) > 1 else []
        else:  # Chinese (and digits): each character stands for itself
            self.cuts = [tuple(key)]
            self.init_cuts = []
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
        cuts, init_cuts = self.cuts, self.init_cuts
        if name == "exact":
            return _compile(r"\n" + _trie(cuts, self._piece, whole=True) + r"(?=\n)")
        if name == "prefix":
            name_cuts = [c for c in cuts if c not in init_cuts]
            return _compile(r"\n" + _trie(name_cuts, self._piece)) if name_cuts else None
        if name == "initials":
            return _compile(r"\n" + _trie(init_cuts, self._piece)) if init_cuts else None
        if name == "initials_exact":
            return _compile(r"\n" + _trie(init_cuts, self._piece) + r"(?=\n)") if init_cuts else None
        if name == "anywhere":
            if not self.pinyin:
                # a typo variant's "any character" at either end adds nothing to a search
                # anywhere, and would cost the literal start that makes the search fast
                core = self.key.strip(pinyin_match.WILDCARD)
                if pinyin_match.WILDCARD not in core:
                    return core  # a literal: str.find
                return _compile(_trie([tuple(core)], self._piece))
            return _compile(_trie(cuts, self._piece))
        if name == "start":
            return _compile(r"\n" + _trie(cuts, self._piece))
        if name == "gapped":
            parts = [_gapped(cut, self._piece, self._chars) for cut in self.gap_cuts()]
            return _compile("|".join(parts)) if parts else None
        if name == "code_exact":
            return "\n" + self.key + "\n"
        if name == "code_prefix":
            return "\n" + self.key
        if name == "phone":
            return self.key if self.digits and len(self.key) >= 3 else None
        raise KeyError(name)

    def gap_cuts(self) -> list[tuple[str, ...]]:
        gap_cuts = [tuple(self.key)]
        if self.cuts and len(self.cuts[0]) > 1 and self.cuts[0] != gap_cuts[0]:
            gap_cuts.append(self.cuts[0])
        return [cut for cut in gap_cuts if len(cut) > 1]

    def run(self, corpus: Corpus, limit: int, *, gapped: bool = True, typo: bool = False,
            whole: bool = True) -> list[Found]:
        """The best LIMIT rows of CORPUS (fewer when fewer match), best first. GAPPED: try
        the gapped class too; TYPO: only names and contacts (a typo variant's search); WHOLE:
        the whole-initials classes too (a probe for any match leaves them: each of their hits
        is an initials hit as well)."""
        found: dict[int, Found] = {}
        skip = corpus.dead
        kind = "pinyin" if self.pinyin else "name"
        bits = getattr(corpus, "bits", None)
        domains: dict[str, object] = {}

        def where(domain: str):
            """The places to search, best-ranked rows first: the whole corpus, or chunks of
            the rows the bitsets leave (pinyin queries on a big corpus; Chinese is literal
            text, found at once in the whole corpus)."""
            if bits is None or not self.pinyin:
                return [corpus]
            if domain not in domains:
                if domain == "exact":
                    rows = 0
                    for cut in self.cuts:
                        rows |= bits.contiguous(cut, at_start=True) & bits.length.get(len(cut), 0)
                elif domain == "start":
                    rows = 0
                    for cut in self.cuts:
                        rows |= bits.contiguous(cut, at_start=True)
                elif domain == "near":
                    rows = 0
                    for cut in self.cuts:
                        rows |= bits.contiguous(cut)
                else:
                    rows = 0
                    for cut in self.gap_cuts():
                        rows |= bits.in_order(cut)
                domains[domain] = _Chunks(corpus, rows)
            return domains[domain]

        def take(domain, field, pattern_name, score, matched):
            pattern = self.pattern(pattern_name)
            if pattern is None:
                return
            # the lowest classes (gapped, typos) look at the best-ranked rows only, so a
            # loose query costs a bounded time
            budget = BUDGET if typo or pattern_name == "gapped" else None
            for place in where(domain):
                need = limit - len(found)
                if need <= 0:
                    return
                if budget is not None and place is not corpus:
                    budget -= place.live()
                    if budget < 0:
                        return
                text = getattr(place, field if self.pinyin else _PLAIN[field])
                blocked = skip | found.keys() if found else skip
                for slot, _pos in text.find(pattern, stop=need, skip=blocked):
                    found[slot] = Found(score, slot, matched)

        done: set[str] = set()
        if not self.pinyin:  # Chinese: one scan finds every hit when there are few
            done = self._plain_scan(corpus, found, typo)
        if not typo and "names" not in done:
            take("exact", "name_codes", "exact", EXACT, kind)
        if not typo:
            for slot, _pos in corpus.codes.find(self.pattern("code_exact"), stop=limit, skip=skip):
                found[slot] = Found(EXACT, slot, "code")
            if whole:
                self._whole_initials(corpus, found, limit, where)
        phone = None if typo else self.pattern("phone")
        if phone is not None:
            for slot, _pos in corpus.phones.find(phone, stop=limit, skip=skip | found.keys()):
                whole = self.key in corpus.phones.line_text(slot).split()
                found[slot] = Found(PHONE_EXACT if whole else PHONE, slot, "phone")
        steps = (("start", "name_codes", "prefix", PREFIX, kind), (None, "codes", "code_prefix", CODE_PREFIX, "code"),
                 ("start", "name_codes", "initials", INITIALS, "initials"),
                 ("near", "name_codes", "anywhere", SUBSTRING, kind),
                 ("near", "contact_codes", "start", CONTACT, "contact"),
                 ("near", "contact_codes", "anywhere", CONTACT_PART, "contact"),
                 ("gapped", "name_codes", "gapped", GAPPED, "gapped"))
        for domain, field, pattern_name, score, matched in steps:
            if len(found) >= limit or (domain == "gapped" and not gapped):
                break
            if typo and (pattern_name in ("code_prefix", "initials", "prefix") or field == "contact_codes"
                         and pattern_name == "start"):
                continue  # a typo variant: one search anywhere in names, one in contacts
            if ("names" in done and field == "name_codes" and domain != "gapped") or \
                    ("contacts" in done and field == "contact_codes"):
                continue
            if domain is None:
                blocked = skip | found.keys()
                for slot, _pos in corpus.codes.find(self.pattern(pattern_name), stop=limit - len(found), skip=blocked):
                    found[slot] = Found(score, slot, matched)
                continue
            take(domain, field, pattern_name, score, matched)
        return sorted(found.values(), key=lambda f: (-f.score, f.near, f.slot))[:limit]


    def _whole_initials(self, corpus: Corpus, found: dict[int, Found], limit: int, where) -> None:
        """The query is the whole name's initials (every character, no more): as the name is
        likeliest read (WHOLE_INITIALS: the initials stored for it, field inits; a listed
        company's also without its tag, field tagless), else by any reading of its characters
        (INITIALS_EXACT). Within a class, the surer reading first. Read as likeliest: a name
        none of whose characters could start otherwise before one that needed a polyphonic
        character guessed (佐力药业 before 长龄液压 for zlyy, 长 being zhang or chang). By
        another reading: commoner readings first (步长制药, 长 read chang, its second reading,
        before 佛慈制药, 佛 read bo, its third, for bczy). The candidates are the rows the
        bitsets leave for a whole name of the query's length: a few, found in microseconds."""
        pattern = self.pattern("initials_exact")
        inits = getattr(corpus, "inits", None)
        if pattern is None or inits is None:
            return
        key, skip = self.key, corpus.dead
        hits: list[Found] = []
        for place in where("exact"):
            blocked = skip | found.keys() if found else skip
            for slot, _pos in place.name_codes.find(pattern, stop=WHOLE_CAP - len(hits), skip=blocked):
                score = WHOLE_INITIALS if inits.line_text(slot) == key else INITIALS_EXACT
                cost, doubtful = self._reading_cost(corpus.names.line_text(slot))
                near = doubtful * UNSURE + cost if score == WHOLE_INITIALS else cost * UNSURE + doubtful
                hits.append(Found(score, slot, "initials", near))
            if len(hits) >= WHOLE_CAP:
                break
        seen = {h.slot for h in hits}
        if corpus.tagless.count() and self.key.isalnum():
            for slot, _pos in corpus.tagless.find("\n" + key + "\n", stop=limit, skip=skip | seen | found.keys()):
                hits.append(Found(WHOLE_INITIALS, slot, "initials", UNSURE - 1))
        hits.sort(key=lambda f: (-f.score, f.near, f.slot))
        for hit in hits[:max(0, limit - len(found))]:
            found[hit.slot] = hit

    def _reading_cost(self, name: str) -> tuple[int, int]:
        """How sure it is that NAME reads as the query's letters: (how far down each
        character's readings the letters go, 0 when every one is its commonest reading; how
        many characters have readings with other initials). UNSURE when the letters do not
        fall one to a character."""
        if len(name) != len(self.key):
            return UNSURE, UNSURE
        cost = doubtful = 0
        of = self.readings.of
        for char, letter in zip(name, self.key, strict=True):
            ways = of.get(char, (char,))
            cost += next((i for i, way in enumerate(ways) if way[:1] == letter), UNSURE)
            doubtful += any(way[:1] != letter for way in ways)
        return cost, doubtful

    def _plain_scan(self, corpus: Corpus, found: dict[int, Found], typo: bool) -> set[str]:
        """Chinese (or digits): scan names and contact names once for the query anywhere;
        when that finds fewer than FEW rows it found them all, and their places tell the
        classes (whole name, start, inside). Returns the fields so settled."""
        pattern = self.pattern("anywhere")
        if pattern is None:
            return {"names", "contacts"}
        done = set()
        hits = list(corpus.names.find(pattern, stop=FEW, skip=corpus.dead))
        if len(hits) < FEW:
            starts, size = corpus.names.starts, len(self.key)
            for slot, pos in hits:
                if pos:
                    found.setdefault(slot, Found(SUBSTRING, slot, "name"))
                elif starts[slot + 1] - starts[slot] - 1 == size and not typo:
                    found[slot] = Found(EXACT, slot, "name")
                else:
                    found[slot] = Found(PREFIX, slot, "name")
            done.add("names")
        hits = list(corpus.contacts.find(pattern, stop=FEW, skip=corpus.dead))
        if len(hits) < FEW:
            for slot, pos in hits:
                found.setdefault(slot, Found(CONTACT_PART if pos else CONTACT, slot, "contact"))
            done.add("contacts")
        return done


_PLAIN = {"name_codes": "names", "contact_codes": "contacts"}  # Chinese queries match the text itself


class _Chunks:
    """The rows of a bitset as subsets, best-ranked first, built once and kept while one
    query runs (several match classes walk the same rows)."""

    def __init__(self, corpus: Corpus, rows: int) -> None:
        self._made: list[Subset] = []
        self._source = chunks(corpus, rows)

    def __iter__(self):
        i = 0
        while True:
            if i < len(self._made):
                yield self._made[i]
            else:
                nxt = next(self._source, None)
                if nxt is None:
                    return
                self._made.append(nxt)
                yield nxt
            i += 1


def typo_keys(key: str, at: int) -> list[str]:
    """Keys one typo away from KEY at position AT (the first place it stops matching): that
    character left out, replaced (``?``: any), swapped with a neighbour, or one missing."""
    w = pinyin_match.WILDCARD
    out = [key[:at] + key[at + 1:], key[:at] + w + key[at + 1:]]
    if at >= 1 and key[at] != key[at - 1]:
        out.append(key[:at - 1] + key[at] + key[at - 1] + key[at + 1:])
    if at + 1 < len(key) and key[at] != key[at + 1]:
        out.append(key[:at] + key[at + 1] + key[at] + key[at + 2:])
    out.append(key[:at] + w + key[at:])
    seen, unique = set(), []
    for k in out:
        if len(k.replace(w, "")) >= 2 and k not in seen and k != key:
            seen.add(k)
            unique.append(k)
    return unique


def run_typos(key: str, at: list[int], corpus: Corpus, limit: int, exclude: set[int], plans) -> list[Found]:
    """Rows matching KEY with one typo at one of the places AT (a name or contact matching a
    variant), best first."""
    found: dict[int, Found] = {}
    variants = [v for place in at for v in typo_keys(key, place)]
    for variant in dict.fromkeys(variants):
        if len(found) >= limit:
            break
        for hit in plans(variant).run(corpus, limit, gapped=False, typo=True):
            if hit.score > GAPPED and hit.slot not in exclude and hit.slot not in found:
                found[hit.slot] = Found(TYPO, hit.slot, "typo")
    return sorted(found.values(), key=lambda f: f.slot)[:limit]


_NEVER = "(?!)"


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern | None:
    """The compiled pattern, or None when it can never match (a piece no character takes)."""
    if _NEVER in pattern and not pattern.replace(_NEVER, "").strip("\\n()=?:|"):
        return None
    return re.compile(pattern)


def _trie(cuts, piece, whole: bool = False) -> str:
    """One regular expression for several cuts, sharing their common beginnings."""
    root: dict = {}
    for cut in cuts:
        node = root
        for token in cut:
            node = node.setdefault(token, {})
        node[None] = {}

    def emit(node: dict) -> str | None:
        branches = []
        for token, child in node.items():
            if token is None:
                branches.append("")
                continue
            head = piece(token, whole)
            rest = emit(child) if head != _NEVER else None
            if rest is not None:
                branches.append(head + rest)
        if not branches:
            return None
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return (emit(root) if root else None) or _NEVER


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
