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
