"""Deal forms: new/edit a deal, the lost-reason prompt, and the M-A-N confirmation prompt."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from salesterm.domain import stages
from salesterm.domain.dates import parse_date_or_none
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money
from salesterm.i18n import _, error_text, label
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.customer_picker import CustomerPicker

FORM_CSS = """
.form-box { width: 76; height: auto; max-height: 95%; border: round $primary;
            background: $surface; padding: 0 1; }
.form-box Input { margin: 0; }
.form-title { text-style: bold; color: $primary; }
.form-error { color: $error; }
.form-buttons { height: auto; margin-top: 1; }
.form-buttons Button { margin-right: 2; }
"""


class LostReasonScreen(ModalScreen[str | None]):
    """Ask why a deal was lost; dismisses with the reason, or None when cancelled."""

    DEFAULT_CSS = "LostReasonScreen { align: center middle; }" + FORM_CSS
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="deal.lost.cancel")]

    def __init__(self, customer: str = "") -> None:
        super().__init__()
        self.customer = customer

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Text(_("Mark the deal lost: ") + self.customer), classes="form-title")
            yield Label(_("Why was it lost? (price, competitor, no budget...)"))
            yield Input(compact=True, id="lost-reason")
            yield Static("", id="lost-error", classes="form-error")

    @on(Input.Submitted, "#lost-reason")
    def _submit(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        if not reason:
            self.query_one("#lost-error", Static).update(_("A lost deal needs a reason."))
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ManConfirmScreen(ModalScreen[bool]):
    """Moving into 促成 while M, A or N is not confirmed: go on anyway (recorded) or not."""

    DEFAULT_CSS = "ManConfirmScreen { align: center middle; }" + FORM_CSS
    BINDINGS = [
        Binding("y", "answer(True)", _("Yes, move on"), id="deal.man.yes"),
        Binding("n,escape", "answer(False)", _("No"), id="deal.man.no"),
    ]

    def __init__(self, badge: str, stage_label: str, customer: str = "") -> None:
        super().__init__()
        self.badge, self.stage_label, self.customer = badge, stage_label, customer

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Text(self.customer), classes="form-title")
            yield Static(Text(_("M-A-N is not confirmed: {badge}", badge=self.badge)))
            yield Static(_("Money, authority and need should all be yes before {stage}.",
                           stage=self.stage_label))
            yield Static(_("Move on anyway? The override is recorded.  y = yes   n = no"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(bool(yes))


def _save_deal(customer_id, deal_id, title, amount, close, stage, template):
    from salesterm.store import deals

    if deal_id:
        return deals.update_deal(deal_id, title=title, amount=amount, expected_close=close).id
    if not customer_id:
        raise UserError(_("Choose a customer first."))
    return deals.create_deal(customer_id, title=title, amount=amount, expected_close=close,
                             stage=stage, template=template).id


def _load_deal(deal_id):
    from salesterm.store import deals

    return deals.deal_and_customer(deal_id)


def _customer_name(customer_id):
    from salesterm.store.customers import get_customer

    return get_customer(customer_id).name


class DealFormScreen(ModalScreen[bool]):
    """New deal (for a customer, or pick one) or edit a deal: title, expected amount, expected
    close date, first stage. Dismisses with True when it saved."""

    DEFAULT_CSS = "DealFormScreen { align: center middle; }" + FORM_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="deal.form.save"),
        Binding("escape", "cancel", _("Cancel"), id="deal.form.cancel"),
    ]

    def __init__(self, customer_id: str | None = None, deal_id: str | None = None,
                 template: str = "handbook") -> None:
        super().__init__()
        self.customer_id, self.deal_id, self.template = customer_id, deal_id, template

    def compose(self) -> ComposeResult:
        tpl = stages.get_template(self.template)
        with Vertical(classes="form-box"):
            yield Static(_("Edit deal") if self.deal_id else _("New deal"), classes="form-title")
            if self.customer_id or self.deal_id:
                yield Static("", id="deal-customer")
            else:
                yield CustomerPicker(id="deal-picker")
            yield Label(_("Title"))
            yield Input(compact=True, id="deal-title", placeholder=_("what is being sold"))
            yield Label(_("Expected amount (yuan)"))
            yield Input(compact=True, id="deal-amount", placeholder="0.00")
            yield Label(_("Expected close date"))
            yield Input(compact=True, id="deal-close", placeholder="YYYY-MM-DD")
            if not self.deal_id:
                yield Label(_("Stage"))
                yield Select(compact=True, options=[(label(s.zh, s.en), s.key) for s in tpl.stages[:-1]],
                             value=tpl.first_key(), allow_blank=False, id="deal-stage")
            yield Static("", id="deal-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(_("Save") + " (ctrl+s)", id="deal-save", variant="primary")
                yield Button(_("Cancel"), id="deal-cancel")

    def on_mount(self) -> None:
        if self.deal_id:
            run_in_db(self, _load_deal, self.deal_id, then=self._loaded)
        elif self.customer_id:
            run_in_db(self, _customer_name, self.customer_id,
                      then=lambda name: self.query_one("#deal-customer", Static).update(Text(name)))
        focus = "#picker-input" if not (self.customer_id or self.deal_id) else "#deal-title"
        self.query_one(focus).focus()

    def _loaded(self, loaded) -> None:
        deal, name = loaded
        self.template = deal.template
        self.query_one("#deal-customer", Static).update(Text(name))
        self.query_one("#deal-title", Input).value = deal.title
        self.query_one("#deal-amount", Input).value = format_money(deal.amount, grouping=False)
        self.query_one("#deal-close", Input).value = (
            deal.expected_close.isoformat() if deal.expected_close else "")

    @on(CustomerPicker.Picked)
    def _picked(self, event: CustomerPicker.Picked) -> None:
        self.customer_id = event.customer_id
        self.query_one("#deal-title", Input).focus()

    @on(Button.Pressed, "#deal-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#deal-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        error = self.query_one("#deal-error", Static)
        try:
            close = parse_date_or_none(self.query_one("#deal-close", Input).value)
        except UserError as exc:
            error.update(Text(error_text(exc)))
            return
        stage = None
        if not self.deal_id:
            stage = self.query_one("#deal-stage", Select).value
        if not self.customer_id and not self.deal_id:
            error.update(_("Choose a customer first."))
            return
        title = self.query_one("#deal-title", Input).value
        amount = self.query_one("#deal-amount", Input).value
        run_in_db(self, self._guarded_save, title, amount, close, stage, then=self._saved)

    def _guarded_save(self, title, amount, close, stage):
        try:
            return True, _save_deal(self.customer_id, self.deal_id, title, amount, close, stage,
                                    self.template)
        except UserError as exc:
            return False, error_text(exc)

    def _saved(self, result) -> None:
        ok, value = result
        if not ok:
            self.query_one("#deal-error", Static).update(Text(value))
            return
        self.app.notify(_("Saved"))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
