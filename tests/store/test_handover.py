"""Customer handover (客户交接), both backends: ownership, open deals, planned visits, open promises
and the collection follow; history stays; the handover is recorded."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import customers
from salesterm.store.ledger import promises, responsible, triage
from salesterm.store.ledger.queue import queue_rows
from salesterm.store.ledger.receivables import record_receivable
from salesterm.store.models import Customer, Deal, Promise, Visit
from salesterm.store.reps import create_rep
from salesterm.store.sales.deals import create_deal
from salesterm.store.team.handover import hand_over, history
from salesterm.store.visits import log_visit, plan_visit
from tests.conftest import TODAY


@pytest.fixture
def book(db):
    for name in ("王伟", "张敏", "李娜"):
        create_rep(name)
    a = customers.create_customer({"name": "鑫源商行", "grade_override": "A", "grade_override_reason": "大户"},
                                  rep="王伟")
    b = customers.create_customer({"name": "广源超市", "grade_override": "C", "grade_override_reason": "小"},
                                  rep="王伟")
    other = customers.create_customer({"name": "李家店"}, rep="李娜")
    done = plan_visit(a.id, day=TODAY - timedelta(days=3))
    log_visit(done.id, notes="谈了价格", day=TODAY - timedelta(days=3))
    planned = plan_visit(a.id, day=TODAY + timedelta(days=2))
    deal = create_deal(a.id, title="年度订单", amount="10000")
    record_receivable(a.id, number="SO-1", issued=date(2026, 10, 1), due=date(2026, 10, 31), amount=500_00)
    promise = promises.make_promise(a.id, promised_date=TODAY + timedelta(days=5), amount=100_00)
    triage.assign([a.id], "王伟")
    return {"a": a.id, "b": b.id, "other": other.id, "done": done.id, "planned": planned.id,
            "deal": deal.id, "promise": promise.id}


def test_everything_open_follows_and_history_stays(book):
    result = hand_over("张敏", from_rep="王伟", reason="离职", done_by="李娜")
    assert result.customers == sorted(["鑫源商行", "广源超市"]) and result.to_rep == "张敏"
    assert (result.deals, result.visits, result.promises, result.collections) == (1, 1, 1, 1)
    assert {Customer.get_by_id(i).rep.name for i in (book["a"], book["b"])} == {"张敏"}
    assert Deal.get_by_id(book["deal"]).rep.name == "张敏"
    assert Visit.get_by_id(book["planned"]).rep.name == "张敏"
    assert Visit.get_by_id(book["done"]).rep.name == "王伟"  # history stays
    assert Promise.get_by_id(book["promise"]).rep.name == "张敏"
    zhang = Customer.get_by_id(book["a"]).rep_id
    assert responsible.rep_id_of(book["a"]) == zhang
    assert [r.customer for r in queue_rows(rep="张敏", limit=10)] == ["鑫源商行"]
    assert queue_rows(rep="王伟", limit=10) == []
    assert Customer.get_by_id(book["other"]).rep.name == "李娜"
    [entry] = history(book["a"])
    assert (entry["from"], entry["to"], entry["reason"], entry["by"]) == ("王伟", "张敏", "离职", "李娜")


def test_a_query_picks_which_customers_go(book):
    result = hand_over("张敏", from_rep="王伟", query="等级:A")
    assert result.customers == ["鑫源商行"]
    assert Customer.get_by_id(book["b"]).rep.name == "王伟"


def test_a_collection_assigned_to_a_third_rep_stays_with_them(book):
    triage.assign([book["a"]], "李娜")
    result = hand_over("张敏", from_rep="王伟")
    assert result.collections == 0
    assert responsible.rep_id_of(book["a"]) == Customer.get_by_id(book["other"]).rep_id


def test_refusals(book):
    with pytest.raises(UserError, match="did you mean 张敏"):
        hand_over("张明", from_rep="王伟")
    with pytest.raises(UserError, match="two different reps"):
        hand_over("王伟", from_rep="王伟")
    with pytest.raises(UserError, match="no customers to hand over"):
        hand_over("王伟", from_rep="张敏")
    assert Customer.get_by_id(book["a"]).rep.name == "王伟"
