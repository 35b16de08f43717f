"""Parsed stylesheets kept between starts.

Textual parses every stylesheet (the themes' files and each screen's and widget's DEFAULT_CSS)
at every start: 40-150 ms of the app's first paint on a 2-core laptop, about ten times what a
minimal Textual app parses. Each parse's rules are kept here, pickled, keyed by everything the
parse reads: the CSS text, where it was read from, its kind, tie-breaker, scope and the
stylesheet's variables (the theme). The file is named by Textual's version, so a new Textual
parses afresh. Rules with errors are never kept (Textual reports them as before). A file that
cannot be read or written is passed over: the CSS is then parsed as Textual always does.
"""
from __future__ import annotations

import atexit
import hashlib
import os
import pickle
from pathlib import Path

MAX_ENTRIES = 600  # themes x stylesheets; past this the file starts again from this run's

_entries: dict[str, bytes] = {}
_used: set[str] = set()
_state = {"file": None, "dirty": False, "original": None}


def load(path: Path) -> dict[str, bytes]:
    """The entries kept in PATH; none when it is missing, damaged or of another format."""
    try:
        loaded = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - the CSS is then parsed afresh
        return {}
    return loaded if isinstance(loaded, dict) else {}


def install(folder: Path) -> None:
    """Wrap Textual's Stylesheet parse with the cache in FOLDER (once per process)."""
    if _state["file"] is not None:
        return
    import textual
    from textual.css.stylesheet import Stylesheet

    path = folder / f"css-{textual.__version__}.pickle"
    _state["file"] = path
    _entries.update(load(path))
    original = _state["original"] = Stylesheet._parse_rules

    def _parse_rules(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        own_key = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = self._parse_cache.get(own_key)  # this sheet's own cache first, as Textual does
        if rules is not None:
            return rules
        key = _key(own_key, self._variables)
        saved = _entries.get(key)
        if saved is not None:
            try:
                rules = pickle.loads(saved)
                self._parse_cache[own_key] = rules
                _used.add(key)
                return rules
            except Exception:  # noqa: BLE001 - a damaged entry: parse it again
                _entries.pop(key, None)
        rules = original(self, css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            try:
                _entries[key] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
                _used.add(key)
                _state["dirty"] = True
            except Exception:  # noqa: BLE001 - rules that do not pickle are simply not kept
                pass
        return rules

    Stylesheet._parse_rules = _parse_rules
    atexit.register(save)


def _key(own_key: tuple, variables: dict) -> str:
    return hashlib.sha1(repr((own_key, sorted(variables.items()))).encode()).hexdigest()


def save() -> None:
    """Write the rules parsed in this run (at exit), whole or not at all."""
    path = _state["file"]
    if path is None or not _state["dirty"]:
        return
    keep = _entries if len(_entries) <= MAX_ENTRIES else {k: _entries[k] for k in _used if k in _entries}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_bytes(pickle.dumps(keep, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(part, path)
        _state["dirty"] = False
    except OSError:
        pass
