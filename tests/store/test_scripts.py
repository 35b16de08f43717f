from datetime import date

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.customers import create_customer
from salesterm.store.models import Visit
from salesterm.store.sales import scripts


def test_versions_and_revision_notes(db):
    s = scripts.create_script("开场白：新品", "您好，我们新出了一款……", category="开场白", rep="张三")
    assert scripts.current_text(s.id) == "您好，我们新出了一款……"
    scripts.revise_script(s.id, "王老板您好，上次您说……", "客户嫌太长，先提上次的话题", rep="张三")
    scripts.revise_script(s.id, "王老板您好！", "再精简", rep="李四")
    assert scripts.current_text(s.id) == "王老板您好！"
    revs = scripts.revisions(s.id)
    assert [(r.version, r.note, r.rep) for r in revs] == [
        (3, "再精简", "李四"), (2, "客户嫌太长，先提上次的话题", "张三"), (1, "", "张三")]
    assert revs[-1].body == "您好，我们新出了一款……"  # old versions are kept
    summary = scripts.list_scripts()[0]
    assert (summary.title, summary.version, summary.uses) == ("开场白：新品", 3, 0)


def test_revision_needs_a_note_and_a_change(db):
    s = scripts.create_script("报价", "价格说明")
    with pytest.raises(UserError, match="revision note"):
        scripts.revise_script(s.id, "新的", "  ")
    with pytest.raises(UserError, match="unchanged"):
        scripts.revise_script(s.id, "价格说明", "没改")
    with pytest.raises(UserError):
        scripts.create_script("", "x")
    assert scripts.current_text(s.id) == "价格说明"
    assert len(scripts.revisions(s.id)) == 1


def test_use_log_with_reactions(db):
    c = create_customer({"name": "华联超市"}, rep="张三")
    visit = Visit.create(customer=c.id, rep=c.rep_id, planned_date=date(2026, 11, 20))
    s = scripts.create_script("促成", "今天下单有赠品")
    scripts.log_use(s.id, visit_id=visit.id, reaction="认可", note="当场下单", day=date(2026, 11, 20))
    scripts.revise_script(s.id, "今天下单送货上门", "赠品不吸引人")
    use = scripts.log_use(s.id, reaction="negative", rep="李四", day=date(2026, 11, 25))
    rows = scripts.uses(s.id)
    assert [(u.day, u.version, u.customer, u.reaction) for u in rows] == [
        (date(2026, 11, 25), 2, "", "negative"), (date(2026, 11, 20), 1, "华联超市", "positive")]
    scripts.set_reaction(use.id, "neutral", "再看看")
    assert scripts.uses(s.id)[0].reaction == "neutral"
    with pytest.raises(UserError):
        scripts.log_use(s.id, reaction="great")
    summary = scripts.list_scripts("送货")[0]
    assert (summary.uses, summary.positive, summary.last_used) == (2, 1, date(2026, 11, 25))
    assert scripts.list_scripts("没有这个") == []
