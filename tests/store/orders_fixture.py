"""A hand-checked small order history for the sales report and the weekly report's orders, written
straight through the models (as the order store would leave them).

Products: 金龙鱼 5L×4 (粮油, 瓶, 箱 of 4), 海天 生抽 500ml×12 (调味品, 瓶, 箱 of 12).
Orders (2026):
  SO-1 11-24 华联超市 张三 delivered: 金龙鱼 8 = 960.00 (all delivered); 海天 24 = 228.00 (all
       delivered, 2 returned for 19.00)
  SO-2 11-25 永辉超市 李四 partial:   金龙鱼 10 = 1,250.00, 4 delivered -> 500.00
  SO-3 11-26 华联超市 张三 cancelled (断货): 海天 12 = 114.00 -- never counts
  SO-4 11-27 永辉超市 (no rep on the order: the customer's, 李四) placed: 海天 12 = 120.00
  SO-5 10-30 华联超市 张三 delivered: 金龙鱼 4 = 480.00 -- October
Targets: 张三 2026 sales 120,000.00 (10,000.00 a month); 王五 1,200.00 (100.00 a month), no orders.

November, by product: 金龙鱼 2 orders, 18 units, ordered 2,210.00, delivered 1,460.00;
  海天 2 orders, 34 units, ordered 329.00, delivered 209.00, returned 19.00.
  Total 3 orders, ordered 2,539.00, delivered 1,669.00, returned 19.00.
By rep: 张三 ordered = delivered 1,169.00 against 10,000.00 (11.7%); 李四 ordered 1,370.00,
  delivered 500.00, no target (-); 王五 0 against 100.00 (0.0%).
"""
from __future__ import annotations

from datetime import date

from salesterm.store.customers import create_customer
from salesterm.store.models import (
    Customer,
    OrderDelivery,
    OrderLine,
    OrderReturn,
    Product,
    SalesOrder,
)
from salesterm.store.reps import rep_id
from salesterm.store.sales import targets


def d(day: int, month: int = 11) -> date:
    return date(2026, month, day)


def _customer(name: str, rep: str) -> str:
    found = Customer.get_or_none(Customer.name == name)
    return found.id if found else create_customer({"name": name}, rep=rep).id


def build_orders() -> dict:
    zhang, li = rep_id("张三", create=True), rep_id("李四", create=True)
    rep_id("王五", create=True)
    hualian, yonghui = _customer("华联超市", "张三"), _customer("永辉超市", "李四")
    oil = Product.create(code="JLY-5L", name="金龙鱼", spec="5L×4", unit="瓶", case_unit="箱", case_size=4,
                         brand="金龙鱼", category="粮油", list_price=130_00, floor_price=110_00)
    soy = Product.create(code="HT-SC500", name="海天 生抽", spec="500ml×12", unit="瓶", case_unit="箱",
                         case_size=12, brand="海天", category="调味品", list_price=10_00, floor_price=8_00)

    def order(number, customer, rep, day, status, lines, reason=""):
        o = SalesOrder.create(number=number, customer=customer, rep=rep, day=day, status=status,
                              total=sum(a for _p, _q, a, _d in lines), cancel_reason=reason)
        out = []
        for product, qty, amount, delivered in lines:
            line = OrderLine.create(order=o.id, product=product.id, qty=qty, unit="瓶", price=amount // qty,
                                    list_price=product.list_price, price_source="list", amount=amount)
            if delivered:
                OrderDelivery.create(order=o.id, order_line=line.id, qty=delivered, day=day, stage="delivered")
            out.append(line)
        return o, out

    so1, (_l1, l2) = order("SO-1", hualian, zhang, d(24), "delivered", [(oil, 8, 960_00, 8), (soy, 24, 228_00, 24)])
    OrderReturn.create(order=so1.id, order_line=l2.id, qty=2, amount=19_00, reason="破损", day=d(26))
    order("SO-2", yonghui, li, d(25), "partial", [(oil, 10, 1_250_00, 4)])
    order("SO-3", hualian, zhang, d(26), "cancelled", [(soy, 12, 114_00, 0)], reason="断货")
    order("SO-4", yonghui, None, d(27), "placed", [(soy, 12, 120_00, 0)])
    order("SO-5", hualian, zhang, d(30, 10), "delivered", [(oil, 4, 480_00, 4)])
    targets.set_yearly_target("张三", 2026, sales=120_000_00)
    targets.set_yearly_target("王五", 2026, sales=1_200_00)
    return {"oil": oil.id, "soy": soy.id, "hualian": hualian, "yonghui": yonghui}
