"""Log a visit (拜访记录) in a few keys: stage reached, order taken, money collected (a payment),
promise made, complaint handled, notes, the next revisit date (回访); and move a visit.

The order is taken line by line from the product catalogue (widgets/order_entry: priced by the
price system, the credit check shown before saving) and placed with the visit's log in one write
(store/orders/from_visit). While the catalogue is empty the free-text order (an amount and
``name×quantity`` products) stands in its place."""
from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Select, Static

from salesterm import clock
from salesterm.domain import stages, visit_rules
from salesterm.domain.dates import parse_date
from salesterm.domain.money import parse_money
from salesterm.i18n import _, error_text, join_list, label, language
from salesterm.screens.forms.base import FormScreen, Outcome, form_row, guarded
from salesterm.screens.forms.visit_parts import _pairs, _visit_day
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField
from salesterm.widgets.order_entry import OrderEntry
from salesterm.widgets.order_text import placed_text


def _optional(parse):
    return lambda text: parse(text) if text.strip() else None


class LogVisitScreen(FormScreen):
    FRAME = "-tall"
    CANCELLED = False

    def __init__(self, visit_id: str) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.view = None
        self.catalogue = False
        self.TITLE_TEXT = _("Log the visit")

    def compose_fields(self) -> ComposeResult:
        from salesterm.domain.collection import METHODS
        from salesterm.domain.notes_rules import REACTIONS

        money, day = _optional(parse_money), _optional(parse_date)
        yield Static("", id="log-head")
        yield form_row(_("Stage reached"), Select(compact=True, options=[], prompt=_("(not recorded)"), id="log-stage"))
        entry = OrderEntry(None, clock.today(), id="log-order-entry")
        entry.display = False
        yield entry
        yield ValidatedField("order", _("Order taken, yuan"), money, input_id="log-order")
        yield form_row(_("Products"), Input(id="log-product",
                                            placeholder=_("name×quantity, e.g. 金龙鱼5L×40，鲁花×20")),
                       row_id="row-products")
        yield ValidatedField("collected", _("Money collected, yuan"), money, input_id="log-collected")
        yield form_row(_("Method"), Select(compact=True, options=_pairs(METHODS), prompt=_("Method"), id="log-method"))
        yield ValidatedField("promise_amount", _("Promised amount, yuan"), money, input_id="log-promise-amount")
        yield ValidatedField("promise_date", _("Promised date"), day, input_id="log-promise-date",
                             placeholder="YYYY-MM-DD")
        yield form_row(_("Complaint handled"), Checkbox(label="", id="log-complaint"))
        yield form_row(_("Visit notes"), Input(id="log-notes",
                                         placeholder=_("Notes: what happened, what the customer said")))
        yield ValidatedField("revisit", _("Next revisit (回访)"), day, input_id="log-revisit",
                             placeholder="YYYY-MM-DD")
        yield form_row(_("Reaction"), Select(compact=True, options=[(label(r.zh, r.en), r.key) for r in REACTIONS],
                                            prompt=_("Customer's reaction to the pitch script"),
                                            id="log-reaction"), row_id="row-reaction")

    def on_mount(self) -> None:
        from salesterm.store import visits

        def load(visit_id):
            from salesterm.store.orders.from_visit import has_catalogue

            return visits.visit_view(visit_id), has_catalogue()

        run_in_db(self, load, self.visit_id, then=self._fill)
        self.query_one("#log-stage", Select).focus()

    def _fill(self, loaded) -> None:
        view, catalogue = loaded
        if not self.record_ready(view):
            return
        if view.status == "done":  # logged meanwhile (or elsewhere): show it instead of a blank form
            from salesterm.screens.forms.visit_record import already_logged

            self.dismiss(self.CANCELLED)
            already_logged(self.app, view.id)
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
        self.query_one("#row-reaction").display = bool(view.script)
        self.catalogue = catalogue
        entry = self.query_one(OrderEntry)
        entry.customer_id = view.customer_id
        entry.display = catalogue  # lines from the catalogue; the free-text order only without one
        self.query_one("#field-order").display = not catalogue
        self.query_one("#row-products").display = not catalogue

    def has_typed(self) -> bool:
        return super().has_typed() or (self.is_attached and bool(self.query_one(OrderEntry).lines))

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
        from salesterm.store.orders.from_visit import log_visit_with_order

        if not self.checked():
            return
        entry = self.query_one(OrderEntry)
        if self.catalogue and entry.has_typed_line() and not entry.add_line():
            return  # a line typed but not added, and it cannot be: its message is shown
        values = self._values()
        lines = entry.line_inputs() if self.catalogue else []
        run_in_db(self, guarded, log_visit_with_order, self.visit_id, lines, confirm_override=override,
                  **values, then=lambda result: self._saved(result, values))

    def _stage_label(self, key: str) -> str:
        stage = stages.get_template(self.view.deal_template if self.view else "handbook").get(key)
        return label(stage.zh, stage.en)

    def _saved(self, result, values) -> None:
        value = result.value
        if result.kind is Outcome.MAN_OVERRIDE:
            from salesterm.screens.forms.deal import ManConfirmScreen

            tpl = stages.get_template(self.view.deal_template if self.view else "handbook")
            stage = tpl.get(values["stage_reached"])

            def answered(yes):
                if yes:
                    self.action_save(override=True)

            self.app.push_screen(ManConfirmScreen(value, label(stage.zh, stage.en),
                                                  self.view.customer if self.view else ""), answered)
            return
        if not result.ok:
            self.set_status(value)
            return
        placed, value = value.order, value.log
        msg = _("Visit logged")
        if value.payment_id:
            msg += " · " + _("payment recorded")
        if value.promise_id:
            msg += " · " + _("promise recorded")
        if value.deal_id:
            msg += " · " + _("deal won: {stage}", stage=self._stage_label(value.deal_stage))
        if value.notice is not None:
            msg += " · " + error_text(value.notice)
        if placed is not None:
            msg += " · " + placed_text(placed)
        self.app.notify(msg)
        self.saved(self.visit_id)



class MoveVisitScreen(FormScreen):
    """Ask for a new date and slot; dismisses with (date, slot) or None. Enter saves."""

    FRAME = "-narrow"
    ENTER_SAVES = True

    def __init__(self, customer: str, day: date, slot: str) -> None:
        super().__init__()
        self.customer, self.day, self.slot = customer, day, slot
        self.TITLE_TEXT = Text(_("Move the visit: ") + customer)

    def compose_fields(self) -> ComposeResult:
        with Horizontal(classes="form-pair"):
            yield ValidatedField("day", _("Date"), _visit_day, self.day.isoformat(), input_id="move-date",
                                 required=True)
            yield Select(compact=True, options=_pairs(visit_rules.SLOTS), value=self.slot if self.slot in
                         visit_rules.SLOTS else "am", allow_blank=False, id="move-slot")

    def on_mount(self) -> None:
        self.query_one("#move-date", Input).focus()

    def action_save(self) -> None:
        if self.checked():
            self.dismiss((self.fields["day"].value(), self.query_one("#move-slot", Select).value))
