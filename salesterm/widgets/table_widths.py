"""A DataTable never shows a header or row at a column width it has since outgrown.

Textual's DataTable measures new rows when it is idle (`_update_dimensions`) and widens its
columns then, but its render caches (cells, rows, lines) are keyed by an update count that the
widening does not move. A screen painted between `add_row` and that idle moment caches the
header and rows at the old widths, and they stay drawn so afterwards: `Product  Unit` over
`a very   box`, the rest of the name cut off. That happens when a worker's reply refills a table
while the screen repaints (a price list's items, a reloaded queue), more often on a busy machine.

`install()` wraps `_update_dimensions` so that a change of any column's width moves the update
count and refreshes the table: everything is drawn again at the widths just measured.
"""
from __future__ import annotations

from textual.widgets import DataTable

_original = getattr(DataTable, "_update_dimensions", None)


def _widths(table: DataTable) -> list[int]:
    return [column.content_width for column in table.columns.values()]


def _update_dimensions(self: DataTable, new_rows) -> None:
    before = _widths(self)
    _original(self, new_rows)
    if _widths(self) != before and hasattr(self, "_update_count"):
        self._update_count += 1
        self.refresh()


def install() -> None:
    if _original is not None:
        DataTable._update_dimensions = _update_dimensions


install()
