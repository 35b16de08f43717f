"""A table refilled while the screen paints is drawn at its new column widths (widgets/table_widths).

Textual's DataTable widens its columns when idle, after the rows came; a paint in between cached
the header and rows at the old widths, and they stayed so: the price list's items once showed
`Product  Unit` over a name cut off (a snapshot caught it in CI)."""
from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable

from salesterm.widgets import table_widths  # noqa: F401 - what is tested
from tests.ui.conftest import until


class _Shop(App):
    def compose(self):
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for title in ("Code", "Product", "Unit"):
            table.add_column(title)
        table.add_row("P001", "short", "box")


async def test_a_row_wider_than_the_last_is_drawn_whole_under_a_header_that_fits_it():
    app = _Shop()
    async with app.run_test(size=(60, 6)) as pilot:
        table = app.query_one(DataTable)
        await until(pilot)
        table.clear()
        table.add_row("P002", "a very long product name here", "box")
        table.render_line(0), table.render_line(1)  # the screen paints before the table is idle
        await until(pilot)
        header, row = table.render_line(0).text, table.render_line(1).text
        assert "a very long product name here" in row
        assert header.index("Unit") == row.index("box")
