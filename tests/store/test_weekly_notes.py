"""The rep's own sections of the weekly report (problems, support needed, next week's focus):
kept per rep and week in the database, shown in the rep's report and in the team digest."""
from __future__ import annotations

import datetime as dt

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.models import WeeklyNote
from salesterm.store.reports.weekly import weekly_markdown
from salesterm.store.reports.weekly_notes import get_notes, save_notes
from tests.store.weekly_fixture import build_week

WED = dt.date(2026, 11, 25)


def test_saved_per_rep_and_week_and_replaced_on_a_second_save(db):
    build_week()
    assert get_notes("张三", WED).problems == ""
    save_notes("张三", WED, problems="竞品降价 5%\n客户压货", support="申请促销支持", focus="")
    save_notes("张三", dt.date(2026, 11, 29), problems="竞品降价 5%\n客户压货", support="申请促销支持",
               focus="回款 永辉超市")  # the Sunday: the same week, replaced
    assert WeeklyNote.select().count() == 1
    got = get_notes("张三", dt.date(2026, 11, 23))
    assert (got.problems, got.support, got.focus) == ("竞品降价 5%\n客户压货", "申请促销支持", "回款 永辉超市")
    assert get_notes("张三", dt.date(2026, 11, 30)).problems == ""  # next week: nothing yet
    assert get_notes("李四", WED).problems == ""


def test_the_reps_report_and_the_team_digest_show_the_sections(db):
    build_week()
    save_notes("张三", WED, problems="竞品降价 5%\n# 不是标题", support="", focus="- 回款\n- 新品进店")
    md = weekly_markdown(WED, rep="张三", lang="zh")
    assert "## 遇到的问题\n\n竞品降价 5%  \n\\# 不是标题\n\n" in md
    assert "## 需要的支持\n\n_无_" in md
    assert md.endswith("## 下周重点\n\n- 回款  \n- 新品进店\n")
    other = weekly_markdown(WED, rep="李四", lang="en")
    assert "## Problems\n\n_none_" in other and "竞品降价" not in other
    team = weekly_markdown(WED, lang="en")
    assert "## In the rep's words\n\n### 张三\n\n**Problems**\n\n竞品降价 5%" in team
    assert "**Support needed**" not in team  # what was left empty is not listed in the digest
    assert "### 李四" not in team


def test_bad_text_is_refused_with_the_section_named(db):
    build_week()
    with pytest.raises(UserError) as err:
        save_notes("张三", WED, support="x\x1b[31m")
    assert "Support needed" in str(err.value) and "U+001B" in str(err.value)
    assert err.value.message.text("zh").startswith("需要的支持")
    with pytest.raises(UserError, match="too long"):
        save_notes("张三", WED, focus="长" * 4001)
    with pytest.raises(UserError):
        save_notes("nobody", WED, focus="x")
    assert WeeklyNote.select().count() == 0
