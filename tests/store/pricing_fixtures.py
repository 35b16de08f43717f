"""Rows for the price system's tests: products exist here only as rows (the catalogue is its own work)."""
from __future__ import annotations

from salesterm.store.customers import create_customer
from salesterm.store.models import Product


def product(code: str, name: str, list_price: int, *, floor: int | None = None, unit: str = "瓶",
            status: str = "active") -> str:
    return Product.create(code=code, name=name, name_norm=name, unit=unit, case_unit="箱", case_size=12,
                          list_price=list_price, floor_price=floor, status=status).id


def customer(name: str, kind: str = "retailer", grade: str = "B") -> str:
    return create_customer({"name": name, "kind": kind, "grade_override": grade,
                            "grade_override_reason": "test"}).id
