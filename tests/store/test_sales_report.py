"""What sold: sales by product, category, customer and rep against target, net of returns, the
cancelled orders left out (tests/store/orders_fixture.py has the figures worked by hand)."""
from __future__ import annotations

from salesterm.domain.sales import Period, parse_period
from salesterm.store.reports.sales import sales_json, sales_report, sales_rows
from tests.store.orders_fixture import build_orders

NOV = Period("month", 2026, 11)


def _by_key(rows):
    return {r.key: r for r in rows}


def test_by_product_net_of_returns_without_cancelled_orders(db):
    build_orders()
    rows = sales_rows("product", NOV)
    assert [r.key for r in rows] == ["金龙鱼 5L×4", "海天 生抽 500ml×12"]
    oil, soy = rows
    assert (oil.orders, oil.qty, oil.ordered, oil.delivered, oil.returned) == (2, 18, 2_210_00, 1_460_00, 0)
    assert (soy.orders, soy.qty, soy.ordered, soy.delivered, soy.returned) == (2, 34, 329_00, 209_00, 19_00)


def test_by_category_and_customer(db):
    build_orders()
    cats = _by_key(sales_rows("category", NOV))
    assert cats["粮油"].delivered == 1_460_00 and cats["调味品"].ordered == 329_00
    customers = _by_key(sales_rows("customer", NOV))
    assert customers["华联超市"].delivered == 1_169_00 and customers["华联超市"].orders == 1
    assert customers["永辉超市"].ordered == 1_370_00 and customers["永辉超市"].delivered == 500_00


def test_by_rep_against_the_months_target(db):
    build_orders()
    reps = _by_key(sales_rows("rep", NOV))
    assert (reps["张三"].delivered, reps["张三"].target) == (1_169_00, 10_000_00)
    assert (reps["李四"].ordered, reps["李四"].delivered, reps["李四"].target) == (1_370_00, 500_00, 0)
    assert (reps["王五"].delivered, reps["王五"].target) == (0, 100_00)
    report = sales_report("rep", NOV, lang="en")
    table = {row[0]: row for row in report.rows}
    assert table["张三"][-2:] == ["10,000.00", "11.7%"]
    assert table["李四"][-1] == "-" and table["王五"][-1] == "0.0%"
    assert table["Total"][3:6] == ["2,539.00", "1,669.00", "19.00"]
    assert "targets compare the delivered amount" in report.note


def test_a_quarter_and_a_year_take_october_in(db):
    build_orders()
    q4 = _by_key(sales_rows("product", parse_period("2026-Q4")))
    assert q4["金龙鱼 5L×4"].delivered == 1_940_00 and q4["金龙鱼 5L×4"].orders == 3
    reps = _by_key(sales_rows("rep", parse_period("2026")))
    assert reps["张三"].target == 120_000_00 and reps["张三"].delivered == 1_649_00
    assert sales_rows("product", Period("month", 2026, 9)) == []


def test_one_reps_sales_only(db):
    build_orders()
    rows = sales_rows("customer", NOV, rep="李四")
    assert [r.key for r in rows] == ["永辉超市"]


def test_chart_in_wan_in_chinese_and_yuan_in_english(db):
    build_orders()
    zh = sales_report("product", NOV, lang="zh")
    assert zh.headers == ["商品", "订单数", "数量", "订货金额", "签收金额", "退货"]
    assert list(zh.series) == ["签收 (万元)", "订货 (万元)"]
    assert zh.series["签收 (万元)"] == [0.15, 0.02]
    en = sales_report("product", NOV, lang="en")
    assert en.series["Delivered (yuan)"] == [1460.0, 209.0]
    assert en.note.startswith("2026-11 (2026-11-01 ~ 2026-11-30)")
    assert zh.note.startswith("2026年11月")


def test_json_money_as_strings(db):
    build_orders()
    out = sales_json("category", NOV)
    assert out["period"] == "2026-11" and out["from"] == "2026-11-01"
    assert out["rows"][0] == {"key": "粮油", "orders": 2, "qty": 18, "ordered": "2210.00",
                              "delivered": "1460.00", "returned": "0.00"}
    assert out["total"]["delivered"] == "1669.00" and out["total"]["orders"] == 3
