"""Collection rules from the handbook (送货收款): outcomes, payment methods, allocation,
the slip counter, the customer's best time to collect, and an explainable priority.

The priority is a plain sum of weights, each with a reason a person can read ("122 days
overdue", "second broken promise: escalated"). store/ledger/queue.py computes the same sum in SQL
to order 100k customers; tests hold the two together.
"""
from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import UserError, shown
from .followup import DEFAULT_LADDER, Step, step_of

#: Outcomes of a collection attempt (收款记录), with labels (zh, en).
OUTCOMES: dict[str, tuple[str, str]] = {
    "paid": ("已付清", "paid"),
    "partly_paid": ("部分付款", "partly paid"),
    "promised": ("承诺付款", "promised"),
    "refused": ("拒绝付款", "refused"),
    "not_met": ("未见到人", "not met"),
}
#: A promise to pay (承诺付款): open until paid in full (kept) or its date passes (broken).
PROMISE_STATUSES: dict[str, tuple[str, str]] = {
    "open": ("待兑现", "open"),
    "kept": ("已兑现", "kept"),
    "broken": ("已失约", "broken"),
}
#: Outcomes that count as a missed collection: one slip each.
SLIP_OUTCOMES = frozenset({"refused", "not_met"})

#: Payment methods, with labels (zh, en).
METHODS: dict[str, tuple[str, str]] = {
    "cash": ("现金", "cash"),
    "transfer": ("转账", "transfer"),
    "cheque": ("支票", "cheque"),
    "acceptance": ("承兑汇票", "bank acceptance"),
    "wechat": ("微信", "WeChat"),
    "alipay": ("支付宝", "Alipay"),
}
_METHOD_WORDS = {
    "银行转账": "transfer", "电汇": "transfer", "汇款": "transfer", "bank": "transfer",
    "wire": "transfer", "check": "cheque", "承兑": "acceptance", "银行承兑": "acceptance",
}

#: The second slip escalates to the manager (the handbook: once it slips it slips again).
ESCALATE_AT = 2

#: Weights of the priority, each with its reason.
W_SLIP = 25
W_ESCALATED = 50
W_OVER_LIMIT = 20
W_FOLLOW_UP = 15
W_PROMISE_DUE = 10
W_PAYDAY = 10
PAYDAY_WINDOW = 3  # days before payday when collecting is worth moving up
DAYS_CAP = 365
#: (at least fen, weight): a larger balance counts more.
BALANCE_STEPS: tuple[tuple[int, int], ...] = ((10_000_000, 30), (1_000_000, 20), (100_000, 10))

#: Reason templates (English msgids; the UI translates them, the JSON keeps English).
TEMPLATES: dict[str, str] = {
    "overdue": "{days} days overdue",
    "overdue_one": "1 day overdue",
    "due_today": "due today",
    "due_in": "due in {days} days",
    "escalated_promise": "{nth} broken promise: escalated",
    "escalated_missed": "{nth} missed collection: escalated",
    "escalated": "escalated to the manager",
    "slip_promise": "one slip: a broken promise",
    "slip_missed": "one slip: a missed collection",
    "over_limit": "over credit limit",
    "follow_up": "follow-up level {level} due: {action}",
    "follow_up_date": "follow-up date reached",
    "promise_due": "promise of {amount} due today",
    "promise_open": "promised {amount} by {date}",
    "payday_today": "payday today",
    "payday_in": "payday in {days} days",
    "balance": "balance {amount}",
}
_NTH = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


class CollectionError(UserError):
    pass


def parse_outcome(text: str) -> str:
    s = str(text or "").strip().lower().replace(" ", "_").replace("-", "_")
    for key, (zh, en) in OUTCOMES.items():
        if s in (key, zh, en.replace(" ", "_")):
            return key
    raise CollectionError("collections.unknown_outcome", value=shown(text), choices=", ".join(OUTCOMES))


def parse_method(text: str | None) -> str:
    """A known method key for what was typed (现金, cash, 转账 ...); other text is kept as typed."""
    raw = " ".join(str(text or "").split())
    s = raw.lower()
    if not s:
        return ""
    for key, (zh, en) in METHODS.items():
        if s in (key, zh, en.lower()):
            return key
    return _METHOD_WORDS.get(s, raw[:40])


def allocate(amount: int, open_items: Sequence[tuple[str, int]],
             preferred: str | None = None) -> tuple[list[tuple[str, int]], int]:
    """Spread AMOUNT (fen) over (id, open fen) items, already ordered oldest due first;
    PREFERRED (an id) is settled first. Returns the allocations and what is left over."""
    if amount < 0:
        raise ValueError("allocate takes a positive amount")
    items = list(open_items)
    if preferred is not None:
        items.sort(key=lambda item: item[0] != preferred)
    out: list[tuple[str, int]] = []
    left = amount
    for item_id, open_fen in items:
        if left <= 0:
            break
        take = min(left, open_fen)
        if take > 0:
            out.append((item_id, take))
            left -= take
    return out, left


# The ledger's order for spreading credit (one rule for the ledger and the sync hub): open
# receivables oldest due first, the payments whose money is unallocated oldest first.
RECEIVABLE_ORDER = ("due", "issued", "number")
CREDIT_ORDER = ("day", "created_at", "id")


def spread(credits: Sequence[tuple[str, int]],
           open_items: Sequence[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """Unallocated money of payments (id, fen), in CREDIT_ORDER, spread over open receivables
    (id, open fen), in RECEIVABLE_ORDER: each payment over the receivables still open, oldest
    first (`allocate`). Returns (payment id, receivable id, fen); what fits nowhere stays credit."""
    out: list[tuple[str, str, int]] = []
    items = [(i, fen) for i, fen in open_items if fen > 0]
    for pid, left in credits:
        if left <= 0 or not items:
            continue
        plan, _rest = allocate(left, items)
        taken = dict(plan)
        out += [(pid, rid, fen) for rid, fen in plan]
        items = [(i, fen - taken.get(i, 0)) for i, fen in items if fen - taken.get(i, 0) > 0]
    return out


def add_slip(slips: int, escalated: bool) -> tuple[int, bool]:
    """One more slip; the second escalates (and it stays escalated)."""
    slips += 1
    return slips, escalated or slips >= ESCALATE_AT


def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def days_to_payday(today: _dt.date, payday: int | None) -> int | None:
    """Days until the customer's next payday (day of month 1-31; the 31st in a 30-day
    month falls on the 30th). 0 = today."""
    if not payday or not 1 <= payday <= 31:
        return None
    dim = _month_days(today.year, today.month)
    this_month = min(payday, dim)
    if this_month >= today.day:
        return this_month - today.day
    ny, nm = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return min(payday, _month_days(ny, nm)) + dim - today.day


def payday_params(today: _dt.date) -> tuple[int, int, int]:
    """(day of month, days in this month, days in next month): what the SQL form needs."""
    ny, nm = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return today.day, _month_days(today.year, today.month), _month_days(ny, nm)


@dataclass(frozen=True)
class BestTime:
    day: _dt.date | None  # the next payday, or None when it is not known
    afternoon_only: bool

    def text(self, today: _dt.date, translate=None) -> str:
        tr = translate or (lambda m: m)
        slot = "afternoon" if self.afternoon_only else "any time"
        if self.day is None:
            return tr(f"any day, {slot}")
        if self.day == today:
            return tr(f"today (payday), {slot}")
        return tr("{date} (payday), " + slot).format(date=self.day.isoformat())


def best_time(today: _dt.date, payday: int | None, no_morning: bool) -> BestTime:
    """When to collect: on the customer's payday, never in the morning for 上午不收款."""
    n = days_to_payday(today, payday)
    day = None if n is None else today + _dt.timedelta(days=n)
    return BestTime(day, bool(no_morning))


@dataclass(frozen=True)
class Reason:
    code: str
    weight: int
    params: dict = field(default_factory=dict)

    @property
    def template(self) -> str:
        return TEMPLATES[self.code]

    def text(self, translate=None) -> str:
        if translate is None:
            return self.template.format(**self.params)
        params = {k: translate(v) if k in ("action", "nth") and v else v
                  for k, v in self.params.items()}
        return translate(self.template).format(**params)


@dataclass(frozen=True)
class Facts:
    """What the priority is computed from, for one customer."""

    today: _dt.date
    days_overdue: int
    balance: int
    credit_limit: int = 0
    slips: int = 0
    escalated: bool = False
    last_slip: str = ""  # broken_promise | missed_collection
    handled_level: int = 0
    due_level: int = 0
    next_follow_up: _dt.date | None = None
    payday: int | None = None
    promise_date: _dt.date | None = None
    promise_amount: int = 0
    ladder: Sequence[Step] = DEFAULT_LADDER


def balance_weight(balance: int) -> int:
    for floor, weight in BALANCE_STEPS:
        if balance >= floor:
            return weight
    return 0


def _money(fen: int) -> str:
    from .money import format_money

    return format_money(fen)


def priority(f: Facts) -> tuple[int, list[Reason]]:
    """The priority score and its reasons, heaviest first."""
    reasons: list[Reason] = []
    d = f.days_overdue
    days_weight = max(0, min(d, DAYS_CAP))
    if d > 1:
        reasons.append(Reason("overdue", days_weight, {"days": d}))
    elif d == 1:
        reasons.append(Reason("overdue_one", days_weight))
    elif d == 0:
        reasons.append(Reason("due_today", 0))
    else:
        reasons.append(Reason("due_in", 0, {"days": -d}))
    if f.escalated:
        nth = _NTH.get(f.slips, f"{f.slips}th") if f.slips >= ESCALATE_AT else ""
        code = ("escalated_promise" if f.last_slip == "broken_promise" else "escalated_missed") \
            if nth else "escalated"
        reasons.append(Reason(code, W_ESCALATED + W_SLIP * min(f.slips, 4), {"nth": nth}))
    elif f.slips:
        code = "slip_promise" if f.last_slip == "broken_promise" else "slip_missed"
        reasons.append(Reason(code, W_SLIP * min(f.slips, 4)))
    if f.credit_limit > 0 and f.balance > f.credit_limit:
        reasons.append(Reason("over_limit", W_OVER_LIMIT))
    if f.due_level > f.handled_level:
        step = step_of(f.due_level, f.ladder)
        action = step.label_pair[1] if step else ""
        reasons.append(Reason("follow_up", W_FOLLOW_UP, {"level": f.due_level, "action": action}))
    elif f.next_follow_up is not None and f.next_follow_up <= f.today:
        reasons.append(Reason("follow_up_date", W_FOLLOW_UP))
    if f.promise_date is not None:
        if f.promise_date == f.today:
            reasons.append(Reason("promise_due", W_PROMISE_DUE, {"amount": _money(f.promise_amount)}))
        elif f.promise_date > f.today:
            reasons.append(Reason("promise_open", 0, {"amount": _money(f.promise_amount),
                                                      "date": f.promise_date.isoformat()}))
    n = days_to_payday(f.today, f.payday)
    if n is not None and n <= PAYDAY_WINDOW:
        reasons.append(Reason("payday_today", W_PAYDAY) if n == 0
                       else Reason("payday_in", W_PAYDAY, {"days": n}))
    bw = balance_weight(f.balance)
    if bw:
        reasons.append(Reason("balance", bw, {"amount": _money(f.balance)}))
    score = sum(r.weight for r in reasons)
    reasons.sort(key=lambda r: -r.weight)
    return score, reasons
