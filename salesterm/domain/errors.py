"""Errors caused by what the user typed or imported, raised as a message id with named values.

``UserError("file.empty", name="a.csv")`` is shown as the catalog text of ``file.empty`` in the
reader's language (``i18n.error_text``), formatted with the values; ``str(e)`` is the English
text, for logs and JSON. Values that are themselves words in two languages (``Words``) or
messages (``Message``) are shown in the same language as the message around them."""
from __future__ import annotations

from typing import NamedTuple

from .catalogs import catalog
from .redact import redact


class Words(NamedTuple):
    """A label kept in both languages by the domain (a stage, a grading factor)."""

    zh: str
    en: str

    def text(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


class Message:
    """A message id and its named values; ``text(lang)`` formats the catalog entry."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, /, **params) -> None:
        self.msgid = msgid
        self.params = params

    def text(self, lang: str = "en") -> str:
        """The message in LANG, with any password a value holds masked (domain/redact.py)."""
        values = {k: _shown(v, lang) for k, v in self.params.items()}
        for which in (lang, "en"):
            template = catalog(which).get(self.msgid)
            if template is not None:
                try:
                    return redact(template.format(**values))
                except (KeyError, IndexError, ValueError):
                    continue
        return self.msgid

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return (self.msgid, self.params) == (other.msgid, other.params)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _shown(value, lang: str):
    """A named value in LANG: words and messages translated, a list joined with semicolons."""
    if isinstance(value, list):
        return ("；" if lang == "zh" else "; ").join(str(_shown(v, lang)) for v in value)
    return value.text(lang) if isinstance(value, (Message, Words, UserError)) else value


class UserError(Exception):
    """An error caused by user input or data: a message id and named values.

    ``str(e)`` is the one-line English message, without a traceback; ``e.text(lang)``
    (through ``i18n.error_text``) is the message in the reader's language.
    """

    def __init__(self, msgid: str, /, **params) -> None:
        super().__init__(msgid)
        self.message = Message(msgid, **params)

    @property
    def msgid(self) -> str:
        return self.message.msgid

    @property
    def params(self) -> dict:
        return self.message.params

    def text(self, lang: str = "en") -> str:
        return self.message.text(lang)

    def __str__(self) -> str:
        return self.message.text("en")


def shown(value: object, limit: int = 40) -> str:
    """What the user typed, fit for a one-line message: stripped, control characters
    escaped (a newline shows as ``\\n``), and cut to ``limit`` characters."""
    text = "" if value is None else str(value).strip()
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
