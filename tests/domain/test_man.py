from __future__ import annotations

import itertools

import pytest

from salesterm.domain.errors import UserError
from salesterm.domain.man import ANSWERS, man_badge, man_confirmed, parse_answer, prospect_class


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yes", "yes"), ("YES", "yes"), ("y", "yes"), (" Y ", "yes"), ("是", "yes"),
        ("1", "yes"), ("true", "yes"), ("True", "yes"), ("✓", "yes"), ("有", "yes"),
        ("no", "no"), ("N", "no"), ("否", "no"), ("0", "no"), ("false", "no"),
        ("不是", "no"), ("没有", "no"), ("✗", "no"), ("x", "no"),
        ("unknown", "unknown"), ("?", "unknown"), ("？", "unknown"), ("未知", "unknown"),
        ("不知道", "unknown"), ("", "unknown"), ("  ", "unknown"), (None, "unknown"),
        ("ｙｅｓ", "yes"), (True, "yes"), (False, "no"),
    ],
)
def test_parse_answer(text, answer):
    assert parse_answer(text) == answer


@pytest.mark.parametrize("text", ["maybe", "2", "yess", "可能"])
def test_parse_answer_refuses(text):
    with pytest.raises(UserError) as info:
        parse_answer(text)
    assert str(info.value) == f"answer must be yes, no or unknown: {text}"


@pytest.mark.parametrize("answer", ANSWERS)
def test_answers_parse_to_themselves(answer):
    assert parse_answer(answer) == answer


ALL = list(itertools.product(ANSWERS, repeat=3))


@pytest.mark.parametrize(("m", "a", "n"), ALL)
def test_prospect_class_table(m, a, n):
    answers = (m, a, n)
    klass = prospect_class(m, a, n)
    if answers == ("yes", "yes", "yes"):
        assert klass == "A"
    elif "unknown" in answers:
        assert klass == "C"
    else:
        assert klass == "B"
    assert man_confirmed(m, a, n) is (klass == "A")


def test_prospect_class_examples():
    assert prospect_class("yes", "yes", "yes") == "A"
    assert prospect_class("yes", "no", "yes") == "B"  # not the decision maker yet
    assert prospect_class("no", "no", "no") == "B"
    assert prospect_class("yes", "unknown", "no") == "C"  # unknown beats no: find out first
    assert prospect_class("是", "y", "1") == "A"
    assert prospect_class("", "", "") == "C"


def test_counts():
    classes = [prospect_class(*t) for t in ALL]
    assert classes.count("A") == 1
    assert classes.count("B") == 7  # 2**3 known combinations minus all-yes
    assert classes.count("C") == 27 - 8


@pytest.mark.parametrize(
    ("m", "a", "n", "badge"),
    [
        ("yes", "unknown", "no", "M✓ A? N✗"),
        ("yes", "yes", "yes", "M✓ A✓ N✓"),
        ("", "", "", "M? A? N?"),
        ("否", "是", "?", "M✗ A✓ N?"),
    ],
)
def test_man_badge(m, a, n, badge):
    assert man_badge(m, a, n) == badge


def test_prospect_class_refuses_garbage():
    with pytest.raises(UserError):
        prospect_class("yes", "perhaps", "yes")
