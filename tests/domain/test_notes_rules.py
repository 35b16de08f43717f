from datetime import date

import pytest

from salesterm.domain import notes_rules as nr


def test_kinds_have_chinese_labels():
    labels = {k.key: k.zh for k in nr.KINDS}
    assert labels == {"market": "市场", "competitor": "竞品", "complaint": "投诉", "opinion": "客户意见",
                      "price": "价格", "policy": "政策", "after_sales": "售后", "other": "其他"}
    assert nr.parse_kind("竞品") == "competitor"
    assert nr.parse_kind("After-sales") == "after_sales"
    with pytest.raises(nr.NoteError):
        nr.parse_kind("gossip")


def test_status_flow():
    assert nr.next_status("new", "forward") == "forwarded"
    assert nr.next_status("forwarded", "resolve") == "resolved"
    assert nr.next_status("new", "resolve") == "resolved"
    assert nr.next_status("forwarded", "send_back") == "new"
    assert nr.next_status("resolved", "reopen") == "new"
    with pytest.raises(nr.NoteError, match="cannot be forward"):
        nr.next_status("resolved", "forward")
    with pytest.raises(nr.NoteError):
        nr.next_status("new", "reopen")
    assert nr.allowed_actions("new") == ["forward", "resolve"]


def test_comments_are_appended_and_kept():
    log = nr.append_comment("", date(2026, 11, 2), "王经理", "请核实价格")
    log = nr.append_comment(log, date(2026, 11, 3), "王经理", "已处理\n好的")
    assert log.splitlines() == ["[2026-11-02 王经理] 请核实价格", "[2026-11-03 王经理] 已处理 好的"]
    assert nr.append_comment(log, date(2026, 11, 4), "x", "   ") == log


def test_tags_are_split_and_deduplicated():
    assert nr.parse_tags("促销，#春节、促销 新品") == "促销,春节,新品"


def test_clean_note_rules():
    note = nr.clean_note({"kind": "competitor", "title": "", "body": "康师傅 新品 降价\n第二行",
                          "competitor": "康师傅", "price": 350, "promotion": "买二送一"})
    assert note["title"] == "康师傅 新品 降价" and note["price"] == 350
    with pytest.raises(nr.NoteError, match="competitor"):
        nr.clean_note({"kind": "competitor", "title": "x"})
    with pytest.raises(nr.NoteError, match="empty"):
        nr.clean_note({"kind": "market"})
    plain = nr.clean_note({"kind": "market", "title": "t", "competitor": "x", "price": 5})
    assert plain["competitor"] == "" and plain["price"] is None
