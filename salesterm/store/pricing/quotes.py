"""Price quotes: load what decides one customer's price for a product, and apply domain/pricing."""
from __future__ import annotations

from datetime import date

from salesterm.domain import pricing
from salesterm.domain.errors import UserError
from salesterm.store.models import Customer, CustomerPrice, PriceList, PriceListItem, Product, Promotion


def context_for(customer_id: str, product_id: str) -> pricing.PriceContext:
    """Every rule that may price PRODUCT for CUSTOMER (all dates: the rules pick the day)."""
    customer = Customer.get_or_none(Customer.id == customer_id, Customer.deleted_at.is_null())
    if customer is None:
        raise UserError("pricing.no_such_customer")
    product = Product.get_or_none(Product.id == product_id, Product.deleted_at.is_null())
    if product is None:
        raise UserError("pricing.no_such_product")
    agreed = tuple(
        pricing.CustomerPriceRule(starts=r.starts, ends=r.ends, price=r.price)
        for r in CustomerPrice.live().where(CustomerPrice.customer == customer_id, CustomerPrice.product == product_id)
    )
    lists = tuple(
        pricing.ListPriceRule(starts=pl.starts, ends=pl.ends, price=item.price, list_name=pl.name,
                              customer_kind=pl.customer_kind, grade=pl.grade)
        for item, pl in ((i, i.price_list) for i in PriceListItem.select(PriceListItem, PriceList)  # one query
                         .join(PriceList).where(PriceListItem.product == product_id,
                                                PriceListItem.deleted_at.is_null(), PriceList.deleted_at.is_null()))
    )
    promos = tuple(
        pricing.PromotionRule(starts=p.starts, ends=p.ends, id=p.id, name=p.name, kind=p.kind, buy_qty=p.buy_qty,
                              free_qty=p.free_qty, discount_bp=p.discount_bp, customer_kind=p.customer_kind,
                              grade=p.grade)
        for p in Promotion.live().where((Promotion.product == product_id) | Promotion.product.is_null())
    )
    return pricing.PriceContext(
        list_price=product.list_price, floor_price=product.floor_price, customer_kind=customer.kind,
        grade=customer.grade or "", customer_prices=agreed, list_prices=lists, promotions=promos,
    )


def quote(customer_id: str, product_id: str, qty: int, day: date, manual_price: int | None = None) -> pricing.Quote:
    """The price of QTY base units of PRODUCT for CUSTOMER on DAY, and where it came from."""
    return pricing.quote(context_for(customer_id, product_id), qty, day, manual_price)
