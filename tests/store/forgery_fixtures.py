"""A small consistent ledger and the ten ways issue 10 forged it by hand with SQL.

Customer 甲 owes on two receivables and has paid twice (both payments fully allocated);
customer 乙 owes on one, has paid once, had one payment reversed and a part written off. Each corruption is raw SQL
(as with sqlite3 or psql) and names the problem `check` must report: the message id, the row.
"""
from __future__ import annotations

from dataclasses import dataclass

from salesterm.store.ledger import receivables as ledger
from salesterm.store.models import PaymentAllocation

from .collections_fixtures import TODAY, customer, days_ago, owe


@dataclass
class Ledger:
    a: str  # customer ids
    b: str
    r1: str  # 甲's receivables: 1,000.00 (paid in full) and 500.00 (300.00 paid)
    r2: str
    r3: str  # 乙's receivable: 800.00 (300.00 paid, 100.00 written off)
    p1: str  # 甲 paid 1,200.00: 1,000.00 on r1, 200.00 on r2
    p2: str  # 甲 paid 100.00 on r2
    p3: str  # 乙 paid 300.00 on r3
    p1_on_r2: str  # allocation ids
    p3_on_r3: str


def build() -> Ledger:
    a, b = customer("甲地五金商行"), customer("乙地建材批发部")
    r1 = owe(a, "SO-A1", 40, 1000_00)
    r2 = owe(a, "SO-A2", 10, 500_00)
    r3 = owe(b, "SO-B1", 20, 800_00)
    p1 = ledger.record_payment(a.id, amount=1200_00, day=days_ago(5), method="现金")
    p2 = ledger.record_payment(a.id, amount=100_00, day=days_ago(2), method="现金")
    p3 = ledger.record_payment(b.id, amount=300_00, day=days_ago(3), method="转账")
    p4 = ledger.record_payment(b.id, amount=50_00, day=days_ago(3), method="转账")
    ledger.reverse_payment(p4.id, day=TODAY, note="录重了")
    ledger.write_off(r3.id, amount=100_00, reason="破损", day=TODAY)

    def alloc(payment, receivable) -> str:
        return PaymentAllocation.get((PaymentAllocation.payment == payment.id)
                                     & (PaymentAllocation.receivable == receivable.id)).id

    return Ledger(a.id, b.id, r1.id, r2.id, r3.id, p1.id, p2.id, p3.id, alloc(p1, r2), alloc(p3, r3))


@dataclass(frozen=True)
class Forgery:
    name: str
    sql: list[str]  # {name} slots filled from the Ledger's ids
    what: str  # the message id check must report
    row: str  # the Ledger field naming the row it must report
    derived: bool  # True when --repair rebuilds it


FORGERIES = [
    Forgery("1 payment amount raised", ["UPDATE payment SET amount = amount + 5000 WHERE id = '{p2}'"],
            "check.payment_unallocated_while_owing", "p2", False),
    Forgery("2 payment amount made negative", ["UPDATE payment SET amount = -30000 WHERE id = '{p3}'"],
            "check.payment_not_positive", "p3", False),
    Forgery("3 payment moved to another customer", ["UPDATE payment SET customer_id = '{a}' WHERE id = '{p3}'"],
            "check.allocation_customer", "p3_on_r3", False),
    Forgery("4 payment deleted, allocations live",
            ["UPDATE payment SET deleted_at = updated_at WHERE id = '{p2}'"],
            "check.payment_deleted_allocated", "p2", False),
    Forgery("5 allocation and paid forged together",
            ["UPDATE payment_allocation SET amount = amount + 5000 WHERE id = '{p1_on_r2}'",
             "UPDATE receivable SET paid = paid + 5000 WHERE id = '{r2}'"],
            "check.payment_over_allocated", "p1", False),
    Forgery("6 collection_state.balance edited",
            ["UPDATE collection_state SET balance = balance - 10000 WHERE customer_id = '{a}'"],
            "check.state_value", "a", True),
    Forgery("7 customer_stats.open_balance edited",
            ["UPDATE customer_stats SET open_balance = 1 WHERE customer_id = '{b}'"],
            "check.stats_value", "b", True),
    Forgery("8 receivable.paid edited alone", ["UPDATE receivable SET paid = 90000 WHERE id = '{r1}'"],
            "check.receivable_paid", "r1", True),
    Forgery("9 allocation on another customer's receivable",
            ["UPDATE payment_allocation SET receivable_id = '{r2}' WHERE id = '{p3_on_r3}'"],
            "check.allocation_customer", "p3_on_r3", False),
    Forgery("10 receivable amount below what was paid", ["UPDATE receivable SET amount = 90000 WHERE id = '{r1}'"],
            "check.receivable_overpaid", "r1", False),
]


def apply(db, forgery: Forgery, led: Ledger) -> None:
    with db.atomic():
        for sql in forgery.sql:
            db.execute_sql(sql.format(**vars(led)))


def row_of(forgery: Forgery, led: Ledger, db) -> str:
    """The row id check names: summary rows are found by their customer."""
    value = getattr(led, forgery.row)
    if forgery.what in ("check.state_value", "check.stats_value"):
        table = "collection_state" if forgery.what == "check.state_value" else "customer_stats"
        return db.execute_sql(f"SELECT id FROM {table} WHERE customer_id = {db.param}", (value,)).fetchone()[0]
    return value
