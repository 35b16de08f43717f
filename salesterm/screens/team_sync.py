"""Who is in sync (issue 13), for managers on a team server: every login the user may see, with
when its laptop last synced and pushed, the changes it pushed in all, its open conflicts and its
salesterm version; a laptop silent for a week or more is marked. The figures are what each laptop
told the server at its last sync (store/team/users.sync_state): what still waits in a laptop's
outbox is known only on that laptop."""
from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from salesterm import clock
from salesterm.i18n import _, counted
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.keys import TranslatedKeys

STALE_DAYS = 7
COLUMNS = ("Login", "Rep", "Role", "Manager", "Last sync", "Last push", "Pushed", "Conflicts", "Version")


def load():
    from salesterm.store.models import database
    from salesterm.store.team import users

    return users.list_users(database.obj)


def _when(value: str | None) -> str:
    return value.replace("T", " ")[:16] if value else ""


def _stale(value: str | None) -> bool:
    if not value:
        return True
    return dt.datetime.fromisoformat(value).date() <= clock.today() - dt.timedelta(days=STALE_DAYS)


class TeamSyncScreen(TranslatedKeys, Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="team_sync.back"),
        Binding("r", "reload", "Refresh", id="team_sync.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="team-sync-head")
        yield DataTable(id="team-sync-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*(_(c) for c in COLUMNS))
        self.query_one(DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        run_in_db(self, load, then=self._show, group="team-sync-db")

    def _show(self, logins) -> None:
        table = self.query_one(DataTable)
        table.clear()
        silent = 0
        for u in logins or []:
            s = u.sync or {}
            stale = not u.disabled and _stale(s.get("last_sync"))
            silent += stale
            style = "red" if stale else ""
            table.add_row(Text(u.login), Text(u.rep), _(u.role), Text(u.manager),
                          Text(_when(s.get("last_sync")) or _("never synced"), style=style),
                          _when(s.get("last_push")), str(s.get("pushed", "")), str(s.get("conflicts", "")),
                          Text(s.get("version") or ""), key=u.login)
        head = Text(_("Who is in sync"), style="bold")
        head.append("   " + counted(silent, "{n} login not synced for {days} days or more",
                                        "{n} logins not synced for {days} days or more", days=STALE_DAYS))
        head.append("   " + _("r refresh · esc back"), style="dim")
        self.query_one("#team-sync-head", Static).update(head)
