"""Money as integer fen (分): parsing what people type, and formatting it back.

Never a float anywhere: the text is split into its integer and decimal digits and
turned into an ``int`` directly.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import UserError, shown

#: The largest single amount accepted anywhere (receivable, payment, promise, deal, target,
#: credit limit, order), in fen: 1,000,000,000.00 yuan. Anything above is a typo, and the cap
#: keeps every sum far inside 64-bit integers (9.2e18 fen is 92 million such amounts).
MAX_FEN = 100_000_000_000
#: The largest sum the database can hold in a BIGINT column (and SQLite's SUM() before it
#: fails with "integer overflow").
MAX_SUM_FEN = 2**63 - 1

_PREFIX = re.compile(r"^(?:¥|rmb|cny)\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*(?:元|rmb|cny)$", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)?"  # "1234" or "1,234" (groups of three)
    r"(?:\.(?P<dec>\d+))?",
    re.ASCII,
)
_MINUS = ("-", "\u2212")  # ASCII hyphen-minus and the Unicode minus sign


class MoneyError(UserError, ValueError):
    """An amount that cannot be read, or is not allowed here."""


def parse_money(text: str, *, allow_negative: bool = False, allow_zero: bool = True) -> int:
    """Read an amount of yuan as typed by a person and return it in fen.

    Accepts ``1234``, ``1,234.50``, ``¥1234.5``, ``￥1,234``, ``1234元``, ``RMB 12``,
    ``12.00 元``, full-width digits and punctuation, surrounding spaces, and a leading
    minus sign (before or after the currency sign) when ``allow_negative``.
    Extra decimals are accepted only when they are zeros (``1.500``), since nothing is
    lost; ``1.234`` is refused.
    """
    if text is None:
        raise MoneyError("money.amount_empty")
    raw = str(text).strip()
    if len(raw) <= 9 and raw.isascii() and raw.isdigit() and (allow_zero or raw.strip("0")):
        return int(raw) * 100  # whole yuan below the cap (most amounts imported): the rules below agree
    s = unicodedata.normalize("NFKC", raw).strip()
    if not s:
        raise MoneyError("money.amount_empty")
    negative = False
    if s.startswith(_MINUS):
        negative, s = True, s[1:].lstrip()
    s = _PREFIX.sub("", s, count=1)
    if not negative and s.startswith(_MINUS):
        negative, s = True, s[1:].lstrip()
    s = _SUFFIX.sub("", s, count=1)
    match = _NUMBER.fullmatch(s)
    if not s or match is None or not (match["int"] or match["dec"]):
        raise MoneyError("money.amount_not_number_value", value=shown(raw))
    int_digits = (match["int"] or "0").replace(",", "")
    dec_digits = match["dec"] or ""
    if len(dec_digits) > 2:
        if dec_digits[2:].strip("0"):
            raise MoneyError("money.amount_has_more_two_decimals", value=shown(raw))
        dec_digits = dec_digits[:2]
    if len(int_digits.lstrip("0")) > 14:  # guard before int(): huge digit strings
        raise MoneyError("money.amount_too_large_value", value=shown(raw), most=format_money(MAX_FEN))
    fen = int(int_digits) * 100 + int(dec_digits.ljust(2, "0"))
    if fen > MAX_FEN:
        raise MoneyError("money.amount_too_large_value", value=shown(raw), most=format_money(MAX_FEN))
    if negative and fen:
        if not allow_negative:
            raise MoneyError("money.amount_must_not_negative_value", value=shown(raw))
        fen = -fen
    if fen == 0 and not allow_zero:
        raise MoneyError("money.amount_must_not_zero_value", value=shown(raw))
    return fen


def check_amount(fen: int) -> int:
    """FEN itself if it is an int within plus or minus MAX_FEN; else MoneyError (too large) or
    TypeError. Every store function that takes an amount calls this (parse_money checks the same)."""
    _check_fen(fen)
    if abs(fen) > MAX_FEN:
        raise MoneyError("money.amount_too_large_value", value=format_money(fen), most=format_money(MAX_FEN))
    return fen


def checked_sum(amounts) -> int:
    """The sum of AMOUNTS (fen), refused with MoneyError if it would not fit a BIGINT column."""
    total = 0
    for fen in amounts:
        total += int(fen or 0)
    if abs(total) > MAX_SUM_FEN:
        raise MoneyError("money.sum_too_large", total=format_money(total))
    return total


def _check_fen(fen: int) -> int:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"money must be an int number of fen, not {type(fen).__name__}")
    return fen


def format_money(fen: int, *, grouping: bool = True, symbol: bool = False) -> str:
    """Format fen as yuan with two decimals: ``1,234.50``, ``¥1,234.50``, ``-12.00``."""
    _check_fen(fen)
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    whole = f"{yuan:,}" if grouping else str(yuan)
    return f"{sign}{'¥' if symbol else ''}{whole}.{cents:02d}"


def fen_to_json(fen: int) -> str:
    """The JSON form of an amount: a string with two decimals and no grouping (``"1234.50"``)."""
    return format_money(fen, grouping=False, symbol=False)


# the units a chart axis writes amounts in: Chinese counts in 万 (10^4) and 亿 (10^8), English in k/M/B
_SHORT_UNITS = {"zh": ((1e8, "亿"), (1e4, "万")), "en": ((1e9, "B"), (1e6, "M"), (1e3, "k"))}


def short_amount(yuan: float, lang: str = "en") -> str:
    """An amount in yuan, short, as a chart axis writes it: `1.5M`, `750k`, `800` in English;
    `1.5亿`, `100万`, `2,500` in Chinese (at most two decimals, none when whole)."""
    for size, unit in _SHORT_UNITS.get(lang, _SHORT_UNITS["en"]):
        if abs(yuan) >= size:
            return f"{yuan / size:.2f}".rstrip("0").rstrip(".") + unit
    return f"{yuan:,.0f}"
