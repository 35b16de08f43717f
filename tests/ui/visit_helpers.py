"""Helpers for the visit Pilot tests (today, plan, log, move): a filled SQLite file, what a widget shows."""
from __future__ import annotations

from rich.console import Console

from salesterm.store.db import open_database


def fill(path, build) -> None:
    """Open PATH, run BUILD() with the models bound, close it again (the app opens it anew)."""
    db = open_database(path)
    try:
        build()
    finally:
        db.close()


def shown(widget, width: int = 120) -> str:
    """The text a widget paints (its render() through Rich), for asserting what a user sees."""
    console = Console(width=width, record=True, color_system=None)
    console.print(widget.render())
    return console.export_text()


def screen_text(app) -> str:
    """Every Static/Label/Input value and DataTable cell on the current screen, joined."""
    from textual.widgets import DataTable, Input, Static

    parts = []
    for w in app.screen.query(Static):
        parts.append(str(w.render()))
    for w in app.screen.query(Input):
        parts.append(w.value)
    for t in app.screen.query(DataTable):
        for row in range(t.row_count):
            parts.append(" ".join(str(c) for c in t.get_row_at(row)))
    return "\n".join(parts)


async def wait_for(pilot, condition, tries: int = 200) -> bool:
    """Pause until CONDITION() holds (database work runs in worker threads): robust on a busy
    machine where a fixed number of pauses is not enough."""
    for _ in range(tries):
        try:
            if condition():
                return True
        except Exception:  # noqa: BLE001 - the screen may still be composing
            pass
        await pilot.pause(0.02)
    return bool(condition())


async def settle(pilot, rounds: int = 3) -> None:
    """Let database workers finish (their callbacks run before a worker completes) and the
    screen repaint; a few rounds, since a callback may start the next worker (reload after a
    move)."""
    for _ in range(max(2, rounds)):
        try:
            await pilot.app.workers.wait_for_complete()
        except Exception:  # noqa: BLE001 - a cancelled worker is fine here
            pass
        await pilot.pause()
