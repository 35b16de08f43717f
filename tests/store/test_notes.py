from datetime import date

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.customers import create_customer
from salesterm.store.models import Rep
from salesterm.store.sales import notes


@pytest.fixture
def shop(db):
    return create_customer({"name": "华联超市", "city": "杭州"}, rep="张三")


def titles(rows):
    return [r.title for r in rows]


def test_search_finds_two_character_chinese_words_and_phrases(db, shop):
    notes.create_note({"kind": "competitor", "title": "康师傅降价", "body": "方便面每箱降价三元，买二送一",
                       "competitor": "康师傅", "promotion": "买二送一"}, customer_id=shop.id)
    notes.create_note({"kind": "complaint", "title": "送货晚了", "body": "客户投诉送货晚了两天"},
                      rep="李四")
    notes.create_note({"kind": "market", "title": "Summer promo", "body": "Shelf space 50% off"}, rep="李四")
    assert titles(notes.list_notes(query="降价")) == ["康师傅降价"]          # 2 characters
    assert titles(notes.list_notes(query="送货")) == ["送货晚了"]
    assert titles(notes.list_notes(query="投")) == ["送货晚了"]              # 1 character
    assert titles(notes.list_notes(query="买二送一")) == ["康师傅降价"]      # longer phrase
    assert titles(notes.list_notes(query="方便面每箱")) == ["康师傅降价"]
    assert titles(notes.list_notes(query="康师傅 三元")) == ["康师傅降价"]   # every term must match
    assert notes.list_notes(query="康师傅 投诉") == []
    assert titles(notes.list_notes(query="promo")) == ["Summer promo"]     # case-insensitive
    assert titles(notes.list_notes(query="50%")) == ["Summer promo"]       # % is literal
    assert notes.list_notes(query="5_%") == []
    assert notes.list_notes(query='"引号') == []


def test_search_follows_edits_and_deletes(db, shop):
    n = notes.create_note({"kind": "price", "title": "进价上调", "body": "厂家通知"}, customer_id=shop.id)
    notes.update_note(n.id, {"kind": "price", "title": "进价下调", "body": "厂家通知"})
    assert notes.list_notes(query="上调") == []
    assert titles(notes.list_notes(query="下调")) == ["进价下调"]
    assert titles(notes.list_notes(query="进价下调")) == ["进价下调"]
    notes.delete_note(n.id)
    assert notes.list_notes(query="下调") == []
    notes.restore_note(n.id)
    assert titles(notes.list_notes(query="厂家通知")) == ["进价下调"]


def test_filters(db, shop):
    a = notes.create_note({"kind": "market", "title": "甲"}, rep="张三", day=date(2026, 11, 2))
    notes.create_note({"kind": "policy", "title": "乙"}, rep="李四", day=date(2026, 11, 20))
    notes.create_note({"kind": "market", "title": "丙"}, customer_id=shop.id, day=date(2026, 11, 25))
    notes.move_note(a.id, "forward")
    assert titles(notes.list_notes(kind="market")) == ["丙", "甲"]
    assert titles(notes.list_notes(status="forwarded")) == ["甲"]
    assert titles(notes.list_notes(rep="李四")) == ["乙"]
    assert titles(notes.list_notes(rep="张三")) == ["丙", "甲"]  # the customer's rep by default
    assert titles(notes.list_notes(customer_id=shop.id)) == ["丙"]
    assert titles(notes.list_notes(date_from=date(2026, 11, 10), date_to=date(2026, 11, 24))) == ["乙"]
    with pytest.raises(UserError):
        notes.list_notes(kind="gossip")


def test_status_flow_keeps_every_comment(db, shop):
    n = notes.create_note({"kind": "complaint", "title": "包装破损"}, customer_id=shop.id)
    assert n.status == "new"
    n = notes.move_note(n.id, "forward", comment="请经理协调退换", who="张三")
    assert n.status == "forwarded"
    n = notes.move_note(n.id, "send_back", comment="先拍照", who="王经理")
    assert n.status == "new"
    n = notes.move_note(n.id, "forward", who="张三")
    n = notes.move_note(n.id, "resolve", comment="已安排换货", who="王经理")
    assert n.status == "resolved"
    assert n.manager_comment.splitlines() == [
        "[2026-11-29 张三] 请经理协调退换", "[2026-11-29 王经理] 先拍照", "[2026-11-29 王经理] 已安排换货"]
    with pytest.raises(UserError, match="cannot be forward"):
        notes.move_note(n.id, "forward")
    assert notes.get_note(n.id).status == "resolved"  # nothing changed
    n = notes.add_comment(n.id, "客户满意", who="王经理")
    n = notes.move_note(n.id, "reopen")
    assert n.status == "new" and n.manager_comment.count("\n") == 3


def test_manager_sees_new_notes_of_all_reps_first(db):
    Rep.create(name="王经理", role="manager")
    old_new = notes.create_note({"kind": "market", "title": "旧的新反馈"}, rep="张三", day=date(2026, 11, 1))
    done = notes.create_note({"kind": "market", "title": "已处理"}, rep="李四", day=date(2026, 11, 28))
    fwd = notes.create_note({"kind": "market", "title": "已转"}, rep="李四", day=date(2026, 11, 27))
    notes.create_note({"kind": "market", "title": "李四新"}, rep="李四", day=date(2026, 11, 26))
    notes.move_note(done.id, "resolve")
    notes.move_note(fwd.id, "forward")
    assert titles(notes.list_notes(manager_view=True)) == ["李四新", "旧的新反馈", "已转", "已处理"]
    assert notes.is_manager("王经理") and notes.is_manager(None) and not notes.is_manager("张三")
    assert old_new.rep_id


def test_bad_input_is_refused_and_nothing_saved(db, shop):
    with pytest.raises(UserError):
        notes.create_note({"kind": "competitor", "title": "x"})
    with pytest.raises(UserError):
        notes.create_note({"kind": "market", "title": "x"}, customer_id="nope")
    assert notes.list_notes() == []


def test_follow_ups_due(db, shop):
    due = notes.create_note({"kind": "after_sales", "title": "回访维修", "follow_up": date(2026, 11, 28)},
                            customer_id=shop.id)
    notes.create_note({"kind": "after_sales", "title": "下月再看", "follow_up": date(2026, 12, 20)},
                      customer_id=shop.id)
    done = notes.create_note({"kind": "market", "title": "已办", "follow_up": date(2026, 11, 1)})
    notes.move_note(done.id, "resolve")
    assert titles(notes.follow_ups_due()) == ["回访维修"]
    assert due.follow_up == date(2026, 11, 28)
