"""A logged visit, read-only: what was planned (date, slot, objectives, reason, script) and
everything the log recorded (stage reached, order, money collected, promise, complaint handled,
notes, next revisit, the customer's reaction to the script), and every correction made since with
what it replaced. `escape` or `enter` closes it; `c` corrects the notes, outcome and "complaint
handled" (the screen dismisses with True when a correction was saved)."""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from salesterm import i18n
from salesterm.domain import visit_rules
from salesterm.i18n import _, join_list, language
from salesterm.screens.customer_file_views import d, money, stage_label
from salesterm.screens.forms.base import FormScreen
from salesterm.widgets.db_worker import run_in_db


def _line(text: Text, label: str, value) -> None:
    text.append(label + " " * max(1, 19 - cell_len(label)) if language() == "en" else f"{label}：", style="bold")
    text.append(str(value) if value not in (None, "") else "—")
    text.append("\n")


def record_text(v: dict) -> Text:
    """The whole visit as logged, one field a line (user text kept literal)."""
    from salesterm.domain.notes_rules import REACTIONS

    t = Text()
    t.append(v["customer"], style="bold")
    t.append(f"  {v['grade'] or '-'}  {v['city'] or ''}  {d(v['planned_date'])} "
             f"{i18n.vocab_label(visit_rules.SLOTS, v['slot'])}\n")
    goals = visit_rules.labels(v["sales"] + v["admin"], visit_rules.PURPOSES, language())
    _line(t, _("Status"), i18n.vocab_label(visit_rules.STATUSES, v["status"]))
    _line(t, _("Logged at"), str(v["done_at"])[:16] if v["done_at"] else "")
    _line(t, _("Objectives"), join_list(goals) if goals else "")
    _line(t, _("Reason"), v["reason"])
    if v["deal_title"]:
        _line(t, _("Deal"), v["deal_title"])
    _line(t, _("Stage reached"), stage_label(v.get("template") or "handbook", v["stage_reached"]))
    order = money(v["order_amount"]) if v["order_amount"] else ""
    _line(t, _("Order taken"), f"{order} {v['products']}".strip() if order else "")
    _line(t, _("Money collected"), money(v["collected"]) if v["collected"] else "")
    promise = v["promise"]
    _line(t, _("Promise"), _("{amount} by {day}", amount=money(promise["amount"]), day=d(promise["promised_date"]))
          if promise else "")
    _line(t, _("Complaint handled"), _("yes") if v["complaint_handled"] else _("no"))
    _line(t, _("Next revisit (回访)"), d(v["revisit_date"]) if v["revisit_date"] else "")
    if v["script_title"]:
        reaction = next((i18n.label(r.zh, r.en) for r in REACTIONS if r.key == v["reaction"]), "")
        _line(t, _("Script"), f"{v['script_title']}  {reaction}  {v['reaction_note']}".strip())
    if v["outcome"]:
        _line(t, _("Outcome"), v["outcome"])
    t.append(_("Visit notes") + ("\n" if language() == "en" else "：\n"), style="bold")
    t.append(v["notes"] or "—")
    _corrections(t, v.get("corrections") or [])
    return t


_FIELD_LABELS = {"notes": "Visit notes", "outcome": "Outcome", "complaint_handled": "Complaint handled"}


def _shown(field: str, value) -> str:
    if field == "complaint_handled":
        return _("yes") if value else _("no")
    return str(value) if value not in (None, "") else "—"


def _corrections(t: Text, corrections) -> None:
    """Each correction: when, who, and every field it changed, from what to what."""
    if not corrections:
        return
    t.append("\n\n" + _("Corrections") + ("\n" if language() == "en" else "：\n"), style="bold")
    for c in corrections:
        who = f"  {c.by}" if c.by else ""
        t.append(f"{c.when}{who}\n", style="dim")
        for field, old in c.before.items():
            t.append(f"  {_(_FIELD_LABELS.get(field, field))}: ")
            t.append(_shown(field, old), style="strike")
            t.append(" → ")
            t.append(_shown(field, c.after.get(field)))
            t.append("\n")


class VisitRecordScreen(FormScreen):
    """A logged visit, read-only (nothing to type, nothing to save)."""

    FRAME = "-tall"
    SAVES = False
    KEEPS_TYPED = False
    CANCELLED = False
    TITLE_TEXT = "Logged visit (read-only)"  # a message id: translated when shown
    BINDINGS = [
        Binding("escape,enter", "cancel", "Close", id="visit_record.close"),
        Binding("c", "correct", "Correct", id="visit_record.correct"),
    ]

    def __init__(self, visit_id: str, *, notice: str = "") -> None:
        super().__init__()
        self.visit_id = visit_id
        self.notice = notice
        self.record: dict | None = None
        self.corrected = False

    def compose_fields(self) -> ComposeResult:
        yield Static(_("Loading…"), id="record-text", markup=False)

    def on_mount(self) -> None:
        if self.notice:
            self.set_status(self.notice)
        self._load()

    def _load(self) -> None:
        from salesterm.store.visits.record import logged_visit

        run_in_db(self, logged_visit, self.visit_id, then=self._fill)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "correct":
            return self.record is not None and self.record["status"] == "done"
        return super().check_action(action, parameters)

    def action_cancel(self) -> None:
        self.dismiss(self.corrected)

    def action_correct(self) -> None:
        from salesterm.screens.forms.visit_correct import VisitCorrectScreen

        if self.record is None or self.record["status"] != "done":
            return

        def done(saved) -> None:
            if saved:
                self.corrected = True
                self._load()

        self.app.push_screen(VisitCorrectScreen(self.record), done)

    def _fill(self, record) -> None:
        if not self.record_ready(record):
            return
        self.record = record
        self.query_one("#record-text", Static).update(record_text(record))
        self.refresh_bindings()
        if record["status"] != "done":
            self.set_status(_("This visit is not logged yet."))


def already_logged(app, visit_id: str) -> None:
    """`l` on a logged visit: say so at once and show it read-only instead of a blank form."""
    notice = _("This visit is already logged")
    app.notify(notice, severity="warning")
    app.push_screen(VisitRecordScreen(visit_id, notice=notice + " · " + _("shown read-only")))
