"""QA: the demo's pitch-script uses carry a reaction the scripts library can count."""
from __future__ import annotations

from salesterm.domain.notes_rules import REACTION_KEYS
from salesterm.store import demo
from salesterm.store.sales import scripts
from salesterm.store.models import ScriptUse


def test_demo_script_uses_have_reactions_the_library_counts(db):
    demo.generate(customers=120, seed=3)
    reactions = {u.reaction for u in ScriptUse.select(ScriptUse.reaction)}
    assert reactions and reactions <= set(REACTION_KEYS)
    rows = scripts.list_scripts()
    assert sum(r.positive for r in rows) > 0
