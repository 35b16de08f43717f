"""Breaking a yearly target (分解销售指标) into twelve months, exact to the fen.

Evenly, or by twelve seasonal weights (any non-negative numbers, e.g. ``8,7,9,...`` or
percentages). Each month gets the floor of its exact share; the fen left over go to the
months with the largest remainders (earliest first on ties), so the months always add up to
the year exactly and no month is more than one fen away from its exact share.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from fractions import Fraction

from .errors import UserError, shown

MONTHS = 12
EVEN: tuple[int, ...] = (1,) * MONTHS


class TargetError(UserError):
    """Weights or targets that cannot be used."""


def parse_weights(text: str) -> tuple[Fraction, ...]:
    """Read twelve weights typed as ``8,7,9,...`` (commas, 、, spaces; decimals allowed).
    Empty text means even months."""
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not s:
        return tuple(Fraction(1) for _ in range(MONTHS))
    parts = [p for p in re.split(r"[,;、\s]+", s) if p]
    weights = []
    for p in parts:
        p = p.rstrip("%")
        if not re.fullmatch(r"\d{1,9}(\.\d{1,6})?", p):
            raise TargetError("targets.month_weight_not_number_value", value=shown(p))
        weights.append(Fraction(p))
    return check_weights(weights)


def check_weights(weights: Sequence) -> tuple[Fraction, ...]:
    if len(weights) != MONTHS:
        raise TargetError("targets.give_month_weights_one_per", weights=len(weights))
    out = []
    for w in weights:
        if isinstance(w, bool) or isinstance(w, float) and w != w:
            raise TargetError("targets.month_weight_not_number_value", value=shown(w))
        f = Fraction(str(w)) if isinstance(w, float) else Fraction(w)
        if f < 0:
            raise TargetError("targets.month_weights_must_not_negative")
        out.append(f)
    if sum(out) == 0:
        raise TargetError("targets.month_weights_add_up_zero")
    return tuple(out)


def split_year(total: int, weights: Sequence = EVEN) -> list[int]:
    """Twelve monthly amounts (fen) adding up to TOTAL exactly, in proportion to WEIGHTS."""
    if isinstance(total, bool) or not isinstance(total, int):
        raise TypeError("the yearly target must be an int number of fen")
    if total < 0:
        raise TargetError("targets.must_not_negative")
    ws = check_weights(weights)
    whole = sum(ws)
    exact = [total * w / whole for w in ws]
    floors = [int(e) for e in exact]  # exact >= 0, so int() is the floor
    left = total - sum(floors)
    order = sorted(range(MONTHS), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def progress(actual: int, target: int) -> Fraction | None:
    """Actual over target (None when there is no target)."""
    if target <= 0:
        return None
    return Fraction(actual, target)


def percent(actual: int, target: int) -> str:
    """``"87.5%"`` (one decimal, rounded half up) or ``"-"`` when there is no target."""
    p = progress(actual, target)
    if p is None:
        return "-"
    tenths = (p * 1000 + Fraction(1, 2)) // 1
    return f"{tenths // 10}.{tenths % 10}%"
