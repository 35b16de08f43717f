"""Small modal prompts shared by the notes and reports sections: one line of text (a comment,
a file name), dismissed with the text or None."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from salesterm.i18n import _


class TextPrompt(ModalScreen):
    """Ask for one line; enter accepts, escape cancels. REQUIRED refuses empty text."""

    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical { width: 80; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    TextPrompt #prompt-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="prompt.cancel")]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "", required: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.required = required

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, markup=False)
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self.required and not text:
            self.query_one("#prompt-error", Label).update(_("Please type something, or press Escape to cancel"))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
