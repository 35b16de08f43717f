"""A logged visit as it was logged, read in one go for the read-only view: the plan (date, slot,
objectives, reason, script) and what the log wrote (stage reached, order, money collected,
promise, complaint handled, notes, next revisit, the customer's reaction to the script) and the
corrections made to it since, each with what it replaced."""
from __future__ import annotations

import json

from salesterm.store.customers.file import load_file
from salesterm.store.models import Script, ScriptUse, Visit
from salesterm.store.visits import get_visit
from salesterm.store.visits.correct import corrections


def logged_visit(visit_id: str) -> dict:
    """The visit's row with what its log wrote elsewhere (see customers.file.add_logged), its
    customer's name, grade and city, its deal's title and its script's title and reaction."""
    visit: Visit = get_visit(visit_id)
    cf = load_file(visit.customer_id, refresh=False)
    row = next(v for v in cf.visits if v["id"] == visit.id)
    deal = next((d for d in cf.deals if d["id"] == row["deal"]), None)
    script = Script.get_or_none(Script.id == row["script"]) if row["script"] else None
    use = ScriptUse.select().where(ScriptUse.visit == visit.id).order_by(ScriptUse.used_on.desc()).first()
    return {**row, "customer": cf.profile["name"], "grade": cf.profile["grade"], "city": cf.profile["city"],
            "deal_title": deal["title"] if deal else "", "script_title": script.title if script else "",
            "sales": json.loads(row["sales_objectives"] or "[]"), "admin": json.loads(row["admin_objectives"] or "[]"),
            "reaction": use.reaction if use else "", "reaction_note": use.note if use else "",
            "corrections": corrections(visit.id)}
