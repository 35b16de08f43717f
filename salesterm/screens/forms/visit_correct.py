"""Correct a logged visit: its notes, outcome and "complaint handled". The form opens on what the
visit holds now; saving keeps what it replaced (store/visits/correct). Dismisses with True when
it saved."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from salesterm.i18n import _
from salesterm.screens.forms.base import FormScreen, form_row, guarded
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.session import current_rep


class VisitCorrectScreen(FormScreen):
    FRAME = "-tall"
    CANCELLED = False
    TITLE_TEXT = "Correct the logged visit"  # a message id: translated when shown

    def __init__(self, record: dict) -> None:
        super().__init__()
        self.record = record

    def compose_fields(self) -> ComposeResult:
        r = self.record
        yield Label(_("Visit notes"), classes="form-label")
        yield TextArea(r["notes"] or "", id="correct-notes", compact=True)
        yield form_row(_("Outcome"), Input(r["outcome"] or "", id="correct-outcome"))
        yield form_row(_("Complaint handled"), Checkbox(label="", value=bool(r["complaint_handled"]),
                                                        id="correct-complaint"))
        yield Static(_("Money, orders and promises are corrected where they live: a reversal of the payment, "
                       "the purchase log, the collection queue."), classes="form-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#correct-notes", TextArea).focus()

    def action_save(self) -> None:
        from salesterm.store.visits.correct import correct_visit

        if self._saving:
            return
        self._saving = True
        values = {"notes": self.query_one("#correct-notes", TextArea).text,
                  "outcome": self.query_one("#correct-outcome", Input).value,
                  "complaint_handled": self.query_one("#correct-complaint", Checkbox).value}
        run_in_db(self, guarded, correct_visit, self.record["id"], rep=current_rep(self), **values,
                  then=self._saved, on_error=self._save_failed)

    def _saved(self, result) -> None:
        if not self.answered(result):
            return
        self.app.notify(_("Visit corrected; what it replaced is kept"))
        self.dismiss(True)
