"""What every section screen shares: the section bar, the footer, and database workers."""
from __future__ import annotations

from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from salesterm.widgets.footer import Footer  # one widget for all keys: cheap to start and update

from salesterm.i18n import _, error_text
from salesterm.domain.errors import UserError
from salesterm.widgets.section_bar import SectionBar


def run_in_db(node, fn: Callable[..., Any], *args, then: Callable[[Any], None] | None = None,
              group: str = "db", exclusive: bool = True, **kwargs):
    """Run FN(*args) in a worker thread (owned by NODE, a widget or screen) inside a database
    connection context, then call THEN(result) on the UI thread. A UserError becomes a
    notification, never a crash."""
    app = node.app
    database = app.database

    def body():
        try:
            with database.connection_context():
                result = fn(*args, **kwargs)
        except UserError as exc:
            app.call_from_thread(app.notify, error_text(exc), severity="error", markup=False)
            return None
        if then is not None:
            app.call_from_thread(then, result)
        return result

    return node.run_worker(body, thread=True, group=group, exclusive=exclusive, exit_on_error=True)


class SectionScreen(Screen):
    """A top-level section. Subclasses set SECTION and compose their body in compose_body()."""

    SECTION = ""
    # Textual's own screen keys, with descriptions in the user's language for the `?` panel
    BINDINGS = [
        Binding("tab", "app.focus_next", _("Focus next"), show=False, id="focus.next"),
        Binding("shift+tab", "app.focus_previous", _("Focus previous"), show=False, id="focus.previous"),
        Binding("ctrl+c,super+c", "screen.copy_text", _("Copy selected text"), show=False, id="copy"),
    ]

    def compose(self) -> ComposeResult:
        yield SectionBar(self.SECTION)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        return iter(())

    def db(self, fn, *args, then=None, group: str | None = None, **kwargs):
        return run_in_db(self, fn, *args, then=then, group=group or f"{self.SECTION}-db", **kwargs)
