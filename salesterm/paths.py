"""Where salesterm keeps its files: platform dirs, and the data shipped beside the code.

Every file salesterm writes that holds customers, debts or the database (exports, reports, the
database and its backups, the log) is created through `open_private`, `create_private` or
`touch_private`: readable by its owner only (0600) whatever the umask, in folders it creates
0700 (`private_folder`)."""
from __future__ import annotations

import os
import sys
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


def cache_dir() -> Path:
    """Files salesterm can always make again (the search index, parsed catalogs and stylesheets):
    $SALESTERM_CACHE_DIR, else the platform's cache folder (on Linux found without importing
    platformdirs: this is asked during start-up)."""
    explicit = os.environ.get("SALESTERM_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform.startswith("linux"):
        return Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")) / APP
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP, appauthor=False))


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


PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(folder: os.PathLike | str) -> Path:
    """FOLDER, with every missing folder on the way created 0700 (whatever the umask).
    A folder that exists already is left as it is."""
    folder = Path(folder)
    missing = []
    step = folder
    while not step.exists() and step != step.parent:
        missing.append(step)
        step = step.parent
    for part in reversed(missing):
        try:
            part.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs, leave its mode alone
        os.chmod(part, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask
    return folder


def _make_private(fd: int, path: Path) -> None:
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE)
        else:  # Windows
            os.chmod(path, PRIVATE_FILE)
    except OSError:
        pass  # not our file (appending to another user's log): leave its mode to its owner


def open_private(path: os.PathLike | str, mode: str = "w", *, encoding: str | None = None,
                 newline: str | None = None):
    """Open PATH for writing (MODE "w", "a", "wb" or "ab"), created 0600 whatever the umask;
    a file that exists is made 0600 too. Its folder must exist."""
    path = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
    try:
        _make_private(fd, path)
        return os.fdopen(fd, mode, encoding=encoding, newline=newline)
    except BaseException:
        os.close(fd)
        raise


def create_private(path: os.PathLike | str) -> Path:
    """A new empty file at PATH, 0600 (a leftover file of that name is replaced, a symlink
    is not followed): the temporary file that a writer fills and then renames into place."""
    path = Path(path)
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
    try:
        _make_private(fd, path)
    finally:
        os.close(fd)
    return path


def touch_private(path: os.PathLike | str) -> None:
    """Create the file (and its missing folders, 0700) readable by its owner only, unless it
    exists: the database file, before SQLite creates it with the umask's mode."""
    path = Path(path)
    private_folder(path.parent)
    if not path.exists():
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
        except FileExistsError:
            return
        try:
            _make_private(fd, path)
        finally:
            os.close(fd)
