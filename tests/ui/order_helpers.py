"""Data for the order screens' Pilot and snapshot tests: a customer with a planned visit today, a
product catalogue with a customer price, a price list and a promotion."""
from __future__ import annotations

from datetime import timedelta

from salesterm.store import visits
from salesterm.store.models import CustomerPrice, PriceList, PriceListItem, Promotion
from salesterm.store.products.catalogue import save_product
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer


def build_catalogue(ids: dict, *, credit_limit: str = "") -> None:
    """IDS gets c (customer 粮油批发, grade A), v (a visit planned today), oil (金龙鱼调和油 5L×4,
    priced 55.00 a bottle for this customer), peanut (鲁花花生油, on the grade-A price list, buy 12
    get 1) and rice (五常大米, the catalogue price)."""
    more = {"credit_limit": credit_limit} if credit_limit else {}
    c = customer("粮油批发", grade="A", **more)
    ids["c"] = c.id
    ids["v"] = visits.plan_visit(c.id, day=TODAY).id
    ids["oil"] = save_product({"code": "SP001", "name": "金龙鱼调和油", "spec": "5L×4", "unit": "瓶",
                               "case_unit": "箱", "case_size": 4, "barcode": "6900000000011",
                               "list_price": "59.90", "floor_price": "50.00"})
    ids["peanut"] = save_product({"code": "SP002", "name": "鲁花花生油", "spec": "5L×4", "unit": "瓶",
                                  "case_unit": "箱", "case_size": 4, "list_price": "120.00",
                                  "floor_price": "100.00"})
    ids["rice"] = save_product({"code": "SP003", "name": "五常大米", "spec": "10kg", "unit": "袋",
                                "list_price": "89.00"})
    CustomerPrice.create(customer=c.id, product=ids["oil"], price=5500)
    pl = PriceList.create(name="A类客户价", grade="A")
    PriceListItem.create(price_list=pl.id, product=ids["peanut"], price=11500)
    Promotion.create(name="买12送1", product=ids["peanut"], starts=TODAY - timedelta(days=3),
                     ends=TODAY + timedelta(days=30), kind="gift", buy_qty=12, free_qty=1)
