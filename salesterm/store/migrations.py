"""Numbered, forward-only schema migrations from db/migrations.

A migration is `NNNN_name.sql` (portable) and/or `NNNN_name.sqlite.sql` /
`NNNN_name.postgresql.sql` (one dialect). Each version runs in one transaction and is
recorded in `schema_version`; a SQLite file is backed up before it is upgraded. A database
written by a newer salesterm is refused, never touched.
"""
from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee

from salesterm import clock, paths
from salesterm.domain.errors import UserError
from salesterm.store.backup import backup

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+?)(?:\.(sqlite|postgresql))?\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    files: tuple[Path, ...]


def dialect(db: peewee.Database) -> str:
    return "sqlite" if isinstance(db, peewee.SqliteDatabase) else "postgresql"


def available(dialect_name: str) -> list[Migration]:
    found: dict[int, list[tuple[str, Path]]] = {}
    folder = paths.shipped("db").joinpath("migrations")
    for name in sorted(os.listdir(folder)):  # not glob: it compiles a pattern on every start
        m = _NAME.match(name)
        if not m:
            continue
        path = folder / name
        if m.group(3) and m.group(3) != dialect_name:
            continue
        found.setdefault(int(m.group(1)), []).append((m.group(2), path))
    return [
        Migration(v, found[v][0][0], tuple(p for _, p in found[v])) for v in sorted(found)
    ]


def latest_version() -> int:
    versions = [m.version for m in available("sqlite")] + [m.version for m in available("postgresql")]
    return max(versions, default=0)


def _has_version_table(db: peewee.Database) -> bool:
    return "schema_version" in db.get_tables()


def current_version(db: peewee.Database) -> int:
    if not _has_version_table(db):
        if db.get_tables():
            raise UserError(
                "database.not_salesterm"
            )
        return 0
    row = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def refuse_newer(db: peewee.Database) -> int:
    version = current_version(db)
    latest = latest_version()
    if version > latest:
        raise UserError(
            "database.schema_newer", version=version, latest=latest
        )
    return version


def statements(sql: str, dialect_name: str) -> list[str]:
    """Split a script into statements; a statement ends at a line ending with ';'
    (SQLite triggers and PostgreSQL $$-bodies are kept whole)."""
    out, buf = [], []
    for line in sql.splitlines():
        if not buf and (not line.strip() or line.strip().startswith("--")):
            continue
        buf.append(line)
        text = "\n".join(buf)
        if not line.rstrip().endswith(";"):
            continue
        if text.count("$$") % 2:
            continue
        if dialect_name == "sqlite" and not sqlite3.complete_statement(text):
            continue
        out.append(text.strip())
        buf = []
    if buf and "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out


def _backup_before(db: peewee.Database, target, version: int) -> None:
    if target is None or target.kind != "sqlite" or version == 0:
        return
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    backup(db, target.path.with_name(f"{target.path.name}.v{version}-{stamp}.bak"))


def upgrade(db: peewee.Database, target=None) -> int:
    """Bring the schema to the latest version. Returns the version reached."""
    version = refuse_newer(db)
    pending = [m for m in available(dialect(db)) if m.version > version]
    if not pending:
        return version
    _backup_before(db, target, version)
    with db.atomic():
        db.execute_sql(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
    for migration in pending:
        with db.atomic():
            for path in migration.files:
                for stmt in statements(path.read_text(encoding="utf-8"), dialect(db)):
                    db.execute_sql(stmt)
            db.execute_sql(
                f"INSERT INTO schema_version (version, name, applied_at) VALUES ({db.param}, {db.param}, {db.param})",
                (migration.version, migration.name, clock.now()),
            )
        version = migration.version
    return version
