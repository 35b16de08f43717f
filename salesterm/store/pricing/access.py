"""Who may change the price system: a manager or an admin (a team server's row-level security
enforces the same; the UI asks first so it can say so instead of failing)."""
from __future__ import annotations

from salesterm.store import reps
from salesterm.store.models import database
from salesterm.store.team.identity import identity

EDITORS = ("manager", "admin")


def can_edit(rep_name: str | None) -> bool:
    """On a team server or a joined laptop the login's role decides; elsewhere no rep (the office)
    or a rep whose role is manager or admin may edit."""
    me = identity(database.obj)
    if me is not None:
        return me.role in EDITORS
    if not rep_name:
        return True
    rep = reps.lookup(rep_name)
    return rep is None or rep.role in EDITORS
