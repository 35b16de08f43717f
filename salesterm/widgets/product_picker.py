"""Pick a product by typing (code, barcode, name, pinyin, initials): an input and the matches below.
Used by the order entry (an order line) and anywhere a product is chosen.

Typing searches (store/products/search.search_products, in a worker, a short pause after the
last key so fast typing searches once); each match shows its code, name, specification and list
price. enter picks the highlighted match (the first one while the cursor is in the input), down
goes into the matches, up from the first match back to the input. A pick posts
`ProductPicker.Picked(product_id)`, puts the product's name in the input and hides the matches;
an answer to an older query, or one that arrives after the pick, is dropped."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from salesterm.domain.money import format_money
from salesterm.i18n import _
from salesterm.widgets.db_worker import run_in_db

DEBOUNCE = 0.08  # seconds after the last key before the search runs


class ProductPicker(Vertical):
    DEFAULT_CSS = """
    ProductPicker { height: auto; }
    ProductPicker OptionList { height: auto; max-height: 8; }
    ProductPicker OptionList.-empty { display: none; }
    """

    BINDINGS = [Binding("enter", "pick", "Select", show=False, priority=True, id="product_picker.pick")]

    class Picked(Message):
        def __init__(self, product_id: str, hit=None) -> None:
            super().__init__()
            self.product_id = product_id
            self.hit = hit  # the ProductHit picked (code, name, spec, unit, case unit, price ...)

    def __init__(self, *, id: str | None = None, limit: int = 20, include_discontinued: bool = False) -> None:
        super().__init__(id=id)
        self.product_id: str | None = None
        self.limit = limit
        self.include_discontinued = include_discontinued
        self._choices: dict[str, object] = {}
        self._timer = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Product: type a code, name, pinyin initials or barcode"), id="product-input")
        yield OptionList(id="product-options", classes="-empty")

    def on_mount(self) -> None:
        from salesterm.store.products.search import warm

        run_in_db(self, warm, group="product-picker-warm")  # the first keystroke finds the index built

    @on(Input.Changed, "#product-input")
    def _changed(self, event: Input.Changed) -> None:
        self.product_id = None
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._search)

    def _search(self) -> None:
        from salesterm.store.products.search import search_products

        query = self.query_one("#product-input", Input).value
        if not query.strip():
            self._show([], query)
            return
        run_in_db(self, search_products, query, self.limit, self.include_discontinued,
                  then=lambda hits: self._show(hits, query), group="product-picker")

    def _show(self, hits, query: str) -> None:
        if self.product_id is not None or self.query_one("#product-input", Input).value != query:
            return  # an answer to an older query, or one that came after the pick
        options = self.query_one("#product-options", OptionList)
        options.clear_options()
        self._choices = {h.id: h for h in hits or []}
        for h in hits or []:
            options.add_option(Option(option_label(h), id=h.id))
        options.set_class(not self._choices, "-empty")
        if self._choices:
            options.highlighted = 0

    def check_action(self, action: str, parameters) -> bool | None:
        return action != "pick" or bool(self._choices)  # nothing to pick: enter does what it did

    def action_pick(self) -> None:
        options = self.query_one("#product-options", OptionList)
        if options.highlighted is not None and options.option_count:
            self._pick(options.get_option_at_index(options.highlighted).id)
        elif self._choices:
            self._pick(next(iter(self._choices)))

    @on(OptionList.OptionSelected, "#product-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)
        event.stop()

    def _pick(self, product_id: str) -> None:
        hit = self._choices.get(product_id)
        if hit is None:
            return
        self.product_id = product_id
        inp = self.query_one("#product-input", Input)
        with inp.prevent(Input.Changed):
            inp.value = hit.name
        options = self.query_one("#product-options", OptionList)
        options.clear_options()
        options.add_class("-empty")
        self._choices = {}
        if options.has_focus:
            inp.focus()
        self.post_message(self.Picked(product_id, hit))

    def clear(self) -> None:
        """Empty the input for the next pick (the order form after adding a line)."""
        self.product_id = None
        inp = self.query_one("#product-input", Input)
        with inp.prevent(Input.Changed):
            inp.value = ""
        self._show([], "")

    def on_key(self, event) -> None:
        options = self.query_one("#product-options", OptionList)
        inp = self.query_one("#product-input", Input)
        if not self._choices:
            return
        if event.key == "down" and inp.has_focus:
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0
            event.stop()
        elif event.key == "up" and options.has_focus and options.highlighted in (None, 0):
            inp.focus()
            event.stop()


def option_label(hit) -> Text:
    """``SP0001  金龙鱼调和油  5L×4  ¥59.90/瓶``: code, name, specification, list price."""
    label = Text(hit.code, style="dim")
    label.append("  ")
    label.append(hit.name)
    if hit.spec:
        label.append(f"  {hit.spec}", style="dim")
    price = format_money(hit.list_price, symbol=True)
    label.append(f"  {price}" + (f"/{hit.unit}" if hit.unit else ""))
    if hit.status == "discontinued":
        label.append("  " + _("discontinued"), style="italic dim")
    return label
