"""Forms of the pitch-script library: write a script, revise it with a note, log a use."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from salesterm.domain import notes_rules
from salesterm.domain.errors import UserError
from salesterm.i18n import _, error_text, label
from salesterm.widgets.session import current_rep
from salesterm.widgets.db_worker import run_in_db

FORM_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 96; height: auto; max-height: 90%; border: round $accent; padding: 0 2;
                     background: $surface; }}
{name} Horizontal {{ height: auto; margin-bottom: 1; }}
{name} .field-label {{ width: 14; padding: 0 1 0 0; }}
{name} Input, {name} Select {{ width: 1fr; }}
{name} TextArea {{ height: 12; }}
{name} .form-error {{ color: $error; height: auto; }}
"""


class _Form(ModalScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="script_form.save"),
        Binding("escape", "cancel", _("Cancel"), id="script_form.cancel"),
    ]

    def _row(self, text: str, widget) -> Horizontal:
        return Horizontal(Label(text, classes="field-label"), widget)

    def _error(self, message: str) -> None:
        self.query_one(".form-error", Label).update(message)

    def _run(self, fn, *args, **kwargs) -> None:
        def body():
            try:
                fn(*args, **kwargs)
            except UserError as exc:
                return error_text(exc)
            return ""

        run_in_db(self, body, then=self._done)

    def _done(self, problem: str) -> None:
        if problem:
            self._error(problem)
        else:
            self.app.notify(_("Saved"))
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class ScriptFormScreen(_Form):
    """A new script (script_id None), or a new version of one with a revision note."""

    DEFAULT_CSS = FORM_CSS.format(name="ScriptFormScreen")

    def __init__(self, script_id: str | None = None, title: str = "", category: str = "") -> None:
        super().__init__()
        self.script_id = script_id
        self.title_text = title
        self.category = category

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Revise: {title}", title=self.title_text) if self.script_id
                              else _("New pitch script"), style="bold"))
            yield self._row(_("Title"), Input(compact=True, value=self.title_text, id="script-title"))
            yield self._row(_("Category"), Input(compact=True, value=self.category, placeholder=_("e.g. opening, objections"),
                                                 id="script-category"))
            yield Label(_("Text"))
            yield TextArea(id="script-body", compact=True)
            if self.script_id:
                yield self._row(_("What changed"), Input(compact=True, placeholder=_("what did not work, how the customer reacted"),
                                                         id="script-note"))
            yield Label("", classes="form-error", markup=False)
            yield Static(Text(_("ctrl+s save · escape cancel"), style="dim"))

    def on_mount(self) -> None:
        if self.script_id:
            from salesterm.store.scripts import current_text

            run_in_db(self, current_text, self.script_id, then=self._fill)
            self.query_one("#script-body", TextArea).focus()
        else:
            self.query_one("#script-title", Input).focus()

    def _fill(self, text: str) -> None:
        self.query_one("#script-body", TextArea).text = text or ""

    def action_save(self) -> None:
        from salesterm.store import scripts

        title = self.query_one("#script-title", Input).value
        category = self.query_one("#script-category", Input).value
        body = self.query_one("#script-body", TextArea).text
        rep = current_rep(self)
        if self.script_id:
            note = self.query_one("#script-note", Input).value
            changed_title = title if title.strip() != self.title_text else None
            changed_cat = category if category.strip() != self.category else None
            self._run(scripts.revise_script, self.script_id, body, note, rep=rep, title=changed_title,
                      category=changed_cat)
        else:
            self._run(scripts.create_script, title, body, category=category, rep=rep)


class ScriptUseScreen(_Form):
    """Log a use of a script (or record the reaction of a use a visit logged)."""

    DEFAULT_CSS = FORM_CSS.format(name="ScriptUseScreen")

    def __init__(self, script_id: str, title: str, use_id: str | None = None) -> None:
        super().__init__()
        self.script_id = script_id
        self.title_text = title
        self.use_id = use_id

    def compose(self) -> ComposeResult:
        reactions = [(label(r.zh, r.en), r.key) for r in notes_rules.REACTIONS]
        with Vertical():
            yield Static(Text(_("Used: {title}", title=self.title_text), style="bold"))
            yield self._row(_("Reaction"), Select(reactions, value="neutral", allow_blank=False, compact=True, id="use-reaction"))
            yield self._row(_("Note"), Input(compact=True, placeholder=_("how did the customer react?"), id="use-note"))
            yield Label("", classes="form-error", markup=False)
            yield Static(Text(_("ctrl+s save · escape cancel"), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#use-reaction", Select).focus()

    def action_save(self) -> None:
        from salesterm.store import scripts

        reaction = self.query_one("#use-reaction", Select).value
        note = self.query_one("#use-note", Input).value
        if self.use_id:
            self._run(scripts.set_reaction, self.use_id, reaction, note)
        else:
            self._run(scripts.log_use, self.script_id, reaction=reaction, note=note,
                      rep=current_rep(self))
