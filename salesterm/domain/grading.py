"""Customer grading (客户等级) A/B/C/D from the handbook's seven factors.

Each factor is scored 1 (poor) to 5 (excellent); 0 or a missing factor means "not
assessed yet" and is left out of the average. The suggestion is only a suggestion:
the rep may override it (see :func:`effective_grade`), and the store records that.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from fractions import Fraction

from .errors import UserError, Words, shown

FACTORS: tuple[str, ...] = (
    "credit_standing",
    "business_scale",
    "staff_quality",
    "storage_capacity",
    "transport_capacity",
    "internal_management",
    "network_coverage",
)

FACTOR_LABELS: dict[str, tuple[str, str]] = {
    "credit_standing": ("资信", "Credit standing"),
    "business_scale": ("经营规模", "Business scale"),
    "staff_quality": ("人员素质", "Staff quality"),
    "storage_capacity": ("仓储能力", "Storage capacity"),
    "transport_capacity": ("运输能力", "Transport capacity"),
    "internal_management": ("内部管理", "Internal management"),
    "network_coverage": ("网络覆盖", "Network coverage"),
}

# Why credit standing and scale weigh more: the handbook grades customers by importance
# and growth potential, and its whole collection chapter is about money coming back.
# Credit standing (资信) decides whether a sale turns into cash or into a bad debt
# (坏账烂账), so it weighs most (3 of 10); business scale decides the volume a customer
# can move (2 of 10). The five operating capabilities (staff, storage, transport,
# management, network) matter but follow from those two, so they weigh 1 each.
WEIGHTS: dict[str, int] = {
    "credit_standing": 3,
    "business_scale": 2,
    "staff_quality": 1,
    "storage_capacity": 1,
    "transport_capacity": 1,
    "internal_management": 1,
    "network_coverage": 1,
}

GRADES: tuple[str, ...] = ("A", "B", "C", "D")

#: Lowest weighted average for each grade; below the last one the grade is D.
#: 4.2 means "good or excellent almost everywhere"; 3.4 "above average";
#: 2.5 "about average" (the middle of the 1-5 scale is 3, so C tolerates a weak factor).
THRESHOLDS: tuple[tuple[str, Fraction], ...] = (
    ("A", Fraction(42, 10)),
    ("B", Fraction(34, 10)),
    ("C", Fraction(25, 10)),
)
#: Fewer assessed factors than this and no grade is suggested: too little to judge.
MIN_ASSESSED = 3

MAX_SCORE = 5


def _score_value(key: str, value: object) -> int:
    label = Words(*FACTOR_LABELS[key])
    if value is None:
        return 0
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text:
            return 0
        if not text.isdigit():
            raise UserError("grading.label_score_not_whole_number", label=label, value=shown(value))
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserError("grading.label_score_not_whole_number", label=label, value=shown(value))
    if not 0 <= value <= MAX_SCORE:
        raise UserError("grading.label_score_must_from_not", label=label, value=value)
    return value


def validate_scores(scores: Mapping[str, int]) -> dict[str, int]:
    """Check the scores and return all seven factors in order, 0 for the unassessed.

    Values may be ints, digit strings (from a CSV) or ``None``/empty (not assessed).
    """
    for key in scores:
        if key not in WEIGHTS:
            raise UserError("grading.unknown_factor_value", value=shown(key))
    return {key: _score_value(key, scores.get(key)) for key in FACTORS}


def scores_text(scores: Mapping[str, int], lang: str = "zh") -> str:
    """The assessed factors as a person reads them: ``资信 4；经营规模 3`` (zh) or
    ``Credit standing 4; Business scale 3`` (en); empty when none is assessed.
    ``parse_scores_text`` reads it back."""
    clean = validate_scores(scores)
    pick = 0 if lang == "zh" else 1
    return ("；" if lang == "zh" else "; ").join(
        f"{FACTOR_LABELS[key][pick]} {clean[key]}" for key in FACTORS if clean[key])


_LABEL_KEYS = {unicodedata.normalize("NFKC", word).lower().replace(" ", ""): key
               for key, pair in FACTOR_LABELS.items() for word in (key, *pair)}


def parse_scores_text(text: str) -> dict[str, int]:
    """Read ``scores_text`` back (either language; ``label score`` pairs separated by ；;，,、
    or new lines, ``label:score`` and ``label=score`` too) into scores by factor key."""
    out: dict[str, int] = {}
    for part in re.split(r"[；;，,、\n]+", unicodedata.normalize("NFKC", text or "")):
        part = part.strip()
        if not part:
            continue
        found = re.fullmatch(r"(.+?)\s*[:=]?\s*(\d+)", part)
        key = _LABEL_KEYS.get(found.group(1).lower().replace(" ", "")) if found else None
        if key is None:
            raise UserError("grading.unknown_factor_value", value=shown(part))
        out[key] = _score_value(key, found.group(2))
    return validate_scores(out)


def _weighted(scores: Mapping[str, int]) -> tuple[int, int, int]:
    """(sum of weight * score, sum of weights, count) over the assessed factors."""
    clean = validate_scores(scores)
    assessed = [key for key in FACTORS if clean[key]]
    total = sum(WEIGHTS[key] * clean[key] for key in assessed)
    return total, sum(WEIGHTS[key] for key in assessed), len(assessed)


def grade_score(scores: Mapping[str, int]) -> float | None:
    """The weighted average (1.0 to 5.0) over assessed factors, or None if none is."""
    total, weight, _ = _weighted(scores)
    return total / weight if weight else None


def suggest_grade(scores: Mapping[str, int]) -> str | None:
    """Suggest A/B/C/D: average >= 4.2 is A, >= 3.4 B, >= 2.5 C, else D.

    Needs at least three assessed factors, otherwise returns None. The comparison is
    exact (fractions), so an average of exactly 4.2 is an A.
    """
    total, weight, count = _weighted(scores)
    if count < MIN_ASSESSED:
        return None
    average = Fraction(total, weight)
    for grade, lowest in THRESHOLDS:
        if average >= lowest:
            return grade
    return "D"


def parse_grade(text: str) -> str:
    """Read a grade: ``a``, `` A ``, ``A级``, ``A类``, ``A级客户``, full-width ``Ａ``."""
    raw = "" if text is None else str(text).strip()
    s = unicodedata.normalize("NFKC", raw).strip().upper()
    for suffix in ("客户", "級", "级", "类", "類"):
        s = s.removesuffix(suffix).rstrip()
    if s not in GRADES:
        raise UserError("grading.grade_must_b_c_d", value=shown(raw) or '(empty)')
    return s


def effective_grade(suggested: str | None, override: str | None) -> str | None:
    """The grade in force: the rep's override when there is one, else the suggestion."""
    if override is not None and str(override).strip():
        return parse_grade(override)
    if suggested is None or not str(suggested).strip():
        return None
    return parse_grade(suggested)
