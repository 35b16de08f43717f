"""Helpers shared by the visit store and UI tests: customers made through the store."""
from __future__ import annotations

from salesterm.store.customers import create_customer


def customer(name, grade="B", city="杭州", rep="王伟", **more):
    raw = {"name": name, "city": city, **more}
    if grade:
        raw.update(grade_override=grade, grade_override_reason="test")
    return create_customer(raw, rep=rep, allow_duplicate=True)
