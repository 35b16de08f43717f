"""The app's side of team sync (issue 12): the state in the section bar, "Sync now" and the
background sync.

A sync runs `salesterm sync --json` in a child process, from a thread worker: the engine binds the
store's models to the hub for a moment (`engine.refresh_hub`), which must never happen under the
app's own database workers, and a child keeps the sync's work off the UI's interpreter. A server
that cannot be reached is a notification and a state in the section bar, never a dialog: the
outbox waits. The state is read (store/sync/status) at start, after each sync and every few
seconds on a replica (a count of the outbox: cheap).

Config: `[sync] interval_minutes = 10` (0: no background sync); `server = "postgresql://..."`.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

from textual.signal import Signal

from salesterm import clock, i18n
from salesterm.i18n import _
from salesterm.widgets import sync_text

SYNC = "sync-run"  # worker groups
SYNC_STATE = "sync-state"
POLL_SECONDS = 5.0
DEFAULT_INTERVAL = 10


def _read_state(database):
    from salesterm.store.sync import status

    with database.connection_context():
        return status.state()


def sync_command(db_url: str, server: str, rep: str | None) -> list[str]:
    cmd = [sys.executable, "-m", "salesterm", "--db", db_url, "--lang", i18n.language()]
    if clock._fixed_today is not None:  # noqa: SLF001 - the app runs on a fixed day (--today): so does its sync
        cmd += ["--today", clock.today().isoformat()]
    if rep:
        cmd += ["--rep", rep]
    return [*cmd, "sync", "--server", server, "--json"]


class SyncControl:
    """Mixed into the app: `sync_line` (what the section bar shows), `sync_signal`, the actions."""

    sync_line: str = ""
    sync_short: str = ""  # the same without the time of the last sync: for a narrow terminal
    sync_alert: bool = False
    sync_state = None
    sync_running: bool = False

    def sync_signal_setup(self) -> None:
        """The signal exists before the first screen composes (with the app: its section bar
        subscribes as it mounts, before the app's on_mount)."""
        self.sync_signal = Signal(self, "sync")

    def sync_setup(self) -> None:
        self.run_worker(lambda: self._sync_state_worker(first=True), thread=True, group=SYNC_STATE,
                        exit_on_error=False)

    def sync_server(self) -> str:
        """The team server this file syncs with ('' when none, or when the app is on the hub itself)."""
        from salesterm.store.models import is_sqlite

        if not is_sqlite(self.database):
            return ""
        configured = self.settings.get("sync.server") or self.settings.get("server")
        if configured:
            return str(configured)
        return self.sync_state.server if self.sync_state is not None else ""

    def sync_interval(self) -> float:
        try:
            return float(self.settings.get("sync.interval_minutes", DEFAULT_INTERVAL))
        except (TypeError, ValueError):
            return DEFAULT_INTERVAL

    # the state -----------------------------------------------------------------------------
    def _sync_state_worker(self, first: bool = False) -> None:
        try:
            found = _read_state(self.database)
        except Exception:  # noqa: BLE001 - a busy file: the next poll reads it
            return
        self.call_from_thread(self._sync_state_read, found, first)

    def _sync_state_read(self, found, first: bool) -> None:
        self.sync_state = found
        self._sync_show()
        if first and (found is not None or self.settings.get("sync.server") or self.settings.get("server")):
            if found is not None:
                self.set_interval(POLL_SECONDS, self.sync_refresh_state)
            minutes = self.sync_interval()
            if minutes > 0 and self.sync_server():
                self.set_interval(minutes * 60, lambda: self.sync_now(background=True))

    def sync_refresh_state(self) -> None:
        if not any(w.group == SYNC_STATE and not w.is_finished for w in self.workers):
            self.run_worker(self._sync_state_worker, thread=True, group=SYNC_STATE, exit_on_error=False)

    def _sync_show(self) -> None:
        state = self.sync_state
        line = sync_text.describe(state, running=self.sync_running)
        self.sync_short = sync_text.describe(state, running=self.sync_running, short=True)
        alert = bool(state and (state.failure or state.conflicts or state.rejected))
        if (line, alert, state) != (self.sync_line, self.sync_alert, getattr(self, "_sync_shown", None)):
            self.sync_line, self.sync_alert, self._sync_shown = line, alert, state
            self.sync_signal.publish(line)

    # sync now ------------------------------------------------------------------------------
    def action_sync_now(self) -> None:
        self.sync_now(background=False)

    def sync_now(self, *, background: bool) -> None:
        if self.sync_running:
            if not background:
                self.notify(_("A sync is already running."), markup=False)
            return
        server = self.sync_server()
        if not server:
            if not background:
                from salesterm.domain.errors import Message

                self.notify(i18n.error_text(Message("sync.no_server_given")), severity="warning", markup=False)
            return
        self.sync_running = True
        self._sync_show()
        command = sync_command(self.db_url, server, self.rep_name)
        self.run_worker(lambda: self._sync_worker(command, background), thread=True, group=SYNC,
                        exit_on_error=False)

    def _sync_worker(self, command: list[str], background: bool) -> None:
        try:
            done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=3600,
                                  env={**os.environ, "PYTHONIOENCODING": "utf-8"})
            answer = (done.returncode, done.stdout, done.stderr)
        except (OSError, subprocess.SubprocessError) as exc:
            answer = (1, "", str(exc))
        self.call_from_thread(self._sync_done, *answer, background)

    def _sync_done(self, code: int, out: str, err: str, background: bool) -> None:
        self.sync_running = False
        lines = [line.removeprefix("salesterm: ") for line in err.strip().splitlines() if line.strip()]
        if code == 0:
            try:
                moved = json.loads(out.strip().splitlines()[-1])
            except (ValueError, IndexError):
                moved = {}
            for line in lines:  # a clock far ahead of the server's
                self.notify(line, severity="warning", markup=False)
            if not background or any(moved.get(k) for k in ("pulled", "conflicts", "rejected")):
                self.notify(_("Synced: {pushed} sent, {pulled} received, {conflicts} conflicts, {rejected} rejected",
                              **{k: moved.get(k, 0) for k in ("pushed", "pulled", "conflicts", "rejected")}),
                            severity="warning" if moved.get("conflicts") or moved.get("rejected") else "information",
                            markup=False)
            if moved.get("duplicates"):  # a first sync: own customers like the server's, never merged
                self.notify(i18n.counted(len(moved["duplicates"]),
                                         "{n} of your customers looks like one already on the server: "
                                         "filter the customers list with dup to merge it",
                                         "{n} of your customers look like ones already on the server: "
                                         "filter the customers list with dup to merge them"),
                            severity="warning", timeout=30, markup=False)
        elif not background:  # a notification, never a dialog: the outbox waits
            self.notify(lines[-1] if lines else _("The sync failed."), severity="warning", markup=False)
        self.run_worker(self._sync_state_worker, thread=True, group=SYNC_STATE, exit_on_error=False)
