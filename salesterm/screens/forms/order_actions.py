"""The forms an order's detail opens (screens/order_detail): deliver some of the goods (per-line
quantities, the rest stays to deliver: 部分签收) and return or exchange goods of a line with a
reason (售后服务). Each dismisses with what was typed; the detail screen runs the store call."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select

from salesterm.i18n import _
from salesterm.screens.forms.base import FormScreen, form_row
from salesterm.widgets.fields import ValidatedField

RETURN_KINDS = (("return", "退货", "Return"), ("exchange", "换货", "Exchange"))


def whole(most: int):
    """A parser of a whole quantity from 0 to MOST (base units)."""

    def parse(text: str) -> int:
        value = (text or "").strip() or "0"
        if not value.isdigit():
            raise ValueError(_("a whole number of units"))
        n = int(value)
        if n > most:
            raise ValueError(_("at most {n}", n=most))
        return n

    return parse


class DeliverLinesScreen(FormScreen):
    """Per-line quantities delivered now (base units); dismisses with {line_id: qty} or None."""

    FRAME = "-tall"

    def __init__(self, order: dict) -> None:
        super().__init__()
        self.order = order
        self.open_lines = [x for x in order["lines"] if x["qty"] - x["delivered"] > 0]
        self.TITLE_TEXT = Text(_("Deliver order {number}", number=order["number"]))

    def compose_fields(self) -> ComposeResult:
        for i, line in enumerate(self.open_lines):
            rest = line["qty"] - line["delivered"]
            yield ValidatedField(f"line{i}", line["product"], whole(rest), str(rest), input_id=f"deliver-{i}")

    def on_mount(self) -> None:
        # what is left to deliver goes under the box: the label column is too narrow for it
        for i, line in enumerate(self.open_lines):
            self.fields[f"line{i}"].set_hint(f"{_('to deliver')} {line['qty'] - line['delivered']}{line['unit']}")
        boxes = self.query(Input)
        if boxes:
            boxes.first().focus()

    def action_save(self) -> None:
        if not self.checked():
            return
        quantities = {line["id"]: self.fields[f"line{i}"].parse(self.fields[f"line{i}"].text)
                      for i, line in enumerate(self.open_lines)}
        if not any(quantities.values()):
            self.set_status(_("Not saved: type the quantity delivered of at least one line."))
            return
        self.dismiss(quantities)


class ReturnLineScreen(FormScreen):
    """Goods of one line coming back: quantity, return or exchange, the reason. Dismisses with
    (qty, kind, reason) or None."""

    FRAME = "-narrow"

    def __init__(self, line: dict) -> None:
        super().__init__()
        self.line = line
        self.most = max(line["delivered"] - line["returned"] - line.get("exchanged", 0), 0)
        self.TITLE_TEXT = Text(_("Return or exchange: {product}", product=line["product"]))

    def compose_fields(self) -> ComposeResult:
        yield ValidatedField("qty", _("Quantity ({unit}, at most {n})", unit=self.line["unit"], n=self.most),
                             whole(self.most), "", input_id="return-qty", required=True)
        yield form_row(_("Kind"), Select(compact=True, options=[(_(en), key) for key, _zh, en in RETURN_KINDS],
                                         value="return", allow_blank=False, id="return-kind"))
        yield form_row(_("Reason"), Input(id="return-reason", placeholder=_("why the goods come back")))

    def on_mount(self) -> None:
        self.query_one("#return-qty", Input).focus()

    def action_save(self) -> None:
        if not self.checked():
            return
        qty = self.fields["qty"].parse(self.fields["qty"].text)
        reason = self.query_one("#return-reason", Input).value.strip()
        if qty <= 0:
            self.set_status(_("Not saved: the quantity must be at least 1."))
            return
        if not reason:
            self.set_status(_("Not saved: say why the goods come back."))
            return
        self.dismiss((qty, self.query_one("#return-kind", Select).value, reason))
