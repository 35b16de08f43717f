"""Translations through one `_()`. Message ids are the English text; catalogs in
salesterm/locale/<lang>/*.toml map them (each area of the app keeps its own file)."""
from __future__ import annotations

import locale as _locale
import os
import tomllib
from functools import lru_cache
from pathlib import Path

_LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGS = ("zh", "en")
_lang = "en"


def detect(explicit: str | None = None, configured: str | None = None) -> str:
    for value in (explicit, configured):
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(var):
            return "zh" if os.environ[var].lower().startswith("zh") else "en"
    loc = _locale.getlocale()[0] or ""
    return "zh" if loc.lower().startswith("zh") else "en"


def set_language(lang: str) -> None:
    global _lang
    _lang = "zh" if lang.lower().startswith("zh") else "en"


def language() -> str:
    return _lang


@lru_cache(maxsize=None)
def _catalog(lang: str) -> dict[str, str]:
    folder = _LOCALE_DIR / ("zh_CN" if lang == "zh" else lang)
    merged: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
    return merged


def _(message: str, **values) -> str:
    text = _catalog(_lang).get(message, message) if _lang != "en" else message
    return text.format(**values) if values else text


def label(zh: str, en: str) -> str:
    """Pick one of a pair of labels kept side by side in the domain (stages, grading factors)."""
    return zh if _lang == "zh" else en


def vocab_label(vocab, key: str) -> str:
    """The label of KEY in a domain vocabulary {key: (zh, en)}; an unknown key shows as itself."""
    pair = dict(vocab).get(key)
    return label(*pair) if pair else key


@lru_cache(maxsize=None)
def _error_patterns(lang: str) -> list[tuple["re.Pattern[str]", str]]:
    """Catalog entries holding positional slots ("no such date: {0}") as patterns."""
    import re

    patterns = []
    for msgid, text in _catalog(lang).items():
        if "{0}" not in msgid:
            continue
        regex = re.escape(msgid)
        for n in range(10):
            regex = regex.replace(re.escape("{%d}" % n), f"(?P<a{n}>.*?)")
        patterns.append((re.compile(regex + r"\Z", re.DOTALL), text))
    patterns.sort(key=lambda p: -len(p[0].pattern))  # the most specific first
    return patterns


def error_text(message: object) -> str:
    """A user error (raised in English by domain/ and store/) in the user's language.

    The message is looked up whole; failing that, against catalog entries with positional
    slots (``"no such date: {0}"``), the values the user typed kept as they were. A message
    the catalog does not know shows as raised."""
    text = str(message)
    if _lang == "en":
        return text
    catalog = _catalog(_lang)
    if text in catalog:
        return catalog[text]
    for pattern, translated in _error_patterns(_lang):
        match = pattern.match(text)
        if match:
            values = [match.group(f"a{n}") if f"a{n}" in match.groupdict() else ""
                      for n in range(10)]
            return translated.format(*values)
    return text


def join_list(items) -> str:
    """A short list in running text: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return ("、" if _lang == "zh" else ", ").join(str(i) for i in items)
