"""The product catalogue's rules (商品): units and their conversion, and one parser per field.

A product's quantities count its base unit (瓶); its case unit (箱) holds ``case_size`` base
units. `clean_product` turns what a form or an ERP export holds into checked values, with a
clear message per bad field; the form, the importer and the demo all use it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from salesterm.domain import money
from salesterm.domain.errors import Message, UserError, shown
from salesterm.domain.safe_text import control_in

#: status key -> (zh, en)
STATUSES = {"active": ("在售", "Active"), "discontinued": ("停售", "Discontinued")}
_STATUS_WORDS = {
    "active": "active", "在售": "active", "正常": "active", "启用": "active", "有效": "active", "上架": "active",
    "1": "active", "y": "active", "yes": "active",
    "discontinued": "discontinued", "停售": "discontinued", "停产": "discontinued", "停用": "discontinued",
    "下架": "discontinued", "禁用": "discontinued", "无效": "discontinued", "0": "discontinued",
    "n": "discontinued", "no": "discontinued", "inactive": "discontinued",
}
#: the words a unit may be typed as, beside the product's own unit names
CASE_WORDS = frozenset({"case", "cases", "ctn", "carton"})
BASE_WORDS = frozenset({"unit", "units", "pc", "pcs", "piece", "each"})
MAX_CASE_SIZE = 100_000
MAX_TEXT = {"code": 40, "name": 120, "spec": 60, "unit": 8, "case_unit": 8, "brand": 60, "category": 60,
            "barcode": 20}
#: the fields of a product, in the order a form and an export show them
FIELDS = ("code", "name", "spec", "unit", "case_unit", "case_size", "brand", "category", "barcode", "status",
          "list_price", "floor_price")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: Message | str


# --- units -------------------------------------------------------------------------


def _field(product_fields: Any, name: str, default: Any = "") -> Any:
    if isinstance(product_fields, Mapping):
        return product_fields.get(name, default)
    return getattr(product_fields, name, default)


def to_units(qty: int, unit: str, product_fields: Any) -> int:
    """QTY of UNIT as base units of the product (a mapping or an object with ``unit``,
    ``case_unit`` and ``case_size``): the case unit (or "case") counts ``case_size`` each;
    the base unit, "" or "unit" counts one. Another unit is refused."""
    if isinstance(qty, bool) or not isinstance(qty, int):
        raise UserError("products.quantity_whole", value=shown(qty))
    unit = (unit or "").strip()
    base = _field(product_fields, "unit") or ""
    case_unit = _field(product_fields, "case_unit") or ""
    size = int(_field(product_fields, "case_size", 1) or 1)
    word = unit.lower()
    if case_unit and (unit == case_unit or word in CASE_WORDS) and unit != base:
        return qty * size
    if not unit or unit == base or word in BASE_WORDS:
        return qty
    if not case_unit and word in CASE_WORDS:
        return qty * size
    choices = "/".join(u for u in (base, case_unit) if u) or "-"
    raise UserError("products.unknown_unit", unit=shown(unit), choices=choices)


def qty_text(units: int, unit: str, case_unit: str, case_size: int) -> str:
    """Base units as a rep reads them: ``5箱 (20瓶)``, ``5箱3瓶 (23瓶)``, ``3瓶``; without a
    case unit (or a case of one) just ``20瓶``."""
    unit = unit or ""
    if not case_unit or case_size <= 1 or abs(units) < case_size:
        return f"{units}{unit}"
    cases, rest = divmod(abs(units), case_size)
    sign = "-" if units < 0 else ""
    head = f"{sign}{cases}{case_unit}" + (f"{rest}{unit}" if rest else "")
    return f"{head} ({units}{unit})"


_CASE = re.compile(r"^\s*(?:1\s*[×xX*＊✕/]\s*)?(\d+)\s*(?:[^\d\s/]{0,3})?\s*(?:/\s*[^\d\s]{1,3})?\s*$")
_EQUALS = re.compile(r"^\s*1\s*[^\d\s=]{1,3}\s*=\s*(\d+)\s*[^\d\s]{0,3}\s*$")  # 1箱=12瓶
_SPEC_COUNT = re.compile(r"[×xX*＊✕]\s*(\d+)\s*(?:[^\d\s]{0,2})?\s*$")


def parse_case_size(text: Any) -> int:
    """An ERP's 箱规 / 装箱数 / 换算: ``12``, ``1×12``, ``1*12``, ``12瓶/箱``, ``12瓶``, ``1箱=12瓶``.
    At least 1."""
    raw = unicodedata.normalize("NFKC", str(text if text is not None else "")).strip()
    if raw.endswith(".0") and raw[:-2].isdigit():  # a spreadsheet's number
        raw = raw[:-2]
    m = _CASE.match(raw) or _EQUALS.match(raw)
    if not m:
        raise UserError("products.case_size_not_number", value=shown(text))
    size = int(m.group(1))
    if size < 1:
        raise UserError("products.case_size_at_least_one", value=shown(text))
    if size > MAX_CASE_SIZE:
        raise UserError("products.case_size_too_large", value=shown(text), most=f"{MAX_CASE_SIZE:,}")
    return size


def case_size_from_spec(spec: str) -> int | None:
    """The count after the × of a specification (5L×4 -> 4), or None."""
    m = _SPEC_COUNT.search(unicodedata.normalize("NFKC", spec or ""))
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= MAX_CASE_SIZE else None


def parse_status(text: Any) -> str:
    value = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    if not value:
        return "active"
    found = _STATUS_WORDS.get(value)
    if found is None:
        raise UserError("products.unknown_status", value=shown(text))
    return found


def parse_barcode(text: Any) -> str:
    """Digits only (an EAN-13 or UPC, as scanned; a spreadsheet may have made it 6.9e+12)."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip().replace(" ", "")
    if value.endswith(".0") and value[:-2].isdigit():
        value = value[:-2]
    if value and not value.isdigit():
        raise UserError("products.barcode_digits", value=shown(text))
    if len(value) > MAX_TEXT["barcode"]:
        raise UserError("products.barcode_digits", value=shown(text))
    return value


def parse_price(text: Any) -> int:
    if isinstance(text, int) and not isinstance(text, bool):
        if text < 0:
            raise UserError("products.price_negative", value=shown(money.format_money(text)))
        return text
    try:
        return money.parse_money(str(text))
    except money.MoneyError as exc:
        if exc.msgid == "money.amount_must_not_negative_value":
            raise UserError("products.price_negative", value=shown(text)) from None
        raise


# --- the whole product ----------------------------------------------------------------


def parse_text(name: str, value: Any) -> str:
    """A text field of a product (code, name, spec, unit, case unit, brand, category): one line,
    no control characters, within its length."""
    text = " ".join(str(value if value is not None else "").split()) if name != "name" else str(value or "").strip()
    code = control_in(text)
    if code:
        raise UserError("text.control_character", code=code)
    if len(text) > MAX_TEXT[name]:
        raise UserError("products.too_long", most=MAX_TEXT[name])
    return text


def clean_product(raw: Mapping[str, Any], *, partial: bool = False) -> tuple[dict[str, Any], list[FieldError]]:
    """Checked values for the fields RAW holds (all of them unless PARTIAL), and what is wrong.

    Money may be fen (int) or yuan text; case_size an int or an ERP's text; an empty floor
    price means none. A missing case size is read from the specification's ``×N`` when there
    is a case unit, else 1."""
    clean: dict[str, Any] = {}
    errors: list[FieldError] = []

    def check(name: str, parse) -> None:
        if name not in raw:
            return
        try:
            clean[name] = parse(raw[name])
        except UserError as exc:
            errors.append(FieldError(name, Message(exc.msgid, **exc.params)))

    for name in ("code", "name", "spec", "unit", "case_unit", "brand", "category"):
        check(name, lambda v, name=name: parse_text(name, v))
    for name in ("code", "name"):
        if (name in clean and not clean[name]) or (not partial and name not in raw):
            errors.append(FieldError(name, Message("products.required")))
    check("barcode", parse_barcode)
    check("status", parse_status)
    check("list_price", lambda v: parse_price(v) if str(v).strip() else 0)
    check("floor_price", lambda v: None if v is None or not str(v).strip() else parse_price(v))
    if "case_size" in raw and str(raw["case_size"] if raw["case_size"] is not None else "").strip():
        check("case_size", lambda v: v if isinstance(v, int) and v >= 1 and not isinstance(v, bool)
              else parse_case_size(v))
    elif not partial or "case_size" in raw:
        inferred = case_size_from_spec(clean.get("spec", "")) if clean.get("case_unit") else None
        clean["case_size"] = inferred or 1
    if not partial:
        for name, default in (("spec", ""), ("unit", ""), ("case_unit", ""), ("brand", ""), ("category", ""),
                              ("barcode", ""), ("status", "active"), ("list_price", 0), ("floor_price", None)):
            if name not in raw:
                clean[name] = default
    if clean.get("case_unit") and clean.get("case_unit") == clean.get("unit"):
        errors.append(FieldError("case_unit", Message("products.case_unit_same_as_unit")))
    return clean, errors


def status_label(status: str, lang: str = "en") -> str:
    zh, en = STATUSES.get(status, (status, status))
    return zh if lang == "zh" else en
