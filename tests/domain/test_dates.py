from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain.dates import DateError, monday_of, parse_date, parse_date_or_none
from salesterm.domain.errors import UserError

D = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-29",
        "2026/11/29",
        "2026.11.29",
        "20261129",
        "2026年11月29日",
        "2026年11月29号",
        "2026年11月29",
        "2026 年 11 月 29 日",
        "  2026-11-29  ",
        "２０２６－１１－２９",
        "２０２６年１１月２９日",
        "2026/11/29 0:00:00",
        "2026-11-29 00:00",
        "2026-11-29T10:30:00",
        "2026-11-29 10:30:00.123",
    ],
)
def test_parse_date_accepts(text):
    assert parse_date(text) == D


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-1-5", dt.date(2026, 1, 5)),
        ("2026/1/05", dt.date(2026, 1, 5)),
        ("2026.01.5", dt.date(2026, 1, 5)),
        ("2026年1月5日", dt.date(2026, 1, 5)),
        ("20240229", dt.date(2024, 2, 29)),
        ("1900-01-01", dt.date(1900, 1, 1)),
        ("2200-12-31", dt.date(2200, 12, 31)),
    ],
)
def test_parse_date_short_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "no such date: 2026-02-30"),
        ("2025-02-29", "no such date: 2025-02-29"),
        ("2026-13-01", "no such date: 2026-13-01"),
        ("2026-00-10", "no such date: 2026-00-10"),
        ("20261301", "no such date: 20261301"),
        ("2026年2月30日", "no such date: 2026年2月30日"),
        ("abc", "not a date: abc (use YYYY-MM-DD)"),
        ("2026-11", "not a date: 2026-11 (use YYYY-MM-DD)"),
        ("26-11-29", "not a date: 26-11-29 (use YYYY-MM-DD)"),
        ("29/11/2026", "not a date: 29/11/2026 (use YYYY-MM-DD)"),
        ("2026-11/29", "not a date: 2026-11/29 (use YYYY-MM-DD)"),
        ("2026-11-29x", "not a date: 2026-11-29x (use YYYY-MM-DD)"),
        ("2026-11-290", "not a date: 2026-11-290 (use YYYY-MM-DD)"),
        ("202611290", "not a date: 202611290 (use YYYY-MM-DD)"),
        ("2026-11-29 25", "not a date: 2026-11-29 25 (use YYYY-MM-DD)"),
        ("tomorrow", "not a date: tomorrow (use YYYY-MM-DD)"),
        ("0026-11-29", "year out of range: 0026-11-29"),
        ("1899-12-31", "year out of range: 1899-12-31"),
        ("9999-01-01", "year out of range: 9999-01-01"),
        ("", "date is empty"),
        ("   ", "date is empty"),
    ],
)
def test_parse_date_refuses(text, message):
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert str(info.value) == message
    assert isinstance(info.value, UserError) and isinstance(info.value, ValueError)


def test_parse_date_none_is_empty():
    with pytest.raises(DateError, match="date is empty"):
        parse_date(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [None, "", "  ", "\t"])
def test_parse_date_or_none_empty(text):
    assert parse_date_or_none(text) is None


def test_parse_date_or_none_value_and_error():
    assert parse_date_or_none("2026/11/29") == D
    with pytest.raises(DateError, match="no such date"):
        parse_date_or_none("2026-02-30")


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


@given(dates, st.sampled_from(["{:%Y-%m-%d}", "{:%Y/%m/%d}", "{:%Y.%m.%d}", "{:%Y%m%d}"]))
def test_roundtrip_formats(d, fmt):
    assert parse_date(fmt.format(d)) == d


@given(dates)
def test_roundtrip_chinese_and_unpadded(d):
    assert parse_date(f"{d.year}年{d.month}月{d.day}日") == d
    assert parse_date(f"{d.year}-{d.month}-{d.day}") == d


@given(st.text(max_size=20))
def test_parse_date_never_crashes(text):
    try:
        parse_date(text)
    except DateError as e:
        assert str(e) and "\n" not in str(e)


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (dt.date(2026, 11, 29), dt.date(2026, 11, 23)),  # Sunday
        (dt.date(2026, 11, 23), dt.date(2026, 11, 23)),  # Monday
        (dt.date(2026, 11, 24), dt.date(2026, 11, 23)),
        (dt.date(2026, 1, 1), dt.date(2025, 12, 29)),  # across a year
        (dt.date(2026, 3, 1), dt.date(2026, 2, 23)),  # across a month
    ],
)
def test_monday_of(day, monday):
    assert monday_of(day) == monday


@given(st.dates(min_value=dt.date(1900, 1, 8)))
def test_monday_of_properties(d):
    m = monday_of(d)
    assert m.weekday() == 0
    assert 0 <= (d - m).days <= 6
    assert monday_of(m) == m
