"""The M-A-N rule for qualifying a prospect: Money, Authority, Need.

- Money: can they pay, or raise the money from a third party?
- Authority: is the person we persuade the one who decides the purchase?
- Need: do they need it? (A professional rep can create the need.)

Each is answered yes, no or unknown.
"""

from __future__ import annotations

import unicodedata

from .errors import UserError, shown

ANSWERS: tuple[str, ...] = ("yes", "no", "unknown")

_WORDS = {
    "yes": ("yes", "y", "是", "有", "对", "好", "1", "true", "t", "✓", "✔", "√"),
    "no": (
        "no", "n", "否", "不是", "无", "没有", "不", "0", "false", "f", "✗", "✘", "×", "x",
    ),
    "unknown": (
        "unknown", "u", "?", "未知", "不知道", "不确定", "待定", "待查", "-", "—",
    ),
}
_LOOKUP = {word: answer for answer, words in _WORDS.items() for word in words}

_MARKS = {"yes": "✓", "no": "✗", "unknown": "?"}


def parse_answer(text: str | None) -> str:
    """Read yes/no/unknown: also y/n/?, 是/否/未知, 1/0, true/false; empty is unknown."""
    if text is None:
        return "unknown"
    if isinstance(text, bool):
        return "yes" if text else "no"
    raw = str(text).strip()
    s = unicodedata.normalize("NFKC", raw).strip().lower()
    if not s:
        return "unknown"
    try:
        return _LOOKUP[s]
    except KeyError:
        raise UserError("man.answer_must_yes_no_unknown", value=shown(raw)) from None


def prospect_class(money: str, authority: str, need: str) -> str:
    """The prospect class from the three M-A-N answers.

    - ``"A"``: all three are yes: a deal is likely soon.
    - ``"C"``: any of them is still unknown: we cannot judge yet, find out first.
    - ``"B"``: all are known but some are no: a deal is possible but needs time
      (raise the money elsewhere, reach the decision maker, create the need).
    """
    answers = (parse_answer(money), parse_answer(authority), parse_answer(need))
    if all(a == "yes" for a in answers):
        return "A"
    if "unknown" in answers:
        return "C"
    return "B"


def man_confirmed(money: str, authority: str, need: str) -> bool:
    """True when money, authority and need are all confirmed (yes)."""
    return prospect_class(money, authority, need) == "A"


def man_badge(money: str, authority: str, need: str) -> str:
    """A compact display such as ``M✓ A? N✗`` (✓ yes, ✗ no, ? unknown)."""
    marks = (_MARKS[parse_answer(a)] for a in (money, authority, need))
    return " ".join(letter + mark for letter, mark in zip("MAN", marks, strict=True))
