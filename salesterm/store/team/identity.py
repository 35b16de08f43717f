"""Who the user is. On a team server (a PostgreSQL database opened as a login tied to a rep) the
user IS that login's rep: the app, the weekly report, comments, promises and audit entries are
signed with that person and `--rep` is not needed. On a laptop replica it is the login that joined
it (recorded at each sync). Elsewhere (a SQLite file that never joined a team, or a PostgreSQL login
tied to no rep, such as the server's own administrator) there is no identity and the session's
rep comes from `--rep` or the config file, as before."""
from __future__ import annotations

from dataclasses import dataclass

from salesterm.domain.errors import UserError
from salesterm.store import reps
from salesterm.store.models import is_sqlite


@dataclass(frozen=True)
class Identity:
    login: str
    rep: str
    role: str  # rep | manager | admin


def identity(db) -> Identity | None:
    """The login's rep on a team server; on a laptop replica the login that joined it (as its
    last sync recorded); else None."""
    if db is None:
        return None
    if is_sqlite(db):
        return _replica_identity(db)
    if "team_login" not in db.get_tables():
        return None
    row = db.execute_sql(
        "SELECT l.login, r.name, l.role FROM team_login l JOIN rep r ON r.id = l.rep_id "
        "WHERE l.login = current_user AND l.disabled_at IS NULL").fetchone()
    return Identity(*row) if row else None


def session_rep(db, given: str | None, *, explicit: bool = False) -> str | None:
    """The rep this session works as. On a team server the login's rep: a rep named explicitly
    (--rep) who is someone else is refused for a rep's login (a manager or admin may work on a
    team member's behalf, who must exist). Elsewhere GIVEN, which must name an existing rep once
    the database has any reps (an unknown name names the closest ones; it is never created)."""
    me = identity(db)
    name = reps.tidy_name(given)
    if me is not None:
        if not explicit or not name or name == me.rep:
            return me.rep
        if me.role == "rep":
            raise UserError("team.rep_is_login", login=me.login, rep=me.rep, name=name)
        return reps.find_rep(name).name
    if not name:
        return None
    if explicit and reps.rep_names() and reps.lookup(name) is None:
        raise reps.unknown_rep(name)
    return name


def _replica_identity(db) -> Identity | None:
    """A replica joined by a team login: that login, its rep and role (store/sync/engine)."""
    if "sync_site" not in db.get_tables():
        return None
    columns = {c.name for c in db.get_columns("sync_site")}
    if "login" not in columns:
        return None
    row = db.execute_sql("SELECT login, who, role FROM sync_site WHERE id = 1").fetchone()
    return Identity(*row) if row and row[0] and row[1] else None
