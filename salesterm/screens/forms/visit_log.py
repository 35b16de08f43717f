"""Log a visit (拜访记录) in a few keys: stage reached, order taken, money collected (a payment),
promise made, complaint handled, notes, the next revisit date (回访); and move a visit."""
from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from salesterm.domain import stages, visit_rules
from salesterm.domain.dates import parse_date, parse_date_or_none
from salesterm.domain.errors import UserError
from salesterm.domain.money import parse_money
from salesterm.i18n import _, error_text, join_list, label, language
from salesterm.widgets.db_worker import run_in_db
from salesterm.screens.forms.visit_parts import VISIT_CSS, _guard, _pairs
from salesterm.widgets.fields import read_box


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
            head.append("\n" + _("Objectives: ") + join_list(goals))
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

    def _bad_field(self) -> tuple[Input, str] | None:
        """The first amount or date box holding what cannot be read, with a message naming it
        (the boxes carry their names as placeholders, hidden once something is typed)."""
        for wid, parse in (("#log-order", parse_money), ("#log-collected", parse_money),
                           ("#log-promise-amount", parse_money), ("#log-promise-date", parse_date),
                           ("#log-revisit", parse_date)):
            box = self.query_one(wid, Input)
            if not box.value.strip():
                continue
            try:
                read_box(box, box.placeholder, parse)
            except UserError as exc:
                return box, str(exc)
        return None

    def action_save(self, override: bool = False) -> None:
        from salesterm.store import visits

        bad = self._bad_field()
        if bad is not None:
            box, message = bad
            self.query_one("#log-error", Static).update(Text(message))
            box.focus()
            return
        values = self._values()
        run_in_db(self, _guard, visits.log_visit, self.visit_id, confirm_override=override,
                  **values, then=lambda result: self._saved(result, values))

    def _saved(self, result, values) -> None:
        status, value = result
        if status == "man":
            from salesterm.screens.forms.deal import ManConfirmScreen

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
            self.query_one("#move-error", Static).update(Text(error_text(exc)))
            return
        if day is None:
            self.query_one("#move-error", Static).update(_("The visit needs a date."))
            return
        self.dismiss((day, self.query_one("#move-slot", Select).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
