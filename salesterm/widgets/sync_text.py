"""The sync state as the section bar shows it: short, in the user's language.

The state is `store.sync.status.SyncState` (read by the app in a worker); this module only words it.
"""
from __future__ import annotations

import datetime as dt

from salesterm import clock
from salesterm.i18n import _, counted

failure_words = {
    "unreachable": "server down",
    "password": "wrong password",
    "schema": "update salesterm",
    "hub_schema": "server too old",
    "login": "login may not sync",
    "not_hub": "not a team server",
    "other": "sync failed",
}


def since(stamp: str | None, now: dt.datetime | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', '2 d ago'; 'never synced' with no stamp."""
    if not stamp:
        return _("never synced")
    try:
        then = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return _("never synced")
    minutes = max(0, int(((now or clock.now()) - then).total_seconds() // 60))
    if minutes < 1:
        return _("synced just now")
    if minutes < 60:
        return _("synced {n} min ago", n=minutes)
    if minutes < 48 * 60:
        return _("synced {n} h ago", n=minutes // 60)
    return _("synced {n} d ago", n=minutes // (24 * 60))


def describe(state, *, running: bool = False, now: dt.datetime | None = None, short: bool = False) -> str:
    """One short line: '⇅ server down · 3 pending · 1 conflict · synced 5 min ago'; SHORT leaves
    out the time of the last sync when something else is said (a narrow terminal)."""
    if state is None:
        return ""
    parts = []
    if running:
        parts.append(_("syncing…"))
    elif state.failure:
        parts.append(_(failure_words.get(state.failure, "sync failed")))
    if state.pending:
        parts.append(_("{n} pending", n=state.pending))
    if state.rejected:
        parts.append(_("{n} rejected", n=state.rejected))
    if state.conflicts:
        parts.append(counted(state.conflicts, "{n} conflict", "{n} conflicts"))
    if not (short and parts):
        parts.append(since(state.last_sync, now))
    return "⇅ " + " · ".join(parts)
