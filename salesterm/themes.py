"""Themes shipped in themes/*.toml, loaded as Textual themes."""
from __future__ import annotations

import tomllib

from salesterm import paths

DEFAULT = "salesterm-dark"


def load_themes():
    from textual.theme import Theme

    found = []
    for path in sorted(paths.shipped("themes").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        found.append(Theme(**data))
    return found


STYLESHEETS = ("app.tcss", "forms.tcss")  # the screens' and the modal forms' styles


def stylesheets() -> list[str]:
    folder = paths.shipped("themes")
    return [str(folder / name) for name in STYLESHEETS]
