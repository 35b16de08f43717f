"""Writing and reading the product catalogue (商品): checked fields, search keys, the unique code.

Every write of a product goes through `save_product` or `set_status`, so the normalised name
and the pinyin keys (every reading of a polyphonic character, store/search's helpers) are
computed whenever a row is written, and the in-memory product search learns of the change.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from salesterm import clock
from salesterm.domain import products as rules
from salesterm.domain import textkeys
from salesterm.domain.errors import Message, UserError
from salesterm.store.models import Product
from salesterm.store.products import search
from salesterm.store.transactions import retrying, write_transaction

#: what a product's fields are called in messages (msgids of errors.toml)
WORDS = {name: f"products.word_{name}" for name in rules.FIELDS}


class InvalidProduct(UserError):
    def __init__(self, errors: list[rules.FieldError]):
        self.errors = errors
        super().__init__("products.invalid_fields", errors=[
            Message("products.field_error", field=Message(WORDS.get(e.field, e.field)), reason=e.message)
            for e in errors])


def check_fields(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """RAW's fields checked (domain/products.clean_product); InvalidProduct lists what is wrong."""
    clean, errors = rules.clean_product(raw, partial=partial)
    if errors:
        raise InvalidProduct(errors)
    return clean


def name_keys(name: str) -> dict[str, str]:
    """The derived search columns of a product name: normalised name, pinyin spellings and
    initials of every reading (the likeliest first), as for customers."""
    full, initials = textkeys.search_blob(name)
    return {"name_norm": textkeys.normalise_name(name), "py_full": full, "py_initials": initials}


def product_columns(clean: Mapping[str, Any]) -> dict[str, Any]:
    cols = dict(clean)
    if "name" in cols:
        cols.update(name_keys(cols["name"]))
    return cols


def code_owner(code: str, *, exclude_id: str | None = None) -> Product | None:
    """The product holding CODE (a discontinued or deleted one too: a code is never reused)."""
    query = Product.select().where(Product.code == code)
    if exclude_id:
        query = query.where(Product.id != exclude_id)
    return query.first()


def _code_free(code: str, exclude_id: str | None) -> None:
    owner = code_owner(code, exclude_id=exclude_id)
    if owner is not None:
        raise UserError("products.code_already_used", code=code, name=owner.name)


@retrying
def save_product(fields: Mapping[str, Any], product_id: str | None = None) -> str:
    """Create a product (PRODUCT_ID None: every required field) or change the fields given of
    one; returns its id. A code already used, a negative price, a case size under 1 or a
    barcode with other than digits is refused with a message per field."""
    clean = check_fields(fields, partial=product_id is not None)
    cols = product_columns(clean)
    with write_transaction():
        if product_id is not None:
            current = Product.get_or_none(Product.id == product_id, Product.deleted_at.is_null())
            if current is None:
                raise UserError("products.no_such")
        if "code" in cols:
            _code_free(cols["code"], product_id)
        if product_id is None:
            product_id = Product.create(**cols).id
        elif cols:
            cols["updated_at"] = clock.now()
            Product.update(**cols).where(Product.id == product_id).execute()
    search.products_changed()
    return product_id


def get_product(product_id: str) -> Product:
    """The live product with PRODUCT_ID (a Product row); UserError when there is none."""
    product = Product.get_or_none(Product.id == product_id, Product.deleted_at.is_null())
    if product is None:
        raise UserError("products.no_such")
    return product


def set_status(product_id: str, status: str) -> None:
    """Discontinue (停售) or reactivate (在售) a product; orders keep what they hold."""
    status = rules.parse_status(status)
    with write_transaction():
        changed = (Product.update(status=status, updated_at=clock.now())
                   .where(Product.id == product_id, Product.deleted_at.is_null()).execute())
        if not changed:
            raise UserError("products.no_such")
    search.products_changed()


def products_by_code(codes: Iterable[str]) -> dict[str, Product]:
    """Code -> product for the CODES on file (live or not), in chunks."""
    codes = sorted(set(c for c in codes if c))
    out: dict[str, Product] = {}
    for i in range(0, len(codes), 500):
        for product in Product.select().where(Product.code.in_(codes[i:i + 500])):
            out[product.code] = product
    return out


def write_many(new: list[dict[str, Any]], changed: list[tuple[str, dict[str, Any]]]) -> None:
    """Bulk writes of checked rows (the importer): NEW products and (id, fields) changes, in the
    caller's write transaction; the search learns of them once."""
    for i in range(0, len(new), 200):
        Product.insert_many([product_columns(row) for row in new[i:i + 200]]).execute()
    now = clock.now()
    for product_id, fields in changed:
        Product.update(**product_columns(fields), updated_at=now).where(Product.id == product_id).execute()
    search.products_changed()
