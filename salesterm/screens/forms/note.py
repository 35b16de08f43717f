"""The note form: write or edit a feedback note (信息反馈), linked to a customer and a visit.

NoteFormScreen(customer_id=None, visit_id=None, note_id=None) dismisses with True when it saved.
Competitor notes have competitor, product, price and promotion fields.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, TextArea

from salesterm.domain import notes_rules
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money, parse_money
from salesterm.i18n import _, error_text, label
from salesterm.screens.forms.base import FormScreen, form_row
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField, date_field
from salesterm.widgets.session import current_rep


def _price(text: str) -> int | None:
    return parse_money(text) if text.strip() else None


class NoteFormScreen(FormScreen):
    FRAME = "-tall"
    CANCELLED = False

    def __init__(self, customer_id: str | None = None, visit_id: str | None = None,
                 note_id: str | None = None) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.visit_id = visit_id
        self.note_id = note_id
        self.saving = False
        self.TITLE_TEXT = _("New note") if not note_id else _("Edit note")

    def compose_fields(self) -> ComposeResult:
        kinds = [(label(k.zh, k.en), k.key) for k in notes_rules.KINDS]
        yield form_row(_("Kind"), Select(kinds, compact=True, value="market", allow_blank=False, id="note-kind"))
        yield form_row(_("Customer"), Input(placeholder=_("name (optional)"), id="note-customer"))
        yield ValidatedField("title", _("Title"), notes_rules.parse_title, input_id="note-title")
        yield Label(_("Text"), classes="form-label")
        yield TextArea(id="note-body", compact=True)
        yield ValidatedField("tags", _("Tags"), notes_rules.parse_tags, placeholder=_("comma separated"),
                             input_id="note-tags")
        yield date_field("follow_up", _("Follow up"), input_id="note-follow-up")
        with Vertical(id="competitor-fields",):
            yield ValidatedField("competitor", _("Competitor"), notes_rules.parse_competitor,
                                 input_id="note-competitor")
            yield ValidatedField("product", _("Product"), lambda t: notes_rules.parse_detail("product", t),
                                 input_id="note-product")
            yield ValidatedField("price", _("Price"), _price, placeholder="¥", input_id="note-price")
            yield ValidatedField("promotion", _("Promotion"), lambda t: notes_rules.parse_detail("promotion", t),
                                 input_id="note-promotion")

    def on_mount(self) -> None:
        from salesterm.store.sales.notes import form_data

        self._show_kind("market")
        run_in_db(self, form_data, self.note_id, self.customer_id, self.visit_id, then=self._fill)
        self.query_one("#note-title", Input).focus()

    def _fill(self, data) -> None:
        self.query_one("#note-customer", Input).value = data.customer
        if data.visit_label:
            self.query_one("#form-title").update(Text(_("Note on the visit of {day}", day=data.visit_label)))
        n = data.note
        if n is None:
            self.mark_clean()
            return
        self.query_one("#note-kind", Select).value = n.kind
        self.query_one("#note-title", Input).value = n.title
        self.query_one("#note-body", TextArea).text = n.body
        self.query_one("#note-tags", Input).value = n.tags.replace(",", ", ")
        self.query_one("#note-follow-up", Input).value = n.follow_up.isoformat() if n.follow_up else ""
        self.query_one("#note-competitor", Input).value = n.competitor
        self.query_one("#note-product", Input).value = n.product
        price = format_money(n.price) if n.price is not None else ""
        self.query_one("#note-price", Input).value = price
        self.query_one("#note-promotion", Input).value = n.promotion
        self._show_kind(n.kind)
        self.mark_clean()

    def _show_kind(self, kind) -> None:
        box = self.query_one("#competitor-fields")
        box.display = kind in ("competitor", "price")
        for wid in ("#field-competitor", "#field-promotion"):
            self.query_one(wid).display = kind == "competitor"

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "note-kind":
            self._show_kind(event.value)

    def collect(self) -> tuple[dict, str]:
        val = lambda wid: self.query_one(wid, Input).value  # noqa: E731
        kind = self.query_one("#note-kind", Select).value
        price_text = val("#note-price").strip()
        raw = {
            "kind": kind, "title": val("#note-title"), "body": self.query_one("#note-body", TextArea).text,
            "tags": val("#note-tags"),
            "follow_up": self.fields["follow_up"].value(),
            "competitor": val("#note-competitor"), "product": val("#note-product"),
            "promotion": val("#note-promotion"),
            "price": self.fields["price"].value() if price_text and kind in ("competitor", "price") else None,
        }
        notes_rules.clean_note(raw)  # the message shows before any database work
        return raw, val("#note-customer")

    def action_save(self) -> None:
        if self.saving or not self.checked():
            return
        try:
            raw, customer_text = self.collect()
        except UserError as exc:
            self.set_status(error_text(exc))
            return
        self.saving = True
        rep = current_rep(self)
        note_id, visit_id = self.note_id, self.visit_id

        def save():
            from salesterm.store.sales import notes

            try:
                customer_id = notes.resolve_customer(customer_text)
                if note_id:
                    note = notes.update_note(note_id, {**raw, "customer_id": customer_id})
                else:
                    note = notes.create_note(raw, rep=rep, customer_id=customer_id, visit_id=visit_id)
            except UserError as exc:
                return error_text(exc), None
            return "", note.id

        run_in_db(self, save, then=self._saved)

    def _saved(self, answer: tuple[str, str | None]) -> None:
        self.saving = False
        problem, note_id = answer
        if problem:
            self.set_status(problem)
            return
        self.app.notify(_("Note saved"))
        self.saved(note_id)

