"""Take an order outside a visit (from the customer file): the same order lines as the visit log
(widgets/order_entry), a note, and ctrl+s places it (store/orders/placing.place_order)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input

from salesterm import clock
from salesterm.i18n import _
from salesterm.screens.forms.base import FormScreen, form_row, guarded
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.order_entry import OrderEntry
from salesterm.widgets.order_text import placed_text
from salesterm.widgets.session import current_rep


class NewOrderScreen(FormScreen):
    FRAME = "-tall"
    CANCELLED = False

    def __init__(self, customer_id: str, customer_name: str = "") -> None:
        super().__init__()
        self.customer_id = customer_id
        self.TITLE_TEXT = Text(_("New order: {customer}", customer=customer_name) if customer_name else _("New order"))

    def compose_fields(self) -> ComposeResult:
        yield OrderEntry(self.customer_id, clock.today(), id="order-entry")
        yield form_row(_("Order note"),
                       Input(id="order-note", placeholder=_("delivery address, time, anything to know")))

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_picker)

    def _focus_picker(self) -> None:
        boxes = self.query_one("#order-picker").query(Input)
        if boxes:
            boxes.first().focus()

    def has_typed(self) -> bool:
        return super().has_typed() or (self.is_attached and bool(self.query_one(OrderEntry).lines))

    def action_save(self) -> None:
        from salesterm.store.orders.placing import place_order

        if self._saving:
            return
        entry = self.query_one(OrderEntry)
        if entry.has_typed_line() and not entry.add_line():
            return
        if not entry.lines:
            self.set_status(_("Not saved: the order has no lines yet."))
            return
        self._saving = True
        note = self.query_one("#order-note", Input).value
        run_in_db(self, guarded, place_order, self.customer_id, entry.line_inputs(), clock.today(),
                  rep_id=current_rep(self), note=note, then=self._placed, on_error=self._save_failed)

    def _placed(self, result) -> None:
        if not self.answered(result):
            return
        self.app.notify(placed_text(result.value), markup=False)
        self.saved(result.value.order_id)
