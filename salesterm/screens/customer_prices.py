"""A customer's prices (客户价格): every product's price for this customer today and where it comes
from (a price agreed with the customer, a price list by kind and grade, or the list price), with the
promotions running for them, so a rep can quote in the shop; below, the prices agreed with the
customer (a manager adds and changes them here). Opened from the customer file (`$`)."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from salesterm import clock
from salesterm.domain import pricing
from salesterm.domain.customer import KINDS
from salesterm.domain.money import format_money
from salesterm.i18n import _, counted, label, language
from salesterm.screens.base import SectionScreen
from salesterm.screens.forms.export_prompt import export_view
from salesterm.screens.price_system import PriceEditing, offer_text, span_text
from salesterm.widgets.session import current_rep

ORDER = {"customer": 0, "list": 1, "catalogue": 2, "manual": 3}
SHOWN = 1000  # rows in the table: a DataTable measures every row it holds (x exports them all)


def source_text(source: str, name: str) -> str:
    """Where a price comes from: 客户协议价 / 价目表：name / 商品单价."""
    what = label(*pricing.SOURCE_LABELS[source])
    return (f"{what}：{name}" if language() == "zh" else f"{what}: {name}") if name else what


def promotions_text(promotions) -> str:
    return "; ".join(f"{p.name} ({offer_text(p.kind, p.buy_qty, p.free_qty, p.discount_bp)})" for p in promotions)


def _money(fen) -> str:
    return "—" if fen is None else format_money(fen)


class CustomerPricesScreen(PriceEditing, SectionScreen):
    SECTION = "customers"
    DEFAULT_CSS = """
    CustomerPricesScreen #cprices-head { height: 1; padding: 0 1; color: $text-muted; }
    CustomerPricesScreen #sheet-table { height: 2fr; }
    CustomerPricesScreen #agreed-table { height: 1fr; }
    CustomerPricesScreen .prices-caption { padding: 0 1; text-style: bold; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="cprices.back"),
        Binding("n", "new", "Agreed price", id="cprices.new"),
        Binding("e", "edit", "Edit", id="cprices.edit"),
        Binding("d", "delete", "Delete", id="cprices.delete"),
        Binding("x", "export", "Export", id="cprices.export"),
    ]

    def __init__(self, customer_id: str) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.customer_name = ""
        self.rows: list = []
        self.agreed: list = []
        self.editable = False

    def compose_body(self):
        yield Static("", id="cprices-head")
        yield DataTable(id="sheet-table", cursor_type="row", zebra_stripes=True)
        yield Label(_("Prices agreed with this customer"), classes="prices-caption")
        yield DataTable(id="agreed-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        sheet = self.query_one("#sheet-table", DataTable)
        for title in (_("Code"), _("Product"), _("Unit"), _("Price"), _("From"), _("Promotion"), _("List price")):
            sheet.add_column(title)
        agreed = self.query_one("#agreed-table", DataTable)
        for title in (_("Code"), _("Product"), _("Price"), _("Dates"), _("Note")):
            agreed.add_column(title)
        self.reload()
        sheet.focus()

    def reload(self) -> None:
        from salesterm.store.pricing import listing
        from salesterm.store.pricing.access import can_edit

        customer_id, day, rep = self.customer_id, clock.today(), current_rep(self)

        def load():
            return listing.price_sheet(customer_id, day), listing.customer_prices(customer_id), can_edit(rep)

        self.db(load, then=self._show, group="cprices-load")

    def _show(self, loaded) -> None:
        (self.customer_name, kind, rows), self.agreed, self.editable = loaded
        # what differs from the list price first: agreed prices, price lists, then promotions
        self.rows = sorted(rows, key=lambda r: (ORDER[r.source], not r.promotions, r.code))
        sheet = self.query_one("#sheet-table", DataTable)
        sheet.clear()
        for r in self.rows[:SHOWN]:
            sheet.add_row(*self._cells(r), key=r.product_id)
        agreed = self.query_one("#agreed-table", DataTable)
        keep = agreed.cursor_row
        agreed.clear()
        for a in self.agreed:
            agreed.add_row(a.code, Text(a.name), format_money(a.price), span_text(a.starts, a.ends), Text(a.note),
                           key=a.id)
        if keep is not None and self.agreed:
            agreed.move_cursor(row=min(keep, len(self.agreed) - 1))
        parts = [self.customer_name, label(*KINDS[kind]) if kind in KINDS else kind,
                 _("prices on {day}", day=clock.today().isoformat()),
                 counted(len(self.rows), "{n} product", "{n} products")]
        if len(self.rows) > SHOWN:
            parts.append(_("the first {shown} shown, x exports all", shown=SHOWN))
        if not self.editable:
            parts.append(_("read only: a manager sets the prices"))
        self.query_one("#cprices-head", Static).update(Text(" · ".join(p for p in parts if p)))

    def _cells(self, r) -> tuple:
        style = {"customer": "bold green", "list": "cyan"}.get(r.source, "")
        return (r.code, Text(r.name), r.unit, Text(format_money(r.price), style="bold"),
                Text(source_text(r.source, r.source_name), style=style),
                Text(promotions_text(r.promotions), style="yellow"), format_money(r.list_price))

    def export_snapshot(self):
        """Every product's price (not only the rows shown) unless the agreed prices have the focus."""
        from salesterm.widgets.table_export import Snapshot, cell_text, from_data_table

        if self.query_one("#agreed-table", DataTable).has_focus:
            return from_data_table(self.query_one("#agreed-table", DataTable), name="agreed-prices")
        sheet = self.query_one("#sheet-table", DataTable)
        headers = [cell_text(c.label) for c in sheet.ordered_columns]
        return Snapshot(headers, rows=[[cell_text(c) for c in self._cells(r)] for r in self.rows], name="prices")

    def _agreed_row(self):
        table = self.query_one("#agreed-table", DataTable)
        row = table.cursor_row
        return self.agreed[row] if self.agreed and row is not None and 0 <= row < len(self.agreed) else None

    def action_new(self) -> None:
        from salesterm.screens.forms.prices import CustomerPriceFormScreen

        if self._may_edit():
            self.app.push_screen(CustomerPriceFormScreen(self.customer_id, self.customer_name), self._after)

    def action_edit(self) -> None:
        from salesterm.screens.forms.prices import CustomerPriceFormScreen

        row = self._agreed_row()
        if row is None:
            self.app.notify(_("No agreed price to change: press n to add one."), severity="warning")
            return
        if self._may_edit():
            self.app.push_screen(CustomerPriceFormScreen(self.customer_id, self.customer_name, row), self._after)

    def action_delete(self) -> None:
        from salesterm.screens.forms.choice_prompt import ChoicePrompt
        from salesterm.store.pricing import admin

        row = self._agreed_row()
        if row is None or not self._may_edit():
            return

        def answered(yes) -> None:
            if yes:
                self.db(admin.delete_customer_price, row.id, then=lambda _r: self.reload(), group="cprices-write")

        what = f"{row.code} {format_money(row.price)}"
        self.app.push_screen(ChoicePrompt(_("Delete {what}?", what=what), [(_("Delete"), True), (_("Keep"), False)]),
                             answered)

    def action_export(self) -> None:
        export_view(self, "".join(c if c.isalnum() else "-" for c in self.customer_name or "customer") + "-prices")

    def action_back(self) -> None:
        self.app.pop_screen()
