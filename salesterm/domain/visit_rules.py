"""What a visit is planned for and what the rep brings (the handbook's 访前准备).

- Sales objectives (销售目标): more volume, more varieties, a first order.
- Administrative objectives (行政目标): collect money, handle a complaint, answer an inquiry,
  announce a policy.
- Materials (物品准备): samples, brochures, quotation, contract, business cards, gifts.
- The reason for a visit must differ from the last one's: :func:`reason_repeats` warns.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import unicodedata
from collections.abc import Iterable

from .errors import Message, UserError, shown

SALES_OBJECTIVES: dict[str, tuple[str, str]] = {
    "more_volume": ("增加订货量", "More volume"),
    "more_varieties": ("增加品种", "More varieties"),
    "first_order": ("首次订货", "First order"),
}
ADMIN_OBJECTIVES: dict[str, tuple[str, str]] = {
    "collect": ("收款", "Collect money"),
    "complaint": ("处理投诉", "Handle a complaint"),
    "inquiry": ("答复询问", "Answer an inquiry"),
    "policy": ("传达新政策", "Announce a policy"),
}
MATERIALS: dict[str, tuple[str, str]] = {
    "samples": ("产品样品", "Samples"),
    "brochures": ("公司及产品资料", "Brochures"),
    "quotation": ("报价单", "Quotation"),
    "contract": ("合同书", "Contract"),
    "cards": ("名片", "Business cards"),
    "gifts": ("小礼品", "Small gifts"),
}
SLOTS: dict[str, tuple[str, str]] = {"am": ("上午", "Morning"), "pm": ("下午", "Afternoon")}
# what a planned week may show as a visit's purpose besides the objectives
PURPOSES: dict[str, tuple[str, str]] = {
    **SALES_OBJECTIVES,
    **ADMIN_OBJECTIVES,
    "service": ("售后服务", "Service"),
    "revisit": ("回访", "Revisit"),
    "visit": ("拜访", "Visit"),
}
STATUSES: dict[str, tuple[str, str]] = {
    "planned": ("计划", "Planned"),
    "done": ("已拜访", "Done"),
    "cancelled": ("已取消", "Cancelled"),
    "missed": ("未拜访", "Missed"),
}


def _clean(keys: Iterable[str] | None, vocab: dict[str, tuple[str, str]], what: Message) -> list[str]:
    out: list[str] = []
    for key in keys or ():
        k = str(key).strip().lower()
        if not k:
            continue
        if k not in vocab:
            # accept the Chinese or English label as typed
            matches = [name for name, (zh, en) in vocab.items() if k in (zh, en.lower())]
            if not matches:
                raise UserError("visits.unknown_what_value_choose_choices", what=what, value=shown(key),
                                choices=', '.join(vocab))
            k = matches[0]
        if k not in out:
            out.append(k)
    return sorted(out, key=list(vocab).index)


def clean_sales(keys) -> list[str]:
    return _clean(keys, SALES_OBJECTIVES, Message("visits.word_sales_objective"))


def clean_admin(keys) -> list[str]:
    return _clean(keys, ADMIN_OBJECTIVES, Message("visits.word_admin_objective"))


def clean_materials(keys) -> list[str]:
    return _clean(keys, MATERIALS, Message("visits.word_material"))


def clean_slot(slot: str | None) -> str:
    s = (slot or "am").strip().lower()
    for key, (zh, en) in SLOTS.items():
        if s in (key, zh, en.lower()):
            return key
    raise UserError("visits.slot_must_am_pm_slot", slot=shown(slot))


def _norm(text: str | None) -> str:
    s = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in s if ch.isalnum())


def reason_repeats(reason: str | None, last_reason: str | None, *, threshold: float = 0.9) -> bool:
    """True when REASON is (nearly) the same as the last visit's reason. The handbook: each
    visit needs a reason that differs from the last one. Empty reasons never repeat."""
    a, b = _norm(reason), _norm(last_reason)
    if not a or not b:
        return False
    if a == b:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= threshold


def labels(keys: Iterable[str], vocab: dict[str, tuple[str, str]], lang: str = "zh") -> list[str]:
    out = []
    for k in keys:
        zh, en = vocab.get(k, (k, k))
        out.append(zh if lang == "zh" else en)
    return out


def nearest_free_day(asked: _dt.date, taken: set[_dt.date], *, after: _dt.date,
                     reach: int = 60) -> _dt.date:
    """Where a revisit asked for ASKED goes: ASKED itself unless it is TAKEN (another visit to
    the customer already planned then); else the nearest day after AFTER that is neither taken
    nor a Sunday (reps work Monday to Saturday), the later one first when two are as near.
    Nothing free within REACH days either way: ASKED (the rep sees both visits)."""
    if asked not in taken:
        return asked
    for distance in range(1, reach + 1):
        for day in (asked + _dt.timedelta(days=distance), asked - _dt.timedelta(days=distance)):
            if day > after and day not in taken and day.isoweekday() != 7:
                return day
    return asked
