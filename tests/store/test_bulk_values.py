"""bulk.values_of: a row dict as an insert's parameters, in the model's field order."""
from __future__ import annotations

import datetime

from salesterm.store.io import bulk
from salesterm.store.models import Contact, Customer


def _by_name(model, values):
    return dict(zip([f.name for f in model._meta.sorted_fields], values, strict=True))


def test_fields_left_out_get_the_models_defaults_and_given_ones_are_kept_even_when_none():
    values = _by_name(Customer, bulk.values_of(Customer, {"id": "c1", "name": "甲", "grade": None,
                                                          "created_at": "2026-01-01 00:00:00"}, sqlite=True))
    assert values["id"] == "c1" and values["name"] == "甲" and values["grade"] is None
    assert values["kind"] == "retailer" and values["credit_days"] == 30 and values["grade_factors"] == "{}"
    assert values["created_at"] == "2026-01-01 00:00:00" and values["deleted_at"] is None
    assert isinstance(values["updated_at"], str) and values["updated_at"]  # made for the row, as ISO text


def test_made_defaults_are_new_for_each_row_and_dates_are_text_on_sqlite_only():
    first, second = (_by_name(Contact, bulk.values_of(Contact, {"name": "王"}, sqlite=True)) for _ in range(2))
    assert len(first["id"]) == 32 and first["id"] != second["id"]
    when = datetime.datetime(2026, 1, 2, 3, 4, 5)
    assert _by_name(Contact, bulk.values_of(Contact, {"created_at": when}, sqlite=True))["created_at"] == str(when)
    assert _by_name(Contact, bulk.values_of(Contact, {"created_at": when}, sqlite=False))["created_at"] == when


def test_a_foreign_key_may_be_given_by_its_field_or_its_column():
    assert _by_name(Contact, bulk.values_of(Contact, {"customer": "c1"}, sqlite=True))["customer"] == "c1"
    assert _by_name(Contact, bulk.values_of(Contact, {"customer_id": "c2"}, sqlite=True))["customer"] == "c2"
    both = {"customer": "c1", "customer_id": "c2"}
    assert _by_name(Contact, bulk.values_of(Contact, both, sqlite=True))["customer"] == "c1"
    assert _by_name(Customer, bulk.values_of(Customer, {"name": "甲"}, sqlite=True))["rep"] is None
