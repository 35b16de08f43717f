"""Demo data, the sales side: deals with stage history, scripts with revisions and uses,
past and planned visits around today, feedback notes (the targets: demo/targets.py)."""
from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from salesterm.domain import stages
from salesterm.domain.visit_rules import ADMIN_OBJECTIVES, MATERIALS, SALES_OBJECTIVES
from salesterm.store.demo import data as pools
from salesterm.store.models import (
    Customer,
    Deal,
    DealStageChange,
    Note,
    Script,
    ScriptRevision,
    ScriptUse,
    Visit,
)

if TYPE_CHECKING:
    from salesterm.store.demo import Demo

GRADE_WEIGHT = {"A": 6, "B": 4, "C": 2, "D": 1, None: 1}


def make(demo: Demo) -> None:
    deals = make_deals(demo)
    scripts = make_scripts(demo)
    make_visits(demo, deals, scripts)
    make_notes(demo)


def _sellable(demo: Demo) -> list[dict]:
    return [c for c in demo.customers if c["kind"] in pools.BUYER_KINDS]


def make_deals(demo: Demo) -> dict[str, list[dict]]:
    """About one customer in four has a deal; the first ones walk every stage of both
    templates (and lost), so every column of the pipeline holds deals."""
    rng = demo.rng
    sellable = _sellable(demo) or demo.customers
    count = max(len(stages.HANDBOOK.stages) + len(stages.FMCG.stages) + 4, len(sellable) // 4)
    by_customer: dict[str, list[dict]] = {}
    plan = [("handbook", s.key) for s in stages.HANDBOOK.stages] + [("fmcg", s.key) for s in stages.FMCG.stages]
    plan += [("handbook", stages.LOST), ("fmcg", stages.LOST), ("handbook", stages.LOST)]
    close_man_yes = set()
    for n in range(count):
        customer = sellable[n % len(sellable)] if n < len(plan) else rng.choice(sellable)
        if n < len(plan):
            template_key, target = plan[n]
        else:
            template_key = "handbook" if rng.random() < 0.8 else "fmcg"
            tpl = stages.get_template(template_key)
            target = stages.LOST if rng.random() < 0.12 else rng.choice(tpl.keys()[:-1] * 3 + tpl.keys())
        tpl = stages.get_template(template_key)
        deal = _deal(demo, customer, tpl, target)
        by_customer.setdefault(customer["id"], []).append(deal)
        if deal["_reached"] >= tpl.index(tpl.close_stage_key):
            close_man_yes.add(customer["id"])
        demo.maybe_flush()
        if n % 2000 == 0:
            demo.step("deals", n, count)
    demo.flush()
    _confirm_man(demo, close_man_yes)
    return by_customer


def _deal(demo: Demo, customer: dict, tpl: stages.StageTemplate, target: str) -> dict:
    rng = demo.rng
    keys = tpl.keys()
    start = max(demo.today - timedelta(days=rng.randrange(3, 150)), customer["since"])
    path = keys[: (keys.index(target) + 1 if target != stages.LOST else rng.randrange(1, len(keys) - 1))]
    if target == stages.LOST:
        path = path + [stages.LOST]
    deal_id = demo.id()
    previous = None
    reason = rng.choice(pools.LOST_REASONS) if target == stages.LOST else ""
    minutes = sorted(rng.sample(range(8 * 60, (demo.today - start).days * 1440), len(path)))
    base = datetime.combine(start, time(0))
    for stage, minute in zip(path, minutes, strict=True):  # strictly increasing times, all before today
        when = base + timedelta(minutes=minute)
        demo.add(DealStageChange, deal=deal_id, from_stage=previous, to_stage=stage, changed_at=when,
                 rep=customer["rep"], note=reason if stage == stages.LOST else "", _stamp=when)
        previous, last = stage, when
    product = rng.choice(pools.PRODUCTS)[0]
    status = "lost" if target == stages.LOST else ("won" if tpl.is_won(target) else "open")
    reached = keys.index(path[-2] if target == stages.LOST else target)
    row = demo.add(Deal, id=deal_id, customer=customer["id"], rep=customer["rep"],
                   title=rng.choice(("首单：", "加量：", "新品进店：", "节前备货：")) + product,
                   template=tpl.key, stage=target, status=status, amount=demo.money(3000, 180000),
                   expected_close=(demo.today + timedelta(days=rng.randrange(3, 60))) if status == "open" else None,
                   lost_reason=reason, stage_since=last, _stamp=base + timedelta(minutes=minutes[0]))
    row["_reached"] = reached
    row["_template"] = tpl
    return row


def _confirm_man(demo: Demo, customer_ids: set[str]) -> None:
    """A deal at or past the close stage had M-A-N confirmed: money, authority, need all yes."""
    ids = sorted(customer_ids)
    for start in range(0, len(ids), 500):
        (Customer.update(man_money="yes", man_authority="yes", man_need="yes")
         .where(Customer.id.in_(ids[start:start + 500])).execute())


def make_scripts(demo: Demo) -> list[dict]:
    rng = demo.rng
    scripts = []
    for title, category, body in pools.SCRIPT_TOPICS:
        author = rng.choice(demo.reps)
        versions = rng.randint(2, 4)
        started = demo.days_ago(120, 300)
        script = demo.add(Script, title=title, category=category, current_version=versions, rep=author["id"],
                          _stamp=demo.at(started))
        for version in range(1, versions + 1):
            text = body.format(co="华南", sn=author["name"][0], ind=rng.choice(pools.INDUSTRIES))
            if version > 1:
                text += "\n" + rng.choice(("先问老板最近生意怎么样，再切入正题。",
                                           "报价时直接给整箱价，别让客户自己算。",
                                           "说完停一下，让客户先开口。", "带上样品，边说边让客户尝。"))
            demo.add(ScriptRevision, script=script["id"], version=version, body=text,
                     revision_note="初稿" if version == 1 else rng.choice(pools.REVISION_NOTES),
                     rep=rng.choice(demo.reps)["id"], _stamp=demo.at(started + timedelta(days=20 * version)))
        scripts.append(script)
    return scripts


def make_visits(demo: Demo, deals: dict[str, list[dict]], scripts: list[dict]) -> None:
    """Eight weeks of done visits (some missed or cancelled) and two weeks planned ahead."""
    rng = demo.rng
    mine: dict[str, list[dict]] = {}
    for c in demo.customers:
        if c["kind"] not in ("competitor", "pr"):
            mine.setdefault(c["rep"], []).append(c)
    past = demo.workdays(demo.today - timedelta(days=56), demo.today - timedelta(days=1))
    # today is a working day in the demo even on a Sunday (shops open, and the Today screen has work)
    ahead = [demo.today] + demo.workdays(demo.today + timedelta(days=1), demo.today + timedelta(days=13))
    for n, rep in enumerate(demo.reps):
        pool = mine.get(rep["id"], [])
        if not pool:
            continue
        weights = [GRADE_WEIGHT.get(c["grade"], 1) for c in pool]
        # a customer is seen about weekly at most: few customers, few visits
        per_day = max(1, min(rep["visits_per_day"] - 1, len(pool) // 6))
        for day in past + ahead:
            if len(pool) < 6 and rng.random() > len(pool) / 6 and day != demo.today:
                continue
            for customer in {c["id"]: c for c in rng.choices(pool, weights, k=per_day)}.values():
                _visit(demo, rep, customer, day, deals.get(customer["id"], []), scripts)
            demo.maybe_flush()
        demo.step("visits", n + 1, len(demo.reps))
    demo.flush()


def _visit(demo, rep, customer, day, deals, scripts) -> None:
    rng = demo.rng
    deal = next((d for d in deals if d["status"] == "open"), None) if rng.random() < 0.7 else None
    slot = "pm" if customer["no_morning"] or (customer["grade"] != "A" and rng.random() < 0.5) else "am"
    sales = rng.sample(list(SALES_OBJECTIVES), rng.randrange(0, 3))
    admin = rng.sample(list(ADMIN_OBJECTIVES), rng.randrange(0 if sales else 1, 3))
    cols = dict(customer=customer["id"], rep=rep["id"], deal=deal["id"] if deal else None, planned_date=day,
                slot=slot, sales_objectives=json.dumps(sales), admin_objectives=json.dumps(admin),
                reason=rng.choice(pools.VISIT_REASONS), proposal=rng.choice(pools.PROPOSALS) if sales else "",
                materials=json.dumps(rng.sample(list(MATERIALS), rng.randrange(1, 4))),
                pinned=rng.random() < 0.1, _stamp=demo.at(day - timedelta(days=rng.randrange(1, 8))))
    script = rng.choice(scripts) if scripts and rng.random() < 0.2 else None
    if script:
        cols["script"] = script["id"]
    if day >= demo.today:
        if day == demo.today or rng.random() < 0.85:
            demo.add(Visit, status="planned", **cols)
        return
    status = rng.choices(("done", "missed", "cancelled"), (90, 6, 4))[0]
    if status != "done":
        demo.add(Visit, status=status, notes="老板不在，改天再来" if status == "missed" else "客户临时有事", **cols)
        return
    done_at = demo.at(day, 9, 12) if slot == "am" else demo.at(day, 14, 18)
    stage_reached = None
    if deal:
        tpl = deal["_template"]
        stage_reached = tpl.keys()[min(deal["_reached"], rng.randrange(0, len(tpl.keys())))]
    revisit = day + timedelta(days=rng.randrange(3, 21)) if rng.random() < 0.45 else None
    visit = demo.add(Visit, status="done", done_at=done_at, stage_reached=stage_reached,
                     outcome=rng.choice(pools.OUTCOMES),
                     order_amount=demo.money(800, 30000) if rng.random() < 0.35 else 0,
                     complaint_handled="complaint" in admin and rng.random() < 0.8,
                     notes=rng.choice(("", "", "店里新上了冰柜", "竞品促销员在店")), revisit_date=revisit, **cols)
    if script:
        reaction, seen = rng.choice(pools.REACTIONS)
        demo.add(ScriptUse, script=script["id"], version=rng.randint(1, script["current_version"]), visit=visit["id"],
                 rep=rep["id"], used_on=day, reaction=reaction,
                 note="，".join(filter(None, (seen, rng.choice(("", "开场太长了", "价格那段要改"))))), _stamp=done_at)


def make_notes(demo: Demo) -> None:
    """Notes of every kind in every status first, then one for about one customer in ten."""
    rng = demo.rng
    combos = [(k, s) for k in pools.NOTE_KINDS for s in pools.NOTE_STATUSES]
    count = max(len(combos) + 16, min(len(demo.customers) // 10, 20000))
    for n in range(count):
        kind, status = combos[n] if n < len(combos) else (rng.choice(pools.NOTE_KINDS),
                                                          rng.choices(pools.NOTE_STATUSES, (4, 3, 5))[0])
        customer = rng.choice(demo.customers) if rng.random() < 0.85 else None
        competitor, product, promotion = (rng.choice(pools.COMPETITORS), rng.choice(pools.PRODUCTS),
                                          rng.choice(pools.PROMOTIONS))
        body = rng.choice(pools.NOTE_TEXTS[kind]).format(c=competitor, p=promotion)
        rep = next((r for r in demo.reps if customer and r["id"] == customer["rep"]), None) or rng.choice(demo.reps)
        written = demo.days_ago(0, 90)
        cols = dict(customer=customer["id"] if customer else None, rep=rep["id"], kind=kind, title=body[:14],
                    body=body, tags=rng.choice(("", "紧急", "本周", "需经理支持")), status=status, written_on=written,
                    follow_up=written + timedelta(days=rng.randrange(3, 30)) if rng.random() < 0.3 else None,
                    manager_comment=rng.choice(pools.MANAGER_COMMENTS) if status != "new" else "",
                    _stamp=demo.at(written))
        if kind == "competitor":
            cols.update(competitor=competitor, product=f"{competitor}{product[0][-6:]}",
                        price=product[1] * rng.choice((90, 95, 98)) // 100, promotion=promotion)
        elif kind == "price":
            cols.update(competitor=competitor, product=product[0], price=product[1] * rng.choice((92, 95, 97)) // 100)
        demo.add(Note, **cols)
        demo.maybe_flush()
    demo.flush()
