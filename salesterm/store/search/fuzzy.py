"""The last resort of a search: a query nothing else found, compared with rapidfuzz.

Runs only when the engine (every match class, then its typo variants) found no customer at
all for a query of at least MIN_LENGTH characters: a wrong letter early in a full pinyin
spelling (``doagguanshi`` for 东莞市...) defeats the typo variants, which guess where the
typo is from where the query stops matching.

A pinyin query is compared with each candidate name's likeliest full spelling (every
character by its first reading, held in the index: ``Corpus.spells``), a Chinese query with
the name itself; both cut to the query's length, since reps type the start of a name. The
score is rapidfuzz's Indel distance: one letter replaced, two swapped, one left out or one
doubled all cost at most 2, so MAX_EDITS = 2 is one typo. Candidates are the rows whose
name's first character can start with the query's first letter (the index's bitsets; their
slots kept per letter, a few hundred kB at 100k customers), so a fallback costs a few
milliseconds at 100k customers. rapidfuzz is imported by prepare(), called when the index
is built or loaded (in the worker that does it; never at start-up).
"""
from __future__ import annotations

from array import array

from salesterm.store.search.index import Corpus
from salesterm.store.search.prefilter import slots_of
from salesterm.store.search.rank import Found

FUZZY = 10  # the class score, below every other class (TYPO is 20); minus the distance
MIN_LENGTH = 4  # shorter queries are too loose to guess at
MAX_EDITS = 2  # Indel distance: one typo
HEAD = 24  # the first letters of each candidate kept, ready to compare (longer queries slice the field)


def run(key: str, corpus: Corpus, limit: int) -> list[Found]:
    """The rows of CORPUS whose name (or its spelling) starts one typo away from KEY, the
    closest first, then by rank; at most LIMIT."""
    if len(key) < MIN_LENGTH or limit <= 0 or not corpus.live():
        return []
    if key.isascii():
        if not key.isalpha():  # digits: phone numbers and codes are not guessed at
            return []
        name = "spells"
    else:
        name = "names"
    field = getattr(corpus, name)
    slots, heads = _candidates(key, corpus, name)
    if not slots:
        return []
    size = len(key)
    if heads is not None and size <= HEAD:
        choices = [head[:size] for head in heads]
    else:
        text, starts = field.text, field.starts
        choices = [text[starts[s]:min(starts[s] + size, starts[s + 1] - 1)] for s in slots]
    process, indel = prepare()
    matches = process.extract(key, choices, scorer=indel.distance, processor=None,
                              score_cutoff=MAX_EDITS, limit=None)
    matches.sort(key=lambda m: (m[1], m[2]))
    return [Found(FUZZY - int(dist), slots[i], "fuzzy") for _choice, dist, i in matches[:limit]]


def prepare():
    """rapidfuzz's process module and Indel distance (imported on the first call)."""
    from rapidfuzz import process  # here, not at the top: start-up speed (tests/test_startup_imports.py)
    from rapidfuzz.distance import Indel

    return process, Indel


def _candidates(key: str, corpus: Corpus, name: str) -> tuple[list[int], list[str] | None]:
    """Live rows whose name's first character may start as KEY does, and the first HEAD
    letters of the field NAME for each (None: slice them). A corpus without bitsets (the few
    customers changed since the build) gives all its live rows."""
    dead = corpus.dead
    bits = corpus.bits
    if bits is None:
        return [s for s in range(corpus.n) if s not in dead], None
    found = bits._keys(key[0])
    initials = tuple(sorted(found[1])) if found is not None else ()
    # kept per first letter and field: the bitsets and fields of a built corpus never change
    kept = corpus.__dict__.setdefault("fuzzy_heads", {})
    made = kept.get((initials, name))
    if made is None:
        rows = 0
        for initial in initials:
            rows |= bits.first.get(initial, 0)
        slots = array("I", slots_of(rows))
        text, starts = getattr(corpus, name).text, getattr(corpus, name).starts
        heads = [text[starts[s]:min(starts[s] + HEAD, starts[s + 1] - 1)] for s in slots]
        made = kept[(initials, name)] = (slots, heads)
    slots, heads = made
    if dead:
        live = [i for i, s in enumerate(slots) if s not in dead]
        return [slots[i] for i in live], [heads[i] for i in live]
    return slots, heads
