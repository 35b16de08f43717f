"""An order as a rep types it on the visit log: products with their quantities, as
``金龙鱼5L×40`` (also x, X, *), several separated by ，,;；、 or new lines, and how the order's
total is shared over its lines."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UserError, shown

#: Separators between products; a comma after a digit and before exactly three is a thousands
#: separator (×1,000), so write "×1,5L装×2" with ， or 、 between products.
_SPLIT = re.compile(r"[，;；、\r\n]|(?<!\d),|,(?!\d{3}(?!\d))")
#: name × quantity, with an optional unit after the quantity (箱, 件 ...).
_ITEM = re.compile(r"^(?P<name>.+?)\s*[×xX*＊✕]\s*(?P<qty>[\d,]+)\s*(?P<unit>[箱件瓶袋包桶个只盒台套吨斤罐提条支]?)$")


@dataclass(frozen=True)
class OrderItem:
    product: str
    quantity: int | None  # None: the text gives no quantity


def parse_order(text: str) -> list[OrderItem]:
    """The products of an order, in the order typed. A product without ``×N`` has quantity None;
    a quantity of 0 is refused."""
    items = []
    for part in _SPLIT.split(text or ""):
        part = part.strip()
        if not part:
            continue
        m = _ITEM.match(part)
        if m is None or not m["qty"].replace(",", ""):
            items.append(OrderItem(part, None))
            continue
        qty = int(m["qty"].replace(",", ""))
        if qty <= 0:
            raise UserError("orders.quantity_must_be_positive", product=shown(part))
        name = m["name"].strip()
        items.append(OrderItem(f"{name}（{m['unit']}）" if m["unit"] else name, qty))
    return items


def resolve(items: list[OrderItem], quantity: int | None = None) -> list[OrderItem]:
    """Every line with a real quantity: one product without ``×N`` takes QUANTITY (or 1, one
    lot); an order with no product text is one unnamed lot; with several products each must say
    its quantity."""
    if quantity is not None and quantity <= 0:
        raise UserError("orders.quantity_must_be_positive", product=shown(str(quantity)))
    if not items:
        return [OrderItem("", quantity or 1)]
    if len(items) == 1 and items[0].quantity is None:
        return [OrderItem(items[0].product, quantity or 1)]
    for item in items:
        if item.quantity is None:
            raise UserError("orders.each_product_needs_quantity", product=shown(item.product))
    return items


def share(amount: int, quantities: list[int]) -> list[int]:
    """AMOUNT (fen) shared over lines in proportion to their quantities; the shares add up to
    AMOUNT exactly (the remainder goes to the first lines)."""
    total = sum(quantities)
    shares = [amount * q // total for q in quantities]
    for i in range(amount - sum(shares)):
        shares[i % len(shares)] += 1
    return shares


def deal_title(items: list[OrderItem], limit: int = 60) -> str:
    """A deal title from the products: their names joined with 、."""
    title = "、".join(i.product for i in items if i.product)
    return title if len(title) <= limit else title[: limit - 1] + "…"
