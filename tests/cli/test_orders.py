"""`salesterm orders` (text and JSON), `export orders` and `import receivables` linking to an
order: in-process for the output on both backends, a subprocess for the exit codes."""
from __future__ import annotations

import csv
import json
from datetime import date

import pytest


@pytest.fixture
def booked(db_url):
    """Two orders of 粮油店: one delivered in part, one held for overdue money."""
    from salesterm.store.db import open_database
    from salesterm.store.ledger import receivables
    from salesterm.store.orders import lifecycle, listing, placing
    from salesterm.store.orders.placing import LineInput
    from tests.store.orders.fixtures import priced_shop

    db = open_database(db_url)
    c, oil, peanut = priced_shop()
    first = placing.place_order(c.id, [LineInput(oil.id, 5, "箱"), LineInput(peanut.id, 10)], date(2026, 11, 2))
    oil_line = listing.order_detail(first.order_id)["lines"][0]["id"]
    lifecycle.deliver(first.order_id, date(2026, 11, 3), {oil_line: 12})
    receivables.record_receivable(c.id, number="INV-1", issued=date(2026, 9, 1), due=date(2026, 10, 1),
                                  amount=10000)
    second = placing.place_order(c.id, [LineInput(peanut.id, 1, "箱")], date(2026, 11, 5))
    db.close()
    return {"url": db_url, "first": first.number, "second": second.number}


def test_orders_json_is_design_shape_with_money_as_strings(run_cli, booked):
    data = json.loads(run_cli("orders", "--json", db=booked["url"], check=True).stdout)
    assert [o["number"] for o in data] == [booked["second"], booked["first"]]
    first = data[1]
    assert {k: first[k] for k in ("customer", "rep", "date", "status", "total", "receivable")} == {
        "customer": "粮油店", "rep": "王伟", "date": "2026-11-02", "status": "partial", "total": "2440.00",
        "receivable": "780.00"}  # 12 桶 × 65.00 delivered and billed
    assert [{k: line[k] for k in ("product", "qty", "unit", "price", "price_source", "amount")}
            for line in first["lines"]] == [
        {"product": "金龙鱼5L", "qty": 20, "unit": "桶", "price": "65.00", "price_source": "customer",
         "amount": "1300.00"},
        {"product": "鲁花花生油1L", "qty": 10, "unit": "瓶", "price": "114.00", "price_source": "catalogue",
         "amount": "1140.00"}]
    assert data[0]["credit_hold"] == ["collection before new goods: ¥100.00 overdue since 2026-10-01"]
    held = json.loads(run_cli("orders", "--status", "已下单", "--rep", "王伟", "--json", db=booked["url"],
                              check=True).stdout)
    assert [o["number"] for o in held] == [booked["second"]]


def test_orders_text_in_both_languages(run_cli, booked):
    en = run_cli("orders", db=booked["url"], check=True).stdout
    assert "Number" in en and "Owed" in en and "partial" in en and "placed (held)" in en
    assert "金龙鱼5L 5箱; 鲁花花生油1L 10瓶" in en and "2,440.00" in en
    zh = run_cli("--lang", "zh", "orders", db=booked["url"], check=True).stdout
    assert "单号" in zh and "未收" in zh and "部分签收" in zh and "已下单 (信用冻结)" in zh


def test_no_orders_and_a_bad_status(run_cli, db_url):
    out = run_cli("orders", db=db_url, check=True).stdout
    assert out.strip() == "No orders."
    bad = run_cli("orders", "--status", "lost", db=db_url)
    assert bad.returncode == 1 and "unknown order status lost" in bad.stderr


def test_export_orders_one_row_a_line_and_in_chinese(run_cli, booked, tmp_path):
    out = tmp_path / "orders.csv"
    run_cli("export", "orders", out, db=booked["url"], check=True)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [(r["number"], r["product"], r["qty"], r["typed_qty"], r["typed_unit"], r["price"], r["amount"],
             r["delivered"], r["status"]) for r in rows] == [
        (booked["first"], "金龙鱼5L", "20", "5", "箱", "65.00", "1300.00", "12", "partial"),
        (booked["first"], "鲁花花生油1L", "10", "10", "瓶", "114.00", "1140.00", "0", "partial"),
        (booked["second"], "鲁花花生油1L", "6", "1", "箱", "114.00", "684.00", "0", "placed")]
    zh = tmp_path / "orders_zh.xlsx"
    run_cli("export", "orders", zh, "--lang", "zh", db=booked["url"], check=True)
    from openpyxl import load_workbook

    sheet = load_workbook(zh).active
    header = [c.value for c in sheet[1]]
    assert {"订单号", "商品名称", "数量", "单价", "金额", "状态", "价格来源"} <= set(header)
    values = [c.value for c in sheet[2]]
    assert values[header.index("状态")] == "部分签收" and values[header.index("价格来源")] == "客户协议价"


def test_import_receivables_links_an_invoice_numbered_as_the_order(run_cli, booked, tmp_path):
    path = tmp_path / "ar.csv"
    path.write_text(f"客户名称,单号,开票日期,到期日,金额\n粮油店,{booked['second']}/2,2026-11-06,2026-11-21,684.00\n",
                    encoding="utf-8")
    run_cli("import", "receivables", path, db=booked["url"], check=True)
    data = json.loads(run_cli("orders", "--json", db=booked["url"], check=True).stdout)
    assert data[0]["receivables"] == [f"{booked['second']}/2"] and data[0]["receivable"] == "684.00"


def test_exit_codes(run_subprocess, tmp_path):
    db = str(tmp_path / "x.db")
    assert run_subprocess("orders", "--json", db=db).returncode == 0
    bad = run_subprocess("orders", "--status", "nope", db=db)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    assert run_subprocess("orders", "--limit", "0", db=db).returncode == 2
