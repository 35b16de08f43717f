"""What the money forms share: field parsers, a ledger-aware form, save through the store."""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money, parse_money
from salesterm.i18n import _, error_text
from salesterm.screens.forms.base import FormScreen, Outcome, guarded
from salesterm.store.ledger import receivables as ledger
from salesterm.widgets.db_worker import run_in_db


def app_ladder(app):
    """The follow-up ladder of the config file ([collections] ladder), else the default."""
    from salesterm.domain import followup

    try:
        return followup.parse_ladder(app.settings.get("collections.ladder"))
    except UserError:
        return followup.DEFAULT_LADDER


def positive_money(text: str) -> int:
    return parse_money(text, allow_zero=False)


def required_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise UserError("forms.required")
    return text


def optional_text(text: str) -> str:
    return " ".join(text.split())


class MoneyForm(FormScreen):
    """A money form for one customer: loads the ledger view, saves through the store."""

    TITLE_TEXT = ""
    SAVED_TEXT = "Saved"

    def __init__(self, customer_id: str) -> None:
        super().__init__()
        self.customer_id = customer_id
        self.view: dict | None = None

    def on_mount(self) -> None:
        run_in_db(self, guarded, ledger.ledger_view, self.customer_id, then=self._loaded,
                  group="money-load")

    def _loaded(self, result) -> None:
        if result.kind is Outcome.ERROR:
            self.set_status(result.value)
            return
        value = self.view = result.value
        title = Text(_(self.TITLE_TEXT) + " · ")
        title.append(value["name"])  # user text: literal, never markup
        title.append("  " + _("owes {amount}", amount=format_money(value["balance"])))
        if value["credit"] > 0:
            title.append("  " + _("credit {amount}", amount=format_money(value["credit"])))
        self.query_one("#form-title", Static).update(title)
        self.loaded(value)
        self.mark_clean()
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.focus()

    def loaded(self, view: dict) -> None:
        """Fill choices that depend on the ledger (subclasses)."""

    def prepare(self):
        """(store function, args, kwargs) from the checked fields, or None to stay."""
        return None

    def action_save(self) -> None:
        if self._saving or self.view is None:
            return
        if not self.checked():
            return
        try:
            call = self.prepare()
        except UserError as exc:
            self.set_status(error_text(exc))
            return
        if call is None:
            return
        fn, args, kwargs = call
        self._saving = True
        run_in_db(self, guarded, fn, *args, then=self._saved, group="money-save", on_error=self._save_failed,
                  **kwargs)

    def _saved(self, result) -> None:
        self._saving = False
        if not result.ok:
            self.set_status(_("Not saved: ") + str(result.value))
            return
        self.app.notify(_(self.SAVED_TEXT), markup=False)
        self.saved(getattr(result.value, "id", None))
