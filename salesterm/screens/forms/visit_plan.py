"""Plan a visit (访前准备) and log it (拜访记录): the two forms a rep uses every day.

PlanVisitScreen(customer_id=None, deal_id=None, visit_id=None): date and slot, sales and
administrative objectives (collection pre-filled when money is overdue), the reason (warned
when it repeats the last one), the special proposal, the pitch script, the materials.
LogVisitScreen(visit_id): stage reached, order, money collected, promise, complaint handled,
notes, next revisit date. Both dismiss with True when they saved.
"""
from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from salesterm.domain import visit_rules
from salesterm.domain.dates import parse_date_or_none
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money
from salesterm.i18n import _, error_text, join_list, language
from salesterm.widgets.db_worker import run_in_db
from salesterm.screens.forms.visit_parts import VISIT_CSS, _guard, _pairs
from salesterm.widgets.customer_picker import CustomerPicker


def _save_plan(visit_id, customer_id, deal_id, fields):
    from salesterm.store import visits

    if visit_id:
        return visits.update_visit(visit_id, **fields).id
    if not customer_id:
        raise UserError(_("Choose a customer first."))
    return visits.plan_visit(customer_id, deal_id=deal_id, **fields).id


def _save_plan_once(visit_id, customer_id, deal_id, fields, allow_twice: bool):
    """As _save_plan; a new visit for a customer who already has one planned that day comes back
    as ("twice", slots) for the rep to confirm."""
    from salesterm.store import visits

    if not visit_id and customer_id and not allow_twice:
        slots = visits.planned_slots(customer_id, fields["day"])
        if slots:
            return "twice", slots
    return "saved", _save_plan(visit_id, customer_id, deal_id, fields)


class PlanVisitScreen(ModalScreen[bool]):
    DEFAULT_CSS = "PlanVisitScreen { align: center middle; }" + VISIT_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="visit.plan.save"),
        Binding("escape", "cancel", _("Cancel"), id="visit.plan.cancel"),
    ]

    def __init__(self, customer_id: str | None = None, deal_id: str | None = None,
                 visit_id: str | None = None, *, day: date | None = None,
                 slot: str | None = None) -> None:
        super().__init__()
        self.customer_id, self.deal_id, self.visit_id = customer_id, deal_id, visit_id
        self.day, self.slot = day, slot
        self.last_reason = ""
        self._twice_warned = False  # the rep was told the customer already has a visit that day

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box", id="plan-form"):
            yield Static(_("Edit visit") if self.visit_id else _("Plan a visit"), classes="form-title")
            if self.customer_id or self.deal_id or self.visit_id:
                yield Static("", id="visit-customer")
            else:
                yield CustomerPicker(id="visit-picker")
            with Horizontal(classes="row"):
                yield Input(compact=True, id="visit-date", placeholder="YYYY-MM-DD")
                yield Select(compact=True, options=_pairs(visit_rules.SLOTS), value="am", allow_blank=False, id="visit-slot")
            yield Label(_("Sales objectives"))
            yield SelectionList(*_pairs(visit_rules.SALES_OBJECTIVES), id="visit-sales", compact=True)
            yield Label(_("Administrative objectives"))
            yield SelectionList(*_pairs(visit_rules.ADMIN_OBJECTIVES), id="visit-admin", compact=True)
            yield Static("", id="visit-money", classes="hint")
            yield Label(_("Reason for this visit (must differ from the last one)"))
            yield Input(compact=True, id="visit-reason")
            yield Static("", id="visit-reason-warn", classes="warn")
            yield Label(_("Special proposal for this customer"))
            yield Input(compact=True, id="visit-proposal")
            yield Label(_("Pitch script"))
            yield Select(compact=True, options=[], prompt=_("(none)"), id="visit-script")
            yield Static("", id="visit-script-body", classes="hint")
            yield Label(_("Materials to bring"))
            yield SelectionList(*_pairs(visit_rules.MATERIALS), id="visit-materials", compact=True)
            yield Static("", id="visit-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(_("Save") + " (ctrl+s)", id="visit-save", variant="primary")
                yield Button(_("Cancel"), id="visit-cancel")

    def on_mount(self) -> None:
        if self.customer_id or self.deal_id or self.visit_id:
            self._load()
            self.query_one("#visit-date", Input).focus()
        else:
            self.query_one("#visit-date", Input).value = (self.day or self._today()).isoformat()
            self.query_one("#picker-input").focus()

    def _today(self) -> date:
        from salesterm import clock

        return clock.today()

    def _load(self) -> None:
        from salesterm.store import visits

        run_in_db(self, visits.form_defaults, customer_id=self.customer_id, deal_id=self.deal_id,
                  visit_id=self.visit_id, day=self.day, then=self._fill)

    def _fill(self, form) -> None:
        if form is None:
            self.dismiss(False)
            return
        self.customer_id, self.deal_id = form.customer_id, form.deal_id
        self.last_reason = form.last_reason
        head = Text(form.customer, style="bold")
        head.append(f"  {form.grade or '-'}")
        if form.deal_title:
            head.append("  " + _("deal") + ": ")
            head.append(form.deal_title)
        if self.query("#visit-customer"):
            self.query_one("#visit-customer", Static).update(head)
        self.query_one("#visit-date", Input).value = form.day.isoformat()
        self.query_one("#visit-slot", Select).value = self.slot or form.slot
        for sel_id, keys in (("#visit-sales", form.sales), ("#visit-admin", form.admin),
                             ("#visit-materials", form.materials)):
            sl = self.query_one(sel_id, SelectionList)
            sl.deselect_all()
            for k in keys:
                sl.select(k)
        self.query_one("#visit-reason", Input).value = form.reason
        self.query_one("#visit-proposal", Input).value = form.proposal
        money = Text()
        if form.overdue:
            money.append(_("Overdue ¥{amount}: collection objective pre-filled",
                           amount=format_money(form.overdue)), style="bold")
        elif form.balance:
            money.append(_("Open balance ¥{amount}", amount=format_money(form.balance)))
        if self.last_reason:
            money.append("\n" + _("Last reason: "))
            money.append(self.last_reason)
        self.query_one("#visit-money", Static).update(money)
        self.scripts = {s.id: s for s in form.scripts}
        script = self.query_one("#visit-script", Select)
        script.set_options([(Text(f"{s.title} v{s.version}"), s.id) for s in form.scripts])
        if form.script_id in self.scripts:
            script.value = form.script_id
        self._check_reason()

    @on(CustomerPicker.Picked)
    def _picked(self, event: CustomerPicker.Picked) -> None:
        self.customer_id = event.customer_id
        self._load()
        self.query_one("#visit-date", Input).focus()

    @on(Input.Changed, "#visit-reason")
    def _reason_changed(self) -> None:
        self._check_reason()

    def _check_reason(self) -> None:
        reason = self.query_one("#visit-reason", Input).value
        warn = self.query_one("#visit-reason-warn", Static)
        if visit_rules.reason_repeats(reason, self.last_reason):
            warn.update(_("This repeats the last visit's reason: give the customer a new one."))
        else:
            warn.update("")

    @on(Select.Changed, "#visit-script")
    def _script_changed(self, event: Select.Changed) -> None:
        body = Text()
        s = getattr(self, "scripts", {}).get(event.value)
        if s is not None:
            body.append(s.body[:300])
        self.query_one("#visit-script-body", Static).update(body)

    @on(Button.Pressed, "#visit-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#visit-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def _values(self) -> dict:
        script = self.query_one("#visit-script", Select).value
        return {
            "day": self.query_one("#visit-date", Input).value,
            "slot": self.query_one("#visit-slot", Select).value,
            "sales_objectives": list(self.query_one("#visit-sales", SelectionList).selected),
            "admin_objectives": list(self.query_one("#visit-admin", SelectionList).selected),
            "reason": self.query_one("#visit-reason", Input).value,
            "proposal": self.query_one("#visit-proposal", Input).value,
            "script_id": script if isinstance(script, str) else None,
            "materials": list(self.query_one("#visit-materials", SelectionList).selected),
        }

    def action_save(self) -> None:
        error = self.query_one("#visit-error", Static)
        if not self.customer_id and not self.visit_id:
            error.update(_("Choose a customer first."))
            return
        values = self._values()
        try:
            if parse_date_or_none(values["day"]) is None:
                error.update(_("The visit needs a date."))
                return
        except UserError as exc:
            error.update(Text(error_text(exc)))
            return
        allow_twice, self._twice_warned = self._twice_warned, False
        run_in_db(self, _guard, _save_plan_once, self.visit_id, self.customer_id, self.deal_id, values,
                  allow_twice, then=self._saved)

    def _saved(self, result) -> None:
        status, value = result
        if status != "ok":
            self.query_one("#visit-error", Static).update(Text(value))
            return
        outcome, slots = value
        if outcome == "twice":
            self._twice_warned = True
            shown = join_list(visit_rules.labels(slots, visit_rules.SLOTS, language()))
            self.query_one("#visit-error", Static).update(Text(_(
                "This customer already has a visit planned that day ({slots}): ctrl+s again plans "
                "another one.", slots=shown)))
            return
        self.app.notify(_("Visit planned"))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


# LogVisitScreen(visit_id) is part of this module's public contract; it lives in visit_log.py.
from salesterm.screens.forms.visit_log import LogVisitScreen, MoveVisitScreen  # noqa: E402,F401
