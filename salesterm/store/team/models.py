"""The team's own tables (db/migrations/0013_handover.sql); kept out of models.ALL_MODELS, whose
row counts `check` prints."""
from __future__ import annotations

from peewee import CharField, ForeignKeyField, IntegerField, TextField

from salesterm.store.models import BaseModel, Customer, Rep


class Handover(BaseModel):
    from_rep = ForeignKeyField(Rep, column_name="from_rep_id")
    to_rep = ForeignKeyField(Rep, column_name="to_rep_id")
    query = TextField(default="")
    reason = TextField(default="")
    done_by = CharField(default="")
    customers = IntegerField(default=0)


class HandoverCustomer(BaseModel):
    handover = ForeignKeyField(Handover, column_name="handover_id")
    customer = ForeignKeyField(Customer, column_name="customer_id")
