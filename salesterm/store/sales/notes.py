"""Feedback notes (信息反馈): writing them, the status flow, comments, search and filters.

Search finds two-character Chinese words as well as longer phrases on both backends: on
SQLite, terms of three characters or more go through the FTS5 trigram index (note_fts,
migration 0006) and shorter ones through LIKE; on PostgreSQL every term is an ILIKE over
the same text, served by a pg_trgm index when the extension is there.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from peewee import JOIN, SQL, Case

from salesterm import clock
from salesterm.domain import notes_rules as rules
from salesterm.domain.errors import UserError
from salesterm.store import reps
from salesterm.store.models import Customer, Note, Rep, Visit, is_sqlite
from salesterm.store.transactions import write_transaction


@dataclass
class NoteRow:
    id: str
    written_on: _dt.date
    kind: str
    status: str
    title: str
    body: str
    tags: str
    rep: str
    customer: str
    customer_id: str | None
    visit_id: str | None
    follow_up: _dt.date | None
    competitor: str
    product: str
    price: int | None
    promotion: str
    manager_comment: str


def get_note(note_id: str) -> Note:
    note = Note.live().where(Note.id == note_id).first()
    if note is None:
        raise UserError("notes.no_such_may_have_been")
    return note


def _links(customer_id: str | None, visit_id: str | None) -> tuple[str | None, str | None]:
    if visit_id:
        visit = Visit.live().where(Visit.id == visit_id).first()
        if visit is None:
            raise UserError("visits.no_such")
        if customer_id and customer_id != visit.customer_id:
            raise UserError("notes.visit_belongs_another_customer")
        customer_id = visit.customer_id
    if customer_id and not Customer.live().where(Customer.id == customer_id).exists():
        raise UserError("customer.no_such_archived_or_merged")
    return customer_id, visit_id


def create_note(raw: dict, *, rep: str | None = None, customer_id: str | None = None,
                visit_id: str | None = None, day: _dt.date | None = None, order_id: str | None = None) -> Note:
    """A new note (status new). RAW holds kind, title, body, tags, follow_up, competitor fields;
    ORDER_ID links a complaint to its sales order (store/orders/returns)."""
    cols = rules.clean_note(raw)
    with write_transaction():
        customer_id, visit_id = _links(customer_id or raw.get("customer_id"), visit_id or raw.get("visit_id"))
        rep_id = reps.rep_id(rep, create=True)
        if rep_id is None and visit_id:
            rep_id = Visit.get_by_id(visit_id).rep_id
        if rep_id is None and customer_id:
            rep_id = Customer.get_by_id(customer_id).rep_id
        return Note.create(**cols, follow_up=raw.get("follow_up"), customer=customer_id, visit=visit_id,
                           rep=rep_id, written_on=day or clock.today(), status="new", order_id=order_id)


def update_note(note_id: str, raw: dict) -> Note:
    cols = rules.clean_note(raw)
    with write_transaction():
        note = get_note(note_id)
        customer_id = raw.get("customer_id", note.customer_id)
        customer_id, visit_id = _links(customer_id, raw.get("visit_id", note.visit_id))
        Note.update(**cols, follow_up=raw.get("follow_up"), customer=customer_id, visit=visit_id,
                    updated_at=clock.now()).where(Note.id == note_id).execute()
    return get_note(note_id)


def move_note(note_id: str, action: str, *, comment: str = "", who: str | None = None) -> Note:
    """forward | resolve | send_back | reopen, with an optional comment kept in the log."""
    with write_transaction():
        note = get_note(note_id)
        status = rules.next_status(note.status, action)
        log = rules.append_comment(note.manager_comment, clock.today(), who or "", comment)
        Note.update(status=status, manager_comment=log, updated_at=clock.now()).where(
            Note.id == note_id).execute()
    return get_note(note_id)


def add_comment(note_id: str, comment: str, *, who: str | None = None) -> Note:
    if not " ".join(str(comment or "").split()):
        raise UserError("notes.comment_empty")
    with write_transaction():
        note = get_note(note_id)
        log = rules.append_comment(note.manager_comment, clock.today(), who or "", comment)
        Note.update(manager_comment=log, updated_at=clock.now()).where(Note.id == note_id).execute()
    return get_note(note_id)


def delete_note(note_id: str) -> None:
    get_note(note_id)
    Note.update(deleted_at=clock.now(), updated_at=clock.now()).where(Note.id == note_id).execute()


def restore_note(note_id: str) -> None:
    Note.update(deleted_at=None, updated_at=clock.now()).where(Note.id == note_id).execute()


def _text_expr():
    expr = Note.title
    for f in (Note.body, Note.tags, Note.competitor, Note.product, Note.promotion):
        expr = expr.concat(" ").concat(f)
    return expr


def _term_condition(term: str):
    if is_sqlite() and len(term) >= 3:
        phrase = '"' + term.replace('"', '""') + '"'
        return Note.id.in_(SQL("(SELECT id FROM note WHERE rowid IN "
                               "(SELECT rowid FROM note_fts WHERE note_fts MATCH ?))", [phrase]))
    return _text_expr().contains(term)


def search_condition(query: str):
    """Every whitespace-separated term must appear (any length, Chinese included)."""
    cond = None
    for term in str(query or "").split():
        c = _term_condition(term)
        cond = c if cond is None else cond & c
    return cond


def is_manager(rep_name: str | None) -> bool:
    """No rep set (the office) or a rep whose role is manager sees everyone's notes."""
    if not rep_name:
        return True
    rep = reps.lookup(rep_name)
    return rep is not None and rep.role == "manager"


def list_notes(*, query: str = "", kind: str | None = None, status: str | None = None,
               rep: str | None = None, customer_id: str | None = None,
               date_from: _dt.date | None = None, date_to: _dt.date | None = None,
               follow_up_by: _dt.date | None = None, manager_view: bool = False,
               limit: int | None = 1000) -> list[NoteRow]:
    """Notes matching the filters. MANAGER_VIEW puts new notes (of all reps) first, then
    forwarded, then resolved; otherwise the newest first."""
    q = (Note.select(Note, Rep.name.alias("rep_name"), Customer.name.alias("customer_name"))
         .join(Rep, JOIN.LEFT_OUTER, on=(Note.rep == Rep.id))
         .switch(Note).join(Customer, JOIN.LEFT_OUTER, on=(Note.customer == Customer.id))
         .where(Note.deleted_at.is_null()))
    cond = search_condition(query)
    if cond is not None:
        q = q.where(cond)
    if kind:
        q = q.where(Note.kind == rules.kind_of(kind).key)
    if status:
        q = q.where(Note.status == rules.status_of(status).key)
    if rep:
        q = q.where(Rep.name == reps.tidy_name(rep))
    if customer_id:
        q = q.where(Note.customer == customer_id)
    if date_from:
        q = q.where(Note.written_on >= date_from)
    if date_to:
        q = q.where(Note.written_on <= date_to)
    if follow_up_by:
        q = q.where((Note.follow_up <= follow_up_by) & (Note.status != "resolved"))
    order = [Note.written_on.desc(), Note.created_at.desc()]
    if manager_view:
        rank = Case(Note.status, [(k, v) for k, v in rules.STATUS_RANK.items()], 3)
        order.insert(0, rank)
    q = q.order_by(*order)
    if limit:
        q = q.limit(limit)
    return [_row(n) for n in q.objects()]


def _row(n) -> NoteRow:
    return NoteRow(
        id=n.id, written_on=n.written_on, kind=n.kind, status=n.status, title=n.title, body=n.body,
        tags=n.tags, rep=n.rep_name or "", customer=n.customer_name or "", customer_id=n.customer_id,
        visit_id=n.visit_id, follow_up=n.follow_up, competitor=n.competitor, product=n.product,
        price=n.price, promotion=n.promotion, manager_comment=n.manager_comment)


def note_row(note_id: str) -> NoteRow:
    q = (Note.select(Note, Rep.name.alias("rep_name"), Customer.name.alias("customer_name"))
         .join(Rep, JOIN.LEFT_OUTER, on=(Note.rep == Rep.id))
         .switch(Note).join(Customer, JOIN.LEFT_OUTER, on=(Note.customer == Customer.id))
         .where(Note.id == note_id, Note.deleted_at.is_null()))
    found = q.objects().first()
    if found is None:
        raise UserError("notes.no_such_may_have_been")
    return _row(found)


def follow_ups_due(as_of: _dt.date | None = None, *, rep: str | None = None) -> list[NoteRow]:
    """Open notes whose follow-up date has come."""
    as_of = as_of or clock.today()
    return list_notes(rep=rep, follow_up_by=as_of, limit=None)


def customers_for_picker(query: str, limit: int = 20) -> list[tuple[str, str]]:
    """(id, name) of live customers whose name or pinyin holds QUERY, for the note form."""
    text = " ".join(str(query or "").split())
    q = Customer.live(Customer.id, Customer.name)
    if text:
        low = text.lower()
        q = q.where(Customer.name.contains(text) | Customer.py_full.contains(low)
                    | Customer.py_initials.contains(low))
    return [(c.id, c.name) for c in q.order_by(Customer.name).limit(limit)]


def resolve_customer(text: str) -> str | None:
    """The customer a user typed in the note form: an exact name, or the only one matching."""
    name = " ".join(str(text or "").split())
    if not name:
        return None
    exact = Customer.live().where(Customer.name == name).first()
    if exact is not None:
        return exact.id
    found = customers_for_picker(name, limit=6)
    if len(found) == 1:
        return found[0][0]
    if not found:
        raise UserError("notes.no_customer_matches_name", name=name)
    raise UserError("notes.many_customers_match", count=len(found), name=name,
                    names=", ".join(n for _, n in found[:5]))


@dataclass
class NoteFormData:
    note: NoteRow | None
    customer: str
    visit_label: str


def form_data(note_id: str | None, customer_id: str | None, visit_id: str | None) -> NoteFormData:
    """What the note form shows before the user types."""
    note = note_row(note_id) if note_id else None
    customer_id = note.customer_id if note else customer_id
    visit_id = note.visit_id if note else visit_id
    customer = ""
    if customer_id:
        c = Customer.select(Customer.name).where(Customer.id == customer_id).first()
        customer = c.name if c else ""
    visit_label = ""
    if visit_id:
        v = Visit.select(Visit.planned_date).where(Visit.id == visit_id).first()
        visit_label = v.planned_date.isoformat() if v else ""
    return NoteFormData(note, customer, visit_label)
