"""The price system (价格体系): price lists by customer kind and grade with their items,
promotions, and floor prices, on three tabs. Opened from the reports section (`$`) and the
palette. Managers and admins change it; a rep reads it (the keys say why they do nothing)."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static, TabbedContent, TabPane

from salesterm import clock
from salesterm.domain import price_terms as terms
from salesterm.domain.customer import KINDS
from salesterm.domain.money import format_money
from salesterm.i18n import _, counted, label
from salesterm.screens.base import SectionScreen
from salesterm.screens.forms.export_prompt import export_view
from salesterm.widgets.session import current_rep

TABS = ("lists", "promotions", "floors")


def who_text(kind: str, grade: str) -> str:
    """'经销商 A', '任何类型' ...: whom a list or promotion is for."""
    parts = [label(*KINDS[kind]) if kind in KINDS else kind] if kind else []
    if grade:
        parts.append(grade)
    return " ".join(parts) if parts else _("everyone")


def span_text(starts, ends) -> str:
    if not starts and not ends:
        return _("always")
    return f"{starts.isoformat() if starts else '…'} – {ends.isoformat() if ends else '…'}"


def offer_text(kind: str, buy_qty: int, free_qty: int, discount_bp: int) -> str:
    if kind == "discount":
        return _("{pct} off", pct=terms.discount_text(discount_bp))
    return _("buy {buy} get {free}", buy=buy_qty, free=free_qty)


def _money(fen) -> str:
    return "—" if fen is None else format_money(fen)


def _load():
    from salesterm.store.pricing import listing

    return listing.price_lists(), listing.promotions(), listing.floors()


class PriceEditing:
    """What both price screens do around a manager's edit: say who may change prices (a rep reads
    them), and show the change after a form saved it."""

    editable = False

    def _may_edit(self) -> bool:
        if not self.editable:
            self.app.notify(_("Only a manager or an admin can change the price system."), severity="warning")
        return self.editable

    def _after(self, saved) -> None:
        if saved:
            self.reload()


class PriceSystemScreen(PriceEditing, SectionScreen):
    SECTION = "reports"
    DEFAULT_CSS = """
    PriceSystemScreen #prices-head { height: 1; padding: 0 1; color: $text-muted; }
    PriceSystemScreen TabbedContent { height: 1fr; }
    PriceSystemScreen TabPane { height: 1fr; padding: 0; }
    PriceSystemScreen #lists-table { height: 1fr; }
    PriceSystemScreen #lists-side { height: 2fr; border-top: solid $panel; }
    PriceSystemScreen .prices-caption { padding: 0 1; text-style: bold; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="prices.back"),
        Binding("right_square_bracket", "tab(1)", "Next tab", id="prices.next_tab"),
        Binding("left_square_bracket", "tab(-1)", "Previous tab", id="prices.prev_tab"),
        Binding("n", "new", "New", id="prices.new"),
        Binding("e", "edit", "Edit", id="prices.edit"),
        Binding("a", "add_item", "Add product", id="prices.add_item"),
        Binding("d", "delete", "Delete", id="prices.delete"),
        Binding("x", "export", "Export", id="prices.export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lists: list = []
        self.items: list = []
        self.promotions: list = []
        self.floors: list = []
        self.editable = False

    def compose_body(self):
        yield Static("", id="prices-head")
        with TabbedContent(id="prices-tabs", initial="lists"):
            with TabPane(_("Price lists"), id="lists"), Vertical():
                yield DataTable(id="lists-table", cursor_type="row", zebra_stripes=True)
                with Vertical(id="lists-side"):
                    yield Label("", id="items-caption", classes="prices-caption", markup=False)
                    yield DataTable(id="items-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Promotions"), id="promotions"):
                yield DataTable(id="promotions-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Floor prices"), id="floors"):
                yield DataTable(id="floors-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for table_id, columns in (
            ("lists-table", (_("Price list"), _("For"), _("Dates"), _("Products"))),
            ("items-table", (_("Code"), _("Product"), _("Unit"), _("List price"), _("Price"))),
            ("promotions-table", (_("Promotion"), _("Offer"), _("Product"), _("For"), _("Dates"), _("Now"))),
            ("floors-table", (_("Code"), _("Product"), _("Unit"), _("List price"), _("Floor price"))),
        ):
            table = self.query_one(f"#{table_id}", DataTable)
            for title in columns:
                table.add_column(title)
        self.reload()
        self.query_one("#lists-table", DataTable).focus()

    # ---- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        from salesterm.store.pricing.access import can_edit

        rep = current_rep(self)

        def load():
            return (*_load(), can_edit(rep))

        self.db(load, then=self._show, group="prices-load")

    def _show(self, loaded) -> None:
        self.lists, self.promotions, self.floors, self.editable = loaded
        today = clock.today()
        self._fill("lists-table", [(r.id, (Text(r.name), who_text(r.customer_kind, r.grade),
                                           span_text(r.starts, r.ends), str(r.items))) for r in self.lists])
        self._fill("promotions-table", [(r.id, (
            Text(r.name), offer_text(r.kind, r.buy_qty, r.free_qty, r.discount_bp),
            Text(r.product or _("all products")),
            who_text(r.customer_kind, r.grade), span_text(r.starts, r.ends),
            Text("●", style="green") if r.starts <= today <= r.ends else "")) for r in self.promotions])
        self._fill("floors-table", [(r.product_id, (r.code, Text(r.name), r.unit, _money(r.list_price),
                                                    _money(r.floor_price))) for r in self.floors])
        self._head()
        self.load_items()

    def _fill(self, table_id: str, rows) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        keep = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if keep is not None and rows:
            table.move_cursor(row=min(keep, len(rows) - 1))

    def _head(self) -> None:
        parts = [counted(len(self.lists), "{n} price list", "{n} price lists"),
                 counted(len(self.promotions), "{n} promotion", "{n} promotions")]
        if not self.editable:
            parts.append(_("read only: a manager sets the prices"))
        self.query_one("#prices-head", Static).update(Text(" · ".join(parts)))

    def current_list(self):
        return self._current("lists-table", self.lists)

    def _current(self, table_id: str, rows):
        table = self.query_one(f"#{table_id}", DataTable)
        row = table.cursor_row
        return rows[row] if rows and row is not None and 0 <= row < len(rows) else None

    def load_items(self) -> None:
        from salesterm.store.pricing import listing

        chosen = self.current_list()
        caption = self.query_one("#items-caption", Label)
        if chosen is None:
            caption.update(_("No price lists yet. Press n to make one."))
            self.items = []
            self._fill("items-table", [])
            return
        caption.update(_("Products in {name} (a adds one)", name=chosen.name))
        self.db(listing.list_items, chosen.id, then=self._show_items, group="prices-items")

    def _show_items(self, items) -> None:
        self.items = items
        self._fill("items-table", [(i.id, (i.code, Text(i.name), i.unit, _money(i.list_price), _money(i.price)))
                                   for i in items])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "lists-table":
            self.load_items()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    # ---- tabs ---------------------------------------------------------------------------------
    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or "lists"

    def action_tab(self, step: int) -> None:
        i = TABS.index(self.tab) if self.tab in TABS else 0
        self.query_one(TabbedContent).active = TABS[(i + step) % len(TABS)]

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        table = {"lists": "lists-table", "promotions": "promotions-table", "floors": "floors-table"}.get(self.tab)
        if table:
            self.query_one(f"#{table}", DataTable).focus()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "add_item":
            return self.tab == "lists"
        if action == "new":
            return self.tab in ("lists", "promotions")
        return True

    # ---- writing ------------------------------------------------------------------------------
    def _items_focused(self) -> bool:
        return self.query_one("#items-table", DataTable).has_focus

    def action_new(self) -> None:
        from salesterm.screens.forms.prices import PriceListFormScreen, PromotionFormScreen

        if not self._may_edit():
            return
        form = PromotionFormScreen() if self.tab == "promotions" else PriceListFormScreen()
        self.app.push_screen(form, self._after)

    def action_add_item(self) -> None:
        from salesterm.screens.forms.prices import ListItemFormScreen

        chosen = self.current_list()
        if chosen is None or not self._may_edit():
            return
        self.app.push_screen(ListItemFormScreen(chosen.id, chosen.name), self._after)

    def action_edit(self) -> None:
        from salesterm.screens.forms import prices as forms

        if not self._may_edit():
            return
        if self.tab == "promotions":
            row = self._current("promotions-table", self.promotions)
            form = forms.PromotionFormScreen(row) if row else None
        elif self.tab == "floors":
            row = self._current("floors-table", self.floors)
            form = forms.FloorFormScreen(row) if row else None
        elif self._items_focused():
            chosen, item = self.current_list(), self._current("items-table", self.items)
            form = forms.ListItemFormScreen(chosen.id, chosen.name, item.code, item.price) if chosen and item else None
        else:
            row = self.current_list()
            form = forms.PriceListFormScreen(row) if row else None
        if form is not None:
            self.app.push_screen(form, self._after)

    def action_delete(self) -> None:
        from salesterm.screens.forms.choice_prompt import ChoicePrompt
        from salesterm.store.pricing import admin

        if not self._may_edit():
            return
        if self.tab == "promotions":
            row = self._current("promotions-table", self.promotions)
            target = (row.name, admin.delete_promotion, row.id) if row else None
        elif self.tab == "lists" and self._items_focused():
            item = self._current("items-table", self.items)
            target = (f"{item.code} {item.name}", admin.remove_list_item, item.id) if item else None
        elif self.tab == "lists":
            row = self.current_list()
            target = (row.name, admin.delete_price_list, row.id) if row else None
        else:
            target = None  # a floor is cleared in its form
        if target is None:
            return
        what, fn, row_id = target

        def answered(yes) -> None:
            if yes:
                self.db(fn, row_id, then=lambda _r: self.reload(), group="prices-write")

        self.app.push_screen(ChoicePrompt(_("Delete {what}?", what=what), [(_("Delete"), True), (_("Keep"), False)]),
                             answered)

    # ---- export -------------------------------------------------------------------------------
    def export_snapshot(self):
        """The tab shown; on the lists tab the focused table (the lists, or the chosen list's products)."""
        from salesterm.widgets.table_export import from_data_table

        table_id = {"promotions": "promotions-table", "floors": "floors-table"}.get(self.tab)
        if table_id is None:
            table_id = "items-table" if self._items_focused() else "lists-table"
        return from_data_table(self.query_one(f"#{table_id}", DataTable), name=f"prices-{table_id[:-6]}")

    def action_export(self) -> None:
        export_view(self, f"prices-{self.tab}")

    def action_back(self) -> None:
        self.app.pop_screen()
