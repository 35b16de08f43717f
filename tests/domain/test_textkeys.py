from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain import phones, textkeys
from salesterm.domain.textkeys import normalise_name, pinyin_variants, search_blob

# --- normalise_name ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("广州市 鑫源（电子）经营部", "广州市鑫源电子经营部"),
        ("广州市鑫源(电子)经营部", "广州市鑫源电子经营部"),
        ("【鑫源】·电子，商行。", "鑫源电子商行"),
        ("鑫源-电子_商行、总店", "鑫源电子商行总店"),
        ("ＴＣＬ科技", "tcl科技"),
        ("Hello World Co., Ltd.", "helloworldcoltd"),
        ("A&B+C", "abc"),
        ("\u3000鑫源\t电子\n", "鑫源电子"),
        ("“鑫源”《电子》", "鑫源电子"),
        ("第１分店", "第1分店"),
    ],
)
def test_normalise_name(a, b):
    assert normalise_name(a) == normalise_name(b) == b


def test_normalise_name_empty():
    assert normalise_name("") == ""
    assert normalise_name("  ，。 ") == ""


PUNCT = " \u3000（）()【】·,，.。-_、:：;；\"'“”‘’!！?？/\\"


@given(st.text(max_size=30))
def test_normalise_name_idempotent(name):
    once = normalise_name(name)
    assert normalise_name(once) == once
    assert not any(c.isspace() for c in once)


@given(
    st.text(alphabet="广州鑫源电子商行abcXYZ123", max_size=12),
    st.text(alphabet=PUNCT, max_size=4),
    st.integers(min_value=0, max_value=12),
)
def test_normalise_name_ignores_inserted_punctuation(name, noise, at):
    assert normalise_name(name[:at] + noise + name[at:]) == normalise_name(name)


# --- pinyin --------------------------------------------------------------------------


def test_pinyin_examples():
    full, initials = pinyin_variants("重庆")
    assert full[0] == "chongqing" and "zhongqing" in full
    assert initials[0] == "cq" and "zq" in initials
    full, initials = pinyin_variants("银行")
    assert full[0] == "yinhang" and "yinxing" in full
    assert initials[0] == "yh"
    full, initials = pinyin_variants("长虹")
    assert full[0] == "changhong" and "zhanghong" in full
    assert {"ch", "zh"} <= set(initials)
    assert pinyin_variants("万科A") == (["wankea", "mokea"], ["wka", "mka"])
    assert pinyin_variants("平安银行")[1][0] == "payh"


def test_pinyin_non_chinese():
    assert pinyin_variants("TCL科技")[1][0] == "tclkj"
    assert pinyin_variants("*ST中润") == (["stzhongrun"], ["stzr"])
    assert pinyin_variants("３６０安全") == (["360anquan"], ["360aq"])
    assert pinyin_variants("Ａ股")[0] == ["agu"]
    assert pinyin_variants("ABC 123") == (["abc123"], ["abc123"])
    assert pinyin_variants("绿")[0][0] == "lv"
    assert pinyin_variants("") == ([], [])
    assert pinyin_variants("（）、。 -") == ([], [])
    assert pinyin_variants("广州市 鑫源（电子）")[0][0] == "guangzhoushixinyuandianzi"


def test_pinyin_limit():
    full, initials = pinyin_variants("乐" * 30)
    assert len(full) == 16 and len(set(full)) == 16
    assert full[0] == "le" * 30
    assert all(len(v) == 30 for v in initials)
    assert pinyin_variants("重庆", limit=1) == (["chongqing"], ["cq"])
    assert pinyin_variants("重庆", limit=0) == ([], [])
    assert len(pinyin_variants("深圳市华强北电子市场长城商行", limit=5)[0]) == 5


@given(
    st.text(alphabet="重庆长虹银行乐平安广州市鑫源电子万科Aa1 ，", max_size=10),
    st.integers(min_value=1, max_value=20),
)
def test_pinyin_properties(text, limit):
    full, initials = pinyin_variants(text, limit=limit)
    assert len(full) <= limit and len(initials) <= limit
    assert len(set(full)) == len(full) and len(set(initials)) == len(initials)
    for v in full + initials:
        assert v == v.lower() and v.isalnum() and v.isascii()
    if full:
        assert len({len(v) for v in initials}) == 1  # one letter per character
        assert len({len(v) for v in full}) >= 1
    else:
        assert not initials
    more_full, more_initials = pinyin_variants(text, limit=limit + 5)
    assert more_full[:limit] == full and more_initials[:limit] == initials


def test_search_blob():
    full, initials = search_blob("重庆")
    assert full.split(" ")[:2] == ["chongqing", "zhongqing"]
    assert initials.startswith("cq ")
    assert "hang" in search_blob("银行")[0]
    assert search_blob("") == ("", "")
    assert search_blob("万科A", limit=1) == ("wankea", "wka")


DATA = Path(__file__).resolve().parents[1] / "fixtures" / "cn_listed_companies.csv"


def test_cnspell_initials_match():
    # Measured: 99.2% of the 5,395 rows (43 misses: 40 names with a "-U"/"-W" suffix
    # that cnspell drops, and 3 rows whose cnspell is wrong: 丰茂股份 zjfm, 退卓朗 tszl, 珀莱雅 bly).
    with DATA.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 5000
    hits = sum(r["cnspell"].lower() in pinyin_variants(r["name"])[1] for r in rows)
    assert hits / len(rows) >= 0.97
    first = sum(pinyin_variants(r["name"])[1][:1] == [r["cnspell"].lower()] for r in rows)
    assert first / len(rows) >= 0.95  # the reading in context comes first


def test_phone_api_is_reexported():
    for name in ("PhoneError", "phone_digits", "is_mobile", "is_landline", "parse_phone"):
        assert getattr(textkeys, name) is getattr(phones, name)

