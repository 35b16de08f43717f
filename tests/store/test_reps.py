"""One rule for naming a rep in a report or filter (aging, queue, today's agenda)."""
from __future__ import annotations

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.ledger import aging, queue
from salesterm.store.models import Rep
from salesterm.store.reps import rep_id
from salesterm.store.visits import agenda


def test_a_rep_is_found_by_name_or_id_and_never_created(db):
    rep = Rep.create(name="张伟")
    assert rep_id(None) is None and rep_id("") is None
    assert rep_id(" 张伟 ") == rep.id == rep_id(rep.id) == rep_id(rep)
    with pytest.raises(UserError, match="no rep called '张三'"):
        rep_id("张三")
    assert Rep.select().count() == 1


def test_every_report_refuses_an_unknown_rep_the_same_way(db):
    Rep.create(name="张伟")
    for call in (lambda: aging.aging(rep="张 三"), lambda: queue.queue_rows(rep="张 三"),
                 lambda: agenda.agenda(rep="张 三")):
        with pytest.raises(UserError, match="no rep called '张 三'"):
            call()
