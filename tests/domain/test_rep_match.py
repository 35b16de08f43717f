"""Finding a rep by what was typed, and the closest names for one that is no rep."""
from __future__ import annotations

from salesterm.domain.rep_match import closest, matching

NAMES = ["王伟", "王芳", "张敏", "李娜", "陈刚"]


def test_matching_by_name_pinyin_and_initials():
    assert matching("王伟", NAMES)[0] == "王伟"
    assert matching("ww", NAMES) == ["王伟"]
    assert matching("wang", NAMES) == ["王伟", "王芳"]
    assert matching("李", NAMES) == ["李娜"]
    assert matching("", NAMES) == NAMES
    assert matching("zzz", NAMES) == []


def test_closest_names_a_typo_and_a_spelling_but_not_a_stranger():
    assert "王伟" in closest("王为", NAMES)
    assert closest("zhangming", NAMES) == ["张敏"]
    assert closest("张明", NAMES) == ["张敏"]
    assert closest("不存在", NAMES) == []
