from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain.errors import UserError
from salesterm.domain.grading import (
    FACTOR_LABELS,
    FACTORS,
    GRADES,
    WEIGHTS,
    effective_grade,
    grade_score,
    parse_grade,
    suggest_grade,
    validate_scores,
)


def test_factor_keys_and_labels():
    assert FACTORS == (
        "credit_standing",
        "business_scale",
        "staff_quality",
        "storage_capacity",
        "transport_capacity",
        "internal_management",
        "network_coverage",
    )
    assert set(FACTOR_LABELS) == set(FACTORS) == set(WEIGHTS)
    assert FACTOR_LABELS["credit_standing"] == ("资信", "Credit standing")
    assert FACTOR_LABELS["business_scale"] == ("经营规模", "Business scale")
    assert FACTOR_LABELS["network_coverage"] == ("网络覆盖", "Network coverage")
    assert GRADES == ("A", "B", "C", "D")


def test_credit_and_scale_weigh_more():
    others = [WEIGHTS[k] for k in FACTORS[2:]]
    assert WEIGHTS["credit_standing"] > max(others)
    assert WEIGHTS["business_scale"] > max(others)


def test_validate_scores_fills_every_factor():
    clean = validate_scores({"credit_standing": 5, "business_scale": "3", "staff_quality": None})
    assert list(clean) == list(FACTORS)
    assert clean["credit_standing"] == 5 and clean["business_scale"] == 3
    assert clean["staff_quality"] == 0 and clean["network_coverage"] == 0
    assert validate_scores({}) == dict.fromkeys(FACTORS, 0)
    clean = validate_scores({"storage_capacity": " ４ ", "staff_quality": ""})
    assert clean["storage_capacity"] == 4 and clean["staff_quality"] == 0


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"charm": 3}, "unknown grading factor: charm"),
        ({"credit_standing": 6}, "Credit standing score must be from 1 to 5 (0 = not assessed): 6"),
        ({"business_scale": -1}, "Business scale score must be from 1 to 5 (0 = not assessed): -1"),
        ({"staff_quality": "x"}, "Staff quality score is not a whole number: x"),
        ({"staff_quality": "3.5"}, "Staff quality score is not a whole number: 3.5"),
        ({"staff_quality": 3.5}, "Staff quality score is not a whole number: 3.5"),
        ({"staff_quality": True}, "Staff quality score is not a whole number: True"),
    ],
)
def test_validate_scores_refuses(scores, message):
    with pytest.raises(UserError) as info:
        validate_scores(scores)
    assert str(info.value) == message


def test_grade_score_weighted_average():
    assert grade_score({}) is None
    assert grade_score({"credit_standing": 0}) is None
    assert grade_score({"staff_quality": 4}) == 4.0
    # credit (weight 3) at 5, staff (weight 1) at 1: (15 + 1) / 4
    assert grade_score({"credit_standing": 5, "staff_quality": 1}) == 4.0
    assert grade_score(dict.fromkeys(FACTORS, 3)) == 3.0
    # unassessed factors do not drag the average down
    assert grade_score({"credit_standing": 5, "business_scale": 5, "staff_quality": 0}) == 5.0


@pytest.mark.parametrize(
    ("scores", "grade"),
    [
        (dict.fromkeys(FACTORS, 5), "A"),
        (dict.fromkeys(FACTORS, 4), "B"),
        (dict.fromkeys(FACTORS, 3), "C"),
        (dict.fromkeys(FACTORS, 2), "D"),
        (dict.fromkeys(FACTORS, 1), "D"),
        ({"credit_standing": 5, "business_scale": 5, "staff_quality": 1}, "A"),  # 26/6 = 4.33
        # exactly on the thresholds 4.2, 3.4 and 2.5 (compared exactly, not as floats)
        ({"credit_standing": 5, "staff_quality": 3, "storage_capacity": 3}, "A"),  # 21/5 = 4.2
        ({"credit_standing": 4, "staff_quality": 2, "storage_capacity": 3}, "B"),  # 17/5 = 3.4
        ({"credit_standing": 3, "staff_quality": 3, "storage_capacity": 1}, "C"),  # 13/5 = 2.6
        ({"credit_standing": 2, "business_scale": 3, "staff_quality": 3}, "C"),  # 15/6 = 2.5
        ({"credit_standing": 3, "staff_quality": 2, "storage_capacity": 2}, "C"),  # 13/5 = 2.6
        ({"credit_standing": 2, "staff_quality": 3, "storage_capacity": 3}, "D"),  # 12/5 = 2.4
        ({"credit_standing": 5, "staff_quality": 5}, None),  # only two assessed
        ({}, None),
    ],
)
def test_suggest_grade(scores, grade):
    assert suggest_grade(scores) == grade


def test_credit_standing_moves_the_grade_most():
    base = dict.fromkeys(FACTORS, 4)  # 40/10
    assert suggest_grade(base) == "B"
    assert suggest_grade({**base, "credit_standing": 5}) == "A"  # 43/10
    assert suggest_grade({**base, "business_scale": 5}) == "A"  # 42/10, exactly on 4.2
    assert suggest_grade({**base, "network_coverage": 5}) == "B"  # 41/10
    assert suggest_grade({**base, "credit_standing": 1}) == "C"  # 31/10
    assert suggest_grade({**base, "staff_quality": 1}) == "B"  # 37/10


scores = st.dictionaries(st.sampled_from(FACTORS), st.integers(min_value=0, max_value=5))


@given(scores)
def test_grade_properties(s):
    score = grade_score(s)
    assessed = [k for k, v in s.items() if v]
    if not assessed:
        assert score is None
    else:
        assert 1.0 <= score <= 5.0
        assert min(s[k] for k in assessed) <= score + 1e-9
        assert score <= max(s[k] for k in assessed) + 1e-9
    grade = suggest_grade(s)
    if len(assessed) < 3:
        assert grade is None
    else:
        assert grade in GRADES


@given(scores, st.sampled_from(FACTORS))
def test_better_score_never_lowers_the_grade(s, key):
    better = {**s, key: min(5, s.get(key, 0) + 1)} if s.get(key) else s
    before, after = suggest_grade(s), suggest_grade(better)
    if before is not None:
        assert GRADES.index(after) <= GRADES.index(before)


@pytest.mark.parametrize(
    "text", ["A", "a", " A ", "A级", "a级", "A类", "A 类", "A级客户", "A类客户", "Ａ", "ａ级"]
)
def test_parse_grade_accepts(text):
    assert parse_grade(text) == "A"


@pytest.mark.parametrize("grade", GRADES)
def test_parse_grade_all(grade):
    assert parse_grade(grade.lower()) == grade
    assert parse_grade(f"{grade}级") == grade


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("E", "grade must be A, B, C or D: E"),
        ("AA", "grade must be A, B, C or D: AA"),
        ("级", "grade must be A, B, C or D: 级"),
        ("优", "grade must be A, B, C or D: 优"),
        ("", "grade must be A, B, C or D: (empty)"),
        (None, "grade must be A, B, C or D: (empty)"),
    ],
)
def test_parse_grade_refuses(text, message):
    with pytest.raises(UserError) as info:
        parse_grade(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("suggested", "override", "effective"),
    [
        ("B", None, "B"),
        ("B", "", "B"),
        ("B", "  ", "B"),
        ("B", "A", "A"),
        ("B", "d级", "D"),
        (None, "C", "C"),
        (None, None, None),
        (None, "", None),
    ],
)
def test_effective_grade(suggested, override, effective):
    assert effective_grade(suggested, override) == effective


def test_effective_grade_bad_override():
    with pytest.raises(UserError, match="grade must be"):
        effective_grade("A", "Z")


def test_scores_text_reads_back_in_either_language():
    from salesterm.domain.grading import parse_scores_text, scores_text, validate_scores

    scores = {"credit_standing": 4, "business_scale": 3, "network_coverage": 5}
    assert scores_text(scores) == "资信 4；经营规模 3；网络覆盖 5"
    assert scores_text(scores, "en") == "Credit standing 4; Business scale 3; Network coverage 5"
    for lang in ("zh", "en"):
        assert parse_scores_text(scores_text(scores, lang)) == validate_scores(scores)
    assert parse_scores_text("资信:2, 人员素质=1") == validate_scores({"credit_standing": 2, "staff_quality": 1})
    assert scores_text({}) == "" and parse_scores_text("") == validate_scores({})
    with pytest.raises(UserError):
        parse_scores_text("颜值 5")
