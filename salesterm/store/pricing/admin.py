"""The manager's writes to the price system (价格体系): price lists and their items, prices
agreed with one customer, promotions, a product's floor price. Each write is checked first
(domain/price_terms) and goes through write_transaction; a refusal is a UserError naming what
is wrong. Who may write: store/pricing/access (a team server's row-level security enforces it
again)."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from salesterm import clock
from salesterm.domain import price_terms as terms
from salesterm.domain.dates import parse_date
from salesterm.domain.errors import UserError
from salesterm.domain.money import parse_money
from salesterm.store.models import Customer, CustomerPrice, PriceList, PriceListItem, Product, Promotion
from salesterm.store.transactions import write_transaction


# ---- parsing what a form or a file holds --------------------------------------------------
def _text(fields: Mapping[str, Any], key: str) -> str:
    value = fields.get(key)
    return "" if value is None else str(value).strip()


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    return parse_date(text) if text else None


def parse_price(value: Any) -> int:
    """Fen: an int as is; text is yuan ('12.50', '¥12.5')."""
    if isinstance(value, int) and not isinstance(value, bool):
        return terms.check_price(value)
    return terms.check_price(parse_money(str(value if value is not None else ""), allow_negative=True))


def _kind(value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    from salesterm.domain.customer import KINDS

    for key in terms.PRICED_KINDS:
        zh, en = KINDS[key]
        if text.lower() in (key, zh, en.lower()):
            return key
    raise UserError("pricing.unknown_kind", value=text)


def _name(fields: Mapping[str, Any]) -> str:
    name = _text(fields, "name")
    if not name:
        raise UserError("pricing.name_required")
    return name


def product_row(ref: str) -> Product:
    """The live product whose id or code is REF."""
    text = str(ref or "").strip()
    row = Product.get_or_none(((Product.id == text) | (Product.code == text)) & Product.deleted_at.is_null())
    if row is None:
        raise UserError("pricing.unknown_product", product=text or "—")
    return row


def _live(model, row_id: str, missing: str):
    row = model.get_or_none(model.id == row_id, model.deleted_at.is_null())
    if row is None:
        raise UserError(missing)
    return row


def _apply(row, values: dict) -> None:
    for key, value in values.items():
        setattr(row, key, value)
    row.save()


# ---- price lists --------------------------------------------------------------------------
def list_values(fields: Mapping[str, Any]) -> dict:
    """A price list's checked columns: name, customer_kind, grade, starts, ends, note."""
    values = {"name": _name(fields), "customer_kind": _kind(fields.get("customer_kind")),
              "grade": terms.parse_grade(_text(fields, "grade")), "starts": _day(fields.get("starts")),
              "ends": _day(fields.get("ends")), "note": _text(fields, "note")}
    terms.check_dates(values["starts"], values["ends"])
    return values


def save_price_list(fields: Mapping[str, Any], list_id: str | None = None) -> str:
    """Create (LIST_ID None) or change a price list: name, customer_kind, grade, starts, ends, note."""
    values = list_values(fields)
    with write_transaction():
        if list_id is None:
            return PriceList.create(**values).id
        _apply(_live(PriceList, list_id, "pricing.no_such_price_list"), values)
    return list_id


def delete_price_list(list_id: str) -> None:
    """Soft-delete the list and its items."""
    now = clock.now()
    with write_transaction():
        _live(PriceList, list_id, "pricing.no_such_price_list")
        PriceListItem.update(deleted_at=now, updated_at=now).where(
            PriceListItem.price_list == list_id, PriceListItem.deleted_at.is_null()).execute()
        PriceList.update(deleted_at=now, updated_at=now).where(PriceList.id == list_id).execute()


def set_list_item(list_id: str, product: str, price: Any) -> str:
    """PRODUCT (id or code) costs PRICE in the list: one item per product (an existing one changes)."""
    fen = parse_price(price)
    with write_transaction():
        _live(PriceList, list_id, "pricing.no_such_price_list")
        prod = product_row(product)
        item = PriceListItem.get_or_none(PriceListItem.price_list == list_id, PriceListItem.product == prod.id,
                                         PriceListItem.deleted_at.is_null())
        if item is None:
            return PriceListItem.create(price_list=list_id, product=prod.id, price=fen).id
        _apply(item, {"price": fen})
        return item.id


def remove_list_item(item_id: str) -> None:
    now = clock.now()
    with write_transaction():
        PriceListItem.update(deleted_at=now, updated_at=now).where(
            PriceListItem.id == item_id, PriceListItem.deleted_at.is_null()).execute()


# ---- a customer's agreed prices -----------------------------------------------------------
def save_customer_price(fields: Mapping[str, Any], price_id: str | None = None) -> str:
    """A price agreed with one customer for one product (customer_id, product, price, starts,
    ends, note). Two prices of one customer for one product may not share a day: the refusal
    names the one in the way."""
    price = parse_price(fields.get("price"))
    starts, ends = _day(fields.get("starts")), _day(fields.get("ends"))
    terms.check_dates(starts, ends)
    with write_transaction():
        customer = Customer.get_or_none(Customer.id == _text(fields, "customer_id"), Customer.deleted_at.is_null())
        if customer is None:
            raise UserError("pricing.no_such_customer")
        prod = product_row(_text(fields, "product"))
        span = terms.Span(starts, ends)
        others = CustomerPrice.live().where(CustomerPrice.customer == customer.id, CustomerPrice.product == prod.id)
        for other in others:
            if other.id != price_id and terms.overlaps(span, terms.Span(other.starts, other.ends)):
                raise UserError("pricing.customer_price_overlaps", customer=customer.name, product=prod.name,
                                span=terms.span_text(terms.Span(other.starts, other.ends)))
        values = {"customer": customer.id, "product": prod.id, "price": price, "starts": starts, "ends": ends,
                  "note": _text(fields, "note")}
        if price_id is None:
            return CustomerPrice.create(**values).id
        _apply(_live(CustomerPrice, price_id, "pricing.no_such_customer_price"), values)
    return price_id


def delete_customer_price(price_id: str) -> None:
    now = clock.now()
    with write_transaction():
        _live(CustomerPrice, price_id, "pricing.no_such_customer_price")
        CustomerPrice.update(deleted_at=now, updated_at=now).where(CustomerPrice.id == price_id).execute()


# ---- promotions ---------------------------------------------------------------------------
def _whole(value: Any) -> int:
    try:
        return int(str(value).strip() or 0)
    except ValueError:
        raise UserError("pricing.gift_needs_quantities") from None


def promotion_values(fields: Mapping[str, Any]) -> dict:
    """Checked columns of a promotion (without the product): name, kind (gift: buy_qty and
    free_qty; discount: discount as '5' or '5%' or discount_bp), customer_kind, grade, starts, ends."""
    kind = _text(fields, "kind") or "gift"
    if kind not in ("gift", "discount"):
        raise UserError("pricing.unknown_promotion_kind", value=kind)
    values = {"name": _name(fields), "kind": kind, "customer_kind": _kind(fields.get("customer_kind")),
              "grade": terms.parse_grade(_text(fields, "grade")), "starts": _day(fields.get("starts")),
              "ends": _day(fields.get("ends")), "note": _text(fields, "note"),
              "buy_qty": 0, "free_qty": 0, "discount_bp": 0}
    if values["starts"] is None or values["ends"] is None:
        raise UserError("pricing.promotion_needs_dates")
    terms.check_dates(values["starts"], values["ends"])
    if kind == "gift":
        values["buy_qty"], values["free_qty"] = _whole(fields.get("buy_qty")), _whole(fields.get("free_qty"))
        terms.check_quantities(values["buy_qty"], values["free_qty"])
    elif fields.get("discount_bp") is not None:
        bp = int(fields["discount_bp"])
        if not 0 < bp <= 10_000:
            raise UserError("pricing.discount_out_of_range", value=terms.discount_text(bp))
        values["discount_bp"] = bp
    else:
        values["discount_bp"] = terms.parse_discount(_text(fields, "discount"))
    return values


def save_promotion(fields: Mapping[str, Any], promotion_id: str | None = None) -> str:
    """Create or change a promotion; product: an id or code, '' for every product."""
    values = promotion_values(fields)
    with write_transaction():
        ref = _text(fields, "product")
        values["product"] = product_row(ref).id if ref else None
        if promotion_id is None:
            return Promotion.create(**values).id
        _apply(_live(Promotion, promotion_id, "pricing.no_such_promotion"), values)
    return promotion_id


def delete_promotion(promotion_id: str) -> None:
    now = clock.now()
    with write_transaction():
        _live(Promotion, promotion_id, "pricing.no_such_promotion")
        Promotion.update(deleted_at=now, updated_at=now).where(Promotion.id == promotion_id).execute()


# ---- floors -------------------------------------------------------------------------------
def set_floor(product: str, floor: Any) -> None:
    """The product's floor price (底价); empty or None clears it."""
    fen = None if floor is None or str(floor).strip() == "" else parse_price(floor)
    with write_transaction():
        prod = product_row(product)
        Product.update(floor_price=fen, updated_at=clock.now()).where(Product.id == prod.id).execute()
