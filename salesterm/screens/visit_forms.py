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
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from salesterm.domain import stages, visit_rules
from salesterm.domain.dates import parse_date_or_none
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money
from salesterm.i18n import _, label, language
from salesterm.screens.base import run_in_db
from salesterm.screens.deal_forms import FORM_CSS
from salesterm.widgets.customer_picker import CustomerPicker

VISIT_CSS = FORM_CSS + """
.form-box SelectionList { height: auto; max-height: 7; }
.form-box .row { height: auto; }
.form-box .row > * { width: 1fr; }
.form-box .hint { color: $text-muted; }
.form-box .warn { color: $warning; }
"""


def _pairs(vocab):
    return [(label(zh, en), key) for key, (zh, en) in vocab.items()]


def _guard(fn, *args, **kwargs):
    """Run a store write; a user error comes back as ("error", message) for the form to show."""
    from salesterm.store.deals import ManConfirmationNeeded

    try:
        return "ok", fn(*args, **kwargs)
    except ManConfirmationNeeded as exc:
        return "man", exc.badge
    except UserError as exc:
        return "error", str(exc)


def _save_plan(visit_id, customer_id, deal_id, fields):
    from salesterm.store import visits

    if visit_id:
        return visits.update_visit(visit_id, **fields).id
    if not customer_id:
        raise UserError(_("Choose a customer first."))
    return visits.plan_visit(customer_id, deal_id=deal_id, **fields).id


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
        script.set_options([(f"{s.title} v{s.version}", s.id) for s in form.scripts])
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
            error.update(Text(str(exc)))
            return
        run_in_db(self, _guard, _save_plan, self.visit_id, self.customer_id, self.deal_id, values,
                  then=self._saved)

    def _saved(self, result) -> None:
        status, value = result
        if status != "ok":
            self.query_one("#visit-error", Static).update(Text(value))
            return
        self.app.notify(_("Visit planned"))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class LogVisitScreen(ModalScreen[bool]):
    DEFAULT_CSS = "LogVisitScreen { align: center middle; }" + VISIT_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="visit.log.save"),
        Binding("escape", "cancel", _("Cancel"), id="visit.log.cancel"),
    ]

    def __init__(self, visit_id: str) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.view = None

    def compose(self) -> ComposeResult:
        from salesterm.domain.collection import METHODS
        from salesterm.domain.notes_rules import REACTIONS

        with VerticalScroll(classes="form-box", id="log-form"):
            yield Static(_("Log the visit"), classes="form-title")
            yield Static("", id="log-head")
            yield Label(_("Stage reached"))
            yield Select(compact=True, options=[], prompt=_("(not recorded)"), id="log-stage")
            with Horizontal(classes="row"):
                yield Input(compact=True, id="log-order", placeholder=_("Order taken, yuan"))
                yield Input(compact=True, id="log-product", placeholder=_("Products"))
            with Horizontal(classes="row"):
                yield Input(compact=True, id="log-collected", placeholder=_("Money collected, yuan"))
                yield Select(compact=True, options=_pairs(METHODS), prompt=_("Method"), id="log-method")
            with Horizontal(classes="row"):
                yield Input(compact=True, id="log-promise-amount", placeholder=_("Promised amount, yuan"))
                yield Input(compact=True, id="log-promise-date", placeholder=_("Promised date YYYY-MM-DD"))
            yield Checkbox(compact=True, label=_("Complaint handled"), id="log-complaint")
            yield Input(compact=True, id="log-notes", placeholder=_("Notes: what happened, what the customer said"))
            yield Input(compact=True, id="log-revisit", placeholder=_("Next revisit (回访) YYYY-MM-DD"))
            yield Select(compact=True, options=[(label(r.zh, r.en), r.key) for r in REACTIONS],
                         prompt=_("Customer's reaction to the pitch script"), id="log-reaction")
            yield Static("", id="log-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(_("Save") + " (ctrl+s)", id="log-save", variant="primary")
                yield Button(_("Cancel"), id="log-cancel")

    def on_mount(self) -> None:
        from salesterm.store import visits

        run_in_db(self, visits.visit_view, self.visit_id, then=self._fill)
        self.query_one("#log-stage", Select).focus()

    def _fill(self, view) -> None:
        if view is None:
            self.dismiss(False)
            return
        self.view = view
        head = Text(view.customer, style="bold")
        head.append(f"  {view.grade or '-'}  {view.city}  {view.day.isoformat()} ")
        head.append(visit_rules.labels([view.slot], visit_rules.SLOTS, language())[0])
        goals = visit_rules.labels(view.sales + view.admin, visit_rules.PURPOSES, language())
        if goals:
            head.append("\n" + _("Objectives: ") + "、".join(goals))
        if view.reason:
            head.append("\n" + _("Reason: "))
            head.append(view.reason)
        if view.script:
            head.append("\n" + _("Script: "))
            head.append(view.script)
        self.query_one("#log-head", Static).update(head)
        tpl = stages.get_template(view.deal_template)
        self.query_one("#log-stage", Select).set_options(
            [(label(s.zh, s.en), s.key) for s in tpl.stages])
        if view.deal_stage and view.deal_stage != stages.LOST:
            self.query_one("#log-stage", Select).value = view.deal_stage
        self.query_one("#log-reaction", Select).display = bool(view.script)

    def _text(self, wid: str) -> str:
        return self.query_one(wid, Input).value.strip()

    def _values(self) -> dict:
        stage = self.query_one("#log-stage", Select).value
        method = self.query_one("#log-method", Select).value
        reaction = self.query_one("#log-reaction", Select).value
        return {
            "stage_reached": stage if isinstance(stage, str) else None,
            "order_amount": self._text("#log-order"),
            "order_product": self._text("#log-product"),
            "collected": self._text("#log-collected"),
            "payment_method": method if isinstance(method, str) else "",
            "promise_amount": self._text("#log-promise-amount"),
            "promise_date": self._text("#log-promise-date") or None,
            "complaint_handled": self.query_one("#log-complaint", Checkbox).value,
            "notes": self._text("#log-notes"),
            "revisit_date": self._text("#log-revisit") or None,
            "script_reaction": reaction if isinstance(reaction, str) else "",
        }

    def action_save(self, override: bool = False) -> None:
        from salesterm.store import visits

        values = self._values()
        run_in_db(self, _guard, visits.log_visit, self.visit_id, confirm_override=override,
                  **values, then=lambda result: self._saved(result, values))

    def _saved(self, result, values) -> None:
        status, value = result
        if status == "man":
            from salesterm.screens.deal_forms import ManConfirmScreen

            tpl = stages.get_template(self.view.deal_template if self.view else "handbook")
            stage = tpl.get(values["stage_reached"])

            def answered(yes):
                if yes:
                    self.action_save(override=True)

            self.app.push_screen(ManConfirmScreen(value, label(stage.zh, stage.en),
                                                  self.view.customer if self.view else ""), answered)
            return
        if status != "ok":
            self.query_one("#log-error", Static).update(Text(value))
            return
        msg = _("Visit logged")
        if value.payment_id:
            msg += " · " + _("payment recorded")
        if value.promise_id:
            msg += " · " + _("promise recorded")
        self.app.notify(msg)
        self.dismiss(True)

    @on(Button.Pressed, "#log-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#log-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(False)


class MoveVisitScreen(ModalScreen[tuple | None]):
    """Ask for a new date and slot; dismisses with (date text, slot) or None."""

    DEFAULT_CSS = "MoveVisitScreen { align: center middle; }" + VISIT_CSS
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="visit.move.cancel")]

    def __init__(self, customer: str, day: date, slot: str) -> None:
        super().__init__()
        self.customer, self.day, self.slot = customer, day, slot

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static(Text(_("Move the visit: ") + self.customer), classes="form-title")
            with Horizontal(classes="row"):
                yield Input(self.day.isoformat(), id="move-date", compact=True)
                yield Select(compact=True, options=_pairs(visit_rules.SLOTS), value=self.slot if self.slot in
                             visit_rules.SLOTS else "am", allow_blank=False, id="move-slot")
            yield Static(_("enter saves, escape cancels"), classes="hint")
            yield Static("", id="move-error", classes="form-error")

    def on_mount(self) -> None:
        self.query_one("#move-date", Input).focus()

    @on(Input.Submitted, "#move-date")
    def _submit(self, event: Input.Submitted) -> None:
        try:
            day = parse_date_or_none(event.value)
        except UserError as exc:
            self.query_one("#move-error", Static).update(Text(str(exc)))
            return
        if day is None:
            self.query_one("#move-error", Static).update(_("The visit needs a date."))
            return
        self.dismiss((day, self.query_one("#move-slot", Select).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
