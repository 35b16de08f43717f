"""What a manager types into the price system: discounts, grades, dates, overlapping ranges."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from salesterm.domain import price_terms as terms
from salesterm.domain.errors import UserError


@pytest.mark.parametrize(("text", "bp"), [("5", 500), ("5%", 500), (" 5 % ", 500), ("５％", 500), ("12.5", 1250),
                                          ("0.01", 1), ("100", 10_000), ("100%", 10_000)])
def test_discounts_are_basis_points(text, bp):
    assert terms.parse_discount(text) == bp


NOT_PERCENT, OUT_OF_RANGE = "pricing.discount_not_percent", "pricing.discount_out_of_range"


@pytest.mark.parametrize(("text", "msgid"), [("", NOT_PERCENT), ("abc", NOT_PERCENT), ("0", OUT_OF_RANGE),
                                             ("-5", OUT_OF_RANGE), ("101", OUT_OF_RANGE), ("5.555", OUT_OF_RANGE)])
def test_bad_discounts_are_refused(text, msgid):
    with pytest.raises(UserError) as e:
        terms.parse_discount(text)
    assert e.value.msgid == msgid


@given(st.integers(1, 10_000))
def test_discount_text_reads_back(bp):
    assert terms.parse_discount(terms.discount_text(bp)) == bp


def test_grades_and_dates():
    assert terms.parse_grade(" b ") == "B" and terms.parse_grade("") == ""
    with pytest.raises(UserError):
        terms.parse_grade("E")
    terms.check_dates(date(2026, 1, 1), date(2026, 1, 1))
    with pytest.raises(UserError) as e:
        terms.check_dates(date(2026, 1, 2), date(2026, 1, 1))
    assert e.value.msgid == "pricing.ends_before_starts"
    with pytest.raises(UserError):
        terms.check_price(-1)


days = st.none() | st.integers(0, 30).map(lambda n: date(2026, 1, 1) + timedelta(days=n))


@given(days, days, days, days)
def test_overlap_means_a_shared_day(a1, a2, b1, b2):
    assume(not (a1 and a2 and a2 < a1) and not (b1 and b2 and b2 < b1))  # check_dates refuses those
    a, b = terms.Span(a1, a2), terms.Span(b1, b2)
    every = [date(2026, 1, 1) + timedelta(days=n) for n in range(-1, 32)]

    def has(s, d):
        return (s.starts is None or s.starts <= d) and (s.ends is None or d <= s.ends)

    assert terms.overlaps(a, b) == any(has(a, d) and has(b, d) for d in every) == terms.overlaps(b, a)
