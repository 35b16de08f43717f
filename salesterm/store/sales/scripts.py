"""Standard pitch scripts (规范说法): a living library with versions, revision notes and a log
of each use in a visit with the customer's reaction.

`list_scripts()` and `current_text(script_id)` feed the visit form's script picker.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from peewee import JOIN, fn

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.domain.notes_rules import parse_reaction, revision_note, script_title
from salesterm.store import reps
from salesterm.store.models import Customer, Rep, Script, ScriptRevision, ScriptUse, Visit
from salesterm.store.transactions import write_transaction

MAX_BODY = 20000


@dataclass
class ScriptSummary:
    id: str
    title: str
    category: str
    version: int
    uses: int
    positive: int
    last_used: _dt.date | None
    updated: _dt.date


@dataclass
class RevisionRow:
    version: int
    body: str
    note: str
    rep: str
    day: _dt.date


@dataclass
class UseRow:
    id: str
    day: _dt.date
    version: int
    customer: str
    rep: str
    reaction: str
    note: str
    visit_id: str | None


def _clean_title(title: str) -> str:
    return script_title(title)


def _clean_body(body: str) -> str:
    b = str(body or "").strip()
    if not b:
        raise UserError("scripts.text_empty")
    if len(b) > MAX_BODY:
        raise UserError("scripts.text_longer_limit_characters", limit=MAX_BODY)
    return b


def get_script(script_id: str) -> Script:
    s = Script.live().where(Script.id == script_id).first()
    if s is None:
        raise UserError("scripts.no_such_pitch_may_have")
    return s


def create_script(title: str, body: str, *, category: str = "", rep: str | None = None,
                  note: str = "") -> Script:
    """A new script, version 1."""
    title, body = _clean_title(title), _clean_body(body)
    with write_transaction():
        rep_id = reps.rep_id(rep, create=True)
        script = Script.create(title=title, category=" ".join(str(category or "").split()),
                               current_version=1, rep=rep_id)
        ScriptRevision.create(script=script.id, version=1, body=body,
                              revision_note=" ".join(str(note or "").split()) or "", rep=rep_id)
    return script


def revise_script(script_id: str, body: str, note: str, *, rep: str | None = None,
                  title: str | None = None, category: str | None = None) -> ScriptRevision:
    """A new version of the text, with the note saying what changed and why."""
    body = _clean_body(body)
    note = revision_note(note)
    with write_transaction():
        script = get_script(script_id)
        if body == current_text(script_id) and title is None and category is None:
            raise UserError("scripts.text_unchanged_nothing_revise")
        version = script.current_version + 1
        rep_id = reps.rep_id(rep, create=True)
        rev = ScriptRevision.create(script=script.id, version=version, body=body, revision_note=note, rep=rep_id)
        cols = {"current_version": version, "updated_at": clock.now()}
        if title is not None:
            cols["title"] = _clean_title(title)
        if category is not None:
            cols["category"] = " ".join(category.split())
        Script.update(**cols).where(Script.id == script.id).execute()
    return rev


def archive_script(script_id: str) -> None:
    get_script(script_id)
    Script.update(deleted_at=clock.now(), updated_at=clock.now()).where(Script.id == script_id).execute()


def current_text(script_id: str) -> str:
    script = get_script(script_id)
    rev = ScriptRevision.live().where((ScriptRevision.script == script.id)
                                      & (ScriptRevision.version == script.current_version)).first()
    return rev.body if rev else ""


def list_scripts(query: str = "", *, category: str | None = None) -> list[ScriptSummary]:
    """Scripts (most used first within a category), with how often they were used and liked."""
    uses = (ScriptUse.select(ScriptUse.script, fn.COUNT(ScriptUse.id).alias("n"),
                             fn.SUM(((ScriptUse.reaction == "positive")).cast("integer")).alias("pos"),
                             fn.MAX(ScriptUse.used_on).alias("last"))
            .where(ScriptUse.deleted_at.is_null()).group_by(ScriptUse.script))
    by_script = {u.script_id: u for u in uses}
    q = Script.live()
    text = " ".join(str(query or "").split())
    if text:
        q = q.where(Script.title.contains(text) | Script.category.contains(text)
                    | Script.id.in_(ScriptRevision.select(ScriptRevision.script).where(
                        ScriptRevision.body.contains(text) & ScriptRevision.deleted_at.is_null())))
    if category:
        q = q.where(Script.category == category)
    out = []
    for s in q:
        u = by_script.get(s.id)
        out.append(ScriptSummary(s.id, s.title, s.category, s.current_version, u.n if u else 0,
                                 int(u.pos or 0) if u else 0, _as_date(u.last) if u else None,
                                 _as_date(s.updated_at)))
    out.sort(key=lambda r: (r.category, -r.uses, r.title))
    return out


def _as_date(value):
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, str):
        return _dt.date.fromisoformat(value[:10])
    return value


def revisions(script_id: str) -> list[RevisionRow]:
    get_script(script_id)
    q = (ScriptRevision.select(ScriptRevision, Rep.name.alias("rep_name"))
         .join(Rep, JOIN.LEFT_OUTER, on=(ScriptRevision.rep == Rep.id))
         .where((ScriptRevision.script == script_id) & ScriptRevision.deleted_at.is_null())
         .order_by(ScriptRevision.version.desc()))
    return [RevisionRow(r.version, r.body, r.revision_note, r.rep_name or "", _as_date(r.created_at))
            for r in q.objects()]


def log_use(script_id: str, *, reaction: str = "", note: str = "", visit_id: str | None = None,
            rep: str | None = None, day: _dt.date | None = None) -> ScriptUse:
    """Record that the current version was used (in a visit when VISIT_ID), and how it went."""
    reaction = parse_reaction(reaction)
    with write_transaction():
        script = get_script(script_id)
        rep_id = reps.rep_id(rep, create=True)
        if visit_id:
            visit = Visit.live().where(Visit.id == visit_id).first()
            if visit is None:
                raise UserError("visits.no_such")
            rep_id = rep_id or visit.rep_id
        return ScriptUse.create(script=script.id, version=script.current_version, visit=visit_id,
                                rep=rep_id, used_on=day or clock.today(), reaction=reaction,
                                note=" ".join(str(note or "").split()))


def set_reaction(use_id: str, reaction: str, note: str = "") -> None:
    """Record (or correct) how the customer reacted to a use already logged by a visit."""
    reaction = parse_reaction(reaction)
    if not ScriptUse.live().where(ScriptUse.id == use_id).exists():
        raise UserError("scripts.no_such_use")
    ScriptUse.update(reaction=reaction, note=" ".join(str(note or "").split()),
                     updated_at=clock.now()).where(ScriptUse.id == use_id).execute()


def uses(script_id: str) -> list[UseRow]:
    get_script(script_id)
    q = (ScriptUse.select(ScriptUse, Rep.name.alias("rep_name"), Customer.name.alias("customer_name"))
         .join(Rep, JOIN.LEFT_OUTER, on=(ScriptUse.rep == Rep.id))
         .switch(ScriptUse).join(Visit, JOIN.LEFT_OUTER, on=(ScriptUse.visit == Visit.id))
         .join(Customer, JOIN.LEFT_OUTER, on=(Visit.customer == Customer.id))
         .where((ScriptUse.script == script_id) & ScriptUse.deleted_at.is_null())
         .order_by(ScriptUse.used_on.desc(), ScriptUse.created_at.desc()))
    return [UseRow(u.id, u.used_on, u.version, u.customer_name or "", u.rep_name or "", u.reaction,
                   u.note, u.visit_id) for u in q.objects()]
