"""Small modal prompts of the collections section: pick one of a list, or type a date.

Both dismiss with the value, or None when escape cancels.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from salesterm.domain.dates import parse_date
from salesterm.screens.forms.base import FormScreen
from salesterm.widgets.fields import ValidatedField


class ChoicePrompt(FormScreen):
    """Choose one of CHOICES ((label, value) pairs) with the arrow keys and enter."""

    FRAME = "-narrow"
    SAVES = False

    def __init__(self, title: str, choices: list[tuple[str, object]]) -> None:
        super().__init__()
        self.TITLE_TEXT = title
        self.choices = choices

    def compose_fields(self) -> ComposeResult:
        yield OptionList(*[Option(label, id=str(i)) for i, (label, _v) in enumerate(self.choices)],
                         id="choice-list", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id)][1])


class DatePrompt(FormScreen):
    """Type a date (2026-12-05, 2026/12/5, 20261205 ...); CHECK(date) may refuse it.
    The message shows under the box as it is typed; enter (or ctrl+s) accepts."""

    FRAME = "-narrow"
    ENTER_SAVES = True

    def __init__(self, title: str, *, value: str = "", check=None) -> None:
        super().__init__()
        self.TITLE_TEXT = title
        self.value = value
        self.check = check

    def compose_fields(self) -> ComposeResult:
        yield ValidatedField("date", "", self._parse, self.value, placeholder="YYYY-MM-DD", input_id="date-input",
                             bare=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _parse(self, text: str):
        day = parse_date(text)
        if self.check is not None:
            self.check(day)
        return day

    def action_save(self) -> None:
        if self.checked():
            self.dismiss(self.fields["date"].value())
