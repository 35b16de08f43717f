"""Files merged away stay findable: their names and phones are extra search keys of the survivor.

A merged customer (merged_into set, archived) keeps its name and phone. The index reads them
with the survivor's contacts (store/search/load.py: the names as extra contact lines, the phone
digits with the survivor's phones), so the usual match classes find the survivor by them;
`explain` then says why: such a hit's `matched` is "merged" (a name or phone of a file merged
into it) rather than "contact" or "phone".
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from salesterm.domain import textkeys
from salesterm.store.models import Customer

Former = dict[str, list[tuple[str, str]]]  # survivor id -> [(normalised name, phone digits)]
_CHUNK = 500


def load(ids: Iterable[str] | None = None) -> Former:
    """The names and phone digits of the files merged into each survivor (all, or those of IDS)."""
    base = Customer.select(Customer.merged_into, Customer.name, Customer.phone_digits).where(
        Customer.merged_into.is_null(False) & Customer.deleted_at.is_null(False))
    queries = [base]
    if ids is not None:
        ids = list(ids)
        queries = [base.where(Customer.merged_into.in_(ids[i:i + _CHUNK])) for i in range(0, len(ids), _CHUNK)]
    out: Former = {}
    for query in queries:
        for survivor, name, digits in query.tuples().iterator():
            out.setdefault(survivor, []).append((textkeys.normalise_name(name), digits or ""))
    return out


def explain(hits: list, key: str, former: Former, plan) -> list:
    """HITS with `matched` "merged" where a contact or phone match is a merged file's name or phone."""
    if not former:
        return hits
    out = []
    for hit in hits:
        keys = former.get(hit.id)
        if keys and hit.matched in ("contact", "phone", "typo", "gapped") and _matches(key, keys, plan):
            hit = replace(hit, matched="merged")
        out.append(hit)
    return out


def _matches(key: str, keys: list[tuple[str, str]], plan) -> bool:
    if key.isdigit():
        return any(key in digits for _name, digits in keys)
    for name, _digits in keys:
        if key in name:
            return True
        if plan is not None and plan.pinyin:
            pattern = plan.pattern("anywhere")
            text = plan.readings.encode(name)
            if isinstance(pattern, re.Pattern) and pattern.search(text):
                return True
    return False
