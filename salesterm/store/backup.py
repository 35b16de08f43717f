"""The SQLite database file on disk: created readable by its owner only, copied online.

db.py opens databases through `touch_private` (salesterm/paths.py); migrations.py takes a
`backup` before it upgrades a SQLite file; `salesterm backup` (through db.backup) makes one on
demand. A backup is written to `DEST.part` (held under an exclusive lock while it is written)
and renamed into place; a `.part` left by a process killed meanwhile, and its journal, are
removed when the database is next opened (`remove_stale_parts`).
"""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import peewee

from salesterm.domain.errors import UserError
from salesterm.paths import PRIVATE_FILE, touch_private  # noqa: F401 (touch_private: db.py's API)
from salesterm.store.models import is_sqlite

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be removed there, which protects it instead
    fcntl = None

# what SQLite may leave beside a database file it was writing
SIDE_FILES = ("-journal", "-wal", "-shm")
# a .part younger than this is never removed: it may be one being created this very moment
STALE_AFTER_S = 2.0


def backup(db: peewee.Database, dest: Path) -> Path:
    """SQLite online backup into DEST (mode 0600), consistent while others write."""
    if not is_sqlite(db):
        raise UserError("database.backup_copies_sqlite_file_postgresql")
    dest = Path(dest).expanduser()
    if dest.is_dir():
        raise UserError("database.dest_folder_give_file_name", dest=dest)
    if not dest.parent.is_dir():
        raise UserError("file.folder_not_found", folder=dest.parent)
    tmp = dest.with_name(dest.name + ".part")
    _remove(tmp)
    src = db.connection()
    try:
        with _held(tmp):
            out = sqlite3.connect(str(tmp))
            try:
                src.backup(out)
            finally:
                out.close()
            os.replace(tmp, dest)
    except BaseException:
        _remove(tmp)
        raise
    for side in SIDE_FILES:
        Path(f"{tmp}{side}").unlink(missing_ok=True)
    os.chmod(dest, PRIVATE_FILE)
    return dest


@contextmanager
def _held(tmp: Path):
    """Create TMP (0600, new) and hold an exclusive lock on it while the body writes it."""
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE)
        yield
    finally:
        os.close(fd)


def _remove(part: Path) -> None:
    for name in (str(part), *(f"{part}{side}" for side in SIDE_FILES)):
        with suppress(OSError):  # in use on Windows, or not ours: leave it
            Path(name).unlink(missing_ok=True)


def _in_use(part: Path) -> bool:
    """Whether a live process is writing PART (it holds the lock), or may just have created it."""
    try:
        if time.time() - part.stat().st_mtime < STALE_AFTER_S:
            return True
    except FileNotFoundError:
        return False
    if fcntl is None:
        return False
    try:
        fd = os.open(part, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # releases the lock we may have taken
    return False


def remove_stale_parts(database: Path) -> list[Path]:
    """Remove the half-written backups (`DB.v*.bak.part`, with their -journal/-wal/-shm) that a
    salesterm killed during a migration's backup left beside DATABASE. Returns what was removed."""
    folder = database.parent
    parts: set[Path] = set()
    prefix = f"{database.name}.v"
    try:  # `DB.v*.bak.part*`, by a plain scan: a glob compiles a pattern first (on every start)
        for name in os.listdir(folder):
            if not name.startswith(prefix) or ".bak.part" not in name[len(prefix):]:
                continue
            for side in SIDE_FILES:
                name = name.removesuffix(side)
            if name.endswith(".bak.part"):
                parts.add(folder / name)
    except OSError:
        return []
    removed = []
    for part in sorted(parts):
        if part.exists() and _in_use(part):
            continue
        _remove(part)
        removed.append(part)
    return removed
