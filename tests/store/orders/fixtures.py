"""Products, prices and a customer for the order tests, written straight to the tables (the
catalogue's own store is issue 14's products work)."""
from __future__ import annotations

from datetime import date

from salesterm.store.models import CustomerPrice, Product, Promotion, Rep
from tests.store.visit_fixtures import customer

OIL = dict(code="JLY5L", name="金龙鱼5L", spec="5L×4", unit="桶", case_unit="箱", case_size=4,
           list_price=6800, floor_price=6000)
PEANUT = dict(code="LH1L", name="鲁花花生油1L", spec="1L×6", unit="瓶", case_unit="箱", case_size=6,
              list_price=12000, floor_price=10000)


def product(**fields) -> Product:
    return Product.create(**fields)


def shop(name="粮油店", credit_days=15, credit_limit=0, **more):
    c = customer(name, **more)
    type(c).update(credit_days=credit_days, credit_limit=credit_limit).where(type(c).id == c.id).execute()
    return type(c).get_by_id(c.id)


def priced_shop():
    """粮油店 with a customer price of ¥65.00 a 桶 for 金龙鱼 and 5% off 鲁花 all autumn."""
    c = shop()
    oil, peanut = product(**OIL), product(**PEANUT)
    CustomerPrice.create(customer=c.id, product=oil.id, price=6500)
    Promotion.create(name="秋季九五折", product=peanut.id, starts=date(2026, 9, 1), ends=date(2026, 12, 31),
                     kind="discount", discount_bp=500)
    return c, oil, peanut


def manager(name="李经理") -> Rep:
    return Rep.create(name=name, role="manager")
