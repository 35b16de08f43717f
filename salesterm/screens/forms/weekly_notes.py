"""The rep's own sections of the weekly work report: problems met, support needed, next week's
focus (free text, kept with the report per rep and week). Dismisses with True when it saved."""
from __future__ import annotations

import datetime as _dt

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, TextArea

from salesterm.domain.weekly import NOTE_SECTIONS, L
from salesterm.i18n import _, label
from salesterm.screens.forms.base import FormScreen, guarded
from salesterm.widgets.db_worker import run_in_db


def _load(rep: str, week: _dt.date):
    from salesterm.store.reports.weekly_notes import get_notes

    return get_notes(rep, week)


def _save(rep: str, week: _dt.date, texts: dict):
    from salesterm.store.reports.weekly_notes import save_notes

    return save_notes(rep, week, **texts)


class WeeklyNotesScreen(FormScreen):
    FRAME = "-tall"
    CANCELLED = False
    # the three sections on one screen at 80x24 too (each box scrolls inside)
    CSS = """
    WeeklyNotesScreen #form-body TextArea { height: 4; }
    WeeklyNotesScreen #form-body .form-label { margin: 0; }
    """

    def __init__(self, rep: str, week: _dt.date) -> None:
        super().__init__()
        self.rep, self.week = rep, week
        self.TITLE_TEXT = Text(_("Weekly report {day}: in your words", day=week.isoformat()) + f" · {rep}")

    def compose_fields(self) -> ComposeResult:
        for key in NOTE_SECTIONS:
            yield Label(label(*L[key]), classes="form-label")
            yield TextArea(id=f"weekly-{key}", compact=True)

    def on_mount(self) -> None:
        run_in_db(self, _load, self.rep, self.week, then=self._fill)
        self.query_one(f"#weekly-{NOTE_SECTIONS[0]}", TextArea).focus()

    def _fill(self, notes) -> None:
        for key in NOTE_SECTIONS:
            self.query_one(f"#weekly-{key}", TextArea).text = getattr(notes, key)
        self.mark_clean()

    def action_save(self) -> None:
        if self._saving:
            return
        self._saving = True
        texts = {key: self.query_one(f"#weekly-{key}", TextArea).text for key in NOTE_SECTIONS}
        run_in_db(self, guarded, _save, self.rep, self.week, texts, then=self._saved,
                  on_error=self._save_failed)

    def _saved(self, result) -> None:
        if not self.answered(result):
            return
        self.app.notify(_("Weekly report saved"))
        self.dismiss(True)
