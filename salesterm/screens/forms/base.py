"""What the customer and contact forms share: a modal frame, save/cancel keys, field checks."""
from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from salesterm.i18n import _, error_text
from salesterm.widgets.fields import ValidatedField


class FormScreen(ModalScreen):
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #form-frame { width: 100; max-width: 100%; height: 90%; border: thick $primary; background: $surface; }
    FormScreen #form-title { height: 1; text-style: bold; padding: 0 1; background: $panel; }
    FormScreen #form-body { height: 1fr; padding: 0 1; }
    FormScreen #form-status { height: auto; padding: 0 1; color: $error; }
    FormScreen .form-section { margin: 1 0 0 0; text-style: bold underline; }
    FormScreen .form-row { height: 1; }
    FormScreen .form-row Label { width: 22; color: $text-muted; }
    FormScreen Select { width: 1fr; }
    FormScreen Select > SelectCurrent { border: none; height: 1; padding: 0 1; }
    FormScreen Checkbox { border: none; height: 1; padding: 0; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), priority=True, id="form.save"),
        Binding("escape", "cancel", _("Cancel"), id="form.cancel"),
    ]
    TITLE_TEXT = ""

    def compose(self):
        with Vertical(id="form-frame"):
            yield Static(self.TITLE_TEXT, id="form-title", markup=False)
            with VerticalScroll(id="form-body"):
                yield from self.compose_fields()
            yield Static("", id="form-status", markup=False)
            yield Footer()

    def compose_fields(self):
        return iter(())

    @property
    def fields(self) -> dict[str, ValidatedField]:
        return {f.field_name: f for f in self.query(ValidatedField)}

    def check_all(self) -> list[ValidatedField]:
        """Check every field and show its message; the bad ones, in screen order."""
        return [f for f in self.query(ValidatedField) if not f.check()]

    def set_status(self, message: str) -> None:
        self.query_one("#form-status", Static).update(message)

    def refuse(self, bad: list[ValidatedField]) -> None:
        n = len(bad)
        self.set_status(_("Not saved: {n} field(s) need fixing (marked in red).", n=n))
        bad[0].focus()

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
            self.dismiss(None)
            return False
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)
