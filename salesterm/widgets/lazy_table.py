"""A virtual list over a large SQL result: pages rows on demand, renders only what is seen.

Textual's DataTable measures every row it holds (100k rows take seconds), so this widget keeps
only a count and a few pages of rows. It is a Line-API ScrollView: `render_line` draws the
header on the first line and the rows under it from a page cache, asking its loader for a page
it does not have yet (the loader runs the query in a worker and calls back on the UI thread).
Rendered lines are cached by (row, width, cursor, generation).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from salesterm.domain.safe_text import shown_text
from salesterm.widgets import safe_render  # noqa: F401 (the Text of every cell drops control characters)

Loader = Callable[[int, int, Callable[[list], None]], None]


@dataclass
class Column:
    key: str
    title: str
    width: int
    render: Callable[[Any], str | Text]
    align: str = "left"


class LazyTable(ScrollView, can_focus=True):
    """Rows come from `loader(offset, limit, done)`; `done(rows)` must run on the UI thread."""

    PAGE = 100
    MAX_PAGES = 40
    COMPONENT_CLASSES = {"lazy-table--header", "lazy-table--cursor", "lazy-table--loading"}
    DEFAULT_CSS = """
    LazyTable { height: 1fr; }
    LazyTable > .lazy-table--header { text-style: bold; background: $panel; }
    LazyTable > .lazy-table--cursor { background: $block-cursor-blurred-background; }
    LazyTable:focus > .lazy-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    LazyTable > .lazy-table--loading { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False, id="table.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.pageup"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.pagedown"),
        Binding("home", "edge(0)", "First", show=False, id="table.home"),
        Binding("end", "edge(1)", "Last", show=False, id="table.end"),
        Binding("enter", "select", "Open", id="table.select"),
    ]

    cursor: reactive[int] = reactive(0, always_update=False)

    class Selected(Message):
        def __init__(self, table: LazyTable, row: Any) -> None:
            super().__init__()
            self.table = table
            self.row = row

    class HeaderClicked(Message):
        def __init__(self, table: LazyTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

    class Highlighted(Message):
        def __init__(self, table: LazyTable, row: Any) -> None:
            super().__init__()
            self.table = table
            self.row = row

    def __init__(self, columns: list[Column], *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = columns
        self.count = 0
        self.loader: Loader | None = None
        self.generation = 0
        self.sort_key: str | None = None
        self.sort_desc = False
        self.empty_text = ""
        self.fetch: Callable[[int, int], list] | None = None  # (offset, limit) -> rows, in a worker: exports
        self._pages: LRUCache[int, list] = LRUCache(self.MAX_PAGES)
        self._pending: set[int] = set()
        self._lines: LRUCache[tuple, Strip] = LRUCache(1024)

    # ---- data -----------------------------------------------------------------------------
    def set_source(self, count: int, loader: Loader, *, first_page: list | None = None,
                   cursor: int = 0, fetch: Callable[[int, int], list] | None = None) -> None:
        """Show COUNT rows fetched by LOADER; FIRST_PAGE (rows 0..) avoids a second round trip.
        FETCH(offset, limit), when given, reads rows directly (in a database worker): an export
        of the whole list uses it (widgets/table_export.py)."""
        self.generation += 1
        self.fetch = fetch
        self.count = count
        self.loader = loader
        self._pages.clear()
        self._pending.clear()
        self._lines.clear()
        if first_page is not None:
            self._pages[0] = list(first_page)
        self._update_virtual_size()
        self.set_reactive(LazyTable.cursor, max(0, min(cursor, count - 1)))
        self._scroll_cursor_into_view(center=cursor > 0)
        self.refresh()
        self._post_highlight()

    def reload(self) -> None:
        """Drop cached rows (the data changed) and fetch what is on screen again."""
        if self.loader is not None:
            self.set_source(self.count, self.loader, cursor=self.cursor, fetch=self.fetch)

    def row_at(self, index: int) -> Any | None:
        if not 0 <= index < self.count:
            return None
        page = self._pages.get(index // self.PAGE)
        if page is None:
            self._request(index // self.PAGE)
            return None
        offset = index % self.PAGE
        return page[offset] if offset < len(page) else None

    @property
    def current_row(self) -> Any | None:
        return self.row_at(self.cursor)

    def _request(self, page_no: int) -> None:
        if page_no in self._pending or self.loader is None:
            return
        self._pending.add(page_no)
        generation = self.generation

        def done(rows: list) -> None:
            if generation != self.generation:
                return
            self._pending.discard(page_no)
            self._pages[page_no] = list(rows)
            self._lines.clear()
            self.refresh()
            if self.cursor // self.PAGE == page_no:
                self._post_highlight()

        self.loader(page_no * self.PAGE, self.PAGE, done)

    # ---- geometry -------------------------------------------------------------------------
    @property
    def row_width(self) -> int:
        return sum(c.width for c in self.columns) + len(self.columns)

    @property
    def visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.row_width, self.count + 1)

    def on_resize(self) -> None:
        self._lines.clear()
        self._update_virtual_size()

    # ---- rendering ------------------------------------------------------------------------
    def _cells(self, values: list[Text]) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        for column, value in zip(self.columns, values, strict=False):
            cell = value if isinstance(value, Text) else Text(shown_text(str(value), one_line=True))
            cell = cell.copy()
            cell.no_wrap = True
            if cell_len(cell.plain) > column.width:
                cell.truncate(column.width, overflow="ellipsis")
            cell.align("right" if column.align == "right" else "left", column.width)
            line.append_text(cell)
            line.append(" ")
        return line

    def _header_text(self) -> Text:
        values = []
        for c in self.columns:
            title = Text(c.title)
            if c.key == self.sort_key:  # the arrow always shows: the title gives way
                if cell_len(c.title) > c.width - 1:
                    title.truncate(c.width - 1, overflow="ellipsis")
                title.append("↓" if self.sort_desc else "↑")
            values.append(title)
        return self._cells(values)

    def _strip(self, text: Text, style) -> Strip:
        width = self.scrollable_content_region.width
        text.stylize(style)
        segments = list(text.render(self.app.console))
        segments = [s for s in segments if s.text != "\n"]
        strip = Strip(segments)
        scroll_x = int(self.scroll_x)
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = int(self.scroll_x)
        if y == 0:
            key = ("header", width, scroll_x, self.sort_key, self.sort_desc)
            if key not in self._lines:
                self._lines[key] = self._strip(self._header_text(), self.get_component_rich_style("lazy-table--header"))
            return self._lines[key]
        index = int(self.scroll_y) + y - 1
        if index >= self.count:
            if index == 0 and self.empty_text:
                style = self.get_component_rich_style("lazy-table--loading")
                return self._strip(Text(self.empty_text), style)
            return Strip.blank(width, self.rich_style)
        is_cursor = index == self.cursor
        key = (index, width, scroll_x, is_cursor, self.has_focus, self.generation)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        row = self.row_at(index)
        if row is None:
            return self._strip(Text("…"), self.get_component_rich_style("lazy-table--loading"))
        style = self.get_component_rich_style("lazy-table--cursor") if is_cursor else self.rich_style
        strip = self._strip(self._cells([c.render(row) for c in self.columns]), style)
        self._lines[key] = strip
        return strip

    # ---- cursor ---------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self._post_highlight()

    def _post_highlight(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Highlighted(self, row))

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        top = int(self.scroll_y)
        rows = self.visible_rows
        if center and not top <= self.cursor < top + rows:
            self.scroll_to(y=max(0, self.cursor - rows // 2), animate=False)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False)

    def move_to(self, index: int) -> None:
        if self.count:
            self.cursor = max(0, min(index, self.count - 1))

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * self.visible_rows)

    def action_edge(self, end: int) -> None:
        self.move_to(self.count - 1 if end else 0)

    def action_select(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Selected(self, row))

    def column_at(self, x: int) -> str | None:
        """The key of the column under screen column X (header clicks sort)."""
        x += int(self.scroll_x)
        for column in self.columns:
            if x < column.width + 1:
                return column.key
            x -= column.width + 1
        return None

    def on_click(self, event) -> None:
        if event.y == 0:
            key = self.column_at(event.x)
            if key is not None:
                self.post_message(self.HeaderClicked(self, key))
        elif event.y >= 1:
            self.move_to(int(self.scroll_y) + event.y - 1)
            if event.chain >= 2:
                self.action_select()

    def on_focus(self) -> None:
        self._lines.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._lines.clear()
        self.refresh()
