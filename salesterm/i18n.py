"""Translations through one `_()`. Message ids are the English text; catalogs in
salesterm/locale/<lang>/*.toml map them (each area of the app keeps its own file). User errors
are raised as dotted ids with named values (domain/errors.UserError) and shown through
`error_text()`, English and Chinese both from the catalogs."""
from __future__ import annotations

import locale as _locale
import os

from salesterm import paths
from salesterm.domain import catalogs as _catalogs
from salesterm.domain.catalogs import catalog as _catalog
from salesterm.domain.errors import Message, UserError

_catalogs.CACHE_FOLDER = paths.cache_dir() / "catalogs"  # parsed once, not at every start

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


def _(message: str, **values) -> str:
    text = _catalog(_lang).get(message, message) if _lang != "en" else message
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int) -> str:
    """gettext's ngettext over our catalogs: Chinese has one form, keyed by the English singular."""
    text = _catalog(_lang).get(singular) if _lang != "en" else None
    return text if text is not None else singular if n == 1 else plural


def counted(n: int, singular: str, plural: str, **values) -> str:
    """A count with its noun, the one way to write one: ``counted(1, "{n} deal", "{n} deals")`` is
    "1 deal", with 2 "2 deals". Chinese has one form, keyed by the English singular (as ngettext)."""
    return ngettext(singular, plural, n).format(n=n, **values)


def label(zh: str, en: str) -> str:
    """Pick one of a pair of labels kept side by side in the domain (stages, grading factors)."""
    return zh if _lang == "zh" else en


def vocab_label(vocab, key: str) -> str:
    """The label of KEY in a domain vocabulary {key: (zh, en)}; an unknown key shows as itself."""
    pair = dict(vocab).get(key)
    return label(*pair) if pair else key


def error_text(message: object) -> str:
    """A user error in the user's language: a ``UserError`` or ``Message`` (an id with named
    values) is formatted from the catalog; a plain string is looked up whole, else shown as is."""
    if isinstance(message, (UserError, Message)):
        return message.text(_lang)
    text = str(message)
    return _catalog(_lang).get(text, text) if _lang != "en" else text


def join_list(items) -> str:
    """A short list in running text: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return ("、" if _lang == "zh" else ", ").join(str(i) for i in items)
