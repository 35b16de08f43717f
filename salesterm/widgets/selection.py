"""A new or edited row becomes the selection of the list it shows up in.

A form that saved a row hands its id over (`FormScreen.saved(row_id)` calls remember_saved);
the next list that reloads and holds that row puts its cursor there (saved_index). Lists that
do not hold the row leave it for the one that does, so a note written from the customer file
is selected in the file's notes tab, and in the Notes section if that is where the user goes.
"""
from __future__ import annotations

from collections.abc import Iterable


def remember_saved(app, row_id: str | None) -> None:
    """The row a form just wrote (None: nothing to select)."""
    if row_id:
        app.saved_row = str(row_id)


def saved_index(app, row_ids: Iterable[str]) -> int | None:
    """Where the row a form just wrote is among ROW_IDS (the list being shown), or None; a list
    that finds it takes it, so it is selected once."""
    wanted = getattr(app, "saved_row", None)
    if not wanted:
        return None
    for index, row_id in enumerate(row_ids):
        if row_id == wanted:
            app.saved_row = None
            return index
    return None


def take_saved(app) -> str | None:
    """The row a form just wrote, taken (for a list that finds rows by id itself, the 100k
    customers list)."""
    wanted = getattr(app, "saved_row", None)
    app.saved_row = None
    return wanted
