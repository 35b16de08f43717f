"""Today's agenda: visits by slot (A first in the morning), revisits, promises, best to collect,
carried-forward items."""
from __future__ import annotations

import datetime as dt

from salesterm.store import visits
from salesterm.store.ledger.promises import make_promise
from salesterm.store.ledger.receivables import record_receivable
from salesterm.store.visits import agenda
from tests.conftest import TODAY
from tests.store.visit_fixtures import customer

YESTERDAY = TODAY - dt.timedelta(days=1)


def test_agenda_order(db, monkeypatch):
    from salesterm import clock

    b = customer("乙店", grade="B")
    a = customer("甲店", grade="A")
    p = customer("下午店", grade="C")
    visits.plan_visit(b.id, day=TODAY, slot="am")
    visits.plan_visit(a.id, day=TODAY, slot="am")
    visits.plan_visit(p.id, day=TODAY, slot="pm")
    # a revisit asked for today by an earlier visit
    r = customer("回访店")
    clock.set_today(TODAY - dt.timedelta(days=10))
    earlier = visits.plan_visit(r.id, day=TODAY - dt.timedelta(days=10))
    visits.log_visit(earlier.id, revisit_date=TODAY, notes="看陈列")
    # a promise made earlier, due today; another overdue
    pr = customer("承诺店")
    record_receivable(pr.id, number="R1", issued=TODAY - dt.timedelta(days=50),
                      due=TODAY - dt.timedelta(days=20), amount=100000)
    make_promise(pr.id, promised_date=TODAY, amount=50000)
    clock.set_today(TODAY)
    # payday today, does not pay in the morning
    pay = customer("发薪店", payday=TODAY.day, no_morning_collection=True)
    record_receivable(pay.id, number="R2", issued=TODAY - dt.timedelta(days=5),
                      due=TODAY + dt.timedelta(days=25), amount=80000)
    # a visit planned yesterday and not done: carried forward
    late = customer("昨天店")
    visits.plan_visit(late.id, day=YESTERDAY)
    items = agenda.agenda()
    got = [(i.section, i.customer) for i in items]
    assert got == [("am", "甲店"), ("am", "乙店"), ("pm", "下午店"), ("revisit", "回访店"),
                   ("promise", "承诺店"), ("collect", "发薪店"), ("carried", "昨天店")]
    collect = items[5]
    assert collect.slot == "pm" and collect.amount == 80000 and "payday" in collect.detail
    assert items[4].amount == 50000
    assert items[3].detail == "看陈列"
    # the next day, the revisit not done and the promise not kept are carried forward
    clock.set_today(TODAY + dt.timedelta(days=1))
    later = [(i.section, i.kind, i.customer) for i in agenda.agenda()]
    assert ("carried", "revisit", "回访店") in later
    assert ("carried", "promise", "承诺店") in later


def test_start_visit_now_then_revisit_disappears(db):
    from salesterm import clock

    r = customer("回访店")
    clock.set_today(TODAY - dt.timedelta(days=3))
    v = visits.plan_visit(r.id, day=clock.today())
    visits.log_visit(v.id, revisit_date=TODAY)
    clock.set_today(TODAY)
    assert [i.kind for i in agenda.agenda()] == ["revisit"]
    vid = agenda.start_visit_now(r.id, purpose=["collect"])
    assert agenda.start_visit_now(r.id) == vid
    kinds = [(i.kind, i.visit_id) for i in agenda.agenda()]
    assert kinds == [("visit", vid)]


def test_agenda_per_rep(db):
    mine = customer("我的店", rep="王伟")
    other = customer("别人的店", rep="李娜")
    visits.plan_visit(mine.id, day=TODAY)
    visits.plan_visit(other.id, day=TODAY)
    assert [i.customer for i in agenda.agenda(rep="王伟")] == ["我的店"]
    assert len(agenda.agenda()) == 2


def test_a_later_visit_replaces_a_carried_one(db):
    c = customer("补访店")
    visits.plan_visit(c.id, day=YESTERDAY - dt.timedelta(days=1))
    visits.plan_visit(c.id, day=TODAY, slot="pm")
    assert [(i.section, i.customer) for i in agenda.agenda()] == [("pm", "补访店")]


def test_payday_of_the_31st_falls_on_the_last_day_of_a_short_month(db):
    from salesterm import clock

    c = customer("月底店", payday=31)
    record_receivable(c.id, number="R31", issued=TODAY - dt.timedelta(days=5),
                      due=TODAY + dt.timedelta(days=20), amount=1000)
    assert agenda.agenda() == []  # the 29th
    clock.set_today(dt.date(2026, 11, 30))
    assert [(i.section, i.customer) for i in agenda.agenda()] == [("collect", "月底店")]


def test_the_first_rows_are_the_agendas_first_rows_and_say_whether_they_are_all(db):
    """Today's screen reads the agenda's first rows before the rest (issue 11, start-up): for any
    number of rows they are the whole agenda's first ones, all the day's visits and revisits due
    always among them, and `whole` says whether nothing is left out."""
    from salesterm import clock

    clock.set_today(TODAY - dt.timedelta(days=10))
    for n in range(3):  # revisits asked for today, and one carried forward from yesterday
        earlier = visits.plan_visit(customer(f"回访店{n}").id, day=TODAY - dt.timedelta(days=10))
        visits.log_visit(earlier.id, revisit_date=TODAY if n else YESTERDAY, notes=f"回访{n}")
    for n in range(4):  # promises due today (the largest first) and overdue
        pr = customer(f"承诺店{n}")
        record_receivable(pr.id, number=f"R{n}", issued=TODAY - dt.timedelta(days=50),
                          due=TODAY - dt.timedelta(days=20), amount=100000)
        make_promise(pr.id, promised_date=TODAY if n % 2 else YESTERDAY, amount=10000 * (n + 1))
    clock.set_today(TODAY)
    for n in range(2):
        pay = customer(f"发薪店{n}", payday=TODAY.day)
        record_receivable(pay.id, number=f"P{n}", issued=TODAY - dt.timedelta(days=5),
                          due=TODAY + dt.timedelta(days=25), amount=80000 + n)
    for n, grade in enumerate("BA"):
        visits.plan_visit(customer(f"店{n}", grade=grade).id, day=TODAY, slot="am")
    visits.plan_visit(customer("昨天店").id, day=YESTERDAY)
    full = agenda.agenda()
    assert {i.section for i in full} == {"am", "revisit", "promise", "collect", "carried"}
    assert [i.kind for i in full if i.section == "carried"] == ["visit", "revisit", "promise", "promise"]
    for rows in range(1, len(full) + 2):
        first, whole = agenda.agenda_start(rows=rows)
        assert first == full[:len(first)], rows
        assert len(first) == max(min(rows, len(full)), 4)  # 2 visits and 2 revisits due: never cut
        assert whole == (first == full), rows
    assert agenda.agenda_start(rows=len(full) + 1) == (full, True)
