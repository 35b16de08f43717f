"""Forms of the price system (价格体系): a price list, an item of a list, a promotion, a product's
floor price, a price agreed with one customer. Each checks as it is typed (a discount such as 5
or 5%, dates, the end not before the start) and the store refuses the rest (an unknown product,
an overlapping customer price) on the status line, the form kept open with what was typed."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select

from salesterm.domain import price_terms as terms
from salesterm.domain.customer import KINDS
from salesterm.domain.dates import parse_date
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money, parse_money
from salesterm.i18n import _, error_text, label
from salesterm.screens.forms.base import FormScreen, form_row, guarded
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField, date_field


def kind_choices() -> list[tuple[str, str]]:
    return [(_("any kind"), "")] + [(label(*KINDS[k]), k) for k in terms.PRICED_KINDS]


def grade_choices() -> list[tuple[str, str]]:
    return [(_("any grade"), "")] + [(g, g) for g in terms.GRADES]


def _fen_text(fen: int | None) -> str:
    return "" if fen is None else format_money(fen, grouping=False)


def _price(text: str) -> int:
    return parse_money(text)


def _product(text: str) -> str:
    if not text.strip():
        raise UserError("pricing.unknown_product", product="—")
    return text.strip()


def _count(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or int(value) < 1:
        raise UserError("pricing.gift_needs_quantities")
    return int(value)


def _day_text(day) -> str:
    return day.isoformat() if day else ""


class _PriceForm(FormScreen):
    """Saves through guarded(store function); dismisses with True once saved."""

    CANCELLED = False
    DATES = ("starts", "ends")  # the two date fields whose order is checked as they are typed

    def run_save(self, fn, *args) -> None:
        if self._saving:
            return
        self._saving = True
        run_in_db(self, guarded, fn, *args, then=self._done, on_error=self._save_failed)

    def _done(self, result) -> None:
        if self.answered(result):
            self.app.notify(_("Saved"))
            self.saved(result.value if isinstance(result.value, str) else None)

    def on_validated_field_checked(self, event: ValidatedField.Checked) -> None:
        """The end before the start is said under the end as soon as both are dates."""
        fields = self.fields
        if event.field.field_name in self.DATES and all(n in fields for n in self.DATES):
            self._check_order(fields[self.DATES[0]], fields[self.DATES[1]])
        super().on_validated_field_checked(event)

    def _check_order(self, starts: ValidatedField, ends: ValidatedField) -> None:
        if starts.error is not None or ends.error not in (None, self._order_error):
            return  # a field that is no date says so itself
        try:
            terms.check_dates(parse_date(starts.text) if starts.text.strip() else None,
                              parse_date(ends.text) if ends.text.strip() else None)
        except UserError as exc:
            self._order_error = error_text(exc)
            ends.set_error(self._order_error)
            return
        if ends.error is not None:
            ends.set_error(None)

    _order_error: str | None = None

    def checked(self) -> bool:
        """Every field, and the end not before the start (refused like a bad field)."""
        if not super().checked():
            return False
        fields = self.fields
        if all(n in fields for n in self.DATES):
            ends = fields[self.DATES[1]]
            self._check_order(fields[self.DATES[0]], ends)
            if ends.error:
                self.refuse([ends])
                return False
        return True

    def date_fields(self, starts, ends, *, required: bool = False) -> ComposeResult:
        yield date_field("starts", _("Starts"), _day_text(starts), required=required, input_id="price-starts")
        yield date_field("ends", _("Ends"), _day_text(ends), required=required, input_id="price-ends")

    def dates(self) -> tuple[str, str]:
        f = self.fields
        return f["starts"].text, f["ends"].text


class PriceListFormScreen(_PriceForm):
    """A new price list, or a change to one (ROW: a listing.PriceListRow)."""

    def __init__(self, row=None) -> None:
        super().__init__()
        self.row = row
        self.TITLE_TEXT = Text(_("Price list: {name}", name=row.name) if row else _("New price list"))

    def compose_fields(self) -> ComposeResult:
        r = self.row
        yield ValidatedField("name", _("Name"), str, r.name if r else "", required=True, input_id="list-name",
                             placeholder=_("e.g. Distributors A 2027"))
        yield form_row(_("Customer kind"), Select(kind_choices(), value=r.customer_kind if r else "",
                                                  allow_blank=False, compact=True, id="list-kind"))
        yield form_row(_("Grade"), Select(grade_choices(), value=r.grade if r else "", allow_blank=False,
                                          compact=True, id="list-grade"))
        yield from self.date_fields(r.starts if r else None, r.ends if r else None)
        yield form_row(_("Note"), Input(r.note if r else "", id="list-note"))

    def on_mount(self) -> None:
        self.fields["name"].focus()

    def action_save(self) -> None:
        from salesterm.store.pricing import admin

        if not self.checked():
            return
        starts, ends = self.dates()
        values = {"name": self.fields["name"].text, "customer_kind": self.query_one("#list-kind", Select).value,
                  "grade": self.query_one("#list-grade", Select).value, "starts": starts, "ends": ends,
                  "note": self.query_one("#list-note", Input).value}
        self.run_save(admin.save_price_list, values, self.row.id if self.row else None)


class ListItemFormScreen(_PriceForm):
    """A product's price in a list (a product already in it changes its price)."""

    ENTER_SAVES = True

    def __init__(self, list_id: str, list_name: str, product: str = "", price: int | None = None) -> None:
        super().__init__()
        self.list_id, self.product, self.price = list_id, product, price
        self.TITLE_TEXT = Text(_("Price in {name}", name=list_name))

    def compose_fields(self) -> ComposeResult:
        yield ValidatedField("product", _("Product code"), _product, self.product, required=True,
                             input_id="item-product", placeholder=_("the product's code"))
        yield ValidatedField("price", _("Price (yuan)"), _price, _fen_text(self.price), required=True,
                             input_id="item-price", placeholder="0.00")

    def on_mount(self) -> None:
        self.fields["price" if self.product else "product"].focus()

    def action_save(self) -> None:
        from salesterm.store.pricing import admin

        if not self.checked():
            return
        self.run_save(admin.set_list_item, self.list_id, self.fields["product"].text,
                      self.fields["price"].value())


class PromotionFormScreen(_PriceForm):
    """A promotion: a gift (buy N get M free) or a discount (5 or 5%), for a product or all of them,
    for a kind and grade of customer, between two dates."""

    FRAME = "-tall"

    def __init__(self, row=None) -> None:
        super().__init__()
        self.row = row
        self.TITLE_TEXT = Text(_("Promotion: {name}", name=row.name) if row else _("New promotion"))

    def compose_fields(self) -> ComposeResult:
        r = self.row
        kinds = [(_("gift: buy N get M free"), "gift"), (_("discount in percent"), "discount")]
        yield ValidatedField("name", _("Name"), str, r.name if r else "", required=True, input_id="promo-name",
                             placeholder=_("e.g. buy 10 cases get 1"))
        yield form_row(_("Kind"), Select(kinds, value=r.kind if r else "gift", allow_blank=False, compact=True,
                                         id="promo-kind"))
        yield ValidatedField("buy_qty", _("Buy (units)"), _count, str(r.buy_qty) if r and r.buy_qty else "",
                             required=True, input_id="promo-buy")
        yield ValidatedField("free_qty", _("Free (units)"), _count, str(r.free_qty) if r and r.free_qty else "",
                             required=True, input_id="promo-free")
        yield ValidatedField("discount", _("Discount"), terms.parse_discount,
                             terms.discount_text(r.discount_bp) if r and r.discount_bp else "", required=True,
                             input_id="promo-discount", placeholder=_("5 or 5% (= 500 bp)"))
        yield ValidatedField("product", _("Product code"), str, r.product.split(" ")[0] if r and r.product else "",
                             input_id="promo-product", placeholder=_("empty: every product"))
        yield form_row(_("Customer kind"), Select(kind_choices(), value=r.customer_kind if r else "",
                                                  allow_blank=False, compact=True, id="promo-customer-kind"))
        yield form_row(_("Grade"), Select(grade_choices(), value=r.grade if r else "", allow_blank=False,
                                          compact=True, id="promo-grade"))
        yield from self.date_fields(r.starts if r else None, r.ends if r else None, required=True)
        yield form_row(_("Note"), Input(r.note if r else "", id="promo-note"))

    def on_mount(self) -> None:
        self._show_kind()
        self.fields["name"].focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "promo-kind":
            self._show_kind()

    def _show_kind(self) -> None:
        gift = self.query_one("#promo-kind", Select).value == "gift"
        f = self.fields
        f["buy_qty"].display = f["free_qty"].display = gift
        f["discount"].display = not gift

    def action_save(self) -> None:
        from salesterm.store.pricing import admin

        if not self.checked():
            return
        f = self.fields
        starts, ends = self.dates()
        values = {"name": f["name"].text, "kind": self.query_one("#promo-kind", Select).value,
                  "buy_qty": f["buy_qty"].text, "free_qty": f["free_qty"].text, "discount": f["discount"].text,
                  "product": f["product"].text, "customer_kind": self.query_one("#promo-customer-kind", Select).value,
                  "grade": self.query_one("#promo-grade", Select).value, "starts": starts, "ends": ends,
                  "note": self.query_one("#promo-note", Input).value}
        self.run_save(admin.save_promotion, values, self.row.id if self.row else None)


class FloorFormScreen(_PriceForm):
    """A product's floor price (底价): a line priced under it needs a manager's approval."""

    ENTER_SAVES = True

    def __init__(self, row) -> None:
        super().__init__()
        self.row = row
        self.TITLE_TEXT = Text(_("Floor price: {code} {name}", code=row.code, name=row.name))

    def compose_fields(self) -> ComposeResult:
        yield ValidatedField("floor", _("Floor (yuan)"), lambda t: parse_money(t) if t.strip() else None,
                             _fen_text(self.row.floor_price), input_id="floor-price",
                             placeholder=_("empty: no floor"))
        yield ValidatedField("list_price", _("List price"), str, format_money(self.row.list_price),
                             input_id="floor-list-price")

    def on_mount(self) -> None:
        self.query_one("#floor-list-price", Input).disabled = True
        self.fields["floor"].focus()

    def action_save(self) -> None:
        from salesterm.store.pricing import admin

        if not self.checked():
            return
        self.run_save(admin.set_floor, self.row.product_id, self.fields["floor"].text)


class CustomerPriceFormScreen(_PriceForm):
    """A price agreed with one customer for one product, between optional dates."""

    def __init__(self, customer_id: str, customer_name: str, row=None) -> None:
        super().__init__()
        self.customer_id, self.row = customer_id, row
        self.TITLE_TEXT = Text(_("Agreed price: {customer}", customer=customer_name))

    def compose_fields(self) -> ComposeResult:
        r = self.row
        yield ValidatedField("product", _("Product code"), _product, r.code if r else "", required=True,
                             input_id="cprice-product", placeholder=_("the product's code"))
        yield ValidatedField("price", _("Price (yuan)"), _price, _fen_text(r.price) if r else "", required=True,
                             input_id="cprice-price", placeholder="0.00")
        yield from self.date_fields(r.starts if r else None, r.ends if r else None)
        yield form_row(_("Note"), Input(r.note if r else "", id="cprice-note"))

    def on_mount(self) -> None:
        self.fields["price" if self.row else "product"].focus()

    def action_save(self) -> None:
        from salesterm.store.pricing import admin

        if not self.checked():
            return
        starts, ends = self.dates()
        values = {"customer_id": self.customer_id, "product": self.fields["product"].text,
                  "price": self.fields["price"].value(), "starts": starts, "ends": ends,
                  "note": self.query_one("#cprice-note", Input).value}
        self.run_save(admin.save_customer_price, values, self.row.id if self.row else None)
