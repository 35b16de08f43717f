"""The SQLite database file on disk: created readable by its owner only, copied online.

db.py opens databases through `touch_private`; migrations.py takes a `backup` before it
upgrades a SQLite file; `salesterm backup` (through db.backup) makes one on demand.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import peewee

from salesterm.domain.errors import UserError
from salesterm.store.models import is_sqlite


def touch_private(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def backup(db: peewee.Database, dest: Path) -> Path:
    """SQLite online backup into DEST (mode 0600), consistent while others write."""
    if not is_sqlite(db):
        raise UserError("database.backup_copies_sqlite_file_postgresql")
    dest = Path(dest).expanduser()
    if dest.is_dir():
        raise UserError("database.dest_folder_give_file_name", dest=dest)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    touch_private(tmp)
    src = db.connection()
    out = sqlite3.connect(str(tmp))
    try:
        src.backup(out)
    finally:
        out.close()
    os.replace(tmp, dest)
    os.chmod(dest, 0o600)
    return dest
