"""The pinyin keys and the customer rules of issue 12's faster import give what they gave before:
the spellings ranked once per shape, the words read once, one control-character search per row."""
from __future__ import annotations

import pytest

from salesterm.domain import customer as rules
from salesterm.domain import textkeys


@pytest.fixture
def fresh_caches():
    textkeys._ranked.cache_clear()
    textkeys._word_options.cache_clear()
    yield
    textkeys._ranked.cache_clear()
    textkeys._word_options.cache_clear()


def test_spellings_past_the_kept_changes_are_listed_as_all_at_once(monkeypatch, fresh_caches):
    name = "重庆长乐行着和了的得地都发藏降传单朝阳"
    monkeypatch.setattr(textkeys, "_RANKED_KEPT", 10**6)
    whole = textkeys.pinyin_variants(name, limit=300)
    textkeys._ranked.cache_clear()
    monkeypatch.setattr(textkeys, "_RANKED_KEPT", 3)  # the rest comes from the lazy listing
    assert textkeys.pinyin_variants(name, limit=300) == whole
    assert len(whole[0]) == 300 and len(set(whole[0])) == 300


def test_a_word_reads_the_same_whatever_was_read_before(fresh_caches):
    first = [textkeys.pinyin_variants(n) for n in ("银行", "重庆银行", "行长", "长乐行")]
    textkeys._word_options.cache_clear()
    again = [textkeys.pinyin_variants(n) for n in ("长乐行", "行长", "重庆银行", "银行")]
    assert first == again[::-1]
    assert textkeys.pinyin_variants("重庆银行")[0][0] == "chongqingyinhang"


def test_a_control_character_in_one_field_is_still_that_fields_error():
    clean, errors = rules.clean_customer({"name": "鑫源商行", "city": "广\x1b[31m州", "remark": "第一行\n第二行",
                                          "phone": "13812345678"})
    assert [(e.field, e.message.msgid) for e in errors] == [("city", "text.control_character")]
    assert (clean["name"], clean["remark"], clean["phone"]) == ("鑫源商行", "第一行\n第二行", "13812345678")
    _clean, errors = rules.clean_customer({"name": "鑫源\t商行"})
    assert [(e.field, e.message.msgid) for e in errors] == [("name", "text.line_break")]
