"""One notion of who answers for a customer's money (store/ledger/responsible): after a manager
assigns collections to another rep (`g` in the queue), the queue, aging by rep, the reports'
aging, the weekly report and the new rep's Today all put the money under the new rep."""
from __future__ import annotations

from datetime import timedelta

from salesterm.store import reports
from salesterm.store.ledger import aging, promises, queue, responsible, triage
from salesterm.store.ledger import receivables as ledger
from salesterm.store.models import Payment, Promise
from salesterm.store.reports import weekly
from salesterm.store.visits import agenda

from .collections_fixtures import TODAY, customer, owe


def _assigned():
    """甲 and 乙 are 王伟's customers; 甲's collection is assigned to 李娜. 丙 is 李娜's own."""
    a = customer("甲批发部", rep="王伟", payday=str(TODAY.day))
    b = customer("乙超市", rep="王伟")
    c = customer("丙商行", rep="李娜")
    owe(a, "A1", 40, 1_000_00)
    owe(a, "A2", 95, 500_00)
    owe(b, "B1", 40, 300_00)
    owe(c, "C1", 40, 200_00)
    assert triage.assign([a.id], "李娜") == 1
    return a, b, c


def _by_rep(report: dict) -> dict:
    return {r["key"]: r["total"] for r in report["rows"]}


def test_the_queue_and_aging_by_rep_follow_the_assignment(db):
    a, b, c = _assigned()
    assert responsible.rep_id_of(a.id) == responsible.rep_id_of(c.id) != responsible.rep_id_of(b.id)
    assert {r.customer: r.rep for r in queue.queue_rows()} == {"甲批发部": "李娜", "乙超市": "王伟", "丙商行": "李娜"}
    by_rep = aging.aging(by="rep")
    assert _by_rep(by_rep) == {"李娜": 1_700_00, "王伟": 300_00}
    assert by_rep["totals"]["total"] == 2_000_00
    only = aging.aging(rep="李娜")
    assert {r["key"] for r in only["rows"]} == {"甲批发部", "丙商行"}
    assert only["totals"]["total"] == 1_700_00 and only["totals"]["90+"] == 500_00
    assert aging.aging(rep="王伟")["totals"]["total"] == 300_00
    assert aging.aging(by="rep", rep="王伟")["rows"] == [
        {"key": "王伟", "rep_id": responsible.rep_id_of(b.id), "not_due": 0, "1-30": 0, "31-60": 300_00,
         "61-90": 0, "90+": 0, "total": 300_00}]


def test_the_reports_aging_follows_the_assignment(db):
    _assigned()
    report = reports.aging_report(lang="en")
    rows = {row[0]: row[-1] for row in report.rows}
    assert rows == {"李娜": "1,700.00", "王伟": "300.00", "Total": "2,000.00"}
    assert {row[0] for row in reports.aging_report(rep="王伟", lang="en").rows} == {"王伟", "Total"}


def test_the_weekly_report_puts_open_money_under_the_new_rep(db):
    a, _b, _c = _assigned()
    data = weekly.weekly_data(TODAY)
    assert {(o.customer, o.rep) for o in data.overdue} == {
        ("甲批发部", "李娜"), ("乙超市", "王伟"), ("丙商行", "李娜")}
    team = {row.rep: row.overdue for row in data.team}
    assert team["李娜"] == 1_700_00 and team["王伟"] == 300_00
    mine = weekly.weekly_data(TODAY, rep="李娜")
    assert {o.customer for o in mine.overdue} == {"甲批发部", "丙商行"}
    assert {o.customer for o in weekly.weekly_data(TODAY, rep="王伟").overdue} == {"乙超市"}


def test_money_taken_after_the_assignment_is_the_new_reps(db):
    a, _b, _c = _assigned()
    payment = ledger.record_payment(a.id, amount=100_00, day=TODAY)
    promise = promises.make_promise(a.id, promised_date=TODAY + timedelta(days=3), amount=200_00)
    lina = responsible.rep_id_of(a.id)
    assert Payment.get_by_id(payment.id).rep_id == lina
    assert Promise.get_by_id(promise.id).rep_id == lina
    week = weekly.weekly_data(TODAY, rep="李娜")
    assert [(p.customer, p.amount) for p in week.payments] == [("甲批发部", 100_00)]


def test_today_of_the_new_rep_lists_the_collection(db):
    a, _b, _c = _assigned()
    collect = [i for i in agenda.agenda(rep="李娜") if i.kind == "collect"]
    assert [(i.customer, i.amount) for i in collect] == [("甲批发部", 1_500_00)]
    assert [i for i in agenda.agenda(rep="王伟") if i.kind == "collect"] == []


def test_a_promise_shows_on_the_today_of_the_rep_now_responsible(db):
    customer("丙商行", rep="李娜")
    a = customer("丁商店", rep="王伟")
    owe(a, "D1", 40, 400_00)
    promises.make_promise(a.id, promised_date=TODAY, amount=100_00)  # taken by 王伟
    triage.assign([a.id], "李娜")
    for rep in ("王伟", "李娜"):
        assert [i.customer for i in agenda.agenda(rep=rep) if i.kind == "promise"] == ["丁商店"], rep


def test_aging_by_rep_totals_are_its_rows_sums_and_the_totals_report(db):
    _assigned()
    by_rep = aging.aging(by="rep")  # totals summed from the rows, no second pass over the lines
    assert by_rep["totals"] == aging.aging(rows=False)["totals"]
    for bucket in by_rep["buckets"] + ["total"]:
        assert by_rep["totals"][bucket] == sum(row[bucket] for row in by_rep["rows"])
