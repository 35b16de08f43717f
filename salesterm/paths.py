"""Where salesterm keeps its files: platform dirs, and the data shipped beside the code."""
from __future__ import annotations

import os
from pathlib import Path

APP = "salesterm"
_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def config_file() -> Path:
    explicit = os.environ.get("SALESTERM_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False)) / "config.toml"


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "salesterm.db"


def shipped(name: str) -> Path:
    """A top-level folder (db/, themes/) that ships inside the wheel as salesterm/_data/NAME.

    In a source checkout (editable install) it is read from the repository root instead.
    """
    inside = _PACKAGE / "_data" / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name
