from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain.aging import (
    DEFAULT_RANGES,
    AgingRow,
    age_items,
    bucket_for,
    bucket_names,
    days_overdue,
    parse_ranges,
)
from salesterm.domain.errors import UserError

AS_OF = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "ranges"),
    [
        ("30,60,90", (30, 60, 90)),
        (" 30, 60 ,90 ", (30, 60, 90)),
        ("30，60，90", (30, 60, 90)),
        ("30、60、90", (30, 60, 90)),
        ("15,45", (15, 45)),
        ("7", (7,)),
        ("１,２", (1, 2)),
    ],
)
def test_parse_ranges(text, ranges):
    assert parse_ranges(text) == ranges


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "aging ranges are empty: give days such as 30,60,90"),
        ("  ", "aging ranges are empty: give days such as 30,60,90"),
        ("30,abc", "aging ranges must be whole numbers of days, like 30,60,90: 30,abc"),
        ("30.5", "aging ranges must be whole numbers of days, like 30,60,90: 30.5"),
        ("30,,60", "aging ranges must be whole numbers of days, like 30,60,90: 30,,60"),
        ("-30,60", "aging ranges must be whole numbers of days, like 30,60,90: -30,60"),
        ("60,30", "aging ranges must be strictly increasing: 60,30"),
        ("30,30", "aging ranges must be strictly increasing: 30,30"),
        ("0,30", "aging ranges must be more than zero days: 0"),
    ],
)
def test_parse_ranges_refuses(text, message):
    with pytest.raises(UserError) as info:
        parse_ranges(text)
    assert str(info.value) == message


def test_bucket_names():
    assert DEFAULT_RANGES == (30, 60, 90)
    assert bucket_names() == ["not_due", "1-30", "31-60", "61-90", "90+"]
    assert bucket_names((15, 45)) == ["not_due", "1-15", "16-45", "45+"]
    assert bucket_names((1,)) == ["not_due", "1-1", "1+"]
    with pytest.raises(UserError):
        bucket_names(())
    with pytest.raises(UserError):
        bucket_names((30, 20))


def test_days_overdue():
    assert days_overdue(AS_OF, dt.date(2026, 11, 28)) == 1
    assert days_overdue(AS_OF, AS_OF) == 0
    assert days_overdue(AS_OF, dt.date(2026, 12, 9)) == -10
    assert days_overdue(AS_OF, dt.date(2025, 11, 29)) == 365


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-100, "not_due"), (-1, "not_due"), (0, "not_due"),
        (1, "1-30"), (30, "1-30"),
        (31, "31-60"), (60, "31-60"),
        (61, "61-90"), (90, "61-90"),
        (91, "90+"), (10000, "90+"),
    ],
)
def test_bucket_for_boundaries(days, bucket):
    assert bucket_for(days) == bucket
    assert bucket_for(days, DEFAULT_RANGES) == bucket


@pytest.mark.parametrize(
    ("days", "bucket"), [(0, "not_due"), (1, "1-15"), (15, "1-15"), (16, "16-45"), (45, "16-45"),
                         (46, "45+")],
)
def test_bucket_for_custom(days, bucket):
    assert bucket_for(days, (15, 45)) == bucket


def test_age_items_example():
    items = [
        ("鑫源", dt.date(2026, 12, 1), 10000),  # not due
        ("鑫源", dt.date(2026, 11, 29), 500),  # due today: not due
        ("鑫源", dt.date(2026, 11, 28), 2000),  # 1 day
        ("鑫源", dt.date(2026, 8, 1), 300),  # 120 days
        ("华联", dt.date(2026, 10, 15), 50000),  # 45 days
        ("华联", dt.date(2026, 10, 15), -5000),  # a credit note in the same bucket
        ("小店", dt.date(2026, 9, 1), 100),  # 89 days
    ]
    rows, totals = age_items(items, AS_OF)
    assert [r.key for r in rows] == ["华联", "鑫源", "小店"]
    assert rows[0] == AgingRow(
        "华联", {"not_due": 0, "1-30": 0, "31-60": 45000, "61-90": 0, "90+": 0}, 45000
    )
    assert rows[1].amounts == {"not_due": 10500, "1-30": 2000, "31-60": 0, "61-90": 0, "90+": 300}
    assert rows[1].total == 12800
    assert rows[2].amounts["61-90"] == 100
    assert totals == {
        "not_due": 10500, "1-30": 2000, "31-60": 45000, "61-90": 100, "90+": 300, "total": 57900,
    }
    assert list(totals) == bucket_names() + ["total"]


def test_age_items_ties_sort_by_key_and_empty():
    rows, _ = age_items([("b", AS_OF, 5), ("a", AS_OF, 5), ("c", AS_OF, 9)], AS_OF)
    assert [r.key for r in rows] == ["c", "a", "b"]
    rows, totals = age_items([], AS_OF, (15, 45))
    assert rows == []
    assert totals == {"not_due": 0, "1-15": 0, "16-45": 0, "45+": 0, "total": 0}


def test_age_items_checks():
    with pytest.raises(TypeError):
        age_items([("a", AS_OF, 1.5)], AS_OF)
    with pytest.raises(UserError):
        age_items([("a", AS_OF, 1)], AS_OF, (0, 30))


ranges_st = st.lists(
    st.integers(min_value=1, max_value=400), min_size=1, max_size=6, unique=True
).map(lambda xs: tuple(sorted(xs)))
items_st = st.lists(
    st.tuples(
        st.sampled_from(["甲", "乙", "丙", "丁", "a", "b"]),
        st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 1, 1)),
        st.integers(min_value=-10**9, max_value=10**12),
    ),
    max_size=40,
)


@given(items_st, ranges_st)
def test_aging_sums(items, ranges):
    rows, totals = age_items(items, AS_OF, ranges)
    names = bucket_names(ranges)
    assert list(totals) == names + ["total"]
    for row in rows:
        assert list(row.amounts) == names
        assert sum(row.amounts.values()) == row.total
    for name in names:
        assert totals[name] == sum(r.amounts[name] for r in rows)
    assert totals["total"] == sum(r.total for r in rows) == sum(fen for _, _, fen in items)
    assert sum(totals[n] for n in names) == totals["total"]
    assert len({r.key for r in rows}) == len(rows) == len({k for k, _, _ in items})
    assert [(-r.total, r.key) for r in rows] == sorted((-r.total, r.key) for r in rows)


@given(st.integers(min_value=-1000, max_value=1000), ranges_st)
def test_bucket_for_matches_names(days, ranges):
    bucket = bucket_for(days, ranges)
    names = bucket_names(ranges)
    assert bucket in names
    if days <= 0:
        assert bucket == "not_due"
    elif days > ranges[-1]:
        assert bucket == names[-1]
    else:
        low, high = (int(x) for x in bucket.split("-"))
        assert low <= days <= high


@given(ranges_st)
def test_parse_ranges_roundtrip(ranges):
    assert parse_ranges(",".join(map(str, ranges))) == ranges
