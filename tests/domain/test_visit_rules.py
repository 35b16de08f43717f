"""Visit objectives, materials, slots and the repeated-reason warning."""
from __future__ import annotations

import pytest

from salesterm.domain import visit_rules as vr
from salesterm.domain.errors import UserError


def test_vocabularies_match_the_handbook():
    assert list(vr.SALES_OBJECTIVES) == ["more_volume", "more_varieties", "first_order"]
    assert list(vr.ADMIN_OBJECTIVES) == ["collect", "complaint", "inquiry", "policy"]
    assert list(vr.MATERIALS) == ["samples", "brochures", "quotation", "contract", "cards", "gifts"]
    assert vr.MATERIALS["quotation"][0] == "报价单"
    assert vr.MATERIALS["contract"][0] == "合同书"


def test_objectives_are_checked_deduplicated_and_ordered():
    assert vr.clean_sales(["first_order", "more_volume", "more_volume", " "]) == ["more_volume", "first_order"]
    assert vr.clean_admin(["收款", "Policy"]) == ["collect", "policy"]
    assert vr.clean_materials(["名片", "samples"]) == ["samples", "cards"]
    with pytest.raises(UserError, match="unknown sales objective"):
        vr.clean_sales(["collect"])
    with pytest.raises(UserError):
        vr.clean_materials(["beer"])


def test_slots():
    assert vr.clean_slot(None) == "am"
    assert vr.clean_slot("下午") == "pm"
    assert vr.clean_slot("PM") == "pm"
    with pytest.raises(UserError):
        vr.clean_slot("evening")


@pytest.mark.parametrize("reason,last,repeats", [
    ("介绍新品", "介绍新品", True),
    ("介绍新品！", " 介绍 新品", True),
    ("Present the new range", "present the new range.", True),
    ("介绍新品", "催收十月货款", False),
    ("", "介绍新品", False),
    ("介绍新品", "", False),
    ("介绍春季新品系列", "介绍秋季新品系列", False),
])
def test_reason_repeats(reason, last, repeats):
    assert vr.reason_repeats(reason, last) is repeats


def test_labels():
    assert vr.labels(["collect", "samples"], {**vr.ADMIN_OBJECTIVES, **vr.MATERIALS}) == ["收款", "产品样品"]
    assert vr.labels(["revisit"], vr.PURPOSES, "en") == ["Revisit"]
