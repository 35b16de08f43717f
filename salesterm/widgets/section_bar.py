"""The strip at the top of every section: 1 Today  2 Customers ... with the current one lit."""
from __future__ import annotations

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

    def set_detail(self, detail: str) -> None:
        self.detail = detail
        self.refresh_bar()

    def refresh_bar(self) -> None:
        text = Text()
        for i, (name, (_module, _cls, title)) in enumerate(SECTIONS.items(), start=1):
            style = "bold reverse" if name == self.current else ""
            text.append(f" {i} {_(title)} ", style=style)
        who = current_rep(self)
        text.append(f"   {who or ''}", style="dim")
        login = getattr(self.app, "login_name", None)  # on a team server: who logged in
        if login:
            text.append(f" ({login})", style="dim")
        if self.detail:
            text.append(f"   {self.detail}", style="dim")  # Text.append: user text stays literal
        self.update(text)
