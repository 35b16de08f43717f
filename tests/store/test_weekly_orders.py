"""The weekly report lists the week's orders (number, customer, total, status) per rep; a cancelled
order is listed but not counted in the week's order total."""
from __future__ import annotations

from datetime import date

from salesterm.store.reports.weekly import weekly_data, weekly_markdown
from tests.store.orders_fixture import build_orders


def test_team_digest_lists_the_weeks_orders_by_rep(db):
    build_orders()
    data = weekly_data(date(2026, 11, 25), lang="en")
    assert [(o.rep, o.number, o.status) for o in data.orders] == [
        ("张三", "SO-1", "delivered"), ("张三", "SO-3", "cancelled"), ("李四", "SO-2", "partial"),
        ("李四", "SO-4", "placed")]
    assert data.orders_total == 1_188_00 + 1_250_00 + 120_00
    md = weekly_markdown(date(2026, 11, 25), lang="zh")
    assert "## 本周订单 (3, ¥2,558.00)" in md
    assert "| 2026-11-26 | 张三 | SO-3 | 华联超市 | 114.00 | 已取消 |" in md
    assert "| 2026-11-27 | 李四 | SO-4 | 永辉超市 | 120.00 | 已下单 |" in md
    assert "SO-5" not in md  # October's


def test_a_reps_report_has_only_their_orders(db):
    build_orders()
    md = weekly_markdown(date(2026, 11, 29), rep="李四", lang="en")
    assert "## Orders (2, ¥1,370.00)" in md
    assert "| 2026-11-25 | SO-2 | 永辉超市 | 1,250.00 | partial |" in md and "SO-1" not in md
    assert md.index("## Deals moved") < md.index("## Orders") < md.index("## Money collected")


def test_a_week_without_orders_says_none(db):
    build_orders()
    md = weekly_markdown(date(2026, 11, 16), lang="en")
    assert "## Orders (0, ¥0.00)\n\n_none_" in md
