"""The product catalogue's rules: units and their conversion, and the checked fields."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain import products
from salesterm.domain.errors import UserError

OIL = {"unit": "瓶", "case_unit": "箱", "case_size": 4}


def test_a_case_counts_its_case_size_and_the_base_unit_one():
    assert products.to_units(5, "箱", OIL) == 20
    assert products.to_units(5, "case", OIL) == 20
    assert products.to_units(5, "瓶", OIL) == 5
    assert products.to_units(5, "", OIL) == 5


def test_another_unit_is_refused_naming_the_units_there_are():
    with pytest.raises(UserError) as err:
        products.to_units(1, "吨", OIL)
    assert err.value.msgid == "products.unknown_unit"
    assert "瓶/箱" in str(err.value)


def test_a_quantity_is_a_whole_number():
    with pytest.raises(UserError):
        products.to_units(1.5, "箱", OIL)


def test_quantities_read_as_cases_and_units():
    assert products.qty_text(20, "瓶", "箱", 4) == "5箱 (20瓶)"
    assert products.qty_text(23, "瓶", "箱", 4) == "5箱3瓶 (23瓶)"
    assert products.qty_text(3, "瓶", "箱", 4) == "3瓶"
    assert products.qty_text(20, "瓶", "", 1) == "20瓶"


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=500))
def test_cases_converted_back_and_forth_lose_nothing(cases, size):
    product = {"unit": "瓶", "case_unit": "箱", "case_size": size}
    units = products.to_units(cases, "箱", product)
    assert units == cases * size
    if size > 1 and cases:
        assert products.qty_text(units, "瓶", "箱", size) == f"{cases}箱 ({units}瓶)"


@pytest.mark.parametrize("text, size", [("12", 12), ("1×12", 12), ("1*12", 12), ("12瓶/箱", 12), ("24瓶", 24),
                                        ("6.0", 6), ("１２", 12), ("1箱=12瓶", 12), ("1件 = 24 袋", 24)])
def test_erp_case_sizes(text, size):
    assert products.parse_case_size(text) == size


@pytest.mark.parametrize("text", ["0", "-3", "abc", "1.5"])
def test_bad_case_sizes(text):
    with pytest.raises(UserError):
        products.parse_case_size(text)


def test_the_case_size_comes_from_the_specification_when_not_given():
    clean, errors = products.clean_product({"code": "P1", "name": "金龙鱼调和油", "spec": "5L×4", "unit": "桶",
                                            "case_unit": "箱"})
    assert not errors
    assert clean["case_size"] == 4 and clean["status"] == "active" and clean["list_price"] == 0


def test_every_bad_field_is_named():
    clean, errors = products.clean_product({"code": "", "name": "x", "list_price": "-2", "case_size": "0",
                                            "barcode": "69O1", "status": "卖完了"})
    assert {e.field for e in errors} == {"code", "list_price", "case_size", "barcode", "status"}


def test_prices_are_fen_and_status_words_are_read():
    clean, errors = products.clean_product({"code": "P1", "name": "x", "list_price": "¥59.90", "floor_price": "50",
                                            "status": "停产", "barcode": "6901234567890"})
    assert not errors
    assert (clean["list_price"], clean["floor_price"], clean["status"]) == (5990, 5000, "discontinued")


def test_a_partial_change_checks_only_what_it_holds():
    clean, errors = products.clean_product({"list_price": 100}, partial=True)
    assert clean == {"list_price": 100} and not errors


def test_the_case_unit_differs_from_the_base_unit():
    _clean, errors = products.clean_product({"code": "P", "name": "x", "unit": "箱", "case_unit": "箱"})
    assert [e.field for e in errors] == ["case_unit"]
