"""Aging by rep (store/ledger/aging._by_rep: lines summed under each customer's own rep, then the
reassigned customers moved) against a plain computation line by line with the one rule of who
answers for a customer's money (store/ledger/responsible.rep_id_of), on both backends, through
assignments, reassignments back, a handover and a rep left with nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from salesterm.domain import aging as rules
from salesterm.store import reps
from salesterm.store.ledger import aging, responsible, triage
from salesterm.store.ledger import receivables as ledger
from salesterm.store.models import Receivable, database
from salesterm.store.team import handover

from .collections_fixtures import TODAY, customer, days_ago, owe

RANGES = [(30, 60, 90), (1, 60), (7,), (15, 45, 120, 365)]
SHIFTS = [0, -40, 75]


def _plain(ranges, as_of, customer_ids=None) -> dict:
    """{rep id: {bucket: fen, total: fen}} from every open line (of CUSTOMER_IDS), one at a time."""
    items = []
    for r in Receivable.select().where(Receivable.deleted_at.is_null()):
        if customer_ids is not None and r.customer_id not in customer_ids:
            continue
        open_fen = ledger.open_amount(r)
        if open_fen > 0:
            items.append((responsible.rep_id_of(r.customer_id), r.due, open_fen))
    rows, _totals = rules.age_items(items, as_of, ranges)
    return {row.key: {**row.amounts, "total": row.total} for row in rows}


def _report(ranges, as_of, rep=None, customer_ids=None) -> dict:
    report = aging.aging(by="rep", ranges=ranges, as_of=as_of, rep=rep, customer_ids=customer_ids)
    names = report["buckets"] + ["total"]
    return {row["rep_id"]: {k: row[k] for k in names} for row in report["rows"]}


def _same_as_plain() -> None:
    for ranges in RANGES:
        for shift in SHIFTS:
            as_of = TODAY + timedelta(days=shift)
            plain = _plain(ranges, as_of)
            assert _report(ranges, as_of) == plain, (ranges, shift)
            report = aging.aging(by="rep", ranges=ranges, as_of=as_of)
            totals = {k: sum(row[k] for row in plain.values()) for k in report["buckets"] + ["total"]}
            assert report["totals"] == totals
    for rep_id, row in _plain((30, 60, 90), TODAY).items():
        if rep_id is not None:
            assert _report((30, 60, 90), TODAY, rep=rep_id) == {rep_id: row}
    some = {c for (c,) in Receivable.select(Receivable.customer).distinct().tuples()}
    some = set(sorted(some)[::2])  # every other customer
    assert _report((30, 60, 90), TODAY, customer_ids=sorted(some)) == _plain((30, 60, 90), TODAY, some)


@pytest.fixture
def book(db):
    """Three reps' customers and one without a rep; lines in every bucket, partly paid, written
    off, deleted, and some written by another rep than the customer's own."""
    wang = [customer(f"王伟客户{i}", rep="王伟") for i in range(4)]
    li = [customer(f"李娜客户{i}", rep="李娜") for i in range(3)]
    zhang = [customer(f"张强客户{i}", rep="张强") for i in range(2)]
    nobody = customer("无人客户", rep=None)
    every = wang + li + zhang + [nobody]
    days = [-20, 0, 1, 7, 15, 30, 31, 45, 60, 61, 90, 91, 120, 365, 400]
    n = 0
    for i, c in enumerate(every):
        for j in range(4):
            n += 1
            owe(c, f"L{n:03d}", days[(i * 5 + j * 3) % len(days)], 1_000_00 + 1_234 * n,
                rep="张强" if j == 3 and c in wang else None)
    ledger.record_payment(wang[0].id, amount=1_500_00, day=days_ago(3))
    ledger.record_payment(li[1].id, amount=333_33, day=days_ago(1))
    first = Receivable.get(Receivable.number == "L010")
    ledger.write_off(first.id, amount=first.amount - first.paid, reason="零头", day=TODAY)  # settled
    Receivable.update(deleted_at=TODAY).where(Receivable.number == "L020").execute()
    return {"王伟": wang, "李娜": li, "张强": zhang, "nobody": nobody}


def test_by_rep_equals_the_plain_computation_across_reassignments(book):
    wang, li, zhang = book["王伟"], book["李娜"], book["张强"]
    _same_as_plain()
    triage.assign([wang[0].id, wang[1].id, book["nobody"].id], "李娜")
    _same_as_plain()
    triage.assign([wang[2].id], "王伟")  # assigned to the customer's own rep: nothing moves
    triage.assign([c.id for c in zhang], "王伟")  # every line of 张强's customers moves away
    _same_as_plain()
    zhang_id = reps.rep_id("张强")
    assert zhang_id not in _report((30, 60, 90), TODAY)
    assert aging.aging(by="rep", rep=zhang_id)["rows"] == []
    triage.assign([wang[0].id], "张强")  # reassigned again
    handover.hand_over("张强", customer_ids=[wang[1].id])  # own rep changes, assignment kept
    handover.hand_over("王伟", customer_ids=[li[0].id])
    _same_as_plain()
    triage.assign([c.id for c in zhang], "张强")  # back to their own rep
    _same_as_plain()


def test_the_split_of_the_rule_agrees_with_the_rule(book):
    wang = book["王伟"]
    triage.assign([wang[0].id, book["nobody"].id], "李娜")
    triage.assign([wang[1].id], "王伟")
    rows = database.obj.execute_sql(
        f"SELECT {responsible.OWN}, {responsible.SQL}, s.responsible_rep_id, "
        f"CASE WHEN {responsible.REASSIGNED} THEN 1 ELSE 0 END FROM customer c "
        "LEFT JOIN collection_state s ON s.customer_id = c.id").fetchall()
    assert len(rows) == 10 and sum(r[3] for r in rows) == 3
    for own, rule, assigned_to, reassigned in rows:
        assert rule == (assigned_to if reassigned else own)


def test_lines_without_a_rep_or_by_a_rep_not_the_customers_own(book):
    """Aging by rep starts from the rep written on each line (responsible.LINE): lines imported
    without a rep, and a rep-less customer's line written by a rep, still count for whoever
    answers for the customer's money."""
    li, nobody = book["李娜"], book["nobody"]
    Receivable.update(rep=None).where(Receivable.customer == li[0].id).execute()
    owe(nobody, "L900", 45, 2_000_00, rep="李娜")
    _same_as_plain()
    triage.assign([li[0].id, nobody.id], "张强")
    _same_as_plain()
    handover.hand_over("王伟", customer_ids=[li[0].id, nobody.id])
    _same_as_plain()


def test_own_differs_compares_the_lines_rep_with_the_customers_own_rep(book):
    Receivable.update(rep=None).where(Receivable.customer == book["李娜"][0].id).execute()
    owe(book["nobody"], "L900", 45, 2_000_00, rep="李娜")
    rows = database.obj.execute_sql(
        f"SELECT {responsible.LINE}, {responsible.OWN}, "
        f"CASE WHEN {responsible.own_differs()} THEN 1 ELSE 0 END FROM receivable r "
        "JOIN customer c ON c.id = r.customer_id").fetchall()
    kinds = {(line is None, own is None, bool(differs)) for line, own, differs in rows}
    # every combination of a line's rep and its customer's: same, another, NULL on either side
    assert kinds == {(False, False, False), (False, False, True), (True, False, True),
                     (False, True, True), (True, True, False)}
    for line, own, differs in rows:
        assert bool(differs) == (line != own)
