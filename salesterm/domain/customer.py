"""The customer file's fields (客户档案): vocabularies, and one parser per field.

`clean_customer` turns what a user typed or a spreadsheet held into checked values, with a
clear message per bad field. The form, the importer and the demo all use it, so a rule
lives here once.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from salesterm.domain import grading, man, money, textkeys
from salesterm.domain.errors import Message, UserError
from salesterm.domain.safe_text import control_in

# archive kinds (客户档案种类): key -> (zh, en)
KINDS = {
    "distributor": ("经销商", "Distributor"),
    "wholesaler": ("批发商", "Wholesaler"),
    "retailer": ("零售商", "Retailer"),
    "consumer": ("消费者", "Consumer"),
    "competitor": ("同类产品", "Competing product"),
    "pr": ("公关环境", "PR environment"),
}
# economic nature (经济性质)
NATURES = {
    "state": ("国有", "State-owned"),
    "private": ("民营", "Private"),
    "individual": ("个体", "Individual business"),
    "foreign": ("外资", "Foreign-invested"),
    "collective": ("集体", "Collective"),
    "joint": ("合资", "Joint venture"),
    "other": ("其他", "Other"),
}
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "对", "有"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "", "×", "不", "无"}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: Message | str  # str() is the English text


def _choice(vocab: Mapping[str, tuple[str, str]], what: Message) -> Callable[[str], str]:
    lookup = {}
    for key, (zh, en) in vocab.items():
        for word in (key, zh, en):
            lookup[word.lower()] = key

    def parse(text: str) -> str:
        value = str(text).strip().lower()
        if value in lookup:
            return lookup[value]
        options = "/".join(zh for zh, _ in vocab.values())
        raise UserError("customer.unknown_what_value_use_one", what=what, value=text, choices=options)

    return parse


parse_kind = _choice(KINDS, Message("customer.word_kind"))
parse_nature = _choice(NATURES, Message("customer.word_nature"))


def parse_flag(text: Any) -> bool:
    if isinstance(text, bool):
        return text
    value = str(text).strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise UserError("customer.expected_yes_no_got_value", value=text)


def parse_payday(text: Any) -> int | None:
    value = str(text).strip().removesuffix("日").removesuffix("号").removeprefix("每月")
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 31:
        raise UserError("customer.payday_must_day_month_from", value=text)
    return int(value)


def parse_tags(text: Any) -> str:
    """Tags are kept as one string of words separated by single spaces."""
    raw = str(text or "")
    for sep in ",，;；、/|":
        raw = raw.replace(sep, " ")
    seen: list[str] = []
    for tag in raw.split():
        if tag not in seen:
            seen.append(tag)
    return " ".join(seen)


def parse_factors(value: Any) -> dict[str, int]:
    """Grading scores: a dict, its JSON (`export` in English), or the readable text of
    `export --lang zh` (``资信 4；经营规模 3``)."""
    if isinstance(value, str):
        text = value.strip()
        if text and not text.startswith("{"):
            return grading.parse_scores_text(text)
        value = json.loads(text) if text else {}
    return grading.validate_scores(value or {})


def _required_name(what: Message) -> Callable[[Any], str]:
    def parse(text: Any) -> str:
        value = " ".join(str(text or "").split())
        if not value:
            raise UserError("customer.what_name_empty", what=what)
        if len(value) > 120:
            raise UserError("customer.what_name_longer_characters", what=what)
        return value

    return parse


def _text(limit: int) -> Callable[[Any], str]:
    def parse(text: Any) -> str:
        value = str(text or "").strip()
        if len(value) > limit:
            raise UserError("customer.longer_limit_characters", limit=limit)
        return value

    return parse


def _grade_or_none(text: Any) -> str | None:
    return grading.parse_grade(text) if str(text or "").strip() else None


def _code(text: Any) -> str | None:
    value = str(text or "").strip()
    return value or None


# free-text fields: a tab or a line break is allowed there (Alt+Enter in an Excel cell)
MULTILINE_FIELDS = frozenset({"network_coverage", "main_performance", "credit_standing", "manager_background",
                              "grade_override_reason", "remark"})


def refuse_controls(text: Any, *, multiline: bool = False) -> None:
    """A control character (an escape sequence, NUL, BEL, a bidi override; in a one-line field
    a tab or newline too) is refused: see domain.safe_text."""
    if isinstance(text, str):
        code = control_in(text, multiline=multiline)
        if code in ("U+0009", "U+000A", "U+000D"):
            raise UserError("text.line_break", code=code)
        if code:
            raise UserError("text.control_character", code=code)


def _checked(parsers: dict[str, Callable[[Any], Any]]) -> dict[str, Callable[[Any], Any]]:
    """PARSERS, each refusing control characters before it parses."""
    def check(parse, multiline: bool):
        def checked(text: Any) -> Any:
            refuse_controls(text, multiline=multiline)
            return parse(text)
        checked.unchecked = parse  # for _clean's rows without a control character
        return checked

    return {field: check(parse, field in MULTILINE_FIELDS) for field, parse in parsers.items()}


def parse_rep_name(text: Any) -> str:
    """A rep's name as typed or imported: one line, spaces collapsed."""
    refuse_controls(text)
    return " ".join(str(text or "").split())


PARSERS: dict[str, Callable[[Any], Any]] = {
    "code": _code,
    "name": _required_name(Message("customer.word_customer")),
    "kind": parse_kind,
    "economic_nature": lambda t: parse_nature(t) if str(t or "").strip() else "",
    "scale": _text(200),
    "network_coverage": _text(500),
    "main_performance": _text(1000),
    "credit_standing": _text(500),
    "manager_background": _text(1000),
    "credit_limit": lambda t: money.parse_money(str(t)) if str(t or "").strip() else 0,
    "grade_factors": parse_factors,
    "grade_override": _grade_or_none,
    "grade_override_reason": _text(500),
    "man_money": man.parse_answer,
    "man_authority": man.parse_answer,
    "man_need": man.parse_answer,
    "city": _text(40),
    "district": _text(40),
    "address": _text(300),
    "phone": textkeys.parse_phone,
    "payday": parse_payday,
    "no_morning_collection": parse_flag,
    "industry": _text(60),
    "tags": parse_tags,
    "remark": _text(4000),
}
PARSERS = _checked(PARSERS)
CUSTOMER_FIELDS = tuple(PARSERS)


CONTACT_PARSERS: dict[str, Callable[[Any], Any]] = {
    "name": _required_name(Message("customer.word_contact")),
    "title": _text(60),
    "phone": textkeys.parse_phone,
    "is_decision_maker": parse_flag,
    "remark": _text(2000),
}
CONTACT_PARSERS = _checked(CONTACT_PARSERS)
CONTACT_FIELDS = tuple(CONTACT_PARSERS)


def _clean(parsers, raw, required: str | None) -> tuple[dict[str, Any], list[FieldError]]:
    clean: dict[str, Any] = {}
    errors: list[FieldError] = []
    if required and required not in raw:
        raw = {**raw, required: ""}
    # one search for a control character in the whole row: without one (nearly every row)
    # no field can refuse one, and each is only parsed
    plain = control_in("".join(v for v in raw.values() if isinstance(v, str))) is None
    for field, parse in parsers.items():
        if field not in raw:
            continue
        if plain:
            parse = getattr(parse, "unchecked", parse)
        try:
            clean[field] = parse(raw[field])
        except (UserError, ValueError) as exc:
            errors.append(FieldError(field, exc.message if isinstance(exc, UserError) else str(exc)))
    return clean, errors


def clean_customer(raw: Mapping[str, Any], *, partial: bool = False) -> tuple[dict[str, Any], list[FieldError]]:
    """Check every known field of RAW. With partial=True, absent fields are left out
    (an edit); otherwise the name is required (a new customer)."""
    return _clean(PARSERS, raw, None if partial else "name")


def clean_contact(raw: Mapping[str, Any], *, partial: bool = False) -> tuple[dict[str, Any], list[FieldError]]:
    return _clean(CONTACT_PARSERS, raw, None if partial else "name")


def derived(clean: Mapping[str, Any]) -> dict[str, Any]:
    """The columns that follow from the typed ones: suggested and effective grade."""
    out: dict[str, Any] = {}
    if "grade_factors" in clean:
        out["grade_suggested"] = grading.suggest_grade(clean["grade_factors"])
    return out
