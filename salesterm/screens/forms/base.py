"""The one base of every modal form: a frame with a title, the fields, a status line and a hint
line of the form's keys; `ctrl+s` saves, `escape` closes at once when nothing was typed and asks
before throwing typed text away. Store calls come back as one FormResult.

A form subclasses FormScreen, yields its fields from compose_fields() (ValidatedField checks
as you type and names what is wrong under the field), and implements action_save(). Forms
that fill their fields from the database call mark_clean() once filled, so escape compares
against what was loaded, not against an empty form.

Every form gets from here: the status line counts the fields that are wrong while they are
typed (all of them, each message under its field), save is refused while any is wrong and says
how many; the focused field is marked (themes/forms.tcss) and scrolled into view with its
message line; a form that saved a row calls saved(row_id) so the list it returns to selects
that row (widgets/selection.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from salesterm.domain.errors import UserError
from salesterm.i18n import _, counted, error_text
from salesterm.widgets.fields import ValidatedField
from salesterm.widgets.key_bar import KeyBar
from salesterm.widgets.keys import TranslatedKeys
from salesterm.widgets.selection import remember_saved


class Outcome(Enum):
    SAVED = "saved"
    ERROR = "error"  # the store refused: value is the message, in the user's language
    MAN_OVERRIDE = "man_override"  # a stage move needs M-A-N confirmed: value is the badge
    INVALID = "invalid"  # value: [(field, message)] to show next to the fields
    DUPLICATE = "duplicate"  # value: the existing records it may duplicate
    MERGED = "merged"  # value: the id of the record it was merged into
    CONFIRM = "confirm"  # not saved until the user confirms: value says what to confirm


@dataclass(frozen=True)
class FormResult:
    """What a form's store call came back with (run in a database worker)."""

    kind: Outcome
    value: Any = None

    @property
    def ok(self) -> bool:
        return self.kind in (Outcome.SAVED, Outcome.MERGED)

    @classmethod
    def saved(cls, value: Any = None) -> FormResult:
        return cls(Outcome.SAVED, value)

    @classmethod
    def error(cls, message: str) -> FormResult:
        return cls(Outcome.ERROR, message)


def guarded(fn, *args, **kwargs) -> FormResult:
    """Run a store call; a refusal comes back as an ERROR (or MAN_OVERRIDE) result to show.
    A call that already answers with a FormResult is passed through."""
    from salesterm.store.sales.deals import ManConfirmationNeeded

    try:
        value = fn(*args, **kwargs)
        return value if isinstance(value, FormResult) else FormResult.saved(value)
    except ManConfirmationNeeded as exc:
        return FormResult(Outcome.MAN_OVERRIDE, exc.badge)
    except UserError as exc:
        return FormResult.error(error_text(exc))


def form_row(label: str, widget: Widget, *, row_id: str | None = None) -> Horizontal:
    """A label and one widget on a line; the label lights up while the widget has the focus."""
    row = Horizontal(classes="form-row", id=row_id)
    row.compose_add_child(Label(label, markup=False))
    row.compose_add_child(widget)
    return row


class DiscardConfirm(TranslatedKeys, ModalScreen[bool]):
    """Asked when escape would throw typed text away: y discards, n or escape keeps editing."""

    BINDINGS = [
        Binding("y", "answer(True)", "Discard", id="form.discard.yes"),
        Binding("n,escape", "answer(False)", "Keep editing", id="form.discard.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Discard what you typed?"), classes="discard-question")
            yield Static(_("y discards it · n keeps editing"), classes="discard-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(bool(yes))


class FormScreen(TranslatedKeys, ModalScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        # tab moves on before the next key is handled, so fast typing lands in the next field
        Binding("tab", "app.focus_next", "Focus next", show=False, priority=True, id="form.next"),
        Binding("shift+tab", "app.focus_previous", "Focus previous", show=False, priority=True, id="form.previous"),
    ]
    TITLE_TEXT: ClassVar[str | Text] = ""  # a class-level str is a message id, translated when shown
    FRAME: ClassVar[str] = ""  # classes of the screen: -tall (90% high), -narrow (76 wide), -top
    CANCELLED: ClassVar[Any] = None  # what the form dismisses with when closed without saving
    ENTER_SAVES: ClassVar[bool] = False  # enter in a one-line box saves (short forms)
    KEEPS_TYPED: ClassVar[bool] = True  # False: what is typed is a search, escape never asks
    SAVES: ClassVar[bool] = True  # False: a picker or a question, no ctrl+s (hidden from the hints)

    def __init__(self) -> None:
        super().__init__(classes=self.FRAME or None)
        self._clean: dict[int, str] = {}
        self._saving = False  # a save is running: ctrl+s again does nothing until it answers
        self._counting = False  # the status line shows how many fields are wrong (kept up to date)
        self._refused = False  # a save was refused for them: the count says "Not saved"

    def compose(self) -> ComposeResult:
        with Vertical(id="form-frame"):
            title = _(self.TITLE_TEXT) if isinstance(self.TITLE_TEXT, str) and self.TITLE_TEXT else self.TITLE_TEXT
            yield Static(title, id="form-title", markup=False)
            with VerticalScroll(id="form-body", can_focus=False):
                yield from self.compose_fields()
            yield Static("", id="form-status", markup=False)
            yield KeyBar(own_keys=True, id="form-hint")

    def compose_fields(self) -> ComposeResult:
        return iter(())

    def _on_mount(self) -> None:
        self.call_after_refresh(self.mark_clean)

    def check_action(self, action: str, parameters) -> bool | None:
        return action != "save" or self.SAVES

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.ENTER_SAVES:
            event.stop()
            self.action_save()

    def action_save(self) -> None:
        """Check the fields and save (each form)."""

    def saved(self, row_id: str | None = None, value: Any = True) -> None:
        """Close after a save: the list this form returns to selects ROW_ID (the row written),
        and the form dismisses with VALUE."""
        remember_saved(self.app, row_id)
        self.dismiss(value)

    # ---- the focused field is always in sight ---------------------------------------------
    def _row_of(self, widget: Widget) -> Widget:
        return next((node for node in widget.ancestors_with_self
                     if isinstance(node, ValidatedField) or node.has_class("form-row")), widget)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Scroll the focused widget's whole row (its label and message line too) into view, and
        repaint it with its mark (on a busy machine a quick run of tabs could leave the mark
        drawn on a row the cursor had already left until the next key)."""
        row = self._row_of(event.widget)
        if row is not self:
            self.call_after_refresh(self._show_row, row)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        row = self._row_of(event.widget)
        if row is not self:
            self.call_after_refresh(row.refresh)

    def _show_row(self, row: Widget) -> None:
        if row.is_attached:
            row.scroll_visible(animate=False)
            row.refresh()

    # ---- typed text, and escape -----------------------------------------------------------
    def _texts(self) -> dict[int, str]:
        found = {id(box): box.value for box in self.query(Input)}
        found.update({id(area): area.text for area in self.query(TextArea)})
        return found

    def mark_clean(self) -> None:
        """What the boxes hold now counts as untouched (call after filling them from the store)."""
        if self.is_attached:
            self._clean = self._texts()

    def has_typed(self) -> bool:
        return self.KEEPS_TYPED and self.is_attached and self._texts() != self._clean

    def action_cancel(self) -> None:
        if not self.has_typed():
            self.dismiss(self.CANCELLED)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(self.CANCELLED)

        self.app.push_screen(DiscardConfirm(), answered)

    # ---- fields and messages --------------------------------------------------------------
    @property
    def fields(self) -> dict[str, ValidatedField]:
        return {f.field_name: f for f in self.query(ValidatedField)}

    def check_all(self) -> list[ValidatedField]:
        """Check every field and show its message; the bad ones, in screen order."""
        shown = [f for f in self.query(ValidatedField)
                 if all(node.display for node in f.ancestors_with_self if isinstance(node, Widget))]
        return [f for f in shown if not f.check()]

    def set_status(self, message: str) -> None:
        self._counting = False
        self.query_one("#form-status", Static).update(message)

    def _wrong(self) -> list[ValidatedField]:
        """The shown fields whose message says they are wrong, in screen order."""
        return [f for f in self.query(ValidatedField) if f.error
                and all(node.display for node in f.ancestors_with_self if isinstance(node, Widget))]

    def on_validated_field_checked(self, event: ValidatedField.Checked) -> None:
        """A field was checked as it was typed: the status line counts what is still wrong."""
        wrong = self._wrong()
        if wrong or self._counting:
            self._show_wrong(wrong)

    def _show_wrong(self, wrong: list[ValidatedField]) -> None:
        """How many fields are wrong (after a save was refused: "Not saved", and what the first
        one says); nothing once all are right."""
        if not wrong:
            self._refused = False
            self.set_status("")
            return
        if self._refused:  # and what the first says: the cursor is there
            first = f"{wrong[0].title}: {wrong[0].error}" if wrong[0].title else str(wrong[0].error)
            self.set_status(counted(len(wrong), "Not saved: {n} field needs fixing (marked in red).",
                                    "Not saved: {n} fields need fixing (marked in red).") + "  " + first)
        else:  # each message is under its field
            self.set_status(counted(len(wrong), "{n} field needs fixing", "{n} fields need fixing"))
        self._counting = True

    def answered(self, result: FormResult) -> bool:
        """A save's answer came back: refused, its message goes to the status line (False, the
        form stays open with what was typed); saved, True (the form says so and closes)."""
        self._saving = False
        if not result.ok:
            self.set_status(result.value)
            return False
        return True

    def _save_failed(self, text: str) -> None:
        """Not saved (an unexpected error, already logged): the form stays open to try again."""
        self._saving = False
        self.set_status(text)

    def refuse(self, bad: list[ValidatedField]) -> None:
        """Say how many fields are wrong and what the first one says, and put the cursor there."""
        self._refused = True
        self._show_wrong(bad)
        bad[0].focus()

    def checked(self) -> bool:
        """Check every field; when one is wrong say so, focus it, and return False."""
        bad = self.check_all()
        if bad:
            self.refuse(bad)
            return False
        self.set_status("")
        return True

    def show_errors(self, errors) -> None:
        """Errors from the store: (field, message) pairs put next to their fields."""
        fields = self.fields
        shown = []
        errors = [(name, error_text(message)) for name, message in errors]
        for name, message in errors:
            target = fields.get(name)
            if target is None and name == "grade_factors":
                target = next((f for n, f in fields.items() if n.startswith("factor_")), None)
            if target is not None:
                target.set_error(message)
                shown.append(target)
        self.set_status(_("Not saved: ") + "; ".join(m for _n, m in errors))
        if shown:
            shown[0].focus()

    def record_ready(self, row) -> bool:
        """Whether a record loaded for editing can fill the form: not when the form has closed
        meanwhile, nor when the record is gone (the form then closes)."""
        if not self.is_attached:
            return False
        if row is None:
            self.dismiss(self.CANCELLED)
            return False
        return True
