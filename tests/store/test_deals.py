"""Deals: stage moves kept with their time, the lost reason, the M-A-N override, filters, funnel."""
from __future__ import annotations

import datetime as dt

import pytest

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.store.models import DealStageChange
from salesterm.store.sales import deals
from tests.store.visit_fixtures import customer


def test_create_and_move_keeps_every_move_with_its_time(db):
    c = customer("华联超市", man_money="yes", man_authority="yes", man_need="yes")
    d = deals.create_deal(c.id, title="年货", amount="12,000")
    assert d.stage == "prepare" and d.amount == 1200000 and d.status == "open"
    deals.move_deal(d.id, "observe")
    deals.move_deal(d.id, "present")  # skipping forward is allowed
    deals.move_deal(d.id, "opening")  # and going back
    rows = deals.history(d.id)
    assert [(r.from_stage, r.to_stage) for r in rows] == [
        (None, "prepare"), ("prepare", "observe"), ("observe", "present"), ("present", "opening")]
    assert all(r.changed_at is not None for r in rows)
    assert deals.get_deal(d.id).stage == "opening"


def test_lost_needs_a_reason(db):
    c = customer("永辉")
    d = deals.create_deal(c.id)
    with pytest.raises(deals.LostReasonNeeded):
        deals.move_deal(d.id, "lost")
    with pytest.raises(UserError):
        deals.move_deal(d.id, "lost", lost_reason="   ")
    deals.move_deal(d.id, "lost", lost_reason="价格太高")
    got = deals.get_deal(d.id)
    assert got.status == "lost" and got.lost_reason == "价格太高"
    assert deals.history(d.id)[-1].note == "价格太高"
    # a lost deal reopens where it was
    assert deals.neighbour_stage(d.id, -1) == "prepare"
    deals.move_deal(d.id, "prepare")
    assert deals.get_deal(d.id).status == "open"


def test_close_stage_needs_man_confirmation_and_records_the_override(db):
    c = customer("大润发", man_money="yes", man_authority="unknown", man_need="yes")
    d = deals.create_deal(c.id, stage="objections")
    check = deals.check_move(d.id, "close")
    assert check.needs_man and "A?" in check.badge
    with pytest.raises(deals.ManConfirmationNeeded):
        deals.move_deal(d.id, "close")
    assert deals.get_deal(d.id).stage == "objections"
    deals.move_deal(d.id, "close", confirm_override=True)
    last = deals.history(d.id)[-1]
    assert last.to_stage == "close" and last.man_override is True
    # once past the gate, moving on to signed needs no second confirmation
    deals.move_deal(d.id, "signed")
    assert deals.get_deal(d.id).status == "won"
    assert deals.history(d.id)[-1].man_override is False
    with pytest.raises(UserError, match="already won"):
        deals.move_deal(d.id, "close")


def test_confirmed_man_moves_without_override(db):
    c = customer("物美", man_money="yes", man_authority="yes", man_need="yes")
    d = deals.create_deal(c.id, stage="objections")
    assert not deals.check_move(d.id, "close").needs_man
    deals.move_deal(d.id, "close")
    assert deals.history(d.id)[-1].man_override is False


def test_board_filters_and_funnel_stats(db):
    a = customer("甲店", grade="A", city="杭州", rep="王伟")
    b = customer("乙店", grade="B", city="宁波", rep="李娜")
    d1 = deals.create_deal(a.id, amount=100)
    d2 = deals.create_deal(b.id, amount=300)
    deals.create_deal(b.id, amount=50, template="fmcg")
    deals.move_deal(d2.id, "observe")
    board = deals.board()
    assert list(board)[-1] == "lost" and len(board) == 8
    assert [c.customer for c in board["prepare"]] == ["甲店"]
    assert [c.customer for c in board["observe"]] == ["乙店"]
    assert deals.board(rep="李娜")["prepare"] == []
    assert deals.board(grade="A")["observe"] == []
    assert [c.deal_id for c in deals.board(city="杭州")["prepare"]] == [d1.id]
    assert len(deals.board(template="fmcg")) == 9
    stats = {r["stage"]: r for r in deals.funnel_stats()}
    assert stats["prepare"]["count"] == 1 and stats["prepare"]["amount"] == 100
    assert stats["observe"]["amount"] == 300
    assert stats["prepare"]["reached"] == 2 and stats["prepare"]["conversion"] == 0.5
    assert deals.filter_choices()["rep"] == ["李娜", "王伟"]
    with pytest.raises(UserError):
        deals.board(rep="nobody")


def test_funnel_median_days_from_stored_history(db):
    c = customer("丙店", man_money="yes", man_authority="yes", man_need="yes")
    d = deals.create_deal(c.id)
    # rewrite the times as if the moves happened on known days
    clock.set_today(dt.date(2026, 11, 1))
    d = deals.create_deal(c.id)
    clock.set_today(dt.date(2026, 11, 5))
    deals.move_deal(d.id, "observe")
    clock.set_today(dt.date(2026, 11, 29))
    rows = {r["stage"]: r for r in deals.funnel_stats()}
    assert rows["prepare"]["reached"] == 2
    # stays in prepare: the first deal's (0 days, still going) and 4 days
    assert rows["prepare"]["median_days"] == pytest.approx(2.0, abs=0.1)
    assert rows["observe"]["median_days"] == pytest.approx(24.0, abs=0.1)
    assert DealStageChange.select().count() == 3
