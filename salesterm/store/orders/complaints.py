"""Complaints (投诉) about an order: a note of the complaint kind with note.order_id, written
through the notes store (store/sales/notes), so it shows in the notes section like any other."""
from __future__ import annotations

import datetime as _dt

from salesterm.domain.errors import UserError
from salesterm.store.models import Note, SalesOrder
from salesterm.store.orders.lifecycle import get_order
from salesterm.store.sales import notes


def add_complaint(order_id: str, body: str, *, title: str = "", rep=None, day: _dt.date | None = None) -> Note:
    """A complaint about ORDER_ID: a note of the complaint kind linked to the order."""
    order: SalesOrder = get_order(order_id)
    if not " ".join((body or "").split()):
        raise UserError("orders.complaint_empty")
    return notes.create_note({"kind": "complaint", "title": title or order.number, "body": body},
                             rep=rep, customer_id=order.customer_id, day=day, order_id=order.id)


def complaints(order_id: str) -> list[Note]:
    return list(Note.live().where(Note.order_id == order_id).order_by(Note.written_on, Note.created_at))
