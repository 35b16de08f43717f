from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain.errors import UserError
from salesterm.domain.targets import parse_weights, percent, split_year


def test_even_split_is_exact_to_the_fen():
    months = split_year(1_000_000_01)
    assert sum(months) == 1_000_000_01
    assert max(months) - min(months) <= 1
    # the one left-over fen goes to the earliest months
    assert months[0] >= months[-1]


def test_seasonal_weights():
    weights = parse_weights("5,5,8,8,10,10,10,10,8,8,9,9")
    months = split_year(100_000_00, weights)
    assert sum(months) == 100_000_00
    assert months[0] == 100_000_00 * 5 // 100
    assert months[4] == 10_000_00


def test_weights_typed_with_chinese_separators_and_percent():
    assert parse_weights("5%、5%、10% 10 10 10 10 10 10 10 5 5")[2] == Fraction(10)
    assert parse_weights("") == tuple(Fraction(1) for _ in range(12))


@pytest.mark.parametrize("text", ["1,2,3", "a,1,1,1,1,1,1,1,1,1,1,1", "0,0,0,0,0,0,0,0,0,0,0,0",
                                  "-1,1,1,1,1,1,1,1,1,1,1,1"])
def test_bad_weights_are_refused_with_a_message(text):
    with pytest.raises(UserError):
        parse_weights(text)


def test_negative_target_refused():
    with pytest.raises(UserError):
        split_year(-1)


def test_percent():
    assert percent(875, 1000) == "87.5%"
    assert percent(1, 0) == "-"
    assert percent(2, 3) == "66.7%"


@given(total=st.integers(min_value=0, max_value=10**15),
       weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=12, max_size=12)
       .filter(lambda w: sum(w) > 0))
def test_split_sums_exactly_and_stays_within_a_fen(total, weights):
    months = split_year(total, weights)
    assert sum(months) == total
    whole = sum(weights)
    for m, w in zip(months, weights, strict=True):
        exact = Fraction(total * w, whole)
        assert abs(m - exact) < 1
        assert m >= 0
        if w == 0:
            assert m == 0


@given(total=st.integers(min_value=0, max_value=10**12))
def test_even_split_is_balanced(total):
    months = split_year(total)
    assert sum(months) == total and max(months) - min(months) <= 1
