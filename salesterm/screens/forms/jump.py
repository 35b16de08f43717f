"""The jump box (ctrl+k from anywhere): type a name, pinyin, initials or phone; arrows pick;
enter opens that customer's file."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from salesterm.i18n import _
from salesterm.screens.forms.base import FormScreen
from salesterm.store.customers.listing import quick_find
from salesterm.widgets.db_worker import run_in_db


class JumpScreen(FormScreen):
    FRAME = "-top -narrow"
    TITLE_TEXT = "Jump to customer"  # a message id: translated when shown
    SAVES = False
    KEEPS_TYPED = False  # a search: escape closes at once
    BINDINGS = [
        Binding("escape", "cancel", "Close", id="jump.close"),
        Binding("down", "move(1)", "Next", show=False, priority=True, id="jump.down"),
        Binding("up", "move(-1)", "Previous", show=False, priority=True, id="jump.up"),
        Binding("enter", "open", "Open", priority=True, id="jump.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._asked = 0

    def compose_fields(self):
        yield Input(placeholder=_("Jump to customer: name, pinyin, initials, phone…"), id="jump-query")
        yield OptionList(id="jump-hits")
        yield Static(_("↑↓ choose · enter open · escape close"), id="jump-hint", classes="form-note",
                     markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._asked += 1
        asked = self._asked
        text = event.value.strip()
        if not text:
            self._show([], asked)
            return
        run_in_db(self, quick_find, text, limit=15, then=lambda hits: self._show(hits, asked),
                  group="jump-find")

    def _show(self, hits, asked: int) -> None:
        if hits is None or asked != self._asked or not self.is_attached:
            return
        box = self.query_one(OptionList)
        box.clear_options()
        for hit in hits:
            t = Text(hit.name)
            t.append(f"  {hit.city or ''}  {hit.grade or ''}", style="dim")
            if getattr(hit, "matched", "") and hit.matched not in ("name", hit.name):
                t.append(f"  {_(hit.matched)}", style="italic dim")
            box.add_option(Option(t, id=hit.id))
        if box.option_count:
            box.highlighted = 0
        self.query_one("#jump-hint", Static).update(
            _("{n} found · ↑↓ choose · enter open · escape close", n=box.option_count)
            if self.query_one(Input).value.strip() else _("↑↓ choose · enter open · escape close"))

    def action_move(self, step: int) -> None:
        box = self.query_one(OptionList)
        if box.option_count:
            current = box.highlighted if box.highlighted is not None else -1
            box.highlighted = max(0, min(box.option_count - 1, current + step))

    def action_open(self) -> None:
        box = self.query_one(OptionList)
        if box.highlighted is None or not box.option_count:
            return
        customer_id = box.get_option_at_index(box.highlighted).id
        self.dismiss(None)
        self.app.open_customer(customer_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None)
        self.app.open_customer(event.option.id)
