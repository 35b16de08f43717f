"""The handover form (客户交接), opened with `h` in the customers list: hand the customer under the
cursor, or every customer of its rep that the list shows (its search and filters), to another rep.
Dismisses with the customer count moved, or None."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Select, Static

from salesterm.i18n import _, counted
from salesterm.screens.forms.base import FormScreen, form_row, guarded
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField
from salesterm.widgets.rep_field import RepField


def _reason(text: str) -> str:
    return " ".join(str(text or "").split())


def _hand_over(to_rep: str, from_rep: str, customer_id: str | None, query: str, reason: str):
    from salesterm.store.team.handover import hand_over

    if customer_id is not None:
        return hand_over(to_rep, from_rep=from_rep, customer_ids=[customer_id], reason=reason)
    return hand_over(to_rep, from_rep=from_rep, query=query, reason=reason)


class HandoverScreen(FormScreen):
    TITLE_TEXT = "Hand customers over"
    CANCELLED = None

    def __init__(self, customer_id: str, customer_name: str, from_rep: str, query: str = "") -> None:
        super().__init__()
        self.customer_id, self.customer_name = customer_id, customer_name
        self.from_rep, self.query_text = from_rep, query

    def compose_fields(self) -> ComposeResult:
        yield Static(_("From: {rep}", rep=self.from_rep or "—"), id="handover-from", markup=False)
        scopes = [(_("only {name}", name=self.customer_name), "one")]
        if self.from_rep:
            scopes.append((_("all of {rep}'s customers in this list", rep=self.from_rep), "list"))
        yield form_row(_("Customers"), Select(scopes, value="one", allow_blank=False, id="select-scope"))
        yield RepField("to_rep", _("To"), required=True)
        yield ValidatedField("reason", _("Reason"), _reason, placeholder=_("e.g. 离职, 调区域"))

    def on_mount(self) -> None:
        self.fields["to_rep"].focus()

    def action_save(self) -> None:
        if not self.checked():
            return
        to_rep = self.fields["to_rep"].value()
        every = self.query_one("#select-scope", Select).value == "list"
        run_in_db(self, guarded, _hand_over, to_rep, self.from_rep, None if every else self.customer_id,
                  self.query_text, self.fields["reason"].value(), then=self._saved)

    def _saved(self, result) -> None:
        if not self.answered(result):
            return
        moved = result.value
        self.app.notify(_("Handed over {customers} from {source} to {target}.",
                          customers=counted(len(moved.customers), "{n} customer", "{n} customers"),
                          source=moved.from_rep, target=moved.to_rep), markup=False)
        self.dismiss(len(moved.customers))
