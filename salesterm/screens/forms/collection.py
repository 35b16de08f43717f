"""Modal forms of collecting: a write-off as bad debt, a promise to pay, a logged attempt.

Imported through screens/forms/money.py with the other money forms.
"""
from __future__ import annotations

from datetime import timedelta

from textual.widgets import Select, Static

from salesterm import clock, i18n
from salesterm.domain import collection as rules
from salesterm.domain.dates import parse_date
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money, parse_money
from salesterm.i18n import _
from salesterm.screens.forms.base import form_row
from salesterm.screens.forms.money_base import MoneyForm, app_ladder, optional_text, positive_money, required_text
from salesterm.store.ledger import attempts as collection_log
from salesterm.store.ledger import promises
from salesterm.store.ledger import receivables as ledger
from salesterm.widgets.fields import ValidatedField
from salesterm.widgets.session import current_rep


def _optional_money(text: str) -> int:
    return parse_money(text, allow_zero=False) if text.strip() else 0


def _optional_date(text: str):
    return parse_date(text) if text.strip() else None


def _not_past(text: str):
    day = parse_date(text)
    if day < clock.today():
        raise UserError("forms.date_already_past")
    return day


class WriteOffScreen(MoneyForm):
    """Write off what is still open on a receivable as bad debt (坏账), with a reason."""

    TITLE_TEXT = "Write off as bad debt"
    SAVED_TEXT = "Written off"

    def compose_fields(self):
        yield form_row(_("Receivable"), Select([], prompt=_("choose the receivable"),
                                                 id="select-writeoff"))
        yield ValidatedField("amount", _("Amount (yuan)"), positive_money, required=True)
        yield ValidatedField("reason", _("Reason"), required_text, required=True)
        yield ValidatedField("day", _("Date"), parse_date, clock.today().isoformat(), required=True)

    def loaded(self, view: dict) -> None:
        choices = [(f"{r['number']}  {_('due')} {r['due']}  {_('open')} {format_money(r['open'])}", r["id"])
                   for r in view["open"]]
        select = self.query_one("#select-writeoff", Select)
        select.set_options(choices)
        if choices:
            select.value = choices[0][1]
        else:
            self.set_status(_("Nothing is open: there is nothing to write off."))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "select-writeoff" and self.view is not None:
            found = next((r for r in self.view["open"] if r["id"] == event.value), None)
            if found is not None:
                self.fields["amount"].input.value = format_money(found["open"])

    def prepare(self):
        value = self.query_one("#select-writeoff", Select).value
        if not isinstance(value, str):
            raise UserError("forms.choose_receivable_to_write_off")
        f = self.fields
        return (ledger.write_off, (value,), {"amount": f["amount"].value(),
                                             "reason": f["reason"].value(), "day": f["day"].value()})


class PromiseScreen(MoneyForm):
    """The customer promises to pay an amount by a date; breaking it counts a slip."""

    TITLE_TEXT = "Promise to pay"
    SAVED_TEXT = "Promise recorded"

    def compose_fields(self):
        yield ValidatedField("promised_date", _("Pays by"), _not_past,
                             (clock.today() + timedelta(days=7)).isoformat(), required=True)
        yield ValidatedField("amount", _("Amount (yuan)"), positive_money, required=True)
        yield ValidatedField("note", _("Note"), optional_text)
        yield Static("", id="promise-hint", markup=False)

    def loaded(self, view: dict) -> None:
        owed = view["overdue"] or view["balance"]
        if owed:
            self.fields["amount"].input.value = format_money(owed)
        self.query_one("#promise-hint", Static).update(
            _("A broken promise counts one slip; the second slip escalates to the manager."))

    def prepare(self):
        f = self.fields
        return (promises.make_promise, (self.customer_id,),
                {"promised_date": f["promised_date"].value(), "amount": f["amount"].value(),
                 "note": f["note"].value(), "rep": current_rep(self)})


class AttemptScreen(MoneyForm):
    """Log a collection attempt: paid, partly paid, promised, refused, not met, with a note."""

    TITLE_TEXT = "Log a collection attempt"
    SAVED_TEXT = "Attempt logged"

    def compose_fields(self):
        yield form_row(_("Outcome"), Select([(i18n.label(*v), k) for k, v in rules.OUTCOMES.items()],
                                              value="not_met", allow_blank=False, id="select-outcome"))
        yield ValidatedField("amount", _("Paid (yuan)"), _optional_money)
        yield form_row(_("Method"), Select([(i18n.label(*v), k) for k, v in rules.METHODS.items()],
                                             value="cash", allow_blank=False, id="select-attempt-method"))
        yield ValidatedField("promised_date", _("Promised date"), _optional_date)
        yield ValidatedField("promised_amount", _("Promised amount"), _optional_money)
        yield ValidatedField("note", _("Note"), optional_text)
        yield Static("", id="attempt-hint", markup=False)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "select-outcome":
            return
        hints = {
            "paid": _("Type the amount received: the payment is recorded too."),
            "partly_paid": _("Type the amount received: the payment is recorded too."),
            "promised": _("Type the promised date and amount."),
            "refused": _("A refusal counts one slip; the second escalates to the manager."),
            "not_met": _("Not meeting the customer counts one slip; the second escalates."),
        }
        self.query_one("#attempt-hint", Static).update(hints.get(event.value, ""))

    def prepare(self):
        f = self.fields
        outcome = self.query_one("#select-outcome", Select).value
        amount = f["amount"].value()
        promised_date, promised_amount = f["promised_date"].value(), f["promised_amount"].value()
        if outcome in ("paid", "partly_paid") and not amount:
            f["amount"].set_error(_("say how much was paid"))
            f["amount"].focus()
            return None
        if outcome == "promised":
            if promised_date is None:
                f["promised_date"].set_error(_("required"))
                f["promised_date"].focus()
                return None
            if not promised_amount:
                f["promised_amount"].set_error(_("required"))
                f["promised_amount"].focus()
                return None
        return (collection_log.log_attempt, (self.customer_id,),
                {"outcome": outcome, "note": f["note"].value(), "amount": amount,
                 "method": self.query_one("#select-attempt-method", Select).value,
                 "promised_date": promised_date, "promised_amount": promised_amount,
                 "rep": current_rep(self), "ladder": app_ladder(self.app)})
