"""Phone numbers as Chinese reps type them: mobiles, landlines with area codes, 400/800."""

from __future__ import annotations

import re
import unicodedata

from .errors import UserError, shown

_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_EXTENSION = re.compile(
    r"(.*?)\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})", re.IGNORECASE | re.ASCII
)
_PHONE_CHARS = re.compile(r"[\d\s\-+().]*", re.ASCII)
_COUNTRY = re.compile(r"\s*(?:\+|00)\s*86")


class PhoneError(UserError, ValueError):
    """A phone number that cannot be read."""


def phone_digits(text: str) -> str:
    """The digits of ``text`` only (full-width digits count); the +86 / 0086 / 86
    country prefix is removed from a mobile number (``+86 138 1234 5678``)."""
    if not text:
        return ""
    if text.isascii() and text.isdigit():  # digits already (nearly every stored number)
        digits = text
    else:
        digits = "".join(c for c in unicodedata.normalize("NFKC", text) if "0" <= c <= "9")
    for prefix in ("0086", "86"):
        rest = digits[len(prefix) :]
        if digits.startswith(prefix) and len(rest) == 11 and _MOBILE.fullmatch(rest):
            return rest
    return digits


def is_mobile(text: str) -> bool:
    """A mainland mobile number: 1[3-9] and nine more digits (separators and +86 allowed)."""
    return bool(_MOBILE.fullmatch(phone_digits(text)))


def _landline(groups: list[str], ext: str) -> str | None:
    """``"020-12345678"`` (with ``"转123"`` for an extension) from the digit groups
    as typed, or None when they do not make a landline number.

    A first group of 3-4 digits starting with 0 is the area code as the user wrote it;
    otherwise 010 and 02x are three digits long and all other area codes four. When no
    extension was marked (转, 分机, ext, x, #), a trailing group that does not fit the
    number is taken as the extension (``020-12345678-123``).
    """
    if len(groups) >= 2 and groups[0][:1] == "0" and len(groups[0]) in (3, 4):
        code, rest = groups[0], groups[1:]
    else:
        digits = "".join(groups)
        code_len = 3 if digits[1:2] in ("1", "2") else 4
        code, rest = digits[:code_len], [digits[code_len:]]
        if len(groups) >= 2 and not ext and not 7 <= len(rest[0]) <= 8:
            head = "".join(groups[:-1])
            code, rest = head[:code_len], [head[code_len:], groups[-1]]
    local = "".join(rest)
    if not ext and len(rest) >= 2 and not 7 <= len(local) <= 8:
        local, ext = "".join(rest[:-1]), rest[-1]
    if code[:1] != "0" or code[1:2] in ("", "0") or len(code) not in (3, 4):
        return None
    if not 7 <= len(local) <= 8 or local[0] == "0" or len(ext) > 6:
        return None
    return f"{code}-{local}" + (f"转{ext}" if ext else "")


def _parse_phone(text: str) -> tuple[str, str]:
    """("mobile" | "landline" | "service" | "", display form); raises PhoneError."""
    if text.__class__ is str and len(text) == 11 and _MOBILE.fullmatch(text):  # a plain mobile: as is
        return "mobile", text
    if isinstance(text, float) and text.is_integer():  # a spreadsheet cell: 13812345678.0
        text = int(text)
    raw = "" if text is None else str(text).strip()
    s = unicodedata.normalize("NFKC", raw).strip()
    if not s:
        return "", ""
    ext = ""
    match = _EXTENSION.fullmatch(s)
    if match:
        s, ext = match[1], match[2]
    if not _PHONE_CHARS.fullmatch(s) or not any(c.isdigit() for c in s):
        raise PhoneError("phones.not_number_value", value=shown(raw))
    s = s.replace("(", " ").replace(")", " ")
    international = _COUNTRY.match(s)
    if international:
        s = s[international.end() :]
    groups = re.findall(r"[0-9]+", s)
    digits = "".join(groups)
    if not digits:
        raise PhoneError("phones.not_number_value", value=shown(raw))
    if not international and not ext:
        digits = phone_digits(digits)
    if _MOBILE.fullmatch(digits):
        if ext:
            raise PhoneError("phones.mobile_number_has_no_extension", value=shown(raw))
        return "mobile", digits
    if len(digits) == 10 and digits[:3] in ("400", "800") and not ext:
        return "service", f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if international and not digits.startswith("0"):
        groups[0] = "0" + groups[0]
    landline = _landline(groups, ext)
    if landline:
        return "landline", landline
    if digits[:1] == "0":
        raise PhoneError("phones.landline_number_area_code_then", value=shown(raw))
    if 7 <= len(digits) <= 8:
        raise PhoneError("phones.landline_number_needs_area_code", value=shown(raw))
    if digits[:1] == "1" and 9 <= len(digits) <= 13:
        raise PhoneError("phones.mobile_number_has_digits_starting", value=shown(raw))
    raise PhoneError("phones.not_number_value", value=shown(raw))


def is_landline(text: str) -> bool:
    """A fixed-line number: 0, a 2-3 digit area code, 7-8 digits, optional extension
    (``020-12345678``, ``0755 1234567``, ``(020)12345678-123``, ``02012345678转8``)."""
    try:
        return _parse_phone(text)[0] == "landline"
    except PhoneError:
        return False


def parse_phone(text: str) -> str:
    """The cleaned display form of a phone number, or PhoneError; empty gives ``""``.

    Mobiles become 11 digits (``13812345678``); landlines ``020-12345678`` (with
    ``转123`` for an extension); 400/800 service numbers ``400-123-4567``.
    """
    return _parse_phone(text)[1]
