"""Small modal prompts shared by the notes and reports sections: one line of text (a comment,
a file name), dismissed with the text or None."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from salesterm.i18n import _
from salesterm.screens.forms.base import FormScreen


class TextPrompt(FormScreen):
    """Ask for one line; enter (or ctrl+s) accepts, escape cancels. REQUIRED refuses empty text."""

    FRAME = "-narrow"
    ENTER_SAVES = True

    def __init__(self, title: str, *, value: str = "", placeholder: str = "", required: bool = False) -> None:
        super().__init__()
        self.TITLE_TEXT = title
        self.value = value
        self.placeholder = placeholder
        self.required = required

    def compose_fields(self) -> ComposeResult:
        yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def action_save(self) -> None:
        text = self.query_one(Input).value.strip()
        if self.required and not text:
            self.set_status(_("Please type something, or press Escape to cancel"))
            return
        self.dismiss(text)
