from datetime import date

from salesterm.domain.weekly import MoneyLine, NoteLine, OverdueLine, TeamRow, VisitLine, WeeklyData, cell, render

MON = date(2026, 11, 23)


def sample(rep="张三"):
    return WeeklyData(
        week_start=MON, rep=rep, as_of=date(2026, 11, 29),
        visits=[VisitLine(MON, "华联超市", "done", outcome="下单 20 箱"),
                VisitLine(date(2026, 11, 24), "a|b", "planned"),
                VisitLine(date(2026, 11, 25), "x", "cancelled")],
        new_customers=["新客户甲"],
        payments=[MoneyLine(MON, "华联超市", 100_050), MoneyLine(date(2026, 11, 26), "华联超市", -50)],
        overdue=[OverdueLine("永辉", "AR-1", date(2026, 10, 1), 59, 12_345)],
        notes=[NoteLine(MON, "竞品", "康师傅降价", "新建", "华联超市")],
        team=[TeamRow("张三", 3, 1, collected=100_000)],
    )


def test_rep_report_sections_and_figures():
    md = render(sample())
    assert md.startswith("# 个人工作周报: 张三\n")
    assert "2026-11-23 ~ 2026-11-29" in md
    assert "| 2 | 1 | 1 | 0 | 1,000.00 | 123.45 | 0 | 0 | 1 |" in md
    for heading in ("## 拜访", "## 新客户", "## 商机推进", "## 回款: ¥1,000.00", "## 仍逾期: ¥123.45",
                    "## 付款承诺", "## 反馈 (1)", "## 下周计划 (0)"):
        assert heading in md
    assert "a\\|b" in md  # user text cannot break the table
    assert "2026-11-23 (周一)" in md
    assert "## 各业务员" not in md


def test_team_digest_has_rep_table_and_english():
    md = render(sample(rep=None), lang="en")
    assert md.startswith("# Team weekly digest")
    assert "## By rep" in md and "| 张三 | 3 | 1 |" in md


def test_cell():
    assert cell("a\nb | c") == "a b \\| c"
    assert cell("") == "-"
