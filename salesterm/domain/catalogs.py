"""Message catalogs: the TOML files under salesterm/locale/<folder>/, read once per language.

A catalog maps a message id to its text. Ids of user errors are dotted (``file.empty`` is
``empty`` under the ``[file]`` table); the rest of the app keys its strings by their English
text, so the English catalog holds only the dotted ids. The domain reads the English catalog
itself so that ``str(UserError)`` is English wherever it is logged."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
FOLDERS = {"zh": "zh_CN", "en": "en"}


def _flat(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every entry of LANG's catalog files, tables flattened into dotted ids."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / FOLDERS.get(lang, lang)).glob("*.toml")):
        merged.update(_flat(tomllib.loads(path.read_text(encoding="utf-8"))))
    return merged
