"""Deal forms: new/edit a deal, the lost-reason prompt, and the M-A-N confirmation prompt."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Select, Static

from salesterm.domain import stages
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money
from salesterm.i18n import _, label
from salesterm.screens.forms.base import FormScreen, form_row, guarded
from salesterm.widgets.customer_picker import CustomerPicker
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField, date_field, money_field


def _reason(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise UserError(_("A lost deal needs a reason."))
    return text


class LostReasonScreen(FormScreen):
    """Ask why a deal was lost; dismisses with the reason, or None when cancelled."""

    FRAME = "-narrow"
    ENTER_SAVES = True

    def __init__(self, customer: str = "") -> None:
        super().__init__()
        self.customer = customer

    def compose_fields(self) -> ComposeResult:
        yield Static(_("Why was it lost? (price, competitor, no budget...)"), classes="form-note")
        yield ValidatedField("reason", _("Reason"), _reason, input_id="lost-reason")

    def on_mount(self) -> None:
        self.query_one("#form-title", Static).update(Text(_("Mark the deal lost: ") + self.customer))
        self.fields["reason"].focus()

    def action_save(self) -> None:
        if self.checked():
            self.dismiss(self.fields["reason"].value())


class ManConfirmScreen(FormScreen):
    """Moving into 促成 while M, A or N is not confirmed: go on anyway (recorded) or not.
    Dismisses with True (go on) or False; escape answers no."""

    FRAME = "-narrow"
    CANCELLED = False
    SAVES = False  # y or n answers
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, move on", id="deal.man.yes"),
        Binding("n", "answer(False)", "No", id="deal.man.no"),
    ]

    def __init__(self, badge: str, stage_label: str, customer: str = "") -> None:
        super().__init__()
        self.badge, self.stage_label, self.customer = badge, stage_label, customer

    def compose_fields(self) -> ComposeResult:
        yield Static(Text(_("M-A-N is not confirmed: {badge}", badge=self.badge)))
        yield Static(_("Money, authority and need should all be yes before {stage}.",
                       stage=self.stage_label))
        yield Static(_("Move on anyway? The override is recorded.  y = yes   n = no"), classes="form-warn")

    def on_mount(self) -> None:
        self.query_one("#form-title", Static).update(Text(self.customer))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(bool(yes))


def _save_deal(customer_id, deal_id, title, amount, close, stage, template):
    from salesterm.store.sales import deals

    if deal_id:
        return deals.update_deal(deal_id, title=title, amount=amount, expected_close=close).id
    if not customer_id:
        raise UserError("forms.choose_customer_first")
    return deals.create_deal(customer_id, title=title, amount=amount, expected_close=close,
                             stage=stage, template=template).id


def _load_deal(deal_id):
    from salesterm.store.sales import deals

    return deals.deal_and_customer(deal_id)


def _customer_name(customer_id):
    from salesterm.store.customers import get_customer

    return get_customer(customer_id).name


class DealFormScreen(FormScreen):
    """New deal (for a customer, or pick one) or edit a deal: title, expected amount, expected
    close date, first stage. Dismisses with True when it saved."""

    FRAME = "-narrow"
    CANCELLED = False

    def __init__(self, customer_id: str | None = None, deal_id: str | None = None,
                 template: str = "handbook") -> None:
        super().__init__()
        self.customer_id, self.deal_id, self.template = customer_id, deal_id, template
        self.TITLE_TEXT = _("Edit deal") if deal_id else _("New deal")

    def compose_fields(self) -> ComposeResult:
        tpl = stages.get_template(self.template)
        if self.customer_id or self.deal_id:
            yield Static("", id="deal-customer")
        else:
            yield CustomerPicker(id="deal-picker")
        yield ValidatedField("title", _("Title"), lambda t: " ".join(t.split()), input_id="deal-title",
                             placeholder=_("what is being sold"))
        yield money_field("amount", _("Expected amount (yuan)"), input_id="deal-amount")
        yield date_field("close", _("Expected close date"), input_id="deal-close")
        if not self.deal_id:
            choices = [(label(s.zh, s.en), s.key) for s in tpl.stages[:-1]]
            yield form_row(_("Stage"), Select(compact=True, options=choices,
                                              value=tpl.first_key(), allow_blank=False, id="deal-stage"))

    def on_mount(self) -> None:
        if self.deal_id:
            run_in_db(self, _load_deal, self.deal_id, then=self._loaded)
        elif self.customer_id:
            run_in_db(self, _customer_name, self.customer_id,
                      then=lambda name: self.query_one("#deal-customer", Static).update(Text(name)))
        focus = "#picker-input" if not (self.customer_id or self.deal_id) else "#deal-title"
        self.query_one(focus).focus()

    def _loaded(self, loaded) -> None:
        if not self.record_ready(loaded):
            return
        deal, name = loaded
        self.template = deal.template
        self.query_one("#deal-customer", Static).update(Text(name))
        self.query_one("#deal-title", Input).value = deal.title
        self.query_one("#deal-amount", Input).value = format_money(deal.amount)
        self.query_one("#deal-close", Input).value = (
            deal.expected_close.isoformat() if deal.expected_close else "")
        self.mark_clean()

    @on(CustomerPicker.Picked)
    def _picked(self, event: CustomerPicker.Picked) -> None:
        self.customer_id = event.customer_id  # the picker moved the cursor on to the title

    def action_save(self) -> None:
        if self._saving or not self.checked():
            return
        if not self.customer_id and not self.deal_id:
            self.set_status(_("Choose a customer first."))
            return
        stage = None if self.deal_id else self.query_one("#deal-stage", Select).value
        f = self.fields
        self._saving = True
        run_in_db(self, guarded, _save_deal, self.customer_id, self.deal_id, f["title"].text,
                  f["amount"].text, f["close"].value(), stage, self.template, then=self._saved,
                  on_error=self._save_failed)

    def _saved(self, result) -> None:
        if not self.answered(result):
            return
        self.app.notify(_("Saved"))
        self.saved(result.value)
