"""What a list shows, as rows of text for a spreadsheet: "export what I see".

A `Snapshot` holds the column titles as shown (in the UI's language) and either the rows
themselves or a function that reads every row of the list in a database worker (a list that
pages its rows, such as the 100k-customer list or the collection queue, shows only a few of
them, but the export holds every row of the filtered, sorted result). Cells are the text the
list shows: amounts formatted, stages and kinds translated; a dash that stands for "nothing"
is written as an empty cell.

`snapshot_of(widget)` reads a Textual DataTable as it is, a LazyTable through its `fetch`
(every row, read in chunks), and any widget with its own `export_snapshot()`.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from salesterm.widgets.lazy_table import Column, LazyTable

EMPTY_MARKS = {"—", "-", "–"}  # a cell that shows one of these holds nothing
CHUNK = 500  # rows read per query when a paged list is exported whole


@dataclass
class Snapshot:
    headers: list[str]
    rows: list[list[str]] | None = None
    fetch: Callable[[], list[list[str]]] | None = None  # runs in a database worker
    name: str = ""  # the default file name's stem
    keep: list[int] = field(default_factory=list)  # (internal) which columns are kept

    def all_rows(self) -> list[list[str]]:
        """Every row: those held, or those FETCH reads (call it in a database worker)."""
        return self.rows if self.rows is not None else (self.fetch() if self.fetch else [])


def cell_text(value: Any) -> str:
    """A cell as plain text, as the list shows it (one line; a lone dash is empty)."""
    if value is None:
        return ""
    text = value.plain if isinstance(value, Text) else str(value)
    text = " ".join(text.split()) if "\n" in text else text.strip()
    return "" if text in EMPTY_MARKS else text


def _shown_columns(titles: Sequence[str]) -> list[int]:
    """The columns worth a spreadsheet column: those with a title (a mark column has none)."""
    return [i for i, title in enumerate(titles) if title.strip()]


def from_data_table(table: DataTable, name: str = "") -> Snapshot:
    """Every row a DataTable holds, with its column titles."""
    titles = [cell_text(c.label) for c in table.ordered_columns]
    keep = _shown_columns(titles)
    rows = []
    for index in range(table.row_count):
        cells = table.get_row_at(index)
        rows.append([cell_text(cells[i]) if i < len(cells) else "" for i in keep])
    return Snapshot([titles[i] for i in keep], rows=rows, name=name)


def render_rows(columns: Sequence[Column], rows) -> list[list[str]]:
    """Rows of a LazyTable drawn as its columns draw them."""
    return [[cell_text(c.render(row)) for c in columns] for row in rows]


def paged(read: Callable[[int, int], list], count: int, chunk: int = CHUNK) -> list:
    """Every row of a paged source READ(offset, limit) holding COUNT rows, CHUNK at a time."""
    out: list = []
    for offset in range(0, count, chunk):
        out.extend(read(offset, chunk))
    return out


def from_lazy_table(table: LazyTable, name: str = "") -> Snapshot | None:
    """Every row of a LazyTable's source (read through its `fetch`), drawn as the table draws them."""
    if table.fetch is None:
        return None
    columns = list(table.columns)
    read, count = table.fetch, table.count
    return Snapshot([c.title for c in columns], name=name,
                    fetch=lambda: render_rows(columns, paged(read, count)))


def snapshot_of(widget, name: str = "") -> Snapshot | None:
    """What WIDGET shows as a Snapshot, or None when it is not a list."""
    own = getattr(widget, "export_snapshot", None)
    if callable(own):
        return own()
    if isinstance(widget, DataTable):
        return from_data_table(widget, name)
    if isinstance(widget, LazyTable):
        return from_lazy_table(widget, name)
    return None
