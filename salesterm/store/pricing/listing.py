"""What the price system screens show: price lists and their items, promotions, floors, a
customer's agreed prices, and a customer's price sheet (every product's price today and where it
comes from), loaded in a few queries whatever the catalogue's size."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from peewee import JOIN, fn

from salesterm.domain import pricing
from salesterm.domain.errors import UserError
from salesterm.store.models import Customer, CustomerPrice, PriceList, PriceListItem, Product, Promotion, database
from salesterm.store.pricing.quotes import promotion_rule


@dataclass(frozen=True)
class PriceListRow:
    id: str
    name: str
    customer_kind: str
    grade: str
    starts: date | None
    ends: date | None
    note: str
    items: int


@dataclass(frozen=True)
class ItemRow:
    id: str
    product_id: str
    code: str
    name: str
    unit: str
    list_price: int
    price: int


@dataclass(frozen=True)
class PromotionRow:
    id: str
    name: str
    product_id: str | None
    product: str  # code and name, '' for every product
    customer_kind: str
    grade: str
    starts: date
    ends: date
    kind: str
    buy_qty: int
    free_qty: int
    discount_bp: int
    note: str


@dataclass(frozen=True)
class FloorRow:
    product_id: str
    code: str
    name: str
    unit: str
    list_price: int
    floor_price: int | None


@dataclass(frozen=True)
class CustomerPriceRow:
    id: str
    product_id: str
    code: str
    name: str
    price: int
    starts: date | None
    ends: date | None
    note: str


@dataclass(frozen=True)
class SheetRow:
    """One product's price for a customer today."""

    product_id: str
    code: str
    name: str
    unit: str
    list_price: int
    price: int  # before promotions
    source: str  # customer | list | catalogue
    source_name: str  # the price list's name
    promotions: tuple[pricing.PromotionRule, ...]  # running today for this customer
    floor_price: int | None


def price_lists() -> list[PriceListRow]:
    count = fn.COUNT(PriceListItem.id)
    q = (PriceList.select(PriceList, count.alias("n"))
         .join(PriceListItem, JOIN.LEFT_OUTER,
               on=(PriceListItem.price_list == PriceList.id) & PriceListItem.deleted_at.is_null())
         .where(PriceList.deleted_at.is_null()).group_by(PriceList.id))
    rows = [PriceListRow(p.id, p.name, p.customer_kind, p.grade, p.starts, p.ends, p.note, p.n) for p in q]
    return sorted(rows, key=lambda r: (r.customer_kind, r.grade, r.name, r.id))  # the same order on both backends


def list_items(list_id: str) -> list[ItemRow]:
    q = (PriceListItem.select(PriceListItem, Product).join(Product)
         .where(PriceListItem.price_list == list_id, PriceListItem.deleted_at.is_null())
         .order_by(Product.code))
    return [ItemRow(i.id, i.product.id, i.product.code, i.product.name, i.product.unit, i.product.list_price, i.price)
            for i in q]


def promotions() -> list[PromotionRow]:
    q = (Promotion.select(Promotion, Product).join(Product, JOIN.LEFT_OUTER)
         .where(Promotion.deleted_at.is_null()))
    out = []
    for p in q:
        prod = p.product if p.product_id else None
        out.append(PromotionRow(p.id, p.name, p.product_id, f"{prod.code} {prod.name}" if prod else "",
                                p.customer_kind, p.grade, p.starts, p.ends, p.kind, p.buy_qty, p.free_qty,
                                p.discount_bp, p.note))
    out.sort(key=lambda r: (-r.starts.toordinal(), r.name, r.id))  # the same order on both backends
    return out


def floors() -> list[FloorRow]:
    """Every live product, those with a floor first."""
    q = (Product.live().order_by(Product.floor_price.is_null(), Product.code))
    return [FloorRow(p.id, p.code, p.name, p.unit, p.list_price, p.floor_price) for p in q]


def customer_prices(customer_id: str) -> list[CustomerPriceRow]:
    q = (CustomerPrice.select(CustomerPrice, Product).join(Product)
         .where(CustomerPrice.customer == customer_id, CustomerPrice.deleted_at.is_null())
         .order_by(Product.code, CustomerPrice.starts))
    return [CustomerPriceRow(c.id, c.product.id, c.product.code, c.product.name, c.price, c.starts, c.ends, c.note)
            for c in q]


def price_sheet(customer_id: str, day: date) -> tuple[str, str, list[SheetRow]]:
    """(customer name, kind, rows): every active product's price for the customer on DAY, by the
    same rules as an order line (domain/pricing), with the promotions running for them."""
    customer = Customer.get_or_none(Customer.id == customer_id, Customer.deleted_at.is_null())
    if customer is None:
        raise UserError("pricing.no_such_customer")
    kind, grade = customer.kind or "", customer.grade or ""
    agreed = defaultdict(list)
    for r in CustomerPrice.live().where(CustomerPrice.customer == customer_id):
        agreed[r.product_id].append(pricing.CustomerPriceRule(starts=r.starts, ends=r.ends, price=r.price))
    listed = defaultdict(list)
    items = (PriceListItem.select(PriceListItem.product, PriceListItem.price, PriceList.name, PriceList.starts,
                                  PriceList.ends, PriceList.customer_kind, PriceList.grade)
             .join(PriceList).where(PriceListItem.deleted_at.is_null(), PriceList.deleted_at.is_null(),
                                    PriceList.customer_kind.in_(["", kind]), PriceList.grade.in_(["", grade]))
             .tuples())
    for product_id, price, name, starts, ends, list_kind, list_grade in items:
        listed[product_id].append(pricing.ListPriceRule(starts=starts, ends=ends, price=price, list_name=name,
                                                        customer_kind=list_kind, grade=list_grade))
    promos = defaultdict(list)
    for p in Promotion.live().where(Promotion.starts <= day, Promotion.ends >= day):
        promos[p.product_id].append(promotion_rule(p))
    rows = []
    products = (Product.select(Product.id, Product.code, Product.name, Product.unit, Product.list_price,
                               Product.floor_price)
                .where(Product.deleted_at.is_null(), Product.status == "active").order_by(Product.code))
    # the driver's rows as they are (no dates among them): 20,000 products without Peewee's per-row work
    for product_id, code, name, unit, list_price, floor_price in database.execute(products).fetchall():
        ctx = pricing.PriceContext(list_price=list_price, floor_price=floor_price, customer_kind=kind,
                                   grade=grade, customer_prices=tuple(agreed[product_id]),
                                   list_prices=tuple(listed[product_id]),
                                   promotions=tuple(promos[product_id] + promos[None]))
        price, source, source_name = pricing.base_price(ctx, day)
        rows.append(SheetRow(product_id, code, name, unit, list_price, price, source, source_name,
                             tuple(pricing.applicable(ctx, day)), floor_price))
    return customer.name, kind, rows

