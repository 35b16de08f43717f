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
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, SelectionList, Static

from salesterm.domain import visit_rules
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money
from salesterm.i18n import _, join_list, language
from salesterm.screens.forms.base import FormResult, FormScreen, Outcome, guarded
from salesterm.screens.forms.visit_parts import _pairs, _visit_day
from salesterm.widgets.customer_picker import CustomerPicker
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField


def _save_plan(visit_id, customer_id, deal_id, fields):
    from salesterm.store import visits

    if visit_id:
        return visits.update_visit(visit_id, **fields).id
    if not customer_id:
        raise UserError("forms.choose_customer_first")
    return visits.plan_visit(customer_id, deal_id=deal_id, **fields).id


def _save_plan_once(visit_id, customer_id, deal_id, fields, allow_twice: bool) -> FormResult:
    """As _save_plan; a new visit for a customer who already has one planned that day comes back
    as CONFIRM with the slots taken, for the rep to confirm."""
    from salesterm.store import visits

    if not visit_id and customer_id and not allow_twice:
        slots = visits.planned_slots(customer_id, fields["day"])
        if slots:
            return FormResult(Outcome.CONFIRM, slots)
    return FormResult.saved(_save_plan(visit_id, customer_id, deal_id, fields))


class PlanVisitScreen(FormScreen):
    FRAME = "-tall"
    CANCELLED = False

    def __init__(self, customer_id: str | None = None, deal_id: str | None = None,
                 visit_id: str | None = None, *, day: date | None = None,
                 slot: str | None = None) -> None:
        super().__init__()
        self.customer_id, self.deal_id, self.visit_id = customer_id, deal_id, visit_id
        self.day, self.slot = day, slot
        self.last_reason = ""
        self._twice_warned = False  # the rep was told the customer already has a visit that day
        self.TITLE_TEXT = _("Edit visit") if visit_id else _("Plan a visit")

    def compose_fields(self) -> ComposeResult:
        if self.customer_id or self.deal_id or self.visit_id:
            yield Static("", id="visit-customer")
        else:
            yield CustomerPicker(id="visit-picker")
        with Horizontal(classes="form-pair"):
            yield ValidatedField("day", _("Date"), _visit_day, input_id="visit-date", placeholder="YYYY-MM-DD",
                                 required=True)
            yield Select(compact=True, options=_pairs(visit_rules.SLOTS), value="am", allow_blank=False,
                         id="visit-slot")
        yield Label(_("Sales objectives"), classes="form-label")
        yield SelectionList(*_pairs(visit_rules.SALES_OBJECTIVES), id="visit-sales", compact=True)
        yield Label(_("Administrative objectives"), classes="form-label")
        yield SelectionList(*_pairs(visit_rules.ADMIN_OBJECTIVES), id="visit-admin", compact=True)
        yield Static("", id="visit-money", classes="form-note")
        yield Label(_("Reason for this visit (must differ from the last one)"), classes="form-label")
        yield Input(id="visit-reason")
        yield Static("", id="visit-reason-warn", classes="form-warn")
        yield Label(_("Special proposal for this customer"), classes="form-label")
        yield Input(id="visit-proposal")
        yield Label(_("Pitch script"), classes="form-label")
        yield Select(compact=True, options=[], prompt=_("(none)"), id="visit-script")
        yield Static("", id="visit-script-body", classes="form-note")
        yield Label(_("Materials to bring"), classes="form-label")
        yield SelectionList(*_pairs(visit_rules.MATERIALS), id="visit-materials", compact=True)

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
        if not self.record_ready(form):
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
        self.mark_clean()

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
        if not self.customer_id and not self.visit_id:
            self.set_status(_("Choose a customer first."))
            return
        if not self.checked():
            return
        values = self._values()
        allow_twice, self._twice_warned = self._twice_warned, False
        run_in_db(self, guarded, _save_plan_once, self.visit_id, self.customer_id, self.deal_id, values,
                  allow_twice, then=self._saved)

    def _saved(self, result) -> None:
        if result.kind is Outcome.CONFIRM:
            self._twice_warned = True
            shown = join_list(visit_rules.labels(result.value, visit_rules.SLOTS, language()))
            self.set_status(_(
                "This customer already has a visit planned that day ({slots}): ctrl+s again plans "
                "another one.", slots=shown))
            return
        if not result.ok:
            self.set_status(result.value)
            return
        self.app.notify(_("Visit planned"))
        self.saved(result.value)

# LogVisitScreen(visit_id) is part of this module's public contract; it lives in visit_log.py.
from salesterm.screens.forms.visit_log import LogVisitScreen, MoveVisitScreen  # noqa: E402,F401
