"""A customer's file (客户档案): profile, contacts, visits, deals, trade log, orders, money, notes
and a timeline, one tab each. On the Orders tab `n` takes a new order outside a visit and
`enter` opens an order's detail. `[`/`]` switch tabs, arrows move in lists, `escape` closes the file.
Keys of a tab open the forms that add to it; the file reloads when a form saved something."""
from __future__ import annotations

from importlib import import_module

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static, TabbedContent, TabPane

from salesterm import clock
from salesterm.i18n import _
from salesterm.screens import customer_file_views as views
from salesterm.screens.customer_file_orders import customer_orders, order_rows
from salesterm.store.customers import admin as customer_admin
from salesterm.store.team.audit import load_file  # the file, with the audit trail on a team server
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.keys import TranslatedKeys
from salesterm.widgets.selection import saved_index

TABS = ("profile", "contacts", "visits", "deals", "trade", "orders", "money", "notes", "timeline")
TAB_TITLES = {"profile": "Profile", "contacts": "Contacts", "visits": "Visits", "deals": "Deals",
              "trade": "Trade log", "orders": "Orders", "money": "Money", "notes": "Notes", "timeline": "Timeline"}
# key -> (module, class, tab where it applies, label)
MONEY_FORMS = {
    "payment": ("money", "RecordPaymentScreen"),
    "delivery": ("money", "RecordDeliveryScreen"),
    "reverse": ("money", "ReversePaymentScreen"),
    "write_off": ("money", "WriteOffScreen"),
    "promise": ("money", "PromiseScreen"),
    "attempt": ("money", "AttemptScreen"),
}
TAB_ACTIONS = {
    "new": {"contacts", "visits", "deals", "notes", "orders"},
    "edit": {"profile", "contacts", "deals", "notes"},
    "log_visit": {"visits"},
    **{name: {"money"} for name in MONEY_FORMS},
}


def _table(id: str) -> DataTable:
    table = DataTable(id=id, cursor_type="row", zebra_stripes=True)
    return table


class CustomerFileScreen(TranslatedKeys, Screen):
    DEFAULT_CSS = """
    CustomerFileScreen #file-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    CustomerFileScreen TabbedContent { height: 1fr; }
    CustomerFileScreen TabPane { height: 1fr; padding: 0; }
    CustomerFileScreen #profile-scroll { height: 1fr; }
    CustomerFileScreen DataTable { height: 1fr; }
    CustomerFileScreen .file-caption { padding: 0 1; color: $text-muted; }
    CustomerFileScreen #deal-history, CustomerFileScreen #note-body { height: auto; max-height: 12; padding: 0 1; }
    CustomerFileScreen #money-summary { height: auto; padding: 0 1; }
    CustomerFileScreen #receivables, CustomerFileScreen #payments, CustomerFileScreen #promises { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back", id="file.close"),
        Binding("right_square_bracket", "tab(1)", "Next tab", id="file.next_tab"),
        Binding("left_square_bracket", "tab(-1)", "Previous tab", id="file.prev_tab"),
        Binding("e", "edit", "Edit", id="file.edit"),
        Binding("n", "new", "Add", id="file.new"),
        Binding("l", "log_visit", "Log visit", id="file.log_visit"),
        Binding("p", "payment", "Payment", id="file.payment"),
        Binding("d", "delivery", "Delivery", id="file.delivery"),
        Binding("v", "reverse", "Reverse", id="file.reverse"),
        Binding("w", "write_off", "Write off", id="file.write_off"),
        Binding("o", "promise", "Promise", id="file.promise"),
        Binding("t", "attempt", "Attempt", id="file.attempt"),
        Binding("r", "restore", "Restore", id="file.restore"),
        Binding("x", "export", "Export", id="file.export", show=False),
        Binding("dollar_sign", "prices", "Prices", id="file.prices"),
    ]

    def __init__(self, customer_id: str, *, deal_id: str | None = None) -> None:
        """DEAL_ID: open on the Deals tab with that deal chosen (its history shown)."""
        super().__init__()
        self.customer_id = customer_id
        self.file = None
        self.orders: list[dict] = []
        self._open_deal = deal_id

    def compose(self):
        yield Static(_("Loading…"), id="file-title", markup=False)
        with TabbedContent(id="file-tabs", initial="deals" if self._open_deal else "profile"):
            with TabPane(_("Profile"), id="profile"), VerticalScroll(id="profile-scroll"):
                yield Static("", id="profile-text", markup=False)
            with TabPane(_("Contacts"), id="contacts"):
                yield _table("contacts-table")
            with TabPane(_("Visits"), id="visits"):
                yield _table("visits-table")
            with TabPane(_("Deals"), id="deals"):
                yield _table("deals-table")
                yield Static("", id="deal-history", markup=False)
            with TabPane(_("Trade log"), id="trade"):
                yield _table("trade-table")
            with TabPane(_("Orders"), id="orders"):
                yield _table("orders-table")
            with TabPane(_("Money"), id="money"):
                yield Static("", id="money-summary", markup=False)
                yield Label(_("Receivables"), classes="file-caption")
                yield _table("receivables")
                yield Label(_("Payments"), classes="file-caption")
                yield _table("payments")
                yield Label(_("Promises and collection attempts"), classes="file-caption")
                yield _table("promises")
            with TabPane(_("Notes"), id="notes"):
                yield _table("notes-table")
                yield Static("", id="note-body", markup=False)
            with TabPane(_("Timeline"), id="timeline"):
                yield _table("timeline-table")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    # ---- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        run_in_db(self, load_file, self.customer_id, then=self._show, group="file-load")
        run_in_db(self, customer_orders, self.customer_id, then=self._show_orders, group="file-orders")

    def _show_orders(self, orders) -> None:
        if orders is None or not self.is_attached:
            return
        self.orders = orders
        self._fill("orders-table", *order_rows(orders))

    def _show(self, cf) -> None:
        if cf is None or not self.is_attached:
            return
        self.file = cf
        self.customer_id = cf.id
        title = Text()
        title.append(cf.profile["name"])
        title.append(f"   {_('Grade')} {cf.profile['grade'] or '—'}   {cf.man_badge}   "
                     f"{_('Prospect class')} {cf.prospect_class}   {cf.profile['rep_name']}", style="dim")
        if cf.archived:
            title.append("   " + _("archived"), style="bold red")
        self.query_one("#file-title", Static).update(title)
        self.query_one("#profile-text", Static).update(views.profile_text(cf))
        self.query_one("#money-summary", Static).update(views.money_summary(cf))
        self._fill("contacts-table", *views.contact_rows(cf))
        self._fill("visits-table", *views.visit_rows(cf))
        self._fill("deals-table", *views.deal_rows(cf))
        self._fill("trade-table", *views.trade_rows(cf))
        self._fill("receivables", *views.receivable_rows(cf, clock.today()))
        self._fill("payments", *views.payment_rows(cf))
        self._fill("promises", *views.promise_rows(cf))
        self._fill("notes-table", *views.note_rows(cf))
        self._fill("timeline-table", *views.timeline_rows(cf))
        timeline = self.query_one("#timeline-table", DataTable)
        if timeline.row_count:
            timeline.move_cursor(row=timeline.row_count - 1)
        if self._open_deal:
            self._choose_deal(self._open_deal)
            self._open_deal = None
        self._show_deal_history()
        self._show_note_body()
        self.refresh_bindings()
        self._focus_tab()

    def _fill(self, table_id: str, columns, rows) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_columns(*columns)
        for key, cells in rows:
            table.add_row(*[c if isinstance(c, Text) else Text(str(c)) for c in cells], key=key)
        found = saved_index(self.app, [key for key, _cells in rows])  # a row a form just wrote
        if found is not None:
            table.move_cursor(row=found)
        elif rows:
            table.move_cursor(row=min(keep, len(rows) - 1))

    def _choose_deal(self, deal_id: str) -> None:
        table = self.query_one("#deals-table", DataTable)
        if deal_id in table.rows:
            table.move_cursor(row=table.get_row_index(deal_id))

    # ---- tabs -----------------------------------------------------------------------------
    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or "profile"

    def action_tab(self, step: int) -> None:
        i = TABS.index(self.tab) if self.tab in TABS else 0
        self.query_one(TabbedContent).active = TABS[(i + step) % len(TABS)]

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        self._focus_tab()

    def _focus_tab(self) -> None:
        pane = self.query_one(f"#{self.tab}", TabPane)
        targets = pane.query(DataTable) or pane.query(VerticalScroll)
        if targets:
            targets.first().focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """`enter` on a visit: a logged one opens read-only, a planned one opens its log form;
        on an order: its detail."""
        if event.data_table.id == "orders-table":
            from salesterm.screens.order_detail import OrderDetailScreen

            order_id = self._selected("orders-table")
            if order_id:
                self.app.push_screen(OrderDetailScreen(order_id), self._after_form)
            return
        if event.data_table.id != "visits-table" or self.file is None:
            return
        visit = self._visit()
        if visit is None:
            return
        if visit["status"] == "done":
            from salesterm.screens.forms.visit_record import VisitRecordScreen

            self.app.push_screen(VisitRecordScreen(visit["id"]), self._after_form)
        elif not self.file.archived:
            self.action_log_visit()

    def _visit(self) -> dict | None:
        visit_id = self._selected("visits-table")
        return next((v for v in self.file.visits if v["id"] == visit_id), None) if self.file else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "deals-table":
            self._show_deal_history()
        elif event.data_table.id == "notes-table":
            self._show_note_body()

    def _selected(self, table_id: str) -> str | None:
        table = self.query_one(f"#{table_id}", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def _show_deal_history(self) -> None:
        if self.file is None:
            return
        deal_id = self._selected("deals-table")
        deal = next((x for x in self.file.deals if x["id"] == deal_id), None)
        self.query_one("#deal-history", Static).update(views.deal_history_text(deal))

    def _show_note_body(self) -> None:
        if self.file is None:
            return
        note_id = self._selected("notes-table")
        note = next((x for x in self.file.notes if x["id"] == note_id), None)
        text = Text()
        if note:
            text.append(note["body"])
            if note["manager_comment"]:
                text.append("\n" + _("Manager: "), style="bold")
                text.append(note["manager_comment"])
        self.query_one("#note-body", Static).update(text)

    # ---- actions --------------------------------------------------------------------------
    def check_action(self, action: str, parameters) -> bool | None:
        if action in TAB_ACTIONS:
            if self.file is None or self.file.archived:
                return False
            return self.tab in TAB_ACTIONS[action]
        if action == "restore":
            return self.file is not None and self.file.archived
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def _open(self, module: str, cls: str, **kwargs) -> None:
        try:
            screen_cls = getattr(import_module(f"salesterm.screens.forms.{module}"), cls)
        except (ImportError, AttributeError):
            self.notify(_("This form is not available in this version."), severity="warning")
            return
        self.app.push_screen(screen_cls(**kwargs), self._after_form)

    def _after_form(self, result) -> None:
        if result:
            self.reload()

    def action_edit(self) -> None:
        tab = self.tab
        if tab == "profile":
            self._open("customer", "CustomerFormScreen", customer_id=self.customer_id)
        elif tab == "contacts":
            contact_id = self._selected("contacts-table")
            if contact_id:
                self._open("customer", "ContactFormScreen", customer_id=self.customer_id,
                           contact_id=contact_id)
        elif tab == "deals":
            deal_id = self._selected("deals-table")
            if deal_id:
                self._open("deal", "DealFormScreen", customer_id=self.customer_id, deal_id=deal_id)
        elif tab == "notes":
            note_id = self._selected("notes-table")
            if note_id:
                self._open("note", "NoteFormScreen", customer_id=self.customer_id, note_id=note_id)

    def action_new(self) -> None:
        tab = self.tab
        if tab == "contacts":
            self._open("customer", "ContactFormScreen", customer_id=self.customer_id)
        elif tab == "visits":
            self._open("visit_plan", "PlanVisitScreen", customer_id=self.customer_id)
        elif tab == "deals":
            self._open("deal", "DealFormScreen", customer_id=self.customer_id)
        elif tab == "notes":
            self._open("note", "NoteFormScreen", customer_id=self.customer_id)
        elif tab == "orders":
            self._open("order", "NewOrderScreen", customer_id=self.customer_id,
                       customer_name=str(self.file.profile.get("name") or "") if self.file else "")

    def action_log_visit(self) -> None:
        visit = self._visit()
        if visit is None:
            return
        if visit["status"] == "done":
            from salesterm.screens.forms.visit_record import already_logged

            already_logged(self.app, visit["id"])
            return
        self._open("visit_log", "LogVisitScreen", visit_id=visit["id"])

    def _money(self, name: str) -> None:
        module, cls = MONEY_FORMS[name]
        self._open(module, cls, customer_id=self.customer_id)

    def action_payment(self) -> None:
        self._money("payment")

    def action_delivery(self) -> None:
        self._money("delivery")

    def action_reverse(self) -> None:
        self._money("reverse")

    def action_write_off(self) -> None:
        self._money("write_off")

    def action_promise(self) -> None:
        self._money("promise")

    def action_attempt(self) -> None:
        self._money("attempt")

    def action_export(self) -> None:
        """The list of the tab shown (visits, deals, receivables ...), every row as shown."""
        from salesterm.screens.forms.export_prompt import export_view

        name = str(self.file.profile.get("name") or "customer") if self.file is not None else "customer"
        export_view(self, "".join(c if c.isalnum() else "-" for c in name) + f"-{self.tab}")

    def action_prices(self) -> None:
        """The customer's price for every product today, and where it comes from (screens/customer_prices)."""
        from salesterm.screens.customer_prices import CustomerPricesScreen

        self.app.push_screen(CustomerPricesScreen(self.customer_id))

    def action_restore(self) -> None:
        run_in_db(self, customer_admin.restore_customer, self.customer_id,
                  then=lambda c: c is not None and self.reload(), group="file-write")
