"""The collection queue: ordering, reasons, promises and slips, triage (both backends)."""
from __future__ import annotations

import random
from datetime import timedelta

import pytest

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.store.ledger import attempts as collection_log
from salesterm.store.ledger import promises, queue, triage
from salesterm.store.ledger import receivables as ledger
from salesterm.store.models import CollectionState, Promise

from .collections_fixtures import TODAY, customer, days_ago, owe


def _state(c):
    return CollectionState.get(CollectionState.customer == c.id)


def test_most_urgent_first_with_reasons(db):
    old = customer("老欠款商行", payday="1")
    owe(old, "O1", 122, 2_000_00)
    limit = customer("超额商行", credit_limit="100")
    owe(limit, "L1", 10, 150_00)
    soon = customer("将到期商行")
    owe(soon, "S1", -2, 50_00)
    later = customer("未到期商行")
    owe(later, "F1", -30, 50_00)  # not due for a month: not in the queue
    rows = queue.queue_rows()
    assert [r.customer for r in rows] == ["老欠款商行", "超额商行", "将到期商行"]
    top = rows[0]
    texts = top.reason_texts()
    assert texts[0] == "122 days overdue"
    assert "payday in 2 days" in texts and "follow-up level 5 due: bad-debt review" in texts
    assert top.best_time == "2026-12-01 (payday), any time"
    assert (top.days_overdue, top.balance, top.level, top.overdue) == (122, 2_000_00, 5, 2_000_00)
    assert "over credit limit" in rows[1].reason_texts()
    assert rows[2].reason_texts()[-1] == "due in 2 days"
    for r in rows:
        assert r.priority == r.extra["python_priority"]
    assert [r.customer for r in queue.queue_rows(limit=1, offset=1)] == ["超额商行"]
    assert queue.queue_count() == (3, 2_000_00 + 150_00 + 50_00)


def test_second_broken_promise_escalates(db):
    c = customer("爽约商行")
    owe(c, "P1", 20, 500_00)
    promises.make_promise(c.id, promised_date=TODAY + timedelta(days=2), amount=200_00)
    [row] = queue.queue_rows()
    assert "promised 200.00 by 2026-12-01" in row.reason_texts()
    clock.set_today(TODAY + timedelta(days=3))
    [row] = queue.queue_rows()
    assert (row.slips, row.escalated) == (1, False)
    assert "one slip: a broken promise" in row.reason_texts()
    promises.make_promise(c.id, promised_date=TODAY + timedelta(days=5), amount=100_00)
    ledger.record_payment(c.id, amount=50_00, day=TODAY + timedelta(days=3))  # not enough
    clock.set_today(TODAY + timedelta(days=6))
    [row] = queue.queue_rows()
    assert (row.slips, row.escalated) == (2, True)
    assert row.reason_texts()[0] == "second broken promise: escalated"
    assert [p.status for p in Promise.select().order_by(Promise.made_on)] == ["broken", "broken"]


def test_kept_promise_is_no_slip(db):
    c = customer("守信商行")
    owe(c, "K1", 20, 500_00)
    promises.make_promise(c.id, promised_date=TODAY + timedelta(days=3), amount=200_00)
    ledger.record_payment(c.id, amount=200_00, day=TODAY)
    assert Promise.get().status == "kept"
    clock.set_today(TODAY + timedelta(days=10))
    [row] = queue.queue_rows()
    assert row.slips == 0 and not row.escalated


def test_missed_collections_count_as_slips_and_attempts_set_follow_up(db):
    c = customer("躲债商行", no_morning_collection="是")
    owe(c, "M1", 8, 300_00)
    collection_log.log_attempt(c.id, outcome="not_met", note="店门关着")
    s = _state(c)
    assert (s.slips, s.escalated, s.level, s.last_outcome) == (1, False, 2, "not_met")
    assert s.next_follow_up == days_ago(8) + timedelta(days=30)  # the manager's call
    collection_log.log_attempt(c.id, outcome="refused")
    [row] = queue.queue_rows()
    assert row.escalated and row.reason_texts()[0] == "second missed collection: escalated"
    assert row.best_time == "any day, afternoon"
    with pytest.raises(UserError, match="unknown outcome"):
        collection_log.log_attempt(c.id, outcome="maybe")
    collection_log.log_attempt(c.id, outcome="partly_paid", amount=100_00, method="转账")
    assert ledger.open_balance(c.id) == 200_00


def test_sql_priority_matches_the_domain(db):
    rnd = random.Random(7)
    for i in range(40):
        c = customer(f"客户{i}", payday=str(rnd.randint(1, 31)), credit_limit=str(rnd.choice([0, 100, 5000])))
        owe(c, f"Q{i}", rnd.randint(-3, 400), rnd.randint(1, 30_000_00))
        s = _state(c)
        CollectionState.update(slips=rnd.randint(0, 5), escalated=rnd.random() < 0.3,
                               level=rnd.randint(0, 5),
                               next_follow_up=TODAY + timedelta(days=rnd.randint(-5, 5)),
                               promise_date=rnd.choice([None, TODAY, TODAY + timedelta(days=1)]),
                               promise_amount=100).where(CollectionState.id == s.id).execute()
    rows = queue.queue_rows()
    assert len(rows) == 40
    assert all(r.priority == r.extra["python_priority"] for r in rows)
    assert [r.priority for r in rows] == sorted((r.priority for r in rows), reverse=True)


def test_triage_in_bulk_and_filters(db):
    a = customer("甲", rep="王伟", city="上海")
    b = customer("乙", rep="王伟", city="杭州")
    c = customer("丙", rep="李娜", city="上海")
    for x, d in ((a, 40), (b, 70), (c, 100)):
        owe(x, f"T-{x.name}", d, 100_00)
    assert triage.assign([a.id, b.id], "李娜") == 2
    assert {r.customer for r in queue.queue_rows(rep="李娜")} == {"甲", "乙", "丙"}
    assert queue.queue_rows(rep="王伟") == []
    assert triage.set_follow_up([a.id, c.id], TODAY + timedelta(days=3)) == 2
    assert _state(a).next_follow_up == TODAY + timedelta(days=3)
    assert triage.escalate([b.id]) == 1
    assert [r.customer for r in queue.queue_rows(escalated=True)] == ["乙"]
    assert triage.add_note([a.id, b.id], "月底前必须结清") == 2
    assert _state(b).note.endswith("月底前必须结清")
    assert {r.customer for r in queue.queue_rows(region="上海")} == {"甲", "丙"}
    assert [r.customer for r in queue.queue_rows(level=3)] == ["甲"]
    with pytest.raises(UserError, match="no rep called"):
        triage.assign([a.id], "没这人")
    with pytest.raises(UserError, match="no rep called"):
        queue.queue_rows(rep="没这人")
    with pytest.raises(UserError, match="already past"):
        triage.set_follow_up([a.id], days_ago(1))


def test_settled_customer_leaves_the_queue(db):
    c = customer("结清商行")
    owe(c, "Z1", 30, 100_00)
    ledger.record_payment(c.id, amount=100_00, day=TODAY)
    assert queue.queue_rows() == []


def test_find_by_name_pinyin_or_code(db):
    a = customer("鑫源商行", code="KH-77")
    b = customer("大发五金")
    owe(a, "F1", 10, 100_00)
    owe(b, "F2", 20, 100_00)
    for text in ("鑫源", "xinyuan", "xy", "KH-77"):
        assert [r.customer for r in queue.queue_rows(text=text)] == ["鑫源商行"], text
    assert queue.queue_count(text="dafa") == (1, 100_00)
    assert len(queue.queue_rows(text="  ")) == 2
