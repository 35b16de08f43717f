from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain.errors import UserError
from salesterm.domain.textkeys import PhoneError, is_landline, is_mobile, parse_phone, phone_digits


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("020-12345678", "02012345678"),
        ("+86 20 12345678", "862012345678"),  # only mobiles lose the country prefix
        ("86123", "86123"),
        ("tel: 123", "123"),
        ("", ""),
    ],
)
def test_phone_digits(text, digits):
    assert phone_digits(text) == digits


@pytest.mark.parametrize(
    ("text", "mobile", "landline"),
    [
        ("13812345678", True, False),
        ("199 1234 5678", True, False),
        ("+86 15012345678", True, False),
        ("12812345678", False, False),
        ("1381234567", False, False),
        ("020-12345678", False, True),
        ("02012345678", False, True),
        ("0755 1234567", False, True),
        ("(0755)12345678", False, True),
        ("020-12345678-123", False, True),
        ("020-12345678转123", False, True),
        ("010 8765 4321 分机 8", False, True),
        ("12345678", False, False),
        ("020-1234", False, False),
        ("0020-12345678", False, False),
        ("400-123-4567", False, False),
        ("abc", False, False),
        ("", False, False),
    ],
)
def test_is_mobile_is_landline(text, mobile, landline):
    assert is_mobile(text) is mobile
    assert is_landline(text) is landline


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("(+86) 13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("020-12345678", "020-12345678"),
        ("02012345678", "020-12345678"),
        ("(020)12345678", "020-12345678"),
        ("（０２０）１２３４５６７８", "020-12345678"),
        ("020 1234 5678", "020-12345678"),
        ("010-87654321", "010-87654321"),
        ("0755-1234567", "0755-1234567"),
        ("07551234567", "0755-1234567"),
        ("075512345678", "0755-12345678"),
        ("0311 8765 4321", "0311-87654321"),
        ("020-12345678-123", "020-12345678转123"),
        ("020-12345678转123", "020-12345678转123"),
        ("020-12345678 转 123", "020-12345678转123"),
        ("02012345678转8", "020-12345678转8"),
        ("010-87654321 x12", "010-87654321转12"),
        ("010-87654321 ext. 12", "010-87654321转12"),
        ("010-87654321分机12", "010-87654321转12"),
        ("020-1234-5678-9", "020-12345678转9"),
        ("+86 20 12345678", "020-12345678"),
        ("+86-755-12345678", "0755-12345678"),
        ("0086 10 87654321", "010-87654321"),
        ("400-123-4567", "400-123-4567"),
        ("4001234567", "400-123-4567"),
        ("800 123 4567", "800-123-4567"),
        ("", ""),
        ("   ", ""),
        (None, ""),
        (13812345678, "13812345678"),  # a number cell from a spreadsheet
        (13812345678.0, "13812345678"),
    ],
)
def test_parse_phone(text, shown):
    assert parse_phone(text) == shown


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "not a phone number: abc"),
        ("138-1234-567a", "not a phone number: 138-1234-567a"),
        ("13812345678转1", "a mobile number has no extension: 13812345678转1"),
        ("1381234567", "a mobile number has 11 digits, starting 13-19: 1381234567"),
        ("138123456789", "a mobile number has 11 digits, starting 13-19: 138123456789"),
        ("12812345678", "a mobile number has 11 digits, starting 13-19: 12812345678"),
        ("12345678", "a landline number needs its area code (020-12345678): 12345678"),
        ("8765432", "a landline number needs its area code (020-12345678): 8765432"),
        ("020-1234", "a landline number is an area code, then 7 or 8 digits: 020-1234"),
        ("020-012345678", "a landline number is an area code, then 7 or 8 digits: 020-012345678"),
        ("0201234567890", "a landline number is an area code, then 7 or 8 digits: 0201234567890"),
        ("020-12345678转1234567", "not a phone number: 020-12345678转1234567"),
        ("123", "not a phone number: 123"),
        ("---", "not a phone number: ---"),
        ("0086", "not a phone number: 0086"),
        ("+86", "not a phone number: +86"),
        ("+86 ()", "not a phone number: +86 ()"),
    ],
)
def test_parse_phone_refuses(text, message):
    with pytest.raises(PhoneError) as info:
        parse_phone(text)
    assert str(info.value) == message
    assert isinstance(info.value, UserError) and isinstance(info.value, ValueError)


mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
landlines = st.one_of(
    st.from_regex(r"0[12][0-9][1-9][0-9]{6,7}", fullmatch=True),
    st.from_regex(r"0[3-9][0-9]{2}[1-9][0-9]{6,7}", fullmatch=True),
)
separators = st.sampled_from(["", " ", "-", "  "])


@given(mobiles, separators)
def test_mobile_roundtrip(number, sep):
    typed = f"{number[:3]}{sep}{number[3:7]}{sep}{number[7:]}"
    assert parse_phone(typed) == number
    assert parse_phone("+86 " + typed) == number
    assert is_mobile(typed) and not is_landline(typed)


@given(
    landlines,
    st.sampled_from(["", "-", " "]),
    st.one_of(st.none(), st.from_regex(r"[0-9]{1,6}", fullmatch=True)),
)
def test_landline_roundtrip(number, sep, ext):
    code = 3 if number[1] in "12" else 4
    typed = number[:code] + sep + number[code:] + (f"转{ext}" if ext else "")
    shown = parse_phone(typed)
    assert shown == f"{number[:code]}-{number[code:]}" + (f"转{ext}" if ext else "")
    assert parse_phone(shown) == shown
    assert is_landline(typed) and not is_mobile(typed)


@given(st.text(max_size=25))
def test_parse_phone_never_crashes(text):
    try:
        shown = parse_phone(text)
    except PhoneError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert parse_phone(shown) == shown
