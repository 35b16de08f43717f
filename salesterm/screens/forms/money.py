"""Modal forms for money in a customer's file: a delivery or invoice, a payment (with its
allocation shown before saving), a reversal instead of an edit; the write-off, promise and
attempt forms live in screens/collection_forms.py and are exported from here too.

Each form dismisses with True when it saved something (None when cancelled). Fields check
as they are typed (money via domain.money, dates via domain.dates); a refused save keeps
everything typed and says why.
"""
from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import Select, Static

from salesterm import clock, i18n
from salesterm.domain import collection as rules
from salesterm.domain.dates import parse_date
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money
from salesterm.i18n import _
from salesterm.screens.forms.base import form_row, guarded
from salesterm.screens.forms.money_base import MoneyForm, optional_text, positive_money, required_text
from salesterm.store.ledger import receivables as ledger
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField
from salesterm.widgets.session import current_rep


class RecordDeliveryScreen(MoneyForm):
    """A delivery or invoice the customer now owes; warns past the credit limit."""

    TITLE_TEXT = "Record a delivery or invoice"
    SAVED_TEXT = "Delivery recorded"

    def __init__(self, customer_id: str) -> None:
        super().__init__(customer_id)
        self._confirmed_amount: int | None = None

    def compose_fields(self):
        today = clock.today()
        yield ValidatedField("number", _("Number (单号)"), required_text, required=True)
        yield ValidatedField("issued", _("Issued"), parse_date, today.isoformat(), required=True)
        yield ValidatedField("due", _("Due"), parse_date, (today + timedelta(days=30)).isoformat(),
                             required=True)
        yield ValidatedField("amount", _("Amount (yuan)"), positive_money, required=True)
        yield Static("", id="credit-warning", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        run_in_db(self, ledger.next_number, then=self._number, group="money-number")

    def _number(self, number) -> None:
        field = self.fields["number"]
        if not field.text:
            field.input.value = number

    def on_validated_field_checked(self, event: ValidatedField.Checked) -> None:
        if event.field.field_name == "amount":
            self._confirmed_amount = None
            warning = self.query_one("#credit-warning", Static)
            warning.update("")
            if event.ok and self.view is not None:
                amount = event.field.value()
                run_in_db(self, guarded, ledger.credit_check, self.customer_id, amount,
                          then=self._credit, group="money-credit")

    def _credit(self, result) -> None:
        check = result.value
        warning = self.query_one("#credit-warning", Static)
        if result.ok and check.over:
            warning.update(Text("⚠ " + _("Over the credit limit: {after} owed against a limit of {limit}.",
                                         after=format_money(check.after),
                                         limit=format_money(check.limit)), style="bold yellow"))
        else:
            warning.update("")

    def prepare(self):
        f = self.fields
        issued, due, amount = f["issued"].value(), f["due"].value(), f["amount"].value()
        if due < issued:
            f["due"].set_error(_("the due date is before the issue date"))
            f["due"].focus()
            return None
        check = ledger_check(self.view, amount)
        if check and self._confirmed_amount != amount:
            self._confirmed_amount = amount
            self.set_status(_("This takes the customer over the credit limit ({after} against {limit}). "
                              "Press ctrl+s again to record it anyway.",
                              after=format_money(check[0]), limit=format_money(check[1])))
            return None
        return (ledger.record_receivable, (self.customer_id,),
                {"number": f["number"].value(), "issued": issued, "due": due, "amount": amount,
                 "rep": current_rep(self)})


def ledger_check(view: dict, amount: int) -> tuple[int, int] | None:
    """(owed after, limit) when AMOUNT more takes the customer over the limit, else None."""
    after = view["balance"] + amount
    limit = view["credit_limit"]
    return (after, limit) if limit > 0 and after > limit else None


class RecordPaymentScreen(MoneyForm):
    """Money received (cash, transfer, cheque ...), with the allocation shown before saving."""

    TITLE_TEXT = "Record a payment"
    SAVED_TEXT = "Payment recorded"

    def __init__(self, customer_id: str, visit_id: str | None = None) -> None:
        super().__init__(customer_id)
        self.visit_id = visit_id

    def compose_fields(self):
        yield ValidatedField("amount", _("Amount (yuan)"), positive_money, required=True)
        yield ValidatedField("day", _("Date"), parse_date, clock.today().isoformat(), required=True)
        yield form_row(_("Method"), Select([(i18n.label(*v), k) for k, v in rules.METHODS.items()],
                                             value="cash", allow_blank=False, id="select-method"))
        yield form_row(_("Settles first"), Select([], prompt=_("oldest due first"), id="select-receivable"))
        yield ValidatedField("number", _("Voucher no. (凭证号)"), optional_text)
        yield ValidatedField("note", _("Note"), optional_text)
        yield Static(_("Type an amount to see how it is allocated."), id="allocation", markup=False)

    def loaded(self, view: dict) -> None:
        self.query_one("#select-receivable", Select).set_options(
            [(f"{r['number']}  {_('due')} {r['due']}  {format_money(r['open'])}", r["id"])
             for r in view["open"]])
        if view["overdue"] > 0:
            self.fields["amount"].input.placeholder = format_money(view["overdue"])

    def _receivable(self):
        value = self.query_one("#select-receivable", Select).value
        return value if isinstance(value, str) else None

    def on_validated_field_checked(self, event: ValidatedField.Checked) -> None:
        if event.field.field_name == "amount":
            self._preview()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "select-receivable":
            self._preview()

    def _preview(self) -> None:
        field = self.fields["amount"]
        try:
            amount = positive_money(field.text)
        except (UserError, ValueError):
            self.query_one("#allocation", Static).update(_("Type an amount to see how it is allocated."))
            return
        run_in_db(self, guarded, ledger.preview_rows, self.customer_id, amount,
                  self._receivable(), then=self._show_preview, group="money-preview")

    def _show_preview(self, result) -> None:
        value = result.value
        box = self.query_one("#allocation", Static)
        if not result.ok:
            box.update(Text(value, style="red"))
            return
        text = Text(_("Allocation") + ":\n", style="bold")
        for number, due, open_fen, fen in value["rows"]:
            text.append(f"  {number}  {_('due')} {due}  {_('open')} {format_money(open_fen)}  →  "
                        f"{format_money(fen)}" + ("  ✓" if fen == open_fen else "") + "\n")
        if not value["rows"]:
            text.append("  " + _("nothing is open") + "\n")
        if value["left"]:
            text.append("  " + _("left as credit: {amount}", amount=format_money(value["left"])) + "\n",
                        style="yellow")
        box.update(text)

    def prepare(self):
        f = self.fields
        return (ledger.record_payment, (self.customer_id,),
                {"amount": f["amount"].value(), "day": f["day"].value(),
                 "method": self.query_one("#select-method", Select).value,
                 "number": f["number"].value() or None, "receivable_id": self._receivable(),
                 "note": f["note"].value(), "visit_id": self.visit_id,
                 "rep": current_rep(self)})


def method_label(method: str) -> str:
    return i18n.vocab_label(rules.METHODS, method)


class ReversePaymentScreen(MoneyForm):
    """Undo a payment by a reversal entry (payments are never edited)."""

    TITLE_TEXT = "Reverse a payment"
    SAVED_TEXT = "Payment reversed"

    def compose_fields(self):
        yield form_row(_("Payment"), Select([], prompt=_("choose the payment"), id="select-payment"))
        yield ValidatedField("day", _("Date"), parse_date, clock.today().isoformat(), required=True)
        yield ValidatedField("note", _("Why (required)"), required_text, required=True)

    def loaded(self, view: dict) -> None:
        choices = [(f"{p['day']}  {format_money(p['amount'])}  {method_label(p['method'])}"
                    f"{'  #' + p['number'] if p['number'] else ''}", p["id"])
                   for p in view["payments"] if not p["is_reversal"] and not p["reversed"]]
        select = self.query_one("#select-payment", Select)
        select.set_options(choices)
        if not choices:
            self.set_status(_("This customer has no payment that can be reversed."))
        else:
            select.value = choices[0][1]

    def prepare(self):
        value = self.query_one("#select-payment", Select).value
        if not isinstance(value, str):
            raise UserError("forms.choose_payment_to_reverse")
        f = self.fields
        return (ledger.reverse_payment, (value,), {"day": f["day"].value(), "note": f["note"].value()})


from salesterm.screens.forms.collection import (  # noqa: E402,F401  (one place to import them from)
    AttemptScreen,
    PromiseScreen,
    WriteOffScreen,
)

__all__ = ["RecordDeliveryScreen", "RecordPaymentScreen", "ReversePaymentScreen", "WriteOffScreen",
           "PromiseScreen", "AttemptScreen", "MoneyForm"]
