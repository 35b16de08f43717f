"""The customers list's search-box syntax."""
from __future__ import annotations

import pytest

from salesterm.domain.list_filters import ListFilters, describe, parse, to_text


def test_filters_mixed_with_free_text():
    f = parse("grade:A city:广州 overdue 鑫源 kind:经销商 rep:王伟 tag:重点 idle:30 电子")
    assert f.grades == ("A",)
    assert f.cities == ("广州",)
    assert f.kinds == ("distributor",)
    assert f.reps == ("王伟",)
    assert f.tags == ("重点",)
    assert f.overdue is True
    assert f.idle_days == 30
    assert f.text == "鑫源 电子"
    assert f.errors == ()


def test_empty_and_plain_text():
    assert parse("").is_empty
    assert parse("   ").is_empty
    f = parse("bjhd")
    assert f.text == "bjhd" and f.without_text().is_empty


@pytest.mark.parametrize("text,grades", [
    ("grade:AB", ("A", "B")), ("grade:a,c", ("A", "C")), ("等级：B", ("B",)), ("g:A级", ("A",)),
    ("grade:Ａ", ("A",)), ("grade:A grade:B grade:A", ("A", "B")),
])
def test_grades(text, grades):
    assert parse(text).grades == grades


@pytest.mark.parametrize("text", ["grade:E", "grade:", "idle:abc", "idle:0", "kind:外星人"])
def test_bad_filters_are_reported_not_raised(text):
    f = parse(text + " 鑫源")
    assert f.errors, text
    assert f.text == "鑫源"


@pytest.mark.parametrize("text, english, chinese", [
    ("grade:", "grade: needs a value, e.g. grade:…", "grade：需要填一个值，例如 grade:…"),
    ("等级：", "等级: needs a value, e.g. 等级:…", "等级：需要填一个值，例如 等级:…"),
    ("grade:E", "grade must be A, B, C or D: E", "等级须为 A、B、C 或 D：E"),
    ("idle:0", "idle: give a number of days from 1 to 3650, got '0'", "idle：请给出 1 到 3650 的天数，填的是 '0'"),
])
def test_bad_filters_are_messages_in_both_languages(text, english, chinese):
    (error,) = parse(text).errors
    assert (error.text("en"), error.text("zh")) == (english, chinese)


def test_chinese_keys_and_flags():
    f = parse("城市:深圳 业务员:李娜 标签:重点 未拜访:60天 逾期 类型:零售商")
    assert (f.cities, f.reps, f.tags, f.idle_days, f.overdue, f.kinds) == (
        ("深圳",), ("李娜",), ("重点",), 60, True, ("retailer",))
    assert parse("已归档").archived


def test_several_values_and_unknown_keys_are_text():
    f = parse("city:广州,深圳 http://x.cn 名称:abc")
    assert f.cities == ("广州", "深圳")
    assert f.text == "http://x.cn 名称:abc"


def test_round_trip_through_text():
    f = parse("grade:AB kind:distributor city:广州 rep:王伟 tag:重点 overdue idle:30 archived 鑫源")
    assert parse(to_text(f)) == f
    assert ("overdue", "") in describe(f)
    assert to_text(ListFilters()) == ""
