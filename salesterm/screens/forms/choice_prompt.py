"""Small modal prompts of the collections section: pick one of a list, or type a date.

Both dismiss with the value, or None when escape cancels.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from salesterm.i18n import error_text
from salesterm.domain.dates import parse_date
from salesterm.domain.errors import UserError


class ChoicePrompt(ModalScreen):
    """Choose one of CHOICES ((label, value) pairs) with the arrow keys and enter."""

    DEFAULT_CSS = """
    ChoicePrompt { align: center middle; }
    ChoicePrompt > Vertical { width: 60; height: auto; max-height: 80%; border: round $accent;
                              padding: 1 2; background: $surface; }
    ChoicePrompt OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, object]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, markup=False)
            yield OptionList(*[Option(label, id=str(i)) for i, (label, _v) in enumerate(self.choices)],
                             id="choice-list", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class DatePrompt(ModalScreen):
    """Type a date (2026-12-05, 2026/12/5, 20261205 ...); CHECK(date) may refuse it."""

    DEFAULT_CSS = """
    DatePrompt { align: center middle; }
    DatePrompt > Vertical { width: 60; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    DatePrompt #date-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="date.cancel")]

    def __init__(self, title: str, *, value: str = "", check=None) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, markup=False)
            yield Input(value=self.value, placeholder="YYYY-MM-DD", id="date-input")
            yield Label("", id="date-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _parse(self, text: str):
        day = parse_date(text)
        if self.check is not None:
            self.check(day)
        return day

    def on_input_changed(self, event: Input.Changed) -> None:
        error = ""
        if event.value.strip():
            try:
                self._parse(event.value)
            except (UserError, ValueError) as exc:
                error = error_text(exc)
        self.query_one("#date-error", Label).update(error)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            day = self._parse(event.value)
        except (UserError, ValueError) as exc:
            self.query_one("#date-error", Label).update(error_text(exc))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
