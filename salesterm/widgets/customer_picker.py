"""Pick a customer by typing (name, pinyin, initials, phone): an input and the matches below.
Used by the visit and deal forms when they are opened without a customer."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from salesterm.i18n import _
from salesterm.widgets.db_worker import run_in_db


class CustomerPicker(Vertical):
    DEFAULT_CSS = """
    CustomerPicker { height: auto; }
    CustomerPicker OptionList { height: auto; max-height: 6; }
    """

    class Picked(Message):
        def __init__(self, customer_id: str, name: str) -> None:
            super().__init__()
            self.customer_id = customer_id
            self.name = name

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.customer_id: str | None = None
        self._choices: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Customer: type a name, pinyin or phone"), id="picker-input")
        yield OptionList(id="picker-options")

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self.customer_id = None
        from salesterm.store.visits import find_customers

        run_in_db(self, find_customers, event.value, then=self._show, group="picker")

    def _show(self, choices) -> None:
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        self._choices = {c.id: c for c in choices or []}
        for c in choices or []:
            label = Text(c.name)
            label.append(f"  {c.grade or '-'}  {c.city}", style="dim")
            options.add_option(Option(label, id=c.id))

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._choices:
            self._pick(next(iter(self._choices)))
            event.stop()

    @on(OptionList.OptionSelected, "#picker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)
        event.stop()

    def _pick(self, customer_id: str) -> None:
        c = self._choices.get(customer_id)
        if c is None:
            return
        self.customer_id = customer_id
        inp = self.query_one("#picker-input", Input)
        with inp.prevent(Input.Changed):
            inp.value = c.name
        self.query_one("#picker-options", OptionList).clear_options()
        self.post_message(self.Picked(customer_id, c.name))

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one("#picker-input", Input).has_focus and self._choices:
            options = self.query_one("#picker-options", OptionList)
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0  # one down arrow lands on the first customer
            event.stop()
