"""A hand-checked week (Mon 2026-11-23 .. Sun 2026-11-29) of ledger data for the weekly report.

Expected figures, worked out by hand:
  张三: visits planned 2 (1 cancelled not counted), done 1; new customers 1 (新客户甲);
        deals moved 1; collected 300.50 (300.50 + 1,000.00 - 1,000.00 reversal);
        still overdue 2,945.17 (AR-A1 599.50 + AR-B1 2,345.67); promises made 1, broken 1; feedback 1.
  李四: planned 1, done 1; collected 200.00; overdue 550.00 (800 - 200 paid - 50 written off);
        feedback 1.
  Team: collected 500.50, overdue 3,495.17.
"""
from __future__ import annotations

from datetime import date, datetime

from salesterm import clock
from salesterm.store.customers import create_customer
from salesterm.store.ledger import promises, receivables
from salesterm.store.models import Deal, DealStageChange, Rep, Visit
from salesterm.store.sales import notes

TODAY = date(2026, 11, 29)


def d(day: int, month: int = 11) -> date:
    return date(2026, month, day)


def build_week() -> dict:
    clock.set_today(d(10))
    Rep.create(name="王经理", role="manager")
    a = create_customer({"name": "华联超市", "grade": "A"}, rep="张三")
    b = create_customer({"name": "永辉超市"}, rep="张三")
    c = create_customer({"name": "联华便利"}, rep="李四")
    ra1 = receivables.record_receivable(a.id, number="AR-A1", issued=d(1, 10), due=d(31, 10), amount=1_000_00)
    receivables.record_receivable(a.id, number="AR-A2", issued=d(1), due=d(31, 12), amount=500_00)
    receivables.record_receivable(b.id, number="AR-B1", issued=d(15, 10), due=d(14), amount=2_345_67)
    rc1 = receivables.record_receivable(c.id, number="AR-C1", issued=d(1, 10), due=d(1), amount=800_00)
    clock.set_today(d(16))
    notes.create_note({"kind": "market", "title": "上周的反馈"}, rep="张三", day=d(17))
    promises.make_promise(a.id, promised_date=d(24), amount=500_00)
    clock.set_today(d(20))
    receivables.record_payment(a.id, amount=100_00, day=d(20))
    deal = Deal.create(customer=a.id, rep=a.rep_id, title="冬季备货", stage="prepare",
                       stage_since=datetime(2026, 11, 20, 9))
    DealStageChange.create(deal=deal.id, from_stage=None, to_stage="prepare", changed_at=datetime(2026, 11, 20, 9))
    for day, cust, status, outcome in ((23, a, "done", "下单20箱"), (24, b, "planned", ""),
                                       (25, c, "done", "补货"), (26, a, "cancelled", "")):
        Visit.create(customer=cust.id, rep=cust.rep_id, planned_date=d(day), status=status, outcome=outcome)
    Visit.create(customer=a.id, rep=a.rep_id, planned_date=d(1, 12), reason="送样品")
    Visit.create(customer=b.id, rep=b.rep_id, planned_date=d(2, 12), slot="pm")
    Visit.create(customer=b.id, rep=b.rep_id, planned_date=d(8, 12))  # the week after next: not shown
    clock.set_today(d(24))
    receivables.record_payment(a.id, amount=300_50, day=d(24), method="转账")
    create_customer({"name": "新客户甲"}, rep="张三")
    notes.create_note({"kind": "competitor", "title": "康师傅降价", "competitor": "康师傅"}, customer_id=a.id,
                      day=d(24))
    clock.set_today(d(25))
    pb = receivables.record_payment(b.id, amount=1_000_00, day=d(25), method="支票")
    promises.make_promise(b.id, promised_date=d(5, 12), amount=1_000_00)
    DealStageChange.create(deal=deal.id, from_stage="prepare", to_stage="observe",
                           changed_at=datetime(2026, 11, 25, 10))
    clock.set_today(d(26))
    receivables.reverse_payment(pb.id, day=d(26), note="支票退票")
    clock.set_today(d(27))
    receivables.record_payment(c.id, amount=200_00, day=d(27))
    notes.create_note({"kind": "complaint", "title": "包装破损"}, customer_id=c.id, day=d(27))
    clock.set_today(d(28))
    receivables.write_off(rc1.id, amount=50_00, reason="折让", day=d(28))
    clock.set_today(TODAY)
    return {"a": a, "b": b, "c": c, "ra1": ra1}
