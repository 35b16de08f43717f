"""Form fields that check what is typed as it is typed and say what is wrong next to it.

`ValidatedField(name, label, parse)`: a label, a one-line input and a message line. `parse`
turns the text into a value or raises UserError/ValueError with the message shown. Nothing
typed is ever thrown away: a bad value stays in the box until it is fixed.
`money_field` and `date_field` are the usual presets.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from salesterm.domain.dates import parse_date
from salesterm.domain.errors import UserError
from salesterm.domain.money import parse_money
from salesterm.i18n import _, error_text

Parser = Callable[[str], Any]


class ValidatedField(Vertical):
    """A label, a one-line input and a message line (styled in themes/forms.tcss). INPUT_ID names
    the input (default input-NAME); BARE drops the label (a field whose placeholder names it)."""

    class Checked(Message):
        def __init__(self, field: ValidatedField, ok: bool) -> None:
            super().__init__()
            self.field = field
            self.ok = ok

    def __init__(self, name: str, label: str, parse: Parser, value: str = "", *,
                 placeholder: str = "", required: bool = False, input_id: str | None = None,
                 bare: bool = False) -> None:
        super().__init__(id=f"field-{name}", classes="-bare" if bare else None)
        self.input_id = input_id or f"input-{name}"
        self.field_name = name
        self.title = label  # names the field in messages
        self.label = label + (" *" if required else "")
        self.parse = parse
        self.initial = value
        self.placeholder = placeholder
        self.required = required
        self.error: str | None = None
        self.touched = False

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label, classes="field-label", markup=False)
            yield Input(self.initial, placeholder=self.placeholder, id=self.input_id)
        yield Static("", classes="field-error", markup=False)
        yield Static("", classes="field-hint", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def text(self) -> str:
        return self.input.value

    def check(self, *, show: bool = True) -> bool:
        """Parse the text; show the message (or clear it). True when the value is good."""
        text = self.text
        error = None
        try:
            self.parse(text)
        except (UserError, ValueError) as exc:
            error = error_text(exc)
        if error is None and self.required and not text.strip():
            error = _("required")  # unless the rule itself says what is missing
        self.set_error(error if show else None)
        self.error = error
        return error is None

    def set_error(self, message: str | None) -> None:
        self.error = message
        self.query_one(".field-error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")
        self.input.set_class(bool(message), "-invalid")
        if message and self.input.has_focus:  # the message line under the box stays in sight
            self.call_after_refresh(self.scroll_visible, animate=False)

    def set_hint(self, message: str | None) -> None:
        self.query_one(".field-hint", Static).update(message or "")
        self.set_class(bool(message), "-hint")

    def value(self) -> Any:
        return self.parse(self.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self.initial:
            self.touched = True
        if self.touched:
            self.post_message(self.Checked(self, self.check()))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if self.text != self.initial:
            self.touched = True
            self.post_message(self.Checked(self, self.check()))

    def focus(self, scroll_visible: bool = True):
        self.input.focus(scroll_visible)
        return self


def _money(text: str) -> int:
    return parse_money(text) if text.strip() else 0


def _date_or_none(text: str):
    return parse_date(text) if text.strip() else None


def money_field(name: str, label: str, value: str = "", **kwargs) -> ValidatedField:
    return ValidatedField(name, label, _money, value, placeholder="0.00", **kwargs)


def date_field(name: str, label: str, value: str = "", **kwargs) -> ValidatedField:
    return ValidatedField(name, label, _date_or_none, value, placeholder="YYYY-MM-DD", **kwargs)
