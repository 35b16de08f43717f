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