from datetime import date

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.reports.weekly import weekly_data, weekly_markdown
from tests.store.weekly_fixture import build_week, d


def test_rep_week_figures_agree_with_the_ledger(db):
    build_week()
    w = weekly_data(date(2026, 11, 26), rep="张三")
    assert (w.week_start, w.week_end, w.as_of) == (d(23), d(29), d(29))
    assert (w.visits_planned, w.visits_done) == (2, 1)
    assert w.new_customers == ["新客户甲"]
    assert [(m.from_stage, m.to_stage) for m in w.deal_moves] == [("访前准备", "观察分析")]
    assert [p.amount for p in w.payments] == [300_50, 1_000_00, -1_000_00]
    assert w.collected == 300_50
    assert [(o.number, o.days, o.open_amount) for o in w.overdue] == [("AR-A1", 29, 599_50),
                                                                     ("AR-B1", 15, 2_345_67)]
    assert w.overdue_total == 2_945_17
    assert [(p.customer, p.amount) for p in w.promises_made] == [("永辉超市", 1_000_00)]
    assert [(p.customer, p.status) for p in w.promises_broken] == [("华联超市", "broken")]
    assert [n.title for n in w.notes] == ["康师傅降价"]
    assert [(v.day, v.customer) for v in w.next_week] == [(d(1, 12), "华联超市"), (d(2, 12), "永辉超市")]


def test_team_digest(db):
    build_week()
    w = weekly_data(d(29))
    assert w.rep is None
    assert w.collected == 500_50 and w.overdue_total == 3_495_17
    team = {r.rep: r for r in w.team}
    assert set(team) == {"张三", "李四"}  # the manager has no row
    z, li = team["张三"], team["李四"]
    assert (z.visits_planned, z.visits_done, z.new_customers, z.deals_moved, z.collected, z.overdue,
            z.promises_made, z.promises_broken, z.notes) == (2, 1, 1, 1, 300_50, 2_945_17, 1, 1, 1)
    assert (li.visits_planned, li.visits_done, li.collected, li.overdue, li.notes) == (1, 1, 200_00, 550_00, 1)


def test_markdown_of_the_week(db):
    build_week()
    md = weekly_markdown(d(23), rep="张三")
    assert md.startswith("# 个人工作周报: 张三")
    assert "## 回款: ¥300.50" in md and "## 仍逾期: ¥2,945.17" in md
    assert "| 2 | 1 | 1 | 1 | 300.50 | 2,945.17 | 1 | 1 | 1 |" in md
    assert "支票 冲销 支票退票" in md
    team = weekly_markdown(d(23), lang="en")
    assert "## Money collected: ¥500.50" in team and "| 张三 |" in team


def test_previous_week_and_unknown_rep(db):
    build_week()
    w = weekly_data(d(18), rep="张三")
    assert w.collected == 100_00 and [n.title for n in w.notes] == ["上周的反馈"]
    assert [m.to_stage for m in w.deal_moves] == ["访前准备"]
    with pytest.raises(UserError, match="no rep"):
        weekly_data(d(18), rep="赵六")
