"""Importing products on both backends: clean rows written with their search keys, an existing code
updated with only its filled cells, bad rows refusing the file."""
from __future__ import annotations

from pathlib import Path

from salesterm.store.io.product_import import import_products
from salesterm.store.models import Product
from salesterm.store.products import catalogue, search

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_file_with_bad_rows_writes_nothing(db):
    report = import_products(FIXTURES / "products_gbk.csv")
    assert len({e.line for e in report.errors}) == 6 and report.created == 0
    assert Product.select().count() == 0


def test_good_rows_are_written_and_found_by_pinyin(db):
    search.forget()
    report = import_products(FIXTURES / "products_gbk.csv", good_rows_only=True)
    assert (report.created, report.updated, report.skipped) == (5, 0, 6)
    assert [h.code for h in search.search_products("cqhg")] == ["SP002"]
    assert [h.code for h in search.search_products("htjb", include_discontinued=True)] == ["SP004"]


def test_an_existing_code_keeps_what_an_empty_cell_leaves(db, tmp_path):
    pid = catalogue.save_product({"code": "SP101", "name": "旧名", "brand": "福临门", "floor_price": "40",
                                  "category": "油"})
    path = tmp_path / "p.csv"
    path.write_text("编码,名称,单价,品牌,分类\nSP101,福临门大豆油,52.5,,\n", encoding="utf-8")
    report = import_products(path)
    assert (report.created, report.updated) == (0, 1)
    p = catalogue.get_product(pid)
    assert (p.name, p.list_price, p.brand, p.category, p.floor_price) == ("福临门大豆油", 5250, "福临门", "油", 4000)
    assert p.py_initials.startswith("flmddy")
