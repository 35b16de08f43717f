"""Importing the product catalogue as the company's ERP exports it (CSV in UTF-8/BOM/GBK, or XLSX).

Headers: the English names `export products` writes, or the usual Chinese ones (商品编码/编码,
商品名称/名称, 规格, 单位, 箱单位, 箱规/装箱数/换算, 条码/条形码, 单价/售价, 最低价, 品牌, 类别/分类,
状态). Code and name are required columns.

- Every bad row is reported with its line and column (a duplicate code in the file, a negative
  or malformed price, a case size under 1, a barcode with other than digits, an unknown status);
  nothing is written unless the file is clean, or only the good rows with good_rows_only.
- A row whose code is on file updates that product: filled cells overwrite, empty cells keep
  what is stored. A new product without a case size takes it from its specification's ``×N``.
- A case size above 1 without a case unit means cases of 箱 (what ERP exports leave out).
- One write transaction: interrupted, the catalogue is as it was.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from salesterm.domain import products as rules
from salesterm.domain.errors import Message, UserError
from salesterm.domain.safe_text import control_in
from salesterm.store.io.tabular import HeaderMap, ImportReport, RowError, ragged, read_table
from salesterm.store.products import catalogue
from salesterm.store.transactions import retrying, write_transaction

Progress = Callable[[str, int, int], None]
DEFAULT_CASE_UNIT = "箱"

PRODUCT_HEADERS = HeaderMap({
    "code": ["商品编码", "编码", "商品编号", "货号", "存货编码", "物料编码", "商品代码", "product_code"],
    "name": ["商品名称", "名称", "品名", "存货名称", "物料名称", "商品", "product_name"],
    "spec": ["规格", "规格型号", "型号", "specification"],
    "unit": ["单位", "基本单位", "计量单位", "主单位", "base_unit"],
    "case_unit": ["箱单位", "大单位", "辅单位", "辅助单位", "包装单位"],
    "case_size": ["箱规", "装箱数", "换算", "换算率", "装箱规格", "包装数量", "件装数"],
    "barcode": ["条码", "条形码", "商品条码", "国际条码", "ean"],
    "list_price": ["单价", "售价", "销售价", "标准售价", "零售价", "price"],
    "floor_price": ["最低价", "最低售价", "底价", "限价"],
    "brand": ["品牌"],
    "category": ["类别", "分类", "商品分类", "商品类别", "类目"],
    "status": ["状态", "商品状态", "是否停售"],
}, labels={"code": "product code", "name": "product name", "list_price": "list price",
           "floor_price": "floor price", "case_size": "case size", "case_unit": "case unit"})


def _step(progress: Progress | None, step: str, done: int, total: int) -> None:
    if progress:
        progress(step, done, total)


def _raw(values: dict[str, str], existing: bool) -> dict[str, Any]:
    """The row's filled cells (an update keeps what is stored under an empty cell)."""
    raw: dict[str, Any] = {k: v for k, v in values.items() if v != "" or (not existing and k in ("code", "name"))}
    if raw.get("case_size") not in (None, "") and not raw.get("case_unit") and not existing:
        unit = raw.get("unit", "")
        try:
            size = rules.parse_case_size(raw["case_size"])
        except UserError:  # reported by clean_product
            size = 1
        if size > 1 and unit != DEFAULT_CASE_UNIT:
            raw["case_unit"] = DEFAULT_CASE_UNIT
    elif (not existing and not raw.get("case_unit") and rules.case_size_from_spec(raw.get("spec", ""))
          and raw.get("unit", "") != DEFAULT_CASE_UNIT):
        raw["case_unit"] = DEFAULT_CASE_UNIT
    return raw


@retrying
def import_products(path: str | os.PathLike, *, dry_run: bool = False, encoding: str | None = None,
                    progress: Progress | None = None, good_rows_only: bool = False) -> ImportReport:
    """Import (or with dry_run, only check) a product file. See the module's rules."""
    table = read_table(path, encoding=encoding)
    cols = PRODUCT_HEADERS.resolve_table(table, required=["code", "name"])
    report = ImportReport(dry_run=dry_run, rows=len(table), ignored_columns=cols.ignored)
    on_file = catalogue.products_by_code(cols.values(cells).get("code", "").strip() for _l, cells in table.rows)
    errors: list[RowError] = []
    new: list[dict[str, Any]] = []
    changed: list[tuple[str, dict[str, Any]]] = []
    lines_of: dict[str, int] = {}
    total = len(table)
    for done, (line, cells) in enumerate(table.rows, 1):
        if done % 500 == 0:
            _step(progress, "checking", done, total)
        if not any(c.strip() for c in cells):
            report.rows -= 1
            continue
        # a sheet's cells stay in their columns (a short row is empty cells at its end): only a
        # CSV row can have its values shifted by a missing or extra separator
        bad = ragged(table, line, cells) if table.encoding != "xlsx" else None
        if bad:
            errors.append(bad)
            continue
        values = cols.values(cells)
        row_errors = [RowError(line, cols.where(f), Message("text.control_character", code=code))
                      for f, v in values.items() if (code := control_in(v))]
        if row_errors:
            errors += row_errors
            continue
        code = " ".join(values.get("code", "").split())
        current = on_file.get(code)
        clean, field_errors = rules.clean_product(_raw(values, current is not None), partial=current is not None)
        errors += [RowError(line, cols.where(e.field), e.message) for e in field_errors]
        if code and code in lines_of:
            errors.append(RowError(line, cols.where("code"), Message("products.code_also_on_line",
                                                                      code=code, line=lines_of[code])))
            continue
        if code:
            lines_of[code] = line
        if field_errors:
            continue
        if current is None:
            new.append(clean)
        else:
            changed.append((current.id, clean))
    _step(progress, "checking", total, total)
    errors.sort(key=lambda e: e.line)
    report.errors = errors
    if errors and not good_rows_only:
        return report
    report.skipped = len({e.line for e in errors})
    report.created, report.updated = len(new), len(changed)
    if dry_run or not (new or changed):
        return report
    with write_transaction():
        taken = catalogue.products_by_code(p["code"] for p in new)  # another writer since the check
        for product in [p for p in new if p["code"] in taken]:
            new.remove(product)
            fields = dict(product)
            changed.append((taken[product["code"]].id, fields))
        report.created, report.updated = len(new), len(changed)
        _step(progress, "importing", 0, len(new) + len(changed))
        catalogue.write_many(new, changed)
        _step(progress, "importing", len(new) + len(changed), len(new) + len(changed))
    return report
