"""Counted nouns: "1 deal", "2 deals" in English, one Chinese form; every counted() in the code
has its Chinese text under the English singular."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from salesterm import i18n
from salesterm.domain.catalogs import catalog

CALL = re.compile(r'counted\([^,]+,\s*"([^"]+)",\s*"([^"]+)"')
SOURCES = sorted((Path(__file__).parent.parent / "salesterm").rglob("*.py"))


@pytest.fixture
def lang():
    saved = i18n.language()
    yield i18n.set_language
    i18n.set_language(saved)


def test_one_and_many_in_english_one_form_in_chinese(lang):
    lang("en")
    assert i18n.counted(1, "{n} deal", "{n} deals") == "1 deal"
    assert i18n.counted(0, "{n} deal", "{n} deals") == "0 deals"
    assert i18n.counted(2, "Exported {n} row to {path}", "Exported {n} rows to {path}", path="a.csv") \
        == "Exported 2 rows to a.csv"
    lang("zh")
    assert i18n.counted(1, "{n} open deal", "{n} open deals") == "1 个商机"
    assert i18n.counted(5, "{n} open deal", "{n} open deals") == "5 个商机"


def test_every_counted_noun_in_the_code_has_a_chinese_text():
    calls = [m.groups() for path in SOURCES for m in CALL.finditer(path.read_text(encoding="utf-8"))]
    assert len(calls) >= 10
    zh = catalog("zh")
    missing = [singular for singular, _plural in calls if singular not in zh]
    assert not missing
    assert all(plural != singular for singular, plural in calls)
