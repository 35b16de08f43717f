"""Message catalogs: the TOML files under salesterm/locale/<folder>/, read once per language.

A catalog maps a message id to its text. Ids of user errors are dotted (``file.empty`` is
``empty`` under the ``[file]`` table); the rest of the app keys its strings by their English
text, so the English catalog holds only the dotted ids. The domain reads the English catalog
itself so that ``str(UserError)`` is English wherever it is logged.

Parsing the TOML files costs a start-up about 50-120 ms (the Chinese catalog is the larger), so
the merged catalog is kept in the user's cache folder as marshal data, named by the files'
names, sizes and modification times: a changed file is parsed again. A cache that cannot be
read or written is passed over; the files are the truth."""
from __future__ import annotations

import hashlib
import marshal
import os
import tomllib
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
FOLDERS = {"zh": "zh_CN", "en": "en"}
# where parsed catalogs are kept (set by salesterm.i18n to the user's cache folder; None: not kept)
CACHE_FOLDER: Path | None = None


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
    paths = sorted((LOCALE_DIR / FOLDERS.get(lang, lang)).glob("*.toml"))
    saved = _cache_file(lang, paths)
    try:
        merged = marshal.loads(saved.read_bytes()) if saved else None
        if isinstance(merged, dict):
            return merged
    except (OSError, ValueError, EOFError, TypeError):
        pass
    merged = {}
    for path in paths:
        merged.update(_flat(tomllib.loads(path.read_text(encoding="utf-8"))))
    if saved:
        _save(saved, merged)
    return merged


def _cache_file(lang: str, paths: list[Path]) -> Path | None:
    if CACHE_FOLDER is None:
        return None
    try:
        stamp = hashlib.sha1(repr([(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in paths])
                             .encode()).hexdigest()[:16]
    except OSError:
        return None
    return CACHE_FOLDER / f"{lang}-{stamp}.marshal"


def _save(path: Path, merged: dict[str, str]) -> None:
    """Write the cache whole or not at all (a reader never meets half a file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(path.name.split("-")[0] + "-*.marshal"):
            old.unlink(missing_ok=True)  # the files changed since: their catalog is stale
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_bytes(marshal.dumps(merged))
        os.replace(part, path)
    except OSError:
        pass
