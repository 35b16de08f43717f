from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain.errors import UserError
from salesterm.domain.stages import (
    FMCG,
    HANDBOOK,
    LOST,
    TEMPLATES,
    Stage,
    StageMoveError,
    StageTemplate,
    check_move,
    get_template,
    needs_man_confirmation,
)


def test_handbook_template():
    assert HANDBOOK.key == "handbook"
    assert HANDBOOK.keys() == [
        "prepare", "observe", "opening", "present", "objections", "close", "signed",
    ]
    assert [s.zh for s in HANDBOOK.stages] == [
        "访前准备", "观察分析", "开场白", "产品介绍", "处理拒绝意见", "促成", "签约",
    ]
    assert [s.en for s in HANDBOOK.stages] == [
        "Preparation", "Observation", "Opening", "Presentation", "Objections", "Closing", "Signed",
    ]
    assert HANDBOOK.close_stage_key == "close"
    assert HANDBOOK.won_stage_key == "signed"


def test_fmcg_template():
    assert FMCG.key == "fmcg"
    assert FMCG.zh == "拜访八步骤" and FMCG.en == "Eight visit steps"
    assert FMCG.keys() == [
        "prepare", "greet", "store_check", "merchandise", "draft_order", "pitch", "review", "admin",
    ]
    assert [s.zh for s in FMCG.stages] == [
        "准备", "打招呼", "店情察看", "产品生动化", "拟订单", "销售陈述", "回顾与总结", "行政工作",
    ]
    assert FMCG.close_stage_key == "draft_order"
    assert FMCG.won_stage_key == "admin"


def test_templates_registry():
    assert TEMPLATES == {"handbook": HANDBOOK, "fmcg": FMCG}
    assert get_template("fmcg") is FMCG
    with pytest.raises(UserError) as info:
        get_template("crm")
    assert str(info.value) == "unknown stage template: crm (choose handbook, fmcg)"


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        HANDBOOK.key = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        HANDBOOK.stages[0].zh = "x"  # type: ignore[misc]
    assert hash(HANDBOOK) == hash(HANDBOOK)


def test_navigation():
    t = HANDBOOK
    assert t.index("prepare") == 0 and t.index("signed") == 6
    assert t.get("close") == Stage("close", "促成", "Closing")
    assert t.next_key("prepare") == "observe"
    assert t.next_key("signed") is None
    assert t.prev_key("observe") == "prepare"
    assert t.prev_key("prepare") is None
    assert t.is_won("signed") and not t.is_won("close") and not t.is_won(LOST)
    assert t.label("close") == "促成"
    assert t.label("close", "zh") == "促成"
    assert t.label("close", "en") == "Closing"
    assert t.label(LOST, "zh") == "丢单" and t.label(LOST, "en") == "Lost"
    assert t.get(LOST).key == LOST


@pytest.mark.parametrize("template", [HANDBOOK, FMCG])
def test_next_prev_are_inverse(template):
    keys = template.keys()
    for a, b in zip(keys, keys[1:], strict=False):
        assert template.next_key(a) == b
        assert template.prev_key(b) == a


@pytest.mark.parametrize("method", ["index", "get", "next_key", "prev_key", "label"])
def test_unknown_stage(method):
    with pytest.raises(UserError) as info:
        getattr(HANDBOOK, method)("nowhere")
    assert str(info.value) == "unknown stage: nowhere"


def test_lost_is_not_an_ordered_stage():
    assert LOST not in HANDBOOK.keys()  # noqa: SIM118 (a StageTemplate is no container: keys() lists its stages)
    with pytest.raises(UserError):
        HANDBOOK.index(LOST)


def test_bad_template_definitions():
    a, b = Stage("a", "甲", "A"), Stage("b", "乙", "B")
    with pytest.raises(ValueError):
        StageTemplate("t", "t", "t", (a, a), close_stage_key="a", won_stage_key="a")
    with pytest.raises(ValueError):
        StageTemplate("t", "t", "t", (a, b), close_stage_key="x", won_stage_key="b")
    with pytest.raises(ValueError):
        StageTemplate("t", "t", "t", (a, b), close_stage_key="a", won_stage_key="a")
    with pytest.raises(ValueError):
        StageTemplate("t", "t", "t", (a, Stage(LOST, "丢", "L")), "a", LOST)


# --- moves ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        ("prepare", "observe"),  # one step forward
        ("prepare", "objections"),  # skipping forward
        ("objections", "opening"),  # going back
        ("close", "prepare"),
        ("prepare", "close"),  # into close with M-A-N confirmed (the default)
        ("close", "signed"),
        ("prepare", "signed"),
        ("present", "present"),  # staying put
        ("signed", "signed"),
        (LOST, "prepare"),  # reopening
        (LOST, "objections"),
        (LOST, LOST),
    ],
)
def test_allowed_moves(src, dst):
    check_move(HANDBOOK, src, dst)


def test_lost_needs_a_reason():
    check_move(HANDBOOK, "present", LOST, lost_reason="price too high")
    check_move(HANDBOOK, "close", LOST, lost_reason="竞品降价", man_confirmed=False)
    for reason in (None, "", "   "):
        with pytest.raises(StageMoveError) as info:
            check_move(HANDBOOK, "present", LOST, lost_reason=reason)
        assert str(info.value) == "a lost deal needs a reason"


@pytest.mark.parametrize("dst", ["prepare", "close", LOST])
def test_won_deal_cannot_move(dst):
    with pytest.raises(StageMoveError) as info:
        check_move(HANDBOOK, "signed", dst, lost_reason="x")
    assert str(info.value) == "the deal is already won (Signed) and cannot be moved"


@pytest.mark.parametrize("dst", ["close", "signed"])
def test_man_gate(dst):
    with pytest.raises(StageMoveError) as info:
        check_move(HANDBOOK, "objections", dst, man_confirmed=False)
    assert str(info.value) == (
        "M-A-N not confirmed: money, authority and need must all be yes before Closing (促成)"
    )
    assert isinstance(info.value, UserError)
    check_move(HANDBOOK, "objections", dst, man_confirmed=False, override=True)


def test_man_gate_fmcg_and_reopen():
    with pytest.raises(StageMoveError, match="before Draft order \\(拟订单\\)"):
        check_move(FMCG, "merchandise", "draft_order", man_confirmed=False)
    with pytest.raises(StageMoveError, match="M-A-N not confirmed"):
        check_move(FMCG, LOST, "admin", man_confirmed=False)
    check_move(FMCG, "merchandise", "store_check", man_confirmed=False)
    check_move(FMCG, "pitch", "greet", man_confirmed=False)


def test_unknown_stages_in_moves():
    with pytest.raises(StageMoveError, match="unknown stage: greet"):
        check_move(HANDBOOK, "greet", "prepare")
    with pytest.raises(StageMoveError, match="unknown stage: nowhere"):
        check_move(HANDBOOK, "prepare", "nowhere")
    with pytest.raises(StageMoveError, match="unknown stage: nowhere"):
        check_move(HANDBOOK, "nowhere", "nowhere")


@pytest.mark.parametrize(
    ("template", "dst", "confirmed", "needed"),
    [
        (HANDBOOK, "objections", False, False),
        (HANDBOOK, "close", False, True),
        (HANDBOOK, "signed", False, True),
        (HANDBOOK, "close", True, False),
        (HANDBOOK, LOST, False, False),
        (FMCG, "merchandise", False, False),
        (FMCG, "draft_order", False, True),
        (FMCG, "review", False, True),
    ],
)
def test_needs_man_confirmation(template, dst, confirmed, needed):
    assert needs_man_confirmation(template, dst, confirmed) is needed


def test_needs_man_confirmation_unknown():
    with pytest.raises(StageMoveError):
        needs_man_confirmation(HANDBOOK, "greet", False)


@st.composite
def moves(draw):
    template = draw(st.sampled_from([HANDBOOK, FMCG]))
    keys = template.keys() + [LOST]
    return (
        template,
        draw(st.sampled_from(keys)),
        draw(st.sampled_from(keys)),
        draw(st.sampled_from([None, "", "too expensive"])),
        draw(st.booleans()),
        draw(st.booleans()),
    )


@given(moves())
def test_move_rules_hold(move):
    template, src, dst, reason, confirmed, override = move
    try:
        check_move(
            template, src, dst, lost_reason=reason, man_confirmed=confirmed, override=override
        )
    except StageMoveError:
        allowed = False
    else:
        allowed = True
    if src == dst:
        expected = True
    elif template.is_won(src):
        expected = False
    elif dst == LOST:
        expected = bool(reason)
    else:
        expected = confirmed or override or not needs_man_confirmation(template, dst, False)
    assert allowed is expected


def test_stage_label_shows_unknown_keys_as_stored():
    from salesterm.domain.stages import stage_label

    assert stage_label("handbook", "close", "zh") == "促成"
    assert stage_label("handbook", "lost", "en") == "Lost"
    assert stage_label("handbook", "from_a_newer_version", "zh") == "from_a_newer_version"
    assert stage_label("no_such_template", "close", "en") == "close"
