"""Pick a customer by typing (name, pinyin, initials, phone): an input and the matches below.
Used by the visit and deal forms when they are opened without a customer.

enter picks the first match, down (or tab) goes into the matches with the first one
highlighted. Once a customer is picked the matches are hidden and out of the focus chain, and
the cursor goes on to the form's next field; tab and shift+tab then never land in an empty
list, and a search answer that arrives after the pick is dropped."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
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
    CustomerPicker OptionList.-empty { display: none; }
    """

    # enter picks at once (before the next key is handled), so typing on lands in the next field
    BINDINGS = [Binding("enter", "pick", "Select", show=False, priority=True, id="picker.pick")]

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
        yield OptionList(id="picker-options", classes="-empty")

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self.customer_id = None
        from salesterm.store.visits import find_customers

        query = event.value
        run_in_db(self, find_customers, query, then=lambda choices: self._show(choices, query), group="picker")

    def _show(self, choices, query: str | None = None) -> None:
        if query is not None and (self.customer_id is not None
                                  or self.query_one("#picker-input", Input).value != query):
            return  # an answer to an older query, or one that came after the pick
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        self._choices = {c.id: c for c in choices or []}
        for c in choices or []:
            label = Text(c.name)
            label.append(f"  {c.grade or '-'}  {c.city}", style="dim")
            options.add_option(Option(label, id=c.id))
        options.set_class(not self._choices, "-empty")

    def on_descendant_focus(self, event) -> None:
        options = self.query_one("#picker-options", OptionList)
        if event.widget is options and options.highlighted is None and options.option_count:
            options.highlighted = 0  # tab into the matches lands on the first one

    def check_action(self, action: str, parameters) -> bool | None:
        return action != "pick" or bool(self._choices)  # nothing to pick: enter does what it did

    def action_pick(self) -> None:
        """enter: the highlighted match in the list, else the first one."""
        options = self.query_one("#picker-options", OptionList)
        if options.has_focus and options.highlighted is not None:
            self._pick(options.get_option_at_index(options.highlighted).id)
        elif self._choices:
            self._pick(next(iter(self._choices)))

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
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        options.add_class("-empty")
        self._choices = {}
        if options.has_focus or inp.has_focus:
            self._focus_after()
        self.post_message(self.Picked(customer_id, c.name))

    def _focus_after(self) -> None:
        """Put the cursor in the first field after the picker (where tab from its box goes)."""
        chain = self.screen.focus_chain
        mine = [i for i, widget in enumerate(chain) if self in widget.ancestors_with_self]
        after = chain[mine[-1] + 1:] if mine else []
        self.screen.set_focus(after[0] if after else self.query_one("#picker-input", Input))

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one("#picker-input", Input).has_focus and self._choices:
            options = self.query_one("#picker-options", OptionList)
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0  # one down arrow lands on the first customer
            event.stop()
