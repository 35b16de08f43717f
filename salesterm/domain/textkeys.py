"""Search and duplicate-detection keys: normalised names, phone numbers, pinyin.

The phone-number rules live in :mod:`.phones` and are re-exported here.

pypinyin is imported lazily inside the functions that need it, never at module import,
so that importing the domain layer stays fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain, islice, product

from .phones import PhoneError, is_landline, is_mobile, parse_phone, phone_digits

__all__ = [
    "PhoneError",
    "is_landline",
    "is_mobile",
    "normalise_name",
    "parse_phone",
    "phone_digits",
    "pinyin_variants",
    "search_blob",
]

_NOT_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """A key for duplicate detection: NFKC, lowercase, no whitespace or punctuation.

    ``"广州市 鑫源（电子）经营部"`` and ``"广州市鑫源电子经营部"`` give the same key.
    Symbols (``·``, ``&``, ``+``, ``¥``) are dropped too; letters and digits of every
    script are kept.
    """
    if not name:
        return ""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", name).lower())


# --- pinyin --------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _readings(char: str) -> tuple[str, ...]:
    """All readings of one character, toneless and lowercase, most common first.

    Letters and digits of other scripts read as themselves (lowercased); whitespace,
    punctuation and symbols read as nothing (an empty tuple).
    """
    if char.isascii():
        return (char.lower(),) if char.isalnum() else ()
    if not char.isalnum():
        return ()
    from pypinyin import Style, pinyin  # lazy: see the module docstring

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="default")
    readings: list[str] = []
    for reading in found[0] if found else ():
        reading = reading.lower()
        if reading and reading not in readings:
            readings.append(reading)
    return tuple(readings) or (char.lower(),)


def _best_first(options: list[tuple[str, ...]], limit: int) -> list[str]:
    """Up to ``limit`` distinct joins of one option per position, the likeliest first.

    A variant's distance is the sum of the option indices it uses: first the join of
    every first option, then those that change one position to its second option (left
    to right), then distance two, and so on. The cap so keeps the likeliest spellings
    whatever the length of the name. (Few combinations are listed all at once and
    sorted, which is faster; within one distance the order then differs.) The order of
    the changes depends only on how many options each polyphonic position has: it is
    worked out once per such shape (_ranked) and reused for every name of that shape.
    """
    if limit <= 0 or not options:
        return []
    poly = [i for i, opt in enumerate(options) if len(opt) > 1]
    if not poly or limit == 1:
        return ["".join([opt[0] for opt in options])]
    # the first join as pieces: the text between polyphonic positions, and each one's first reading
    pieces, at = [], 0
    for pos in poly:
        pieces.append("".join([opt[0] for opt in options[at:pos]]))
        pieces.append(options[pos][0])
        at = pos + 1
    pieces.append("".join([opt[0] for opt in options[at:]]))
    out = ["".join(pieces)]
    seen = set(out)
    lens = tuple(len(options[pos]) for pos in poly)
    changes, complete = _ranked(lens)
    if not complete:  # a long name with many readings: its changes are listed lazily past the cached ones
        changes = chain(changes, islice(_combos(lens), len(changes), None))
    readings = [options[pos] for pos in poly]
    for change in changes:  # the pieces with the changed positions' readings put in
        parts = pieces[:]
        for k, idx in change:
            parts[2 * k + 1] = readings[k][idx]
        text = "".join(parts)
        if text not in seen:
            seen.add(text)
            out.append(text)
            if len(out) >= limit:
                break
    return out


_RANKED_KEPT = 64  # changes kept per shape: enough for limit 16 unless many joins coincide


@lru_cache(maxsize=4096)
def _ranked(lens: tuple[int, ...]) -> tuple[tuple[tuple[tuple[int, int], ...], ...], bool]:
    """The changes of _best_first for polyphonic positions with LENS options each, in order,
    without the first (no change): each change as ((k, option index), ...) for the positions
    k (into the polyphonic ones) it does not read the first way; and whether that is all of them."""
    count = 1
    for n in lens:
        count *= n
    if count <= 64:  # few combinations: list them all, sort by distance (faster)
        ranked = sorted(product(*(range(n) for n in lens)), key=sum)
        return tuple(tuple((k, i) for k, i in enumerate(idx) if i) for idx in ranked[1:]), True
    kept = tuple(islice(_combos(lens), _RANKED_KEPT + 1))
    return kept[:_RANKED_KEPT], len(kept) <= _RANKED_KEPT


def _combos(lens: tuple[int, ...]) -> Iterator[tuple[tuple[int, int], ...]]:
    """Every change but the first for LENS options a position, by distance (the sum of the
    option indices), positions left to right within one distance."""
    room = [0] * (len(lens) + 1)  # room[k]: the most distance positions k... can add
    for k in range(len(lens) - 1, -1, -1):
        room[k] = room[k + 1] + lens[k] - 1

    def combos(distance: int, start: int):
        if distance == 0:
            yield ()
            return
        if distance > room[start]:
            return
        for k in range(start, len(lens)):
            for idx in range(1, min(distance, lens[k] - 1) + 1):
                for rest in combos(distance - idx, k + 1):
                    yield ((k, idx), *rest)

    for distance in range(1, room[0] + 1):
        yield from combos(distance, 0)


@lru_cache(maxsize=8192)
def _toneless(syllable: str) -> str:
    """``"háng"`` -> ``"hang"``, ``"lǜ"`` -> ``"lv"`` (pypinyin's NORMAL style)."""
    plain = unicodedata.normalize("NFD", syllable.lower()).replace("u\u0308", "v")
    return "".join(c for c in plain if not unicodedata.combining(c))


def _in_context(run: str) -> list[str] | None:
    """The reading of each character of a run of Chinese text chosen with pypinyin's
    phrase dictionary (银行 -> yin hang, 重庆 -> chong qing); None when unknown.

    This is what ``lazy_pinyin(run, style=NORMAL)`` returns (the same on 38,736 samples
    of company names), at a fifth of its cost (4 µs instead of 19 µs for four
    characters): the run is cut into words with pypinyin's own segmenter, and only
    words of the phrase dictionary are looked up; other characters keep their first
    (most common) reading.
    """
    try:
        from pypinyin.constants import PHRASES_DICT
        from pypinyin.seg.mmseg import seg
    except ImportError:  # pragma: no cover - pypinyin moved its internals: slow path
        from pypinyin import Style, lazy_pinyin

        readings = lazy_pinyin(run, style=Style.NORMAL, errors="default")
        return [r.lower() for r in readings] if len(readings) == len(run) else None
    out: list[str] = []
    for word in seg.cut(run):
        phrase = PHRASES_DICT.get(word) if len(word) > 1 else None
        if phrase and len(phrase) == len(word):
            out.extend(_toneless(p[0]) for p in phrase)
        else:
            out.extend(r[0] if (r := _readings(c)) else "" for c in word)
    return out if len(out) == len(run) else None


def _options(text: str) -> list[tuple[str, ...]]:
    """The readings of each character that reads as something, the likeliest first:
    the reading in context, then the other readings in pypinyin's order."""
    options: list[tuple[str, ...]] = []
    run: list[str] = []  # consecutive non-ASCII letters: Chinese, read in context

    def flush() -> None:
        words = _words("".join(run))
        if words is not None:  # the run's words, each read once per process (_word_options)
            for word in words:
                options.extend(_word_options(word))
            run.clear()
            return
        context = _in_context("".join(run)) if run else None
        for i, char in enumerate(run):
            readings = _readings(char)
            if context and context[i] != readings[0] and context[i]:
                readings = (context[i],) + tuple(r for r in readings if r != context[i])
            if readings:
                options.append(readings)
        run.clear()

    for char in unicodedata.normalize("NFKC", text):
        if not char.isascii() and char.isalnum():
            run.append(char)
            continue
        if run:
            flush()
        readings = _readings(char)
        if readings:
            options.append(readings)
    if run:
        flush()
    return options


def _words(run: str) -> list[str] | None:
    """RUN cut into words by pypinyin's segmenter (as _in_context cuts it), or None when
    its internals moved or the words do not make up the run."""
    sets = _segmenter_sets()
    if sets is None:  # pragma: no cover - pypinyin moved its internals
        try:
            from pypinyin.seg.mmseg import seg
        except ImportError:  # see _in_context
            return None
        words = list(seg.cut(run))
    else:
        words = _cut(run, *sets)
    return words if sum(map(len, words)) == len(run) else None


@lru_cache(maxsize=1)
def _segmenter_sets() -> tuple[set[str], dict] | None:
    """The prefix set and phrase dictionary of pypinyin's strict segmenter (`mmseg.seg`), for
    _cut; None when its internals moved."""
    try:
        from pypinyin.constants import PHRASES_DICT
        from pypinyin.seg.mmseg import seg
    except ImportError:  # pragma: no cover
        return None
    prefixes = getattr(getattr(seg, "_prefix_set", None), "_set", None)
    if not isinstance(prefixes, set) or not getattr(seg, "_no_non_phrases", False):
        return None  # pragma: no cover
    return prefixes, PHRASES_DICT


def _cut(text: str, prefixes: set[str], phrases: dict) -> list[str]:
    """What pypinyin's `mmseg.seg.cut(text)` yields (forward maximum matching, phrases only),
    in half its time (its prefix set read directly, no generator): from each place, the
    longest phrase among the prefixes read until one is no word's prefix; without one, a
    single character; and where the rest of the text is a prefix of words but holds none,
    each of its characters."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        last, j = 0, i + 1
        while j <= n:
            word = text[i:j]
            if word not in prefixes:
                break
            if word in phrases:
                last = j
            j += 1
        if last:
            out.append(text[i:last])
            i = last
        elif j <= n:  # no phrase before the first miss
            out.append(text[i])
            i += 1
        else:
            out.extend(text[i:])
            break
    return out


@lru_cache(maxsize=65536)
def _word_options(word: str) -> tuple[tuple[str, ...], ...]:
    """The options of _options for each character of one WORD of a run: its reading in
    the phrase dictionary (or each character's first) first. Company names repeat their
    words (广州市, 鑫源, 电子, 经营部), so a word is read once."""
    from pypinyin.constants import PHRASES_DICT

    phrase = PHRASES_DICT.get(word) if len(word) > 1 else None
    if phrase and len(phrase) == len(word):
        context = [_toneless(p[0]) for p in phrase]
    else:
        context = [r[0] if (r := _readings(c)) else "" for c in word]
    out: list[tuple[str, ...]] = []
    for char, reading in zip(word, context, strict=True):
        readings = _readings(char)
        if reading and reading != readings[0]:
            readings = (reading,) + tuple(r for r in readings if r != reading)
        if readings:
            out.append(readings)
    return tuple(out)


def pinyin_variants(text: str, *, limit: int = 16) -> tuple[list[str], list[str]]:
    """(full spellings, initials) of ``text`` for every reading of its polyphonic characters.

    Lowercase, toneless, no separators. Latin letters and digits are kept as they are
    (lowercased); spaces and punctuation are dropped. ``"重庆"`` gives
    ``["chongqing", "zhongqing", ...]`` and ``["cq", "zq", ...]``; ``"万科A"`` gives
    initials ``"wka"`` (the style of the ``cnspell`` column of listed-company data).

    Each list holds at most ``limit`` distinct variants, the likeliest first: the first
    is pypinyin's reading in context (its phrase dictionary picks 银行 -> yinhang), then
    the spellings that differ from it in one character, then in two, and so on.

    Speed (Python 3.11, per-character readings cached): about 11 µs per name over the
    5,395 names of cn_listed_companies.csv (3.9 characters on average), 15 µs for
    平安银行, 30 µs for 广州市鑫源电子经营部, 50 µs for a 14-character name.
    The initials include the ``cnspell`` value for 99.2% of those rows (the misses: 40
    "-U"/"-W" suffixed names whose cnspell drops the suffix, and 3 data errors).
    """
    if not text:
        return [], []
    options = _options(text)
    if not options:
        return [], []
    initials = [_initials(readings) for readings in options]
    return _best_first(options, limit), _best_first(initials, limit)


@lru_cache(maxsize=65536)
def _initials(readings: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct first letters of a character's readings, in their order."""
    out: list[str] = []
    for reading in readings:
        if reading[:1] not in out:
            out.append(reading[:1])
    return tuple(out)


def search_blob(name: str, *, limit: int = 16) -> tuple[str, str]:
    """(full_blob, initials_blob): the pinyin variants joined by single spaces,
    for storage in database columns and substring matching."""
    fulls, initials = pinyin_variants(name, limit=limit)
    return " ".join(fulls), " ".join(initials)


def readings(char: str) -> tuple[str, ...]:
    """Every reading of one character, toneless, most common first (``"重"`` ->
    ``("zhong", "chong")``); a Latin letter or digit reads as itself, lowercased; a
    punctuation mark or space as nothing. Imports pypinyin on first use."""
    return _readings(char)
