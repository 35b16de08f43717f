"""The free-text sections of a rep's weekly work report (个人工作周报): problems met, support
needed, next week's focus. The rep writes them; they are kept with the report, one row per rep
and week (weekly_note, migration 0009), and shown in the report (domain/weekly.render)."""
from __future__ import annotations

import datetime as _dt

from salesterm.domain import limits
from salesterm.domain.dates import monday_of
from salesterm.domain.errors import UserError, Words
from salesterm.domain.safe_text import control_in
from salesterm.domain.weekly import NOTE_SECTIONS, L, RepNotes
from salesterm.store.models import Rep, WeeklyNote
from salesterm.store.reps import find_rep
from salesterm.store.transactions import write_transaction


def _clean(section: str, text: str | None) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    name = Words(*L[section])
    code = control_in(text, multiline=True)
    if code is not None:
        raise UserError("weekly.section_control", section=name, code=code)
    if len(text) > limits.TEXT:
        raise UserError("weekly.section_too_long", section=name, length=len(text), most=limits.TEXT)
    return text


def get_notes(rep: str, week: _dt.date) -> RepNotes:
    """The sections REP wrote for the week holding WEEK (empty ones when nothing was written)."""
    who = find_rep(rep)
    row = WeeklyNote.live().where((WeeklyNote.rep == who.id)
                                  & (WeeklyNote.week_start == monday_of(week))).first()
    if row is None:
        return RepNotes(who.name)
    return RepNotes(who.name, row.problems, row.support, row.focus)


def save_notes(rep: str, week: _dt.date, *, problems: str = "", support: str = "",
               focus: str = "") -> RepNotes:
    """Keep the sections REP wrote for the week holding WEEK (replacing what was there)."""
    values = {k: _clean(k, v) for k, v in
              (("problems", problems), ("support", support), ("focus", focus))}
    who = find_rep(rep)
    start = monday_of(week)
    with write_transaction():
        row = WeeklyNote.select().where((WeeklyNote.rep == who.id)
                                        & (WeeklyNote.week_start == start)).first()
        if row is None:
            WeeklyNote.create(rep=who.id, week_start=start, **values)
        else:
            for k, v in values.items():
                setattr(row, k, v)
            row.deleted_at = None
            row.save()
    return RepNotes(who.name, **values)


def notes_of_week(week: _dt.date, rep_ids: list[str] | None) -> list[RepNotes]:
    """Every rep's written sections for the week (REP_IDS: only theirs), by rep name; reps who
    wrote nothing are left out."""
    query = (WeeklyNote.select(WeeklyNote, Rep.name.alias("rname"))
             .join(Rep, on=(WeeklyNote.rep == Rep.id))
             .where(WeeklyNote.deleted_at.is_null() & (WeeklyNote.week_start == monday_of(week))))
    if rep_ids is not None:
        query = query.where(WeeklyNote.rep.in_(rep_ids))
    out = [RepNotes(n.rname, n.problems, n.support, n.focus) for n in query.objects()]
    return sorted((n for n in out if any(getattr(n, k) for k in NOTE_SECTIONS)), key=lambda n: n.rep)
