"""Order lines typed by keyboard (拟订单), the part of the visit log and of the order form that
takes an order: pick a product (code, name, pinyin initials, barcode: widgets/product_picker),
type the quantity, `ctrl+t` toggles cases (箱) and units (瓶), an optional typed price, enter adds
the line. Each change is priced by store/orders/placing.check_order off the UI thread: every
line's price, where it came from, the promotion and gift units, the amount; the total; the
credit check's holds and the lines below the floor. `delete` on a line removes it.

The form that holds it reads `line_inputs()` when it saves (placing.LineInput each)."""
from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Static

from salesterm.domain.errors import UserError
from salesterm.domain.money import MoneyError, parse_money
from salesterm.i18n import _, error_text
from salesterm.widgets import order_text
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.product_picker import ProductPicker


def _checked(customer_id: str, lines: list, day: date):
    """(the check, '') or (None, why it cannot be priced), for the summary line."""
    from salesterm.store.orders import placing

    try:
        return placing.check_order(customer_id, lines, day), ""
    except UserError as exc:
        return None, error_text(exc)


def _product(p) -> dict:
    """What a line needs of a product (a ProductHit)."""
    return {"id": p.id, "name": p.name, "unit": p.unit or "", "case_unit": p.case_unit or "",
            "case_size": int(p.case_size or 1)}


class OrderEntry(Vertical):
    DEFAULT_CSS = """
    OrderEntry { height: auto; }
    OrderEntry #order-inputs { height: auto; }
    OrderEntry #order-inputs Label { width: auto; padding: 0 1; }
    OrderEntry #order-qty { width: 10; }
    OrderEntry #order-unit { width: 8; padding: 0 1; text-style: bold; }
    OrderEntry #order-price { width: 24; }
    OrderEntry #order-lines { height: auto; max-height: 10; }
    OrderEntry #order-summary { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("ctrl+t", "toggle_unit", "Cases/units", id="order.unit"),
        Binding("delete", "remove_line", "Remove line", id="order.remove_line"),
    ]

    class Changed(Message):
        """The lines or their check changed (the form may refresh its keys)."""

    def __init__(self, customer_id: str | None, day: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.customer_id = customer_id
        self.day = day
        self.product: dict | None = None  # picked, not yet added
        self.unit = ""  # the unit the next line is typed in
        self.lines: list[dict] = []  # product_id, name, qty, unit, manual_price
        self.check = None
        self.error = ""

    def compose(self) -> ComposeResult:
        yield Label(_("Order lines"), classes="order-caption")
        yield ProductPicker(id="order-picker")
        with Horizontal(id="order-inputs"):
            yield Label(_("Quantity"))
            yield Input(id="order-qty", restrict=r"\d*", max_length=7, placeholder="0")
            yield Static("", id="order-unit", markup=False)
            yield Label(_("Price, yuan"))
            yield Input(id="order-price", placeholder=_("price system"))
        yield DataTable(id="order-lines", cursor_type="row", zebra_stripes=True)
        yield Static("", id="order-summary", markup=False)

    def on_mount(self) -> None:
        self.query_one("#order-lines", DataTable).display = False
        self._show_summary()

    # ---- typing a line ----------------------------------------------------------------------
    def on_product_picker_picked(self, event: ProductPicker.Picked) -> None:
        event.stop()
        if event.hit is not None:
            self._show_product(_product(event.hit))

    def _show_product(self, product: dict) -> None:
        self.product = product
        self.unit = product["case_unit"] if product["case_unit"] and product["case_size"] > 1 else product["unit"]
        self._show_unit()
        self.query_one("#order-price", Input).placeholder = _("price system, a {unit}", unit=product["unit"] or "-")
        qty = self.query_one("#order-qty", Input)
        if not self.screen.focused or self.screen.focused is not qty:
            qty.focus()

    def _show_unit(self) -> None:
        self.query_one("#order-unit", Static).update(Text(self.unit or ""))

    def action_toggle_unit(self) -> None:
        """Cases (箱) or units (瓶) for the line being typed."""
        p = self.product
        if p is None or not p["case_unit"]:
            return
        self.unit = p["unit"] if self.unit == p["case_unit"] else p["case_unit"]
        self._show_unit()

    @on(Input.Submitted, "#order-qty, #order-price")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.add_line()

    def add_line(self) -> bool:
        """The typed line joins the order (a product and a quantity needed); False when not."""
        summary = self.query_one("#order-summary", Static)
        if self.product is None:
            summary.update(Text(_("Pick a product first."), style="bold red"))
            self.query_one("#order-picker", ProductPicker).query_one(Input).focus()
            return False
        qty_text = self.query_one("#order-qty", Input).value.strip()
        if not qty_text or int(qty_text) <= 0:
            summary.update(Text(_("Type the quantity."), style="bold red"))
            self.query_one("#order-qty", Input).focus()
            return False
        price_box = self.query_one("#order-price", Input)
        manual = None
        if price_box.value.strip():
            try:
                manual = parse_money(price_box.value)
            except (MoneyError, UserError) as exc:
                summary.update(Text(error_text(exc), style="bold red"))
                price_box.focus()
                return False
        self.lines.append({"product_id": self.product["id"], "name": self.product["name"], "qty": int(qty_text),
                           "unit": self.unit, "manual_price": manual})
        self.product = None
        self.unit = ""
        self._show_unit()
        price_box.placeholder = _("price system")
        self.query_one("#order-qty", Input).value = ""
        price_box.value = ""
        picker = self.query_one("#order-picker", ProductPicker)
        picker.clear()
        picker.query_one(Input).focus()
        self.recheck()
        return True

    def action_remove_line(self) -> None:
        table = self.query_one("#order-lines", DataTable)
        if not table.has_focus or not self.lines:
            return
        del self.lines[min(table.cursor_row, len(self.lines) - 1)]
        self.recheck()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "remove_line":
            return self.query_one("#order-lines", DataTable).has_focus and bool(self.lines)
        if action == "toggle_unit":
            return self.product is not None and bool(self.product["case_unit"])
        return True

    # ---- the check ---------------------------------------------------------------------------
    def line_inputs(self) -> list:
        from salesterm.store.orders.placing import LineInput

        return [LineInput(x["product_id"], x["qty"], x["unit"], x["manual_price"]) for x in self.lines]

    def has_typed_line(self) -> bool:
        """A product picked or a quantity typed that was not added yet."""
        return self.product is not None or bool(self.query_one("#order-qty", Input).value.strip())

    def recheck(self) -> None:
        if not self.lines or not self.customer_id:
            self.check, self.error = None, ""
            self._show_lines()
            return
        run_in_db(self, _checked, self.customer_id, self.line_inputs(), self.day, then=self._checked,
                  group="order-check")

    def _checked(self, answer) -> None:
        if not self.is_attached:
            return
        self.check, self.error = answer
        self._show_lines()

    def _show_lines(self) -> None:
        table = self.query_one("#order-lines", DataTable)
        keep = table.cursor_row
        if self.check is not None:
            rows = order_text.check_rows(self.check)
        else:  # not priced (yet, or the check refused): what was typed
            rows = [[Text(x["name"]), Text(f"{x['qty']}{x['unit']}"), *[Text("")] * 4] for x in self.lines]
        order_text.fill_table(table, order_text.check_columns(), [(str(i), row) for i, row in enumerate(rows)])
        table.display = bool(self.lines)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._show_summary()
        self.post_message(self.Changed())

    def _show_summary(self) -> None:
        self.query_one("#order-summary", Static).update(
            order_text.check_summary(self.check if self.lines else None, error=self.error))
