"""The products list (the Products screen and its export): pages of the catalogue in code order,
or of a search's answer in its ranking."""
from __future__ import annotations

from salesterm.store.models import Product
from salesterm.store.products.search import ProductHit, search_products

SEARCH_MOST = 500  # hits a typed search lists, at most


def _live(include_discontinued: bool):
    query = Product.select().where(Product.deleted_at.is_null())
    if not include_discontinued:
        query = query.where(Product.status != "discontinued")
    return query


def _hit(p: Product) -> ProductHit:
    return ProductHit(p.id, p.code, p.name, p.spec, p.unit, p.case_unit, p.case_size, p.list_price, p.status,
                      p.barcode, "", 0)


def count_products(query: str = "", include_discontinued: bool = True) -> int:
    if query.strip():
        return len(search_products(query, SEARCH_MOST, include_discontinued))
    return _live(include_discontinued).count()


def page(query: str = "", include_discontinued: bool = True, offset: int = 0, limit: int = 100) -> list[ProductHit]:
    """Rows OFFSET.. of the list: every product in code order, or QUERY's hits best first."""
    if query.strip():
        return search_products(query, SEARCH_MOST, include_discontinued)[offset:offset + limit]
    rows = _live(include_discontinued).order_by(Product.code, Product.id).offset(offset).limit(limit)
    return [_hit(p) for p in rows]


def position(product_id: str, query: str = "", include_discontinued: bool = True) -> int | None:
    """Where PRODUCT_ID is in the list (None: not in it)."""
    if query.strip():
        hits = search_products(query, SEARCH_MOST, include_discontinued)
        return next((i for i, h in enumerate(hits) if h.id == product_id), None)
    p = _live(include_discontinued).where(Product.id == product_id).first()
    if p is None:
        return None
    return _live(include_discontinued).where(
        (Product.code < p.code) | ((Product.code == p.code) & (Product.id < p.id))).count()


def first_page(query: str, include_discontinued: bool, limit: int,
               keep: str | None = None) -> tuple[int, list[ProductHit], int]:
    """(how many rows the list has, its first LIMIT rows, where KEEP is in it or 0): one worker
    call for a list's first paint."""
    at = position(keep, query, include_discontinued) if keep else None
    return count_products(query, include_discontinued), page(query, include_discontinued, 0, limit), at or 0


def product_fields(product_id: str) -> dict | None:
    """A product's fields as a form shows them (None: it is gone)."""
    p = Product.get_or_none(Product.id == product_id, Product.deleted_at.is_null())
    if p is None:
        return None
    return {"code": p.code, "name": p.name, "spec": p.spec, "unit": p.unit, "case_unit": p.case_unit,
            "case_size": p.case_size, "brand": p.brand, "category": p.category, "barcode": p.barcode,
            "status": p.status, "list_price": p.list_price, "floor_price": p.floor_price}
