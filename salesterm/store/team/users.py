"""Team logins: a PostgreSQL login role per person, tied to their rep record (team_login).

The password never travels as text in SQL: it is hashed on this side with libpq's own
PQencryptPasswordConn (SCRAM-SHA-256, what psql's \\password does), so neither the server's
statement log nor pg_stat_activity ever holds it. Disabling a login (NOLOGIN) keeps its data.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.store import reps
from salesterm.store.models import Rep, is_sqlite
from salesterm.store.team.policies import ROLES
from salesterm.store.transactions import write_transaction

_LOGIN = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}$")


@dataclass(frozen=True)
class Login:
    login: str
    rep: str
    role: str
    manager: str
    disabled: bool
    sync: dict | None = None  # who is in sync: see sync_state (None: never synced a laptop)

    def to_json(self) -> dict:
        return {"login": self.login, "rep": self.rep, "role": self.role, "manager": self.manager,
                "disabled": self.disabled, "sync": self.sync}


def _require_server(db) -> None:
    if is_sqlite(db):
        raise UserError("team.needs_postgresql")
    if "team_login" not in db.get_tables():
        raise UserError("team.not_a_team_server")


def generate_password() -> str:
    """A password to show once: 20 characters of letters and digits (about 119 bits)."""
    return secrets.token_urlsafe(15)


def check_login(login: str) -> str:
    text = (login or "").strip()
    if not _LOGIN.match(text) or text.startswith(("pg_", "salesterm_")):
        raise UserError("team.bad_login", login=text)
    return text


def _hashed(db, login: str, password: str) -> str:
    conn = db.connection()
    hashed = conn.pgconn.encrypt_password(password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256")
    return hashed.decode("ascii")


def add_user(db, rep_name: str, login: str, role: str, password: str, manager: str | None = None) -> Login:
    """Create LOGIN (a PostgreSQL login role in ROLE's group) for the rep REP_NAME (created when
    new: this is how a person joins the team), under MANAGER when given (an existing rep)."""
    from psycopg import sql

    _require_server(db)
    login = check_login(login)
    if role not in ROLES:
        raise UserError("team.bad_role", role=role, choices=", ".join(ROLES))
    if len(password) < 8:
        raise UserError("team.password_too_short")
    with write_transaction():
        if db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
            raise UserError("team.login_exists", login=login)
        boss = reps.find_rep(manager) if manager else None
        rep = reps.lookup(rep_name) or reps.create_rep(rep_name)
        if boss is not None and boss.id == rep.id:
            raise UserError("team.own_manager", name=rep.name)
        Rep.update(role=role, manager_id=boss.id if boss else rep.manager_id, updated_at=clock.now()).where(
            Rep.id == rep.id).execute()
        statement = sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
            sql.Identifier(login), sql.Literal(_hashed(db, login, password)), sql.Identifier(ROLES[role]))
        db.cursor().execute(statement)
        db.execute_sql(
            "INSERT INTO team_login (login, rep_id, role, created_at) VALUES (%s, %s, %s, %s)",
            (login, rep.id, role, clock.now()))
    return next(u for u in list_users(db) if u.login == login)


def list_users(db) -> list[Login]:
    _require_server(db)
    rows = db.execute_sql(
        "SELECT l.login, r.name, l.role, coalesce(m.name, ''), "
        "l.disabled_at IS NOT NULL OR NOT coalesce(pr.rolcanlogin, false) "
        "FROM team_login l JOIN rep r ON r.id = l.rep_id LEFT JOIN rep m ON m.id = r.manager_id "
        "LEFT JOIN pg_roles pr ON pr.rolname = l.login ORDER BY l.login").fetchall()
    states = sync_state(db)
    return [Login(*row, sync=states.get(row[0])) for row in rows]


def sync_state(db) -> dict[str, dict]:
    """Who is in sync, per login, from what each laptop told the hub at its last sync
    (store/sync/share_sql salesterm_sync_report): the last sync and the last push (UTC), the ops
    pushed in all, the open conflicts and the salesterm version of the laptop that synced last,
    and how many laptops. What waits in a laptop's outbox is known only there: a login whose last
    push is old is one to ask."""
    if "sync_login" not in db.get_tables():
        return {}
    rows = db.execute_sql(
        "SELECT login, max(last_sync_at), max(last_push_at), sum(pushed), "
        "(array_agg(conflicts ORDER BY last_sync_at DESC))[1], (array_agg(version ORDER BY last_sync_at DESC))[1], "
        "count(*) FROM sync_login GROUP BY login").fetchall()

    def iso(t):
        return t.isoformat(timespec="seconds") if t else None

    return {login: {"last_sync": iso(last), "last_push": iso(push), "pushed": int(pushed or 0),
                    "conflicts": int(conflicts or 0), "version": version, "laptops": int(laptops)}
            for login, last, push, pushed, conflicts, version, laptops in rows}


def disable_user(db, login: str) -> Login:
    """LOGIN can no longer log in (NOLOGIN); its rep, customers and history stay."""
    from psycopg import sql

    _require_server(db)
    found = [u for u in list_users(db) if u.login == (login or "").strip()]
    if not found:
        raise UserError("team.no_such_login", login=(login or "").strip())
    with write_transaction():
        db.cursor().execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(found[0].login)))
        db.execute_sql("UPDATE team_login SET disabled_at = %s WHERE login = %s AND disabled_at IS NULL",
                       (clock.now(), found[0].login))
    return next(u for u in list_users(db) if u.login == found[0].login)
