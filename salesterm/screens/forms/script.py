"""Forms of the pitch-script library: write a script, revise it with a note, log a use."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, TextArea

from salesterm.domain import notes_rules
from salesterm.i18n import _, label
from salesterm.screens.forms.base import FormScreen, form_row, guarded
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField
from salesterm.widgets.session import current_rep


class _ScriptForm(FormScreen):
    CANCELLED = False

    def _run(self, fn, *args, **kwargs) -> None:
        run_in_db(self, guarded, fn, *args, then=self._done, **kwargs)

    def _done(self, result) -> None:
        if not result.ok:
            self.set_status(result.value)
        else:
            self.app.notify(_("Saved"))
            self.saved(getattr(self, "script_id", None) or getattr(result.value, "id", None))


class ScriptFormScreen(_ScriptForm):
    """A new script (script_id None), or a new version of one with a revision note."""

    FRAME = "-tall"

    def __init__(self, script_id: str | None = None, title: str = "", category: str = "") -> None:
        super().__init__()
        self.script_id = script_id
        self.title_text = title
        self.category = category
        self.TITLE_TEXT = Text(_("Revise: {title}", title=title) if script_id else _("New pitch script"))

    def compose_fields(self) -> ComposeResult:
        yield ValidatedField("title", _("Title"), notes_rules.script_title, self.title_text, required=True,
                             input_id="script-title")
        yield form_row(_("Category"), Input(value=self.category, placeholder=_("e.g. opening, objections"),
                                            id="script-category"))
        yield Label(_("Text"), classes="form-label")
        yield TextArea(id="script-body", compact=True)
        if self.script_id:
            yield ValidatedField("note", _("What changed"), notes_rules.revision_note, required=True,
                                 input_id="script-note", placeholder=_("what did not work, how the customer reacted"))

    def on_mount(self) -> None:
        if self.script_id:
            from salesterm.store.sales.scripts import current_text

            run_in_db(self, current_text, self.script_id, then=self._fill)
            self.query_one("#script-body", TextArea).focus()
        else:
            self.query_one("#script-title", Input).focus()

    def _fill(self, text: str) -> None:
        self.query_one("#script-body", TextArea).text = text or ""
        self.mark_clean()

    def action_save(self) -> None:
        from salesterm.store.sales import scripts

        if not self.checked():
            return
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


class ScriptUseScreen(_ScriptForm):
    """Log a use of a script (or record the reaction of a use a visit logged)."""

    FRAME = "-narrow"

    def __init__(self, script_id: str, title: str, use_id: str | None = None) -> None:
        super().__init__()
        self.script_id = script_id
        self.title_text = title
        self.use_id = use_id
        self.TITLE_TEXT = Text(_("Used: {title}", title=title))

    def compose_fields(self) -> ComposeResult:
        reactions = [(label(r.zh, r.en), r.key) for r in notes_rules.REACTIONS]
        yield form_row(_("Reaction"), Select(reactions, compact=True, value="neutral", allow_blank=False,
                                             id="use-reaction"))
        yield form_row(_("Note"), Input(placeholder=_("how did the customer react?"), id="use-note"))

    def on_mount(self) -> None:
        self.query_one("#use-reaction", Select).focus()

    def action_save(self) -> None:
        from salesterm.store.sales import scripts

        reaction = self.query_one("#use-reaction", Select).value
        note = self.query_one("#use-note", Input).value
        if self.use_id:
            self._run(scripts.set_reaction, self.use_id, reaction, note)
        else:
            self._run(scripts.log_use, self.script_id, reaction=reaction, note=note, rep=current_rep(self))
