"""`salesterm report sales`: what sold, as a table or JSON, for a month, quarter or year."""
from __future__ import annotations

import json

import pytest

from salesterm.store.db import close_database, open_database
from tests.store.orders_fixture import build_orders


@pytest.fixture
def orders_db(tmp_path):
    path = str(tmp_path / "orders.db")
    open_database(path)
    build_orders()
    close_database()
    return path


def test_by_rep_this_month_in_chinese(run_cli, orders_db):
    proc = run_cli("--lang", "zh", "report", "sales", "--by", "rep", db=orders_db)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("2026年11月 (2026-11-01 ~ 2026-11-30)")
    assert "指标按签收金额比较" in out
    line = next(x for x in out.splitlines() if x.startswith("张三"))
    assert line.split()[-4:] == ["1,169.00", "19.00", "10,000.00", "11.7%"]
    assert "断货" not in out and "1,283.00" not in out  # the cancelled order (114.00) is not in 张三's


def test_json_of_a_quarter_by_product(run_cli, orders_db):
    proc = run_cli("report", "sales", "--period", "2026-Q4", "--json", db=orders_db)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["period"] == "2026-Q4" and data["by"] == "product"
    assert data["rows"][0]["key"] == "金龙鱼 5L×4" and data["rows"][0]["delivered"] == "1940.00"


def test_a_month_before_any_order_is_empty(run_cli, orders_db):
    proc = run_cli("report", "sales", "--month", "2026-01", "--json", db=orders_db)
    assert json.loads(proc.stdout)["rows"] == []


def test_bad_month_and_by_are_refused(run_subprocess, orders_db):
    proc = run_subprocess("report", "sales", "--month", "2026-Q1", db=orders_db)
    assert proc.returncode == 1 and "not a period: 2026-Q1" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_subprocess("report", "sales", "--by", "colour", db=orders_db)
    assert proc.returncode == 2


def test_weekly_report_markdown_lists_the_weeks_orders(run_cli, orders_db):
    proc = run_cli("--lang", "zh", "report", "weekly", "--week", "2026-11-25", db=orders_db)
    assert proc.returncode == 0, proc.stderr
    assert "## 本周订单 (3, ¥2,558.00)" in proc.stdout
    assert "| 2026-11-24 | 张三 | SO-1 | 华联超市 | 1,188.00 | 已签收 |" in proc.stdout
