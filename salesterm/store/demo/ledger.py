"""Demo data, the money side: deliveries in the purchase/sales log, receivables in every aging
bucket, payments allocated to them (receivable.paid always equals its allocations, as
`salesterm check` verifies), reversals, write-offs, promises kept and broken, collection
attempts and each customer's collection state (slips, follow-up level)."""
from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from salesterm.domain.collection import ESCALATE_AT
from salesterm.domain.followup import DEFAULT_LADDER
from salesterm.store.demo import data as pools
from salesterm.store.ledger import summary
from salesterm.store.models import (
    CollectionAttempt,
    CollectionState,
    Payment,
    PaymentAllocation,
    Promise,
    Receivable,
    TradeLine,
)

if TYPE_CHECKING:
    from salesterm.store.demo import Demo

METHODS = ("cash", "transfer", "transfer", "wechat", "alipay", "acceptance")
# issued this many days ago, with these payment terms: spread over every aging bucket
ISSUE_AGES = ((5, 40), (30, 80), (60, 110), (90, 140), (120, 260))
TERMS = (30, 30, 45, 60)
# the first customers' receivables, so that even a small demo shows every case:
# (what happens, days since issue with 30 days' terms, how the rep chases it)
SCRIPTED = (
    ("open", 10, ""), ("partial", 45, "broken"), ("open", 80, "open"), ("partial", 110, "refused"),
    ("open", 220, "broken"), ("writeoff", 260, ""), ("reversed", 70, "open"), ("partial", 100, "broken"),
)


class Ledger:
    def __init__(self, demo: Demo):
        self.demo = demo
        self.seq = 0
        self.slips: dict[str, list[str]] = {}
        self.open_promise: dict[str, tuple[date, int]] = {}
        self.last_attempt: dict[str, tuple[date, str]] = {}

    def pay(self, customer: dict, receivable: dict, amount: int, day: date, note: str = "") -> dict:
        demo = self.demo
        method = demo.rng.choice(METHODS)
        self.seq += 1
        payment = demo.add(Payment, customer=customer["id"], rep=customer["rep"], day=day, amount=amount,
                           method=method, number=f"SK{day:%Y%m%d}{self.seq:06d}" if method != "cash" else None,
                           note=note, _stamp=demo.at(day))
        demo.add(PaymentAllocation, payment=payment["id"], receivable=receivable["id"], amount=amount,
                 _stamp=demo.at(day))
        receivable["paid"] += amount
        return payment

    def reverse(self, customer: dict, receivable: dict, payment: dict) -> None:
        demo = self.demo
        day = min(payment["day"] + timedelta(days=demo.rng.randrange(1, 8)), demo.today)
        reversal = demo.add(Payment, customer=customer["id"], rep=customer["rep"], day=day, amount=-payment["amount"],
                            method=payment["method"], reverses=payment["id"],
                            note=demo.rng.choice(("承兑汇票退票", "转账被退回", "录错金额，冲销重录")),
                            _stamp=demo.at(day))
        demo.add(PaymentAllocation, payment=reversal["id"], receivable=receivable["id"], amount=-payment["amount"],
                 _stamp=demo.at(day))
        receivable["paid"] -= payment["amount"]

    def attempt(self, customer: dict, day: date, outcome: str, amount: int = 0, note: str = "") -> None:
        self.demo.add(CollectionAttempt, customer=customer["id"], rep=customer["rep"], day=day, outcome=outcome,
                      amount=amount, note=note, _stamp=self.demo.at(day))
        if outcome in ("refused", "not_met"):
            self.slips.setdefault(customer["id"], []).append("missed_collection")
        if customer["id"] not in self.last_attempt or self.last_attempt[customer["id"]][0] <= day:
            self.last_attempt[customer["id"]] = (day, outcome)

    def promise(self, customer: dict, receivable: dict, made: date, promised: date, amount: int, status: str,
                resolved: date | None = None) -> None:
        self.demo.add(Promise, customer=customer["id"], receivable=receivable["id"], rep=customer["rep"],
                      made_on=made, promised_date=promised, amount=amount, status=status, resolved_on=resolved,
                      note=self.demo.rng.choice(("老板说月底一定付", "等下游回款就付", "发工资后付", "")),
                      _stamp=self.demo.at(made))
        if status == "broken":
            self.slips.setdefault(customer["id"], []).append("broken_promise")
        elif status == "open":
            self.open_promise[customer["id"]] = (promised, amount)


def make(demo: Demo) -> None:
    ledger = Ledger(demo)
    rng = demo.rng
    buyers = [c for c in demo.customers if c["kind"] in pools.BUYER_KINDS]
    oldest: dict[str, date] = {}
    for n, customer in enumerate(buyers):
        scripted = SCRIPTED[n] if n < len(SCRIPTED) else None
        if scripted or rng.random() < 0.55:
            for _ in range(1 if scripted else rng.choice((1, 1, 2, 2, 3, 4))):
                due = _receivable(ledger, customer, scripted)
                if due is not None and (customer["id"] not in oldest or due < oldest[customer["id"]]):
                    oldest[customer["id"]] = due
        if rng.random() < 0.2:
            _purchase_lines(demo, customer)
        demo.maybe_flush()
        if n % 2000 == 0:
            demo.step("money", n, len(buyers))
    demo.flush()
    _states(ledger, oldest)
    demo.flush()
    demo.step("money", len(buyers), len(buyers))


def _receivable(ledger: Ledger, customer: dict, scripted: tuple[str, int, str] | None = None) -> date | None:
    """One delivery and its receivable, paid the way customers pay (or as SCRIPTED says:
    (what happens, days since issue, how the rep chases it)). Returns its due date when
    money is still open on it."""
    demo, rng = ledger.demo, ledger.demo.rng
    low, high = rng.choice(ISSUE_AGES)
    age = scripted[1] if scripted else rng.randrange(low, high + 1)
    issued = demo.today - timedelta(days=age) if scripted else max(demo.today - timedelta(days=age), customer["since"])
    due = issued + timedelta(days=30 if scripted else rng.choice(TERMS))
    product, unit = rng.choice(pools.PRODUCTS)
    quantity = rng.randrange(2, 60)
    amount = unit * quantity
    ledger.seq += 1
    number = f"XS{issued:%Y%m%d}-{ledger.seq:06d}"
    demo.add(TradeLine, customer=customer["id"], rep=customer["rep"], day=issued, direction="sale", product=product,
             quantity=quantity, amount=amount, note=number, _stamp=demo.at(issued))
    receivable = demo.add(Receivable, customer=customer["id"], rep=customer["rep"], number=number, issued=issued,
                          due=due, amount=amount, paid=0, written_off=0, source="delivery", _stamp=demo.at(issued))
    overdue = (demo.today - due).days
    roll = rng.random()
    if scripted:
        roll = {"writeoff": 0.0, "reversed": 0.01, "partial": 0.6, "open": 0.99}[scripted[0]]
    last_day = demo.today - timedelta(days=1)
    # a bad debt: part paid, the rest written off
    if overdue > 150 and roll < 0.25 and (not scripted or scripted[0] == "writeoff"):
        if rng.random() < 0.5:
            ledger.pay(customer, receivable, amount // 4, min(due + timedelta(days=20), last_day))
        receivable["written_off"] = amount - receivable["paid"]
        receivable["write_off_reason"] = rng.choice(("店铺倒闭，老板联系不上", "经理批准核销：小额长期挂账",
                                                     "法院判决无可执行财产"))
        receivable["write_off_on"] = min(due + timedelta(days=120), last_day)
        return None
    if overdue > 0 and roll < 0.45 or overdue <= 0 and roll < 0.15:  # paid in full
        day = min(due + timedelta(days=rng.randrange(-10, 12)), last_day)
        payment = ledger.pay(customer, receivable, amount, max(day, issued))
        if scripted or rng.random() < 0.03 and payment["method"] in ("acceptance", "transfer"):
            ledger.reverse(customer, receivable, payment)
            return due
        if overdue > 0 and rng.random() < 0.3:
            ledger.attempt(customer, payment["day"], "paid", amount)
        return None
    if roll < 0.75 and issued < last_day:  # partly paid
        part = amount * rng.choice((20, 30, 50, 60)) // 100
        day = min(issued + timedelta(days=rng.randrange(1, max(2, (demo.today - issued).days))), last_day)
        if overdue > 0 and (scripted or rng.random() < 0.4) and day - timedelta(days=7) > issued:
            ledger.promise(customer, receivable, day - timedelta(days=7), day, part, "kept", day)
        ledger.pay(customer, receivable, part, day)
        if overdue > 0:
            ledger.attempt(customer, day, "partly_paid", part)
    if overdue > 0:
        _chase(ledger, customer, receivable, due, scripted[2] if scripted else None)
    return due


def _chase(ledger: Ledger, customer: dict, receivable: dict, due: date, how: str | None) -> None:
    """What the rep did about an overdue receivable: broken and open promises, failed calls."""
    demo, rng = ledger.demo, ledger.demo.rng
    open_amount = receivable["amount"] - receivable["paid"]
    roll = rng.random()
    if how:
        roll = {"broken": 0.1, "open": 0.5, "refused": 0.9}[how]
    if roll < 0.35:
        for _ in range(rng.choice((1, 1, 1, 2))):
            made = max(due, demo.today - timedelta(days=rng.randrange(20, 90)))
            promised = made + timedelta(days=rng.randrange(3, 15))
            if promised >= demo.today:
                promised = demo.today - timedelta(days=1)
            if made >= promised:
                made = promised - timedelta(days=1)
            ledger.attempt(customer, made, "promised", note="答应付款")
            ledger.promise(customer, receivable, made, promised, open_amount, "broken", promised + timedelta(days=1))
    if roll < 0.6 and (how == "open" or not how and rng.random() < 0.6):
        made = demo.today - timedelta(days=rng.randrange(1, 10))
        ledger.attempt(customer, made, "promised")
        ledger.promise(customer, receivable, made, demo.today + timedelta(days=rng.randrange(0, 14)),
                       open_amount // rng.choice((1, 2)), "open")
    elif how == "refused" or not how and rng.random() < 0.5:
        ledger.attempt(customer, demo.today - timedelta(days=rng.randrange(1, 30)), rng.choice(("refused", "not_met")),
                       note=rng.choice(("老板说没钱", "店门关着", "财务不在", "说货有问题要先退货")))


def _purchase_lines(demo: Demo, customer: dict) -> None:
    """What the customer bought in from elsewhere, as the rep noted it (客户进销记录簿)."""
    rng = demo.rng
    for _ in range(rng.randrange(1, 4)):
        product, unit = rng.choice(pools.PRODUCTS)
        day = demo.days_ago(3, 120)
        quantity = rng.randrange(5, 100)
        demo.add(TradeLine, customer=customer["id"], rep=customer["rep"], day=day, direction="purchase",
                 product=f"{rng.choice(pools.COMPETITORS)}同类 {product}", quantity=quantity,
                 amount=unit * quantity * rng.choice((90, 95, 100)) // 100, note="店里进货单上看到的",
                 _stamp=demo.at(day))


def _states(ledger: Ledger, oldest: dict[str, date]) -> None:
    demo = ledger.demo
    by_id = {c["id"]: c for c in demo.customers}
    for customer_id in sorted(set(oldest) | set(ledger.slips)):
        customer = by_id[customer_id]
        slips = ledger.slips.get(customer_id, [])
        due = oldest.get(customer_id)
        overdue = (demo.today - due).days if due else -999
        level = sum(1 for step in DEFAULT_LADDER if overdue >= step.days)
        promise = ledger.open_promise.get(customer_id)
        attempt = ledger.last_attempt.get(customer_id)
        follow = demo.today + timedelta(days=demo.rng.randrange(-5, 10)) if level else None
        demo.add(CollectionState, customer=customer_id, responsible_rep=customer["rep"], level=level,
                 next_follow_up=follow, slips=len(slips), escalated=len(slips) >= ESCALATE_AT,
                 note="第二次拖款，已报经理" if len(slips) >= ESCALATE_AT else "",
                 last_slip=slips[-1] if slips else "", promise_date=promise[0] if promise else None,
                 promise_amount=promise[1] if promise else 0,
                 last_attempt=attempt[0] if attempt else None, last_outcome=attempt[1] if attempt else "")


def refresh_summaries() -> None:
    """Balances and oldest due dates of collection_state, and the customers list's stats."""
    summary.refresh_all()