"""`salesterm import prices FILE`: price lists and their products from a CSV or XLSX file, one row
a product's price in a list (价目表, 商品编码, 价格; optionally 客户类型, 等级, 开始日期, 结束日期).

A list named in the file that does not exist yet is made with the kind, grade and dates of its
first row; an existing list keeps its own and gets the file's prices (a product already in it
changes its price). Every row is checked first (an unknown product code, a negative price, a
product twice in one list, a list whose rows disagree on its kind, grade or dates: each named
with its line and column) and nothing is written unless all are good, or good_rows_only."""
from __future__ import annotations

import os
from collections.abc import Callable

from salesterm.domain.errors import Message, UserError
from salesterm.store.io.tabular import HeaderMap, ImportReport, RowError, ragged, read_table
from salesterm.store.models import PriceList, Product
from salesterm.store.pricing import admin
from salesterm.store.transactions import write_transaction

Progress = Callable[[str, int, int], None]

PRICE_HEADERS = HeaderMap({
    "price_list": ["价目表", "价格表", "价目表名称", "价格体系", "list"],
    "product": ["商品编码", "产品编码", "编码", "货号", "product_code", "code"],
    "price": ["价格", "单价", "供货价", "价格(元)", "price_yuan"],
    "customer_kind": ["客户类型", "类型", "kind"],
    "grade": ["等级", "客户等级"],
    "starts": ["开始日期", "生效日期", "开始"],
    "ends": ["结束日期", "失效日期", "结束"],
}, labels={"price_list": "price list", "product": "product code", "customer_kind": "customer kind"})
LIST_FIELDS = ("customer_kind", "grade", "starts", "ends")


def _message(exc: UserError) -> Message:
    return Message(exc.msgid, **exc.params)


def import_prices(path: str | os.PathLike, *, dry_run: bool = False, encoding: str | None = None,
                  progress: Progress | None = None, good_rows_only: bool = False) -> ImportReport:
    """Import (or with dry_run, only check) price list items. See the module's rules."""
    table = read_table(path, encoding=encoding)
    cols = PRICE_HEADERS.resolve_table(table, required=["price_list", "product", "price"])
    report = ImportReport(dry_run=dry_run, rows=len(table), ignored_columns=cols.ignored)
    codes = dict(Product.select(Product.code, Product.id).where(Product.deleted_at.is_null()).tuples())
    existing = dict(PriceList.select(PriceList.name, PriceList.id).where(PriceList.deleted_at.is_null()).tuples())
    errors: list[RowError] = []
    lists: dict[str, dict] = {}  # a new list's name -> its fields (from its first row)
    seen: dict[tuple[str, str], int] = {}
    plan: list[tuple[str, str, int]] = []  # (list name, product id, fen)
    for i, (line, cells) in enumerate(table.rows):
        if progress is not None:
            progress("checking", i, len(table))
        bad = ragged(table, line, cells)
        if bad:
            errors.append(bad)
            continue
        v = cols.values(cells)
        if not any(v.values()):
            continue
        row_errors: list[RowError] = []

        def fail(fld: str, message: Message, line: int = line, row_errors: list = row_errors) -> None:
            row_errors.append(RowError(line, cols.where(fld), message))

        name, code = " ".join(v["price_list"].split()), v["product"].strip()
        if not name:
            fail("price_list", Message("pricing.name_required"))
        product_id = codes.get(code)
        if product_id is None:
            fail("product", Message("pricing.unknown_product", product=code or "—"))
        try:
            fen = admin.parse_price(v["price"])
        except UserError as exc:
            fail("price", _message(exc))
        fields = {f: v.get(f, "") for f in LIST_FIELDS}
        try:
            checked = admin.list_values({"name": name or "-", **fields})
        except UserError as exc:
            fail(next((f for f in LIST_FIELDS if f in cols), "price_list"), _message(exc))
            checked = None
        if name and product_id and (name, product_id) in seen:
            fail("product", Message("pricing.import_product_twice", product=code, list=name,
                                    line=seen[(name, product_id)]))
        if name and checked is not None and name not in existing:
            first = lists.setdefault(name, {**checked, "line": line})
            differs = [f for f in LIST_FIELDS if f in cols and first[f] != checked[f]]
            if differs:
                fail(differs[0], Message("pricing.import_list_differs", list=name, line=first["line"]))
        if row_errors:
            errors += row_errors
            continue
        seen[(name, product_id)] = line
        plan.append((name, product_id, fen))
    errors.sort(key=lambda e: e.line)
    report.errors = errors
    if errors and not good_rows_only:
        return report
    report.skipped = len({e.line for e in errors})
    report.created = len(plan)
    if not plan or dry_run:
        return report
    with write_transaction():
        ids = dict(existing)
        for name, fields in lists.items():
            if any(n == name for n, _p, _f in plan):
                ids[name] = admin.save_price_list({k: v for k, v in fields.items() if k != "line"})
        for n, (name, product_id, fen) in enumerate(plan):
            if progress is not None:
                progress("writing", n, len(plan))
            admin.set_list_item(ids[name], product_id, fen)
    return report

