"""Which customers are the same customer, and the codes customers are known by.

The duplicate rule (imports and the customer form alike):
- the same phone number (7+ digits) is the same customer;
- the same normalised name (textkeys.normalise_name) in the same city is the same customer;
  a city left empty on either side counts as the same city (nothing tells them apart);
- the same name in another city is a *possible* duplicate: two companies may share a short
  name (the listed companies 三维股份 of 浙江 and of 江苏). It is allowed, and reported.

Codes: a customer typed or imported without a code gets one from a pattern, the config's
``[customers] code_pattern`` (default ``C{seq:06d}``: C000001, C000002 ...). The pattern holds
one ``{seq}`` field, optionally with a format such as ``{seq:06d}``, and any fixed text around it.
"""
from __future__ import annotations

import re
import unicodedata

from salesterm.domain.errors import UserError

DEFAULT_CODE_PATTERN = "C{seq:06d}"
_FIELD = re.compile(r"\{seq(?::0(\d+)d|:d)?\}")  # {seq}, {seq:d} or zero-padded {seq:06d}
_CITY_SUFFIXES = ("特别行政区", "自治区", "省", "市")


def check_code_pattern(pattern: str | None) -> str:
    """PATTERN (None or empty: the default) if it makes codes, else a UserError."""
    pattern = str(pattern or "").strip() or DEFAULT_CODE_PATTERN
    fields = _FIELD.findall(pattern)
    rest = _FIELD.sub("", pattern)
    if len(fields) != 1 or "{" in rest or "}" in rest or any(c.isspace() for c in pattern):
        raise UserError("customer.bad_code_pattern", pattern=pattern)
    return pattern


def format_code(pattern: str, seq: int) -> str:
    """The code numbered SEQ: format_code("C{seq:06d}", 12) == "C000012"."""
    return check_code_pattern(pattern).format(seq=seq)


def code_shape(pattern: str) -> tuple[str, str, re.Pattern]:
    """(text before the number, text after it, a regex whose group 1 is the number) of PATTERN's codes."""
    pattern = check_code_pattern(pattern)
    match = _FIELD.search(pattern)
    before, after = pattern[:match.start()], pattern[match.end():]
    width = match.group(1)
    digits = rf"(\d{{{int(width)},}})" if width else r"(\d+)"
    return before, after, re.compile(re.escape(before) + digits + re.escape(after))


def city_key(city: str | None) -> str:
    """A city as the duplicate rule compares it: 浙江, 浙江省 and ' 浙江 ' are one city."""
    text = unicodedata.normalize("NFKC", str(city or "")).strip().lower().replace(" ", "")
    for suffix in _CITY_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[:-len(suffix)]
    return text


def same_place(city_a: str | None, city_b: str | None) -> bool:
    """Two customers of one normalised name are the same customer when this holds."""
    a, b = city_key(city_a), city_key(city_b)
    return not a or not b or a == b
