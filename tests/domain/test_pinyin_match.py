"""Reading typed letters as pinyin: the cuts into syllables and initials, and the reference
match rule over every reading of every character."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain import pinyin_match as pm
from salesterm.domain.textkeys import readings


def test_initials_have_one_cut():
    assert pm.cuts("cq") == (("c", "q"),)
    assert pm.cuts("cqcs")[-1] == ("c", "q", "c", "s")


def test_whole_syllables_come_first_and_initials_are_always_there():
    cuts = pm.cuts("chongqing")
    assert cuts[0] == ("chong", "qing")
    assert tuple("chongqing") in cuts
    assert pm.cuts("xian")[:2] == (("xian",), ("xi", "an"))


def test_the_last_piece_may_be_unfinished():
    assert ("chong", "q") in pm.cuts("chongq")
    assert ("zhong", "qi") in pm.cuts("zhongqi")


def test_chinese_and_letters_mix():
    assert pm.cuts("重qing")[0] == ("重", "qing")
    assert pm.is_literal("重") and not pm.is_literal("q")


def test_query_key_is_the_normalised_text():
    assert pm.query_key(" Chong-Qing ") == "chongqing"
    assert pm.query_key("重庆（长虹）") == "重庆长虹"


@pytest.mark.parametrize("query", ["chongqing", "zhongqing", "cq", "zq", "chongq", "cqch", "cqzh",
                                   "zhongqingzhanghong", "qingchang", "changhongshanghang", "chsh"])
def test_every_reading_counts(query):
    assert pm.matches("重庆长虹商行", readings, query) is not None


@pytest.mark.parametrize("query, start", [("yinhang", 2), ("yinxing", 2), ("yh", 2), ("zhongguo", 0)])
def test_where_the_match_is(query, start):
    assert pm.matches("中国银行", readings, query)[0] == start


@pytest.mark.parametrize("query", ["chongqinb", "sq", "xyz", "bj"])
def test_no_match(query):
    assert pm.matches("重庆长虹商行", readings, query) is None


def test_wildcard_stands_for_any_letter():
    assert ("chong", "qi?g") in pm.cuts("chongqi?g")


@given(st.text(alphabet="abcdefghjklmnopqrstwxyz", min_size=1, max_size=12))
def test_cuts_spell_the_query(key):
    found = pm.cuts(key)
    assert found and len(found) <= pm.MAX_CUTS
    for cut in found:
        assert "".join(cut) == key
    assert tuple(key) in found


@given(st.text(alphabet="abcdefghjklmnopqrstwxyz", min_size=2, max_size=10))
def test_typing_one_more_letter_only_narrows(key):
    """A name matching a query also matches the query one letter shorter (the index relies
    on it to narrow while the user types)."""
    name = "重庆长虹商行银行中国"
    if pm.matches(name, readings, key) is not None:
        assert pm.matches(name, readings, key[:-1]) is not None
