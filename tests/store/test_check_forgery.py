"""`check` recomputes every derived figure from the ledger's rows and names each forged row;
`check --repair` rebuilds the derived figures only (both backends)."""
from __future__ import annotations

import pytest

from salesterm.store.ledger import receivables as ledger
from salesterm.store.ledger import repair, verify

from .collections_fixtures import TODAY, customer, owe
from .forgery_fixtures import FORGERIES, apply, build, row_of

LEDGER_ROWS = {
    "payment": "SELECT id, customer_id, amount, reverses_id, deleted_at FROM payment ORDER BY id",
    "payment_allocation": "SELECT id, payment_id, receivable_id, amount, deleted_at FROM payment_allocation "
                          "ORDER BY id",
    "receivable": "SELECT id, customer_id, amount, written_off, deleted_at FROM receivable ORDER BY id",
}


def _ledger_rows(db) -> dict:
    return {t: db.execute_sql(sql).fetchall() for t, sql in LEDGER_ROWS.items()}


def test_the_clean_ledger_passes(db):
    build()
    report = verify.check(db)
    assert report.ok, report.problems
    assert report.findings == []


@pytest.mark.parametrize("forgery", FORGERIES, ids=[f.name for f in FORGERIES])
def test_check_names_each_forgery(db, forgery):
    led = build()
    apply(db, forgery, led)
    report = verify.check(db)
    assert not report.ok
    row = row_of(forgery, led, db)
    named = [p for p in report.findings if p.what == forgery.what and p.row == row]
    assert named, [str(p) for p in report.findings]
    problem = named[0]
    assert problem.derived is forgery.derived
    line = str(problem)
    assert "\n" not in line and row in line
    assert problem.customer_id in (led.a, led.b)
    assert problem.message.params["customer"] in line  # the customer by name
    assert problem.expected != problem.found
    assert problem.to_json()["repair"] == ("rebuild" if forgery.derived else "human")


@pytest.mark.parametrize("forgery", FORGERIES, ids=[f.name for f in FORGERIES])
def test_repair_rebuilds_derived_figures_and_leaves_ledger_rows(db, forgery):
    led = build()
    apply(db, forgery, led)
    rows = _ledger_rows(db)
    row = row_of(forgery, led, db)
    result = repair.repair(db)
    assert _ledger_rows(db) == rows  # payments, allocations, amounts untouched
    left = verify.problems(db)
    assert all(not p.derived for p in left), [str(p) for p in left]
    if forgery.derived:
        assert left == []
        assert any(p.what == forgery.what for p in result.fixed)
    else:
        assert any(p.what == forgery.what and p.row == row for p in left), [str(p) for p in left]


def test_repair_of_a_clean_ledger_changes_nothing(db):
    build()
    before = _ledger_rows(db)
    result = repair.repair(db)
    assert (result.fixed, result.paid_rows, result.left) == ([], 0, [])
    assert _ledger_rows(db) == before


def test_credit_without_anything_owed_is_not_a_problem(db):
    c = customer("丙地日杂店")
    owe(c, "SO-C1", 5, 100_00)
    ledger.record_payment(c.id, amount=150_00, day=TODAY)  # 50.00 left as credit
    assert verify.problems(db) == []
    owe(c, "SO-C2", 0, 200_00)  # the credit is applied to it
    assert verify.problems(db) == []


def test_search_visit_stamp_and_oldest_due_are_checked_and_repaired(db):
    led = build()
    db.execute_sql(f"UPDATE collection_state SET oldest_due_day = 1 WHERE customer_id = {db.param}", (led.b,))
    db.execute_sql("INSERT INTO search_visit (customer_id, last_visit) VALUES "
                   f"({db.param}, {db.param})", (led.a, "2026-01-02"))
    whats = {(p.what, p.message.params.get("column")) for p in verify.problems(db)}
    assert whats == {("check.state_value", "oldest_due_day"), ("check.search_visit", None)}
    repair.repair(db)
    assert verify.problems(db) == []


def test_a_merge_applies_the_losers_credit_to_what_the_survivor_owes(db):
    from salesterm.store.customers import admin
    from salesterm.store.models import Receivable

    loser, survivor = customer("丁地商行"), customer("丁地商行总店")
    owe(loser, "SO-D1", 5, 100_00)
    ledger.record_payment(loser.id, amount=150_00, day=TODAY)  # 50.00 credit
    owed = owe(survivor, "SO-D2", 5, 100_00)
    admin.merge_customers(survivor.id, loser.id)
    assert Receivable.get_by_id(owed.id).paid == 50_00
    assert verify.problems(db) == []
