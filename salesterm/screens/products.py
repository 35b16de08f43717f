"""The product catalogue (商品): every product in code order, a virtual list that pages its rows;
`/` searches it as the product picker does (code, barcode, name, pinyin of every reading,
initials), `n` adds a product, enter (or `e`) edits the one under the cursor, `d` discontinues
or reactivates it, `a` shows or hides the discontinued ones, `x` exports what is shown, `i` imports a file as
`salesterm import products FILE` does (every row or none).
Opened from the reports section (`p`) and the command palette (商品 / Catalogue)."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, Static

from salesterm import i18n
from salesterm.domain import products as rules
from salesterm.domain.money import format_money
from salesterm.i18n import _, counted
from salesterm.screens.base import SectionScreen
from salesterm.screens.forms.export_prompt import export_view
from salesterm.widgets.lazy_table import Column, LazyTable
from salesterm.widgets.selection import take_saved


def _case(row) -> Text:
    if not row.case_unit or row.case_size <= 1:
        return Text("—", style="dim")
    return Text(f"{row.case_size}{row.unit}/{row.case_unit}")


def _status(row) -> Text:
    label = rules.status_label(row.status, i18n.language())
    return Text(label, style="dim italic" if row.status == "discontinued" else "")


def columns() -> list[Column]:
    """The most telling first: at 80 columns the barcode (and the unit) fall off the right."""
    return [
        Column("code", _("Code"), 9, lambda r: Text(r.code)),
        Column("name", _("Name"), 22, lambda r: Text(r.name)),
        Column("spec", _("Spec"), 10, lambda r: Text(r.spec or "—")),
        Column("price", _("List price"), 10, lambda r: Text(format_money(r.list_price)), align="right"),
        Column("status", _("Status"), 12, _status),
        Column("case", _("Case"), 9, _case),
        Column("unit", _("Unit"), 4, lambda r: Text(r.unit or "—")),
        Column("barcode", _("Barcode"), 13, lambda r: Text(r.barcode or "—")),
    ]


class ProductsScreen(SectionScreen):
    SECTION = "reports"
    DEFAULT_CSS = """
    ProductsScreen #products-head { height: 1; padding: 0 1; color: $text-muted; }
    ProductsScreen #products-search { display: none; }
    ProductsScreen #products-search.searching { display: block; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="products.back"),
        Binding("slash", "search", "Search", id="products.search"),
        Binding("n", "new", "New", id="products.new"),
        Binding("e", "edit", "Edit", id="products.edit"),
        Binding("d", "toggle_status", "Discontinue/reactivate", id="products.status"),
        Binding("a", "toggle_all", "Show discontinued", id="products.all"),
        Binding("x", "export", "Export", id="products.export"),
        Binding("i", "import_file", "Import", id="products.import"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.include_discontinued = True
        self.total = 0
        self._request = 0

    def compose_body(self):
        yield Static("", id="products-head", markup=False)
        yield Input(placeholder=_("Search products: code, name, pinyin initials, barcode"), id="products-search")
        table = LazyTable(columns(), id="products-table")
        table.empty_text = _("Loading…")
        yield table

    @property
    def table(self) -> LazyTable:
        return self.query_one("#products-table", LazyTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.reload()

    # ---- loading --------------------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        from salesterm.store.products import listing

        self._request += 1
        request, query, every = self._request, self.query_text, self.include_discontinued
        page = LazyTable.PAGE

        def loader(offset: int, limit: int, done) -> None:
            self.db(listing.page, query, every, offset, limit, then=done, group=f"products-page-{offset}")

        def shown(result) -> None:
            if result is None or request != self._request or not self.is_attached:
                return
            count, first, cursor = result
            self.total = count
            table = self.table
            table.empty_text = _("No product matches.") if query else _(
                "No products yet. Press n to add one, or import them: salesterm import products FILE")
            table.set_source(count, loader, first_page=first, cursor=cursor,
                             fetch=lambda offset, limit: listing.page(query, every, offset, limit))
            self._show_head()

        self.db(listing.first_page, query, every, page, keep, then=shown, group="products-list")

    def _show_head(self) -> None:
        head = counted(self.total, "{n} product", "{n} products")
        if self.query_text:
            head += " · " + _("search: {q}", q=self.query_text)
        head += " · " + (_("discontinued shown") if self.include_discontinued else _("active only"))
        self.query_one("#products-head", Static).update(Text(head))

    def on_screen_resume(self) -> None:
        found = take_saved(self.app)  # a product a form just wrote: it comes under the cursor
        self.reload(keep=found or (self.current().id if self.current() else None))

    def current(self):
        return self.table.current_row

    # ---- keys ---------------------------------------------------------------------------------
    def action_back(self) -> None:
        box = self.query_one("#products-search", Input)
        if box.has_focus or self.query_text:
            box.value = ""
            self.query_text = ""
            box.remove_class("searching")
            self.table.focus()
            self.reload()
            return
        self.app.pop_screen()

    def action_search(self) -> None:
        box = self.query_one("#products-search", Input)
        box.add_class("searching")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "products-search":
            self.query_text = event.value.strip()
            self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "products-search":
            self.table.focus()

    def action_new(self) -> None:
        from salesterm.screens.forms.product import ProductFormScreen

        self.app.push_screen(ProductFormScreen())

    def action_edit(self) -> None:
        from salesterm.screens.forms.product import ProductFormScreen

        row = self.current()
        if row is not None:
            self.app.push_screen(ProductFormScreen(row.id))

    def on_lazy_table_selected(self, event: LazyTable.Selected) -> None:
        self.action_edit()

    def action_toggle_status(self) -> None:
        from salesterm.store.products.catalogue import set_status

        row = self.current()
        if row is None:
            return
        status = "active" if row.status == "discontinued" else "discontinued"

        def done(_result) -> None:
            self.app.notify(_("{name}: {status}", name=row.name, status=rules.status_label(status, i18n.language())),
                            markup=False)
            self.reload(keep=row.id)

        self.db(set_status, row.id, status, then=done, group="products-status")

    def action_toggle_all(self) -> None:
        self.include_discontinued = not self.include_discontinued
        row = self.current()
        self.reload(keep=row.id if row else None)

    def action_export(self) -> None:
        export_view(self, "products")

    def action_import_file(self) -> None:
        """The import screen set to products (an ERP's product file): checked first, then every
        row or only the good ones; the list shows the result."""
        from salesterm.screens.forms.import_file import ImportScreen

        self.app.push_screen(ImportScreen("products"), lambda done: self.reload() if done else None)
