from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain.errors import UserError
from salesterm.domain.money import MAX_FEN, MoneyError, fen_to_json, format_money, parse_money


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1234", 123400),
        ("1,234.50", 123450),
        ("1234.5", 123450),
        ("1234.05", 123405),
        ("¥1234.5", 123450),
        ("￥1,234", 123400),
        ("1234元", 123400),
        ("RMB 12", 1200),
        ("rmb12", 1200),
        ("CNY 12.3", 1230),
        ("12 RMB", 1200),
        ("12.00 元", 1200),
        ("  12  ", 1200),
        ("１２３４．５", 123450),
        ("１，２３４．５０", 123450),
        ("￥１２", 1200),
        ("\u300012\u3000", 1200),
        ("0", 0),
        ("0.00", 0),
        ("0.01", 1),
        (".5", 50),
        ("007", 700),
        ("1,234,567.89", 123456789),
        ("1.500", 150),
        ("1000000000", MAX_FEN),
        ("1,000,000,000.00", MAX_FEN),
    ],
)
def test_parse_money_accepts(text, fen):
    assert parse_money(text) == fen


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("-12", -1200),
        ("- 12.5", -1250),
        ("-¥12", -1200),
        ("¥-12", -1200),
        ("−3", -300),
        ("-1,234.56元", -123456),
        ("-0", 0),
    ],
)
def test_parse_money_negative_when_allowed(text, fen):
    assert parse_money(text, allow_negative=True) == fen


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "amount is empty"),
        ("   ", "amount is empty"),
        ("abc", "amount is not a number: abc"),
        ("12a", "amount is not a number: 12a"),
        ("1.2.3", "amount is not a number: 1.2.3"),
        ("1,23,4", "amount is not a number: 1,23,4"),
        ("1234,5", "amount is not a number: 1234,5"),
        (",123", "amount is not a number: ,123"),
        ("12.", "amount is not a number: 12."),
        (".", "amount is not a number: ."),
        ("¥", "amount is not a number: ¥"),
        ("元", "amount is not a number: 元"),
        ("--12", "amount is not a number: --12"),
        ("-¥-12", "amount is not a number: -¥-12"),
        ("+12", "amount is not a number: +12"),
        ("1e5", "amount is not a number: 1e5"),
        ("nan", "amount is not a number: nan"),
        ("12 34", "amount is not a number: 12 34"),
        ("1.234", "amount has more than two decimals: 1.234"),
        ("0.001", "amount has more than two decimals: 0.001"),
        ("-12", "amount must not be negative: -12"),
        ("1000000000.01", "amount is too large: 1000000000.01 (at most 1,000,000,000.00 yuan)"),
        ("10000000000000", "amount is too large: 10000000000000 (at most 1,000,000,000.00 yuan)"),
        ("9" * 5000, "amount is too large: " + "9" * 39 + "… (at most 1,000,000,000.00 yuan)"),
        ("1\n2", "amount is not a number: 1\\n2"),
    ],
)
def test_parse_money_refuses(text, message):
    with pytest.raises(MoneyError) as info:
        parse_money(text)
    assert str(info.value) == message


def test_parse_money_zero_refused_when_not_allowed():
    with pytest.raises(MoneyError, match="amount must not be zero: 0.00"):
        parse_money("0.00", allow_zero=False)
    with pytest.raises(MoneyError, match="must not be zero"):
        parse_money("-0", allow_zero=False, allow_negative=True)
    assert parse_money("0.01", allow_zero=False) == 1


def test_parse_money_none_is_empty():
    with pytest.raises(MoneyError, match="amount is empty"):
        parse_money(None)  # type: ignore[arg-type]


def test_money_error_is_a_user_error_and_value_error():
    assert issubclass(MoneyError, UserError)
    assert issubclass(MoneyError, ValueError)


def test_negative_limit():
    assert parse_money("-1000000000", allow_negative=True) == -MAX_FEN
    with pytest.raises(MoneyError, match="too large"):
        parse_money("-1000000000.01", allow_negative=True)


def test_maximum_is_a_billion_yuan_and_checked_for_store_amounts():
    from salesterm.domain.money import check_amount, checked_sum

    assert MAX_FEN == 100_000_000_000
    assert check_amount(MAX_FEN) == MAX_FEN and check_amount(-MAX_FEN) == -MAX_FEN
    with pytest.raises(MoneyError, match=r"too large: 1,000,000,000.01 \(at most 1,000,000,000.00 yuan\)"):
        check_amount(MAX_FEN + 1)
    with pytest.raises(TypeError):
        check_amount(1.5)  # type: ignore[arg-type]
    assert checked_sum([MAX_FEN] * 1000) == 1000 * MAX_FEN
    with pytest.raises(MoneyError, match="too large to hold"):
        checked_sum([2**62, 2**62])


@pytest.mark.parametrize(
    ("fen", "plain", "grouped", "symbol"),
    [
        (0, "0.00", "0.00", "¥0.00"),
        (1, "0.01", "0.01", "¥0.01"),
        (-1, "-0.01", "-0.01", "-¥0.01"),
        (123450, "1234.50", "1,234.50", "¥1,234.50"),
        (-1200, "-12.00", "-12.00", "-¥12.00"),
        (100000000, "1000000.00", "1,000,000.00", "¥1,000,000.00"),
        (99999, "999.99", "999.99", "¥999.99"),
    ],
)
def test_format_money(fen, plain, grouped, symbol):
    assert format_money(fen) == grouped
    assert format_money(fen, grouping=False) == plain
    assert format_money(fen, symbol=True) == symbol
    assert fen_to_json(fen) == plain


@pytest.mark.parametrize("bad", [1.5, "12", None, True, 12.0])
def test_format_money_requires_int(bad):
    with pytest.raises(TypeError):
        format_money(bad)  # type: ignore[arg-type]


fens = st.integers(min_value=0, max_value=MAX_FEN)


@given(fens, st.booleans(), st.booleans())
def test_roundtrip_non_negative(fen, grouping, symbol):
    assert parse_money(format_money(fen, grouping=grouping, symbol=symbol)) == fen


@given(st.integers(min_value=-MAX_FEN, max_value=MAX_FEN), st.booleans(), st.booleans())
def test_roundtrip_with_negatives(fen, grouping, symbol):
    text = format_money(fen, grouping=grouping, symbol=symbol)
    assert parse_money(text, allow_negative=True) == fen


@given(st.integers(min_value=-MAX_FEN, max_value=MAX_FEN))
def test_json_roundtrip_and_shape(fen):
    text = fen_to_json(fen)
    assert parse_money(text, allow_negative=True) == fen
    assert "," not in text and text.split(".")[1].isdigit() and len(text.split(".")[1]) == 2


@given(st.integers(min_value=1, max_value=MAX_FEN))
def test_negative_refused_unless_allowed(fen):
    with pytest.raises(MoneyError, match="must not be negative"):
        parse_money(format_money(-fen))


@given(st.text(max_size=30))
def test_parse_money_never_crashes(text):
    try:
        fen = parse_money(text, allow_negative=True)
    except MoneyError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert isinstance(fen, int) and abs(fen) <= MAX_FEN


def test_short_amount_counts_in_wan_and_yi_in_chinese_and_k_m_in_english():
    from salesterm.domain.money import short_amount

    assert [short_amount(v, "zh") for v in (0, 800, 9999, 10_000, 15_000, 1_000_000, 12_345_678, 150_000_000)] == [
        "0", "800", "9,999", "1万", "1.5万", "100万", "1234.57万", "1.5亿"]
    assert [short_amount(v, "en") for v in (0, 800, 2500, 750_000, 1_500_000, 2e9)] == [
        "0", "800", "2.5k", "750k", "1.5M", "2B"]
    assert short_amount(-20_000, "zh") == "-2万"


@given(st.from_regex(r"\A\s?[0-9]{1,11}\s?\Z"), st.booleans())
def test_whole_yuan_read_as_with_decimals(digits, allow_zero):
    """Plain digits take a short path: it gives what the full rules give the same amount
    written with decimals (and refuses what they refuse)."""
    def read(text):
        try:
            return parse_money(text, allow_zero=allow_zero)
        except MoneyError as exc:
            return exc.message.msgid

    assert read(digits) == read(digits.strip() + ".00")
