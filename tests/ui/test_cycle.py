"""The one rule every "next filter value" key follows."""
from salesterm.widgets.cycle import next_choice


def test_next_choice_goes_round_through_all_then_each_choice():
    reps = ["张伟", "李娜"]
    assert [next_choice(c, reps) for c in (None, "张伟", "李娜")] == ["张伟", "李娜", None]
    assert next_choice("已离职", reps) is None  # gone from the list: start again from "all"
    assert next_choice("张伟", [], ) is None and next_choice(None, []) is None


def test_next_choice_without_all():
    views = ("text", "versions", "uses")
    assert [next_choice(v, views, with_all=False) for v in views] == ["versions", "uses", "text"]
    assert next_choice(None, views, with_all=False) == "text"
    assert next_choice("x", (), with_all=False) == "x"
