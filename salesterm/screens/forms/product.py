"""A product of the catalogue (商品), new or edited, in a form that checks as you type: code and
name required, prices in yuan (never negative), a case size of at least 1, a barcode of digits.
A code already used is refused on save with the product that holds it."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select

from salesterm import i18n
from salesterm.domain import products as rules
from salesterm.domain.money import format_money
from salesterm.i18n import _
from salesterm.screens.forms.base import FormScreen, form_row, guarded
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField

# (field, label, placeholder, required)
TEXT_FIELDS = (
    ("code", "Code", "SP0001", True),
    ("name", "Name", "金龙鱼食用调和油", True),
    ("spec", "Specification", "5L×4", False),
    ("unit", "Unit", "瓶", False),
    ("case_unit", "Case unit", "箱", False),
    ("case_size", "Units per case", "4", False),
    ("brand", "Brand", "", False),
    ("category", "Category", "", False),
    ("barcode", "Barcode", "6901234567890", False),
    ("list_price", "List price (yuan)", "0.00", False),
    ("floor_price", "Floor (yuan)", "set by a manager", False),
)


def _parser(name: str):
    if name == "case_size":
        return lambda text: rules.parse_case_size(text) if text.strip() else None
    if name == "barcode":
        return rules.parse_barcode
    if name == "list_price":
        return lambda text: rules.parse_price(text) if text.strip() else 0
    if name == "floor_price":
        return lambda text: rules.parse_price(text) if text.strip() else None
    return lambda text: rules.parse_text(name, text)


def _shown(name: str, value) -> str:
    if value is None:
        return ""
    if name in ("list_price", "floor_price"):
        return format_money(int(value), grouping=False)
    return str(value)


def save(fields: dict, product_id: str | None):
    from salesterm.store.products import catalogue

    return catalogue.save_product(fields, product_id)


class ProductFormScreen(FormScreen):
    FRAME = "-tall"

    def __init__(self, product_id: str | None = None) -> None:
        super().__init__()
        self.product_id = product_id
        self.TITLE_TEXT = Text(_("Edit product") if product_id else _("New product"))

    def compose_fields(self) -> ComposeResult:
        for name, label, placeholder, required in TEXT_FIELDS:
            # a placeholder is an example value, or a word (a message id, translated)
            yield ValidatedField(name, _(label), _parser(name), placeholder=_(placeholder), required=required)
        choices = [(i18n.label(*words), key) for key, words in rules.STATUSES.items()]
        yield form_row(_("Status"), Select(choices, value="active", allow_blank=False, compact=True,
                                           id="select-status"))

    def on_mount(self) -> None:
        if self.product_id:
            from salesterm.store.products.listing import product_fields

            run_in_db(self, product_fields, self.product_id, then=self._fill)
        self.fields["code"].focus()

    def _fill(self, values) -> None:
        if not self.record_ready(values):
            return
        for name, field in self.fields.items():
            field.input.value = _shown(name, values.get(name))
            field.initial = field.input.value
        self.query_one("#select-status", Select).value = values["status"]
        self.mark_clean()

    def action_save(self) -> None:
        if self._saving or not self.checked():
            return
        fields = {name: field.text for name, field in self.fields.items()}
        if not fields["case_size"].strip():
            fields.pop("case_size")  # a new product reads it from the specification (5L×4), else 1
            if self.product_id:
                fields["case_size"] = 1
        fields["status"] = self.query_one("#select-status", Select).value
        self._saving = True
        run_in_db(self, guarded, save, fields, self.product_id, then=self._done, on_error=self._save_failed)

    def _done(self, result) -> None:
        if self.answered(result):
            self.app.notify(_("Saved"))
            self.saved(result.value)
