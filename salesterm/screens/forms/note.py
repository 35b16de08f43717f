"""The note form: write or edit a feedback note (信息反馈), linked to a customer and a visit.

NoteFormScreen(customer_id=None, visit_id=None, note_id=None) dismisses with True when it saved.
Competitor notes have competitor, product, price and promotion fields.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from salesterm.domain import notes_rules
from salesterm.domain.dates import parse_date_or_none
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money, parse_money
from salesterm.i18n import _, error_text, label
from salesterm.widgets.session import current_rep
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import read_box


class NoteFormScreen(ModalScreen):
    DEFAULT_CSS = """
    NoteFormScreen { align: center middle; }
    NoteFormScreen > VerticalScroll { width: 96; max-height: 90%; border: round $accent; padding: 0 2;
                                      background: $surface; }
    NoteFormScreen Horizontal { height: auto; margin-bottom: 1; }
    NoteFormScreen .field-label { width: 14; padding: 0 1 0 0; }
    NoteFormScreen Input, NoteFormScreen Select { width: 1fr; }
    NoteFormScreen TextArea { height: 6; margin-bottom: 1; }
    NoteFormScreen #note-error { color: $error; height: auto; }
    NoteFormScreen #competitor-fields { height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="note_form.save"),
        Binding("escape", "cancel", _("Cancel"), id="note_form.cancel"),
    ]

    def __init__(self, customer_id: str | None = None, visit_id: str | None = None,
                 note_id: str | None = None) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.visit_id = visit_id
        self.note_id = note_id
        self.saving = False

    def _row(self, text: str, widget) -> Horizontal:
        return Horizontal(Label(text, classes="field-label"), widget)

    def compose(self) -> ComposeResult:
        kinds = [(label(k.zh, k.en), k.key) for k in notes_rules.KINDS]
        with VerticalScroll():
            yield Static(_("New note") if not self.note_id else _("Edit note"), id="note-heading")
            yield self._row(_("Kind"), Select(kinds, value="market", allow_blank=False, compact=True, id="note-kind"))
            yield self._row(_("Customer"), Input(compact=True, placeholder=_("name (optional)"), id="note-customer"))
            yield self._row(_("Title"), Input(compact=True, id="note-title"))
            yield Label(_("Text"))
            yield TextArea(id="note-body", compact=True)
            yield self._row(_("Tags"), Input(compact=True, placeholder=_("comma separated"), id="note-tags"))
            yield self._row(_("Follow up"), Input(compact=True, placeholder="YYYY-MM-DD", id="note-follow-up"))
            with Vertical(id="competitor-fields"):
                yield self._row(_("Competitor"), Input(compact=True, id="note-competitor"))
                yield self._row(_("Product"), Input(compact=True, id="note-product"))
                yield self._row(_("Price"), Input(compact=True, placeholder="¥", id="note-price"))
                yield self._row(_("Promotion"), Input(compact=True, id="note-promotion"))
            yield Label("", id="note-error", markup=False)
            yield Static(Text(_("ctrl+s save · escape cancel"), style="dim"))

    def on_mount(self) -> None:
        from salesterm.store.notes import form_data

        self._show_kind("market")
        run_in_db(self, form_data, self.note_id, self.customer_id, self.visit_id, then=self._fill)
        self.query_one("#note-title", Input).focus()

    def _fill(self, data) -> None:
        self.query_one("#note-customer", Input).value = data.customer
        heading = self.query_one("#note-heading", Static)
        if data.visit_label:
            heading.update(Text(f"{_('Note on the visit of {day}', day=data.visit_label)}"))
        n = data.note
        if n is None:
            return
        self.query_one("#note-kind", Select).value = n.kind
        self.query_one("#note-title", Input).value = n.title
        self.query_one("#note-body", TextArea).text = n.body
        self.query_one("#note-tags", Input).value = n.tags.replace(",", ", ")
        self.query_one("#note-follow-up", Input).value = n.follow_up.isoformat() if n.follow_up else ""
        self.query_one("#note-competitor", Input).value = n.competitor
        self.query_one("#note-product", Input).value = n.product
        self.query_one("#note-price", Input).value = format_money(n.price, grouping=False) if n.price is not None else ""
        self.query_one("#note-promotion", Input).value = n.promotion
        self._show_kind(n.kind)

    def _show_kind(self, kind) -> None:
        box = self.query_one("#competitor-fields")
        box.display = kind in ("competitor", "price")
        for wid in ("#note-competitor", "#note-promotion"):
            self.query_one(wid).parent.display = kind == "competitor"

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "note-kind":
            self._show_kind(event.value)

    def _error(self, message: str) -> None:
        self.query_one("#note-error", Label).update(message)

    def _read(self, wid: str, name: str, parse):
        return read_box(self.query_one(wid, Input), name, parse)

    def collect(self) -> tuple[dict, str]:
        val = lambda wid: self.query_one(wid, Input).value  # noqa: E731
        kind = self.query_one("#note-kind", Select).value
        price_text = val("#note-price").strip()
        raw = {
            "kind": kind, "title": val("#note-title"), "body": self.query_one("#note-body", TextArea).text,
            "tags": val("#note-tags"),
            "follow_up": self._read("#note-follow-up", _("Follow up"), parse_date_or_none),
            "competitor": val("#note-competitor"), "product": val("#note-product"),
            "promotion": val("#note-promotion"),
            "price": self._read("#note-price", _("Price"), parse_money)
            if price_text and kind in ("competitor", "price") else None,
        }
        notes_rules.clean_note(raw)  # the message shows before any database work
        return raw, val("#note-customer")

    def action_save(self) -> None:
        if self.saving:
            return
        try:
            raw, customer_text = self.collect()
        except UserError as exc:
            self._error(error_text(exc))
            return
        self._error("")
        self.saving = True
        rep = current_rep(self)
        note_id, visit_id = self.note_id, self.visit_id

        def save():
            from salesterm.store import notes

            try:
                customer_id = notes.resolve_customer(customer_text)
                if note_id:
                    notes.update_note(note_id, {**raw, "customer_id": customer_id})
                else:
                    notes.create_note(raw, rep=rep, customer_id=customer_id, visit_id=visit_id)
            except UserError as exc:
                return error_text(exc)
            return ""

        run_in_db(self, save, then=self._saved)

    def _saved(self, problem: str) -> None:
        self.saving = False
        if problem:
            self._error(problem)
            return
        self.app.notify(_("Note saved"))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
