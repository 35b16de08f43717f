"""The strip at the top of every section: 1 Today  2 Customers ... with the current one lit, and on a
team-sync replica the sync state at the right (widgets/sync_text; a click opens the outbox)."""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from salesterm.i18n import _
from salesterm.sections import SECTIONS
from salesterm.widgets.session import current_rep


class SectionBar(Static):
    def __init__(self, current: str, detail: str = "") -> None:
        super().__init__()
        self.current = current
        self.detail = detail

    def on_mount(self) -> None:
        self.refresh_bar()
        signal = getattr(self.app, "sync_signal", None)
        if signal is not None:
            signal.subscribe(self, lambda _line: self.refresh_bar())

    def on_resize(self) -> None:
        self.refresh_bar()

    def on_click(self, event) -> None:
        sync = getattr(self.app, "sync_line", "")
        if sync and event.x >= self.size.width - cell_len(sync) - 1:
            self.app.run_action("sync_outbox")

    def set_detail(self, detail: str) -> None:
        self.detail = detail
        self.refresh_bar()

    def refresh_bar(self) -> None:
        sync = getattr(self.app, "sync_line", "")
        text = self._sections(compact=False)
        width = self.size.width
        if sync and width:
            if cell_len(text.plain) + cell_len(sync) + 2 > width:
                text = self._sections(compact=True)  # the other sections by their keys: all stay in sight
            if cell_len(text.plain) + cell_len(sync) + 2 > width:
                sync = getattr(self.app, "sync_short", "") or sync
            text.truncate(max(0, width - cell_len(sync) - 2))
            text.append(" " * max(2, width - cell_len(text.plain) - cell_len(sync)))
            text.append(sync, style="bold" if getattr(self.app, "sync_alert", False) else "")
        self.update(text)

    def _sections(self, *, compact: bool) -> Text:
        text = Text()
        for i, (name, (_module, _cls, title)) in enumerate(SECTIONS.items(), start=1):
            current = name == self.current
            style = "bold reverse" if current else ""
            text.append(f" {i} {_(title)} " if current or not compact else f" {i} ", style=style)
        who = current_rep(self)
        text.append(f"   {who or ''}", style="dim")
        login = getattr(self.app, "login_name", None)  # on a team server: who logged in
        if login:
            text.append(f" ({login})", style="dim")
        if self.detail:
            text.append(f"   {self.detail}", style="dim")  # Text.append: user text stays literal
        return text
