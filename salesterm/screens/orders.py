"""The orders list (订单): every order newest first with its customer, rep, status, total and what
is still owed on it. Opened from the pipeline (`o`) and the palette (订单 / Orders).

`s` cycles the status filter, `r` the rep (a manager; a rep sees their own orders), `w` shows a
manager what waits for them (prices below the floor to decide, credit holds to release), `/`
searches the number, customer and products, `x` exports what is shown, `enter` opens the order
(screens/order_detail)."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from salesterm.domain import order_rules
from salesterm.i18n import _, counted, join_list
from salesterm.screens.base import SectionScreen
from salesterm.widgets import order_text
from salesterm.widgets.cycle import next_choice
from salesterm.widgets.selection import saved_index
from salesterm.widgets.session import current_rep

LIMIT = 2000  # orders loaded at once; the search and filters look through them
NARROW = 100  # a screen narrower than this (80x24) shows no date and receivable columns, so the
NARROW_CUSTOMER = 12  # status and total fit; customer names are cut to this many cells (…)


def waits_for_manager(order: dict) -> bool:
    """A price below the floor not yet decided, or a credit hold not released."""
    return order["status"] != order_rules.CANCELLED and (order["price_approval"] == "waiting" or order["held"])


def matches(order: dict, text: str) -> bool:
    needle = text.strip().lower()
    if not needle:
        return True
    hay = " ".join([order["number"], order["customer"], order["rep"], *(x["product"] for x in order["lines"])])
    return needle in hay.lower()


def _load(rep: str | None, status: str | None, waiting: bool):
    """The orders to show and the reps to filter by. WAITING: the manager's whole queue
    (listing.awaiting_manager), however old, not only among the newest LIMIT orders."""
    from salesterm.store.orders.listing import awaiting_manager, list_orders
    from salesterm.store.reps import rep_names

    if waiting:
        return [o for o in awaiting_manager(rep) if status is None or o["status"] == status], rep_names()
    return list_orders(rep=rep, status=status, limit=LIMIT), rep_names()


def _manager(rep: str | None) -> bool:
    from salesterm.store.sales.notes import is_manager

    return is_manager(rep)


class OrdersScreen(SectionScreen):
    SECTION = "pipeline"
    DEFAULT_CSS = """
    OrdersScreen #orders-head { height: 1; padding: 0 1; color: $text-muted; }
    OrdersScreen #orders-search { display: none; }
    OrdersScreen #orders-search.searching { display: block; }
    OrdersScreen #orders-table { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="orders.back"),
        Binding("enter", "open", "Open order", id="orders.open"),
        Binding("slash", "search", "Search", id="orders.search"),
        Binding("s", "filter_status", "Status", id="orders.filter_status"),
        Binding("r", "filter_rep", "Rep", id="orders.filter_rep"),
        Binding("w", "waiting", "Waiting for me", id="orders.waiting"),
        Binding("x", "export", "Export", id="orders.export"),
    ]

    def __init__(self, *, waiting: bool = False) -> None:
        super().__init__()
        self.orders: list[dict] = []
        self.shown: list[dict] = []
        self.status: str | None = None
        self.rep: str | None = None
        self.reps: list[str] = []
        self.manager = False
        self.waiting = waiting
        self.search_text = ""
        self._started = False
        self._narrow = False  # laid out for a narrow screen (NARROW)

    def compose_body(self):
        yield Static("", id="orders-head", markup=False)
        yield Input(placeholder=_("Search orders: number, customer, product"), id="orders-search")
        yield DataTable(id="orders-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#orders-table", DataTable).focus()
        me = current_rep(self)
        self.db(_manager, me, then=self._role, group="orders-role")

    def _role(self, manager: bool) -> None:
        self.manager = bool(manager)
        if not self.manager:
            self.rep = current_rep(self)  # a rep sees their own orders
            self.waiting = False
        self.refresh_bindings()
        self.reload()

    def reload(self) -> None:
        self.db(_load, self.rep, self.status, self.waiting, then=self._loaded, group="orders-load")

    def _loaded(self, answer) -> None:
        self.orders, self.reps = answer
        self._show()

    def _show(self) -> None:
        table = self.query_one("#orders-table", DataTable)
        keep = self._current_id()
        rows = [o for o in self.orders if matches(o, self.search_text) and (not self.waiting or waits_for_manager(o))]
        self.shown = rows
        columns = [_("Number"), _("Date"), _("Customer"), _("Rep"), _("Status"), _("Total"), _("Receivable"),
                   _("Waiting")]
        cells = [(o["id"], [
            Text(o["number"]), Text(o["date"].isoformat()), Text(o["customer"], overflow="ellipsis", no_wrap=True),
            Text(o["rep"] or "—"), order_text.status_cell(o["status"]),
            Text(order_text.yuan(o["total"]), justify="right"), Text(order_text.yuan(o["receivable"]), justify="right"),
            Text(self._waiting_text(o), style="bold yellow")]) for o in rows]
        most = None
        self._narrow = self._is_narrow()
        if self._narrow:  # the date is in the number; the receivable in the order
            keep = [i for i in range(len(columns)) if i not in (1, 6)]
            columns = [columns[i] for i in keep]
            cells = [(key, [row[i] for i in keep]) for key, row in cells]
            most = {1: NARROW_CUSTOMER}
        order_text.fill_table(table, columns, cells, most=most)
        ids = [o["id"] for o in rows]
        found = saved_index(self.app, ids)
        if found is None and keep in ids:
            found = ids.index(keep)
        if found is not None:
            table.move_cursor(row=found)
        self.query_one("#orders-head", Static).update(self._head(len(rows)))

    def _is_narrow(self) -> bool:
        return 0 < self.size.width < NARROW

    def on_resize(self) -> None:
        if self.orders and self._is_narrow() != self._narrow:
            self._show()

    @staticmethod
    def _waiting_text(o: dict) -> str:
        bits = []
        if o["held"] and o["status"] != order_rules.CANCELLED:
            bits.append(_("credit hold"))
        if o["price_approval"] == "waiting" and o["status"] != order_rules.CANCELLED:
            bits.append(_("price approval"))
        if o["price_approval"] == "refused":
            bits.append(_("price refused"))
        return join_list(bits)

    def _head(self, n: int) -> str:
        parts = [counted(n, "{n} order", "{n} orders")]
        parts.append(_("status: {s}", s=order_text.status_text(self.status)) if self.status else _("every status"))
        parts.append(_("rep: {rep}", rep=self.rep) if self.rep else _("every rep"))
        if self.waiting:
            parts.append(_("waiting for the manager"))
        if self.search_text:
            parts.append(_("search: {q}", q=self.search_text))
        if len(self.orders) >= LIMIT and not self.waiting:
            parts.append(_("the newest {n} only", n=LIMIT))
        return " · ".join(parts)

    def _current_id(self) -> str | None:
        table = self.query_one("#orders-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    # ---- keys ---------------------------------------------------------------------------------
    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("filter_rep", "waiting"):
            return self.manager
        if action == "open":
            return bool(self.shown) and not self.query_one("#orders-search", Input).has_focus
        return True

    def action_back(self) -> None:
        box = self.query_one("#orders-search", Input)
        if box.has_focus or self.search_text:
            box.value = ""
            self.search_text = ""
            box.remove_class("searching")
            self.query_one("#orders-table", DataTable).focus()
            self._show()
            return
        self.app.pop_screen()

    def action_search(self) -> None:
        box = self.query_one("#orders-search", Input)
        box.add_class("searching")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "orders-search":
            self.search_text = event.value.strip()
            self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#orders-table", DataTable).focus()

    def action_filter_status(self) -> None:
        self.status = next_choice(self.status, order_rules.STATUSES)
        self.reload()

    def action_filter_rep(self) -> None:
        self.rep = next_choice(self.rep, self.reps)
        self.reload()

    def action_waiting(self) -> None:
        self.waiting = not self.waiting
        self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        from salesterm.screens.order_detail import OrderDetailScreen

        order_id = self._current_id()
        if order_id:
            self.app.push_screen(OrderDetailScreen(order_id), lambda changed: changed and self.reload())

    def action_export(self) -> None:
        from salesterm.screens.forms.export_prompt import export_view

        export_view(self, "orders")
