"""Open a database by path or URL, keep its schema current, back it up and check it.

SQLite (the embedded default) runs with WAL, foreign keys, a busy timeout and
synchronous=NORMAL; its files are created readable by the owner only. PostgreSQL
(`postgresql://user@host:port/db`) goes through the same models; its driver (psycopg) is
imported only when such a database is opened (store/pgdriver.py), not at every start.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

import peewee

from salesterm.domain.errors import UserError
from salesterm.store import consistency, migrations, pgdriver
from salesterm.store.backup import backup, remove_stale_parts, touch_private  # noqa: F401 (backup: API)
from salesterm.store.models import ALL_MODELS, database, is_sqlite

SQLITE_PRAGMAS = {
    "page_size": 8192,  # (a new file only)
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": 1,  # NORMAL
    "cache_size": -32000,
}


@dataclass(frozen=True)
class Target:
    """Where a database lives: a SQLite file or a PostgreSQL server."""

    kind: str  # "sqlite" | "postgresql"
    path: Path | None = None
    dsn: dict | None = field(default=None, repr=False)  # may hold the password: never shown
    url: str = field(default="", repr=False)

    def describe(self) -> str:
        """Where, for messages: a file's path, or the server and database (no user, no password)."""
        if self.kind == "sqlite":
            return str(self.path)
        d = self.dsn or {}
        return f"postgresql://{d.get('host', 'localhost')}:{d.get('port', 5432)}/{d.get('database', '')}"


def parse_target(url_or_path: str) -> Target:
    text = str(url_or_path).strip()
    if not text:
        raise UserError("database.no_given")
    if text.startswith(("postgresql://", "postgres://")):
        parsed = urlparse(text)
        dsn = {
            "database": unquote(parsed.path.lstrip("/")) or "salesterm",
            "host": parsed.hostname or "localhost",
            "port": parsed.port or 5432,
        }
        if parsed.username:
            dsn["user"] = unquote(parsed.username)
        if parsed.password:
            dsn["password"] = unquote(parsed.password)
        for key, value in parse_qsl(parsed.query):  # libpq options: ?sslmode=require&service=sales
            dsn.setdefault(key, value)
        return Target("postgresql", dsn=dsn, url=text)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]  # sqlite:///rel.db, sqlite:////abs/path.db
    elif "://" in text:
        raise UserError("database.unsupported_url_value_use_file", value=text)
    path = Path(text).expanduser()
    return Target("sqlite", path=path, url=str(path))


def make_database(target: Target) -> peewee.Database:
    if target.kind == "sqlite":
        if target.path.is_dir():
            raise UserError("database.path_folder_not_file", path=target.path)
        touch_private(target.path)
        return peewee.SqliteDatabase(
            str(target.path), pragmas=SQLITE_PRAGMAS, timeout=5, check_same_thread=False
        )
    pgdriver.load()  # the driver is imported only now (store/pgdriver.py)
    return peewee.PostgresqlDatabase(
        target.dsn["database"],
        **{k: v for k, v in target.dsn.items() if k != "database"},
        connect_timeout=5,
    )


def explain(exc: Exception, target: Target) -> UserError:
    """One clear line for a database failure that is not a bug."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = text.lower()
    where = target.describe()
    if "locked" in low or "busy" in low:
        return UserError("database.locked", where=where)
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return UserError("database.damaged", where=where, value=text)
    if "readonly" in low or "read-only" in low or "permission" in low:
        return UserError("database.cannot_write_where_value", where=where, value=text)
    if target.kind == "postgresql" and ("connect" in low or "connection" in low or "timeout" in low):
        return UserError("database.cannot_reach_postgresql_server_where", where=where, value=text)
    if target.kind == "postgresql" and "does not exist" in low:
        return UserError("database.postgresql_value", value=text)
    return UserError("database.error_where_value", where=where, value=text)


def open_database(url_or_path: str, *, migrate: bool = True, create: bool = True) -> peewee.Database:
    """Open (and by default create or upgrade) the database; bind the models to it."""
    target = parse_target(url_or_path)
    if not create and target.kind == "sqlite" and not target.path.exists():
        raise UserError("bench.startup.no_database_path", path=target.path)
    if target.kind == "sqlite":
        remove_stale_parts(target.path)  # a backup a killed migration left half-written
    db = make_database(target)
    db.salesterm_target = target
    try:
        db.connect(reuse_if_open=True)
        if migrate:
            migrations.upgrade(db, target)
        elif migrations.refuse_newer(db) == 0 and not create:
            raise UserError("database.not_created_yet", where=target.describe())
    except UserError:
        db.close()
        raise
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        raise explain(exc, target) from exc
    database.initialize(db)
    return db


def close_database() -> None:
    obj = database.obj
    if obj is not None and not obj.is_closed():
        obj.close()


@dataclass
class CheckReport:
    schema_version: int
    latest_version: int
    problems: list[str]
    counts: dict[str, int]
    findings: list = field(default_factory=list)  # store/ledger/verify's Problems, one object each

    @property
    def ok(self) -> bool:
        return not self.problems


def check(db: peewee.Database, findings: list | None = None) -> CheckReport:
    """The engine's own checks plus salesterm's: FINDINGS when given (store/ledger/verify.check
    passes its recomputation of every derived figure), else the ledger's basic checks."""
    problems: list[str] = []
    if is_sqlite(db):
        rows = db.execute_sql("PRAGMA integrity_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            problems += [f"integrity: {r[0]}" for r in rows[:20]]
        for table, rowid, parent, _fk in db.execute_sql("PRAGMA foreign_key_check").fetchall()[:20]:
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    if findings is None:
        problems += consistency.problems(db)
        findings = []
    else:
        problems += [str(p) for p in findings]
    counts = {m._meta.table_name: m.select().where(m.deleted_at.is_null()).count() for m in ALL_MODELS}
    return CheckReport(migrations.current_version(db), migrations.latest_version(), problems, counts, findings)
