"""What every section screen shares: the section bar, the key bar, and database workers."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.key_bar import KeyBar  # one widget for all keys: cheap to start and update
from salesterm.widgets.keys import TranslatedKeys
from salesterm.widgets.section_bar import SectionBar


class SectionScreen(TranslatedKeys, Screen):
    """A top-level section. Subclasses set SECTION and compose their body in compose_body()."""

    SECTION = ""
    # Textual's own screen keys, with descriptions in the user's language for the `?` panel
    BINDINGS = [
        Binding("tab", "app.focus_next", "Focus next", show=False, id="focus.next"),
        Binding("shift+tab", "app.focus_previous", "Focus previous", show=False, id="focus.previous"),
        Binding("ctrl+c,super+c", "screen.copy_text", "Copy selected text", show=False, id="copy"),
    ]

    def compose(self) -> ComposeResult:
        yield SectionBar(self.SECTION)
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        return iter(())

    def db(self, fn, *args, then=None, group: str | None = None, **kwargs):
        return run_in_db(self, fn, *args, then=then, group=group or f"{self.SECTION}-db", **kwargs)
