"""Finding a rep by what someone typed: the name, part of it, its pinyin or initials (王伟: "wang",
"ww"), and, for a name that matches none, the closest names to offer instead. Pure: the names are
passed in."""
from __future__ import annotations

import difflib

from salesterm.domain.textkeys import pinyin_variants


def _keys(name: str) -> tuple[list[str], list[str]]:
    return pinyin_variants(name, limit=4)


def matching(typed: str, names: list[str], limit: int = 8) -> list[str]:
    """Names TYPED picks out: the exact name first, then those starting with it or holding it,
    then those whose pinyin or initials start with it (case and spaces ignored)."""
    text = " ".join(str(typed or "").split())
    if not text:
        return list(names[:limit])
    low = text.lower().replace(" ", "")
    exact = [n for n in names if n == text]
    starts = [n for n in names if n != text and n.lower().startswith(text.lower())]
    holds = [n for n in names if n not in exact + starts and text.lower() in n.lower()]
    pinyin = []
    for n in names:
        if n in exact or n in starts or n in holds:
            continue
        fulls, initials = _keys(n)
        if any(f.startswith(low) for f in fulls) or any(i.startswith(low) for i in initials):
            pinyin.append(n)
    return (exact + starts + holds + pinyin)[:limit]


def closest(typed: str, names: list[str], limit: int = 3) -> list[str]:
    """The names most like TYPED, for an error that names a rep who does not exist: the names it
    picks out, else those that read or look nearly the same (a typo, a wrong character)."""
    found = [n for n in matching(typed, names, limit) if n != typed]
    if found:
        return found[:limit]
    text = " ".join(str(typed or "").split())
    by_look = difflib.get_close_matches(text, names, n=limit, cutoff=0.5)
    typed_py = (_keys(text)[0] or [text.lower()])[0]
    spelled = {(_keys(n)[0] or [n.lower()])[0]: n for n in names}
    by_sound = [spelled[s] for s in difflib.get_close_matches(typed_py, list(spelled), n=limit, cutoff=0.75)]
    out: list[str] = []
    for n in by_look + by_sound:
        if n not in out:
            out.append(n)
    return out[:limit]
