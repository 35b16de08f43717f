"""The pinyin keys and the customer rules of issue 12's faster import give what they gave before:
the spellings ranked once per shape, the words read once, one control-character search per row."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


_NAME_CHARS = ("广州市鑫源电子经营部重庆银行长乐行着和了的得地都发有限公司"
               "供应链食品百货便利超市大道店迎宾朝阳中国人安康营")


@pytest.mark.parametrize("source", ["cn_listed_companies.csv", "customers_gbk.csv"])
def test_the_words_are_pypinyins_own_cut_of_every_fixture_name(source):
    import csv
    from pathlib import Path

    from pypinyin.seg.mmseg import seg

    path = Path(__file__).parents[1] / "fixtures" / source
    data = path.read_bytes()
    text = data.decode("gb18030") if source.endswith("gbk.csv") else data.decode("utf-8-sig")
    names = [cells[0] + "".join(cells[1:3]) for cells in csv.reader(text.splitlines()) if cells]
    assert len(names) > 5
    for name in names:
        assert textkeys._cut(name, *textkeys._segmenter_sets()) == list(seg.cut(name))


@given(st.text(alphabet=_NAME_CHARS + "ab1（ ", max_size=24))
def test_the_words_are_pypinyins_own_cut(run):
    from pypinyin.seg.mmseg import seg

    assert textkeys._cut(run, *textkeys._segmenter_sets()) == list(seg.cut(run))
