"""What each tab of a customer's file shows: the profile text and the rows of every table.
Pure formatting of a store.customers.file.CustomerFile; user text stays literal (rich Text)."""
from __future__ import annotations

from datetime import date, datetime

from rich.text import Text

from salesterm import i18n
from salesterm.domain import collection, grading, notes_rules, stages, visit_rules
from salesterm.domain.money import format_money
from salesterm.i18n import _
from salesterm.screens.customer_columns import kind_label, nature_label


def d(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def money(fen) -> str:
    return format_money(int(fen or 0))


def stage_label(template: str, key: str | None) -> str:
    if not key:
        return "—"
    return stages.stage_label(template, key, i18n.language())


def _field(text: Text, label: str, value, *, style: str = "") -> None:
    # English labels in a column as wide as the longest ("No morning collection"), then a space
    text.append(f"{label:<22} " if i18n.language() == "en" else f"{label}：", style="bold")
    text.append(str(value) if value not in (None, "") else "—", style=style)
    text.append("\n")


def profile_text(cf) -> Text:
    p = cf.profile
    t = Text()
    if cf.archived:
        t.append(_("ARCHIVED: this file is archived (press r to restore it)") + "\n\n", style="bold red")
    _field(t, _("Name"), p["name"])
    _field(t, _("Code"), p["code"])
    _field(t, _("Kind"), kind_label(p["kind"]))
    _field(t, _("Economic nature"), nature_label(p["economic_nature"]))
    _field(t, _("Scale"), p["scale"])
    _field(t, _("Network coverage"), p["network_coverage"])
    _field(t, _("Main performance"), p["main_performance"])
    _field(t, _("Credit standing"), p["credit_standing"])
    _field(t, _("Manager background"), p["manager_background"])
    _field(t, _("Credit limit"), money(p["credit_limit"]))
    _field(t, _("Payday"), _("day {n} of the month", n=p["payday"]) if p["payday"] else "")
    _field(t, _("No morning collection"), _("yes") if p["no_morning_collection"] else _("no"))
    _field(t, _("Tags"), p["tags"])
    _field(t, _("Industry"), p["industry"])
    _field(t, _("City"), " ".join(x for x in (p["city"], p["district"]) if x))
    _field(t, _("Address"), p["address"])
    _field(t, _("Phone"), p["phone"])
    _field(t, _("Rep"), p["rep_name"])
    _field(t, _("Remark"), p["remark"])
    t.append("\n" + _("Grading (scores 1-5, 0 = not assessed)") + "\n", style="bold underline")
    for key in grading.FACTORS:
        score = cf.factors.get(key, 0)
        label = i18n.label(*grading.FACTOR_LABELS[key])
        t.append(f"  {label:<21} " if i18n.language() == "en" else f"  {label}：")
        t.append(("★" * score + "·" * (5 - score)) if score else _("not assessed"), style="yellow" if score else "dim")
        t.append("\n")
    score = f"{cf.grade_score:.2f}" if cf.grade_score is not None else "—"
    _field(t, _("Suggested grade"), f"{p['grade_suggested'] or '—'} ({_('score')} {score})")
    if p["grade_override"]:
        _field(t, _("Override"), f"{p['grade_override']} — {p['grade_override_reason'] or _('no reason given')}",
               style="bold")
    _field(t, _("Grade in force"), p["grade"] or "—", style="bold")
    t.append("\n" + _("M-A-N qualification") + "\n", style="bold underline")
    for letter, key, what in (("M", "man_money", _("Funds")), ("A", "man_authority", _("Authority")),
                              ("N", "man_need", _("Need"))):
        _field(t, f"{letter} {what}", _(p[key]))
    _field(t, _("Prospect class"), f"{cf.prospect_class} ({cf.man_badge})", style="bold")
    for m in cf.merges:
        t.append("\n" + _("Merged from {name} on {day}", name=m["loser_name"], day=d(m["merged_at"])),
                 style="dim")
    return t


def money_summary(cf) -> Text:
    p, s = cf.profile, cf.stats
    t = Text()
    t.append(_("Open balance") + f" {money(s.get('open_balance', 0))}   ", style="bold")
    overdue = int(s.get("overdue_amount") or 0)
    t.append(_("Overdue") + f" {money(overdue)}   ", style="bold red" if overdue else "")
    t.append(_("Credit limit") + f" {money(p['credit_limit'])}   ")
    t.append(_("Payday") + f" {p['payday'] or '—'}   ")
    if p["no_morning_collection"]:
        t.append(_("no collection in the morning"), style="yellow")
    c = cf.collection
    if c:
        t.append("\n" + _("Follow-up level {level}, slips {slips}, next follow-up {day}",
                          level=c["level"], slips=c["slips"], day=d(c["next_follow_up"])))
        if c["escalated"]:
            t.append("  " + _("escalated"), style="bold red")
    return t


# ---- table rows: (columns, rows) per tab; each row (key, cells) -------------------------
def contact_rows(cf):
    cols = (_("Name"), _("Job title"), _("Phone"), _("Decides"), _("Remark"))
    rows = [(c["id"], (Text(c["name"]), Text(c["title"]), Text(c["phone"]),
                       Text("✓ " + _("decision maker") if c["is_decision_maker"] else ""), Text(c["remark"])))
            for c in cf.contacts]
    return cols, rows


def logged_parts(v: dict) -> list[str]:
    """What a logged visit's log recorded, one short part each (stage, order, money, promise,
    complaint, next revisit); the notes are shown on their own."""
    parts = []
    if v.get("stage_reached"):
        parts.append(_("stage {stage}", stage=stage_label(v.get("template") or "handbook", v["stage_reached"])))
    if v.get("order_amount"):
        products = f" ({v['products']})" if v.get("products") else ""
        parts.append(_("order {amount}", amount=money(v["order_amount"])) + products)
    if v.get("collected"):
        parts.append(_("collected {amount}", amount=money(v["collected"])))
    if v.get("promise"):
        parts.append(_("promised {amount} by {day}", amount=money(v["promise"]["amount"]),
                       day=d(v["promise"]["promised_date"])))
    if v.get("complaint_handled"):
        parts.append(_("complaint handled"))
    if v.get("revisit_date"):
        parts.append(_("revisit {day}", day=d(v["revisit_date"])))
    return parts


def visit_what(v: dict) -> Text:
    """One line for a visit: a logged one its notes and what was logged, a planned one its reason."""
    if v["status"] != "done":
        return Text(v["reason"] or "")
    text = Text(v["notes"] or v["outcome"] or "")
    rest = "  ".join(logged_parts(v))
    if rest:
        text.append(("  " if text.plain else "") + rest, style="dim")
    return text


def visit_rows(cf):
    cols = (_("Date"), _("Slot"), _("Status"), _("Stage reached"), _("Order"), _("Collected"), _("Visit notes"),
            _("Rep"))
    rows = []
    for v in cf.visits:
        rows.append((v["id"], (d(v["planned_date"]), i18n.vocab_label(visit_rules.SLOTS, v["slot"]),
                               i18n.vocab_label(visit_rules.STATUSES, v["status"]),
                               stage_label(v.get("template") or "handbook", v["stage_reached"]),
                               money(v["order_amount"]) if v["order_amount"] else "—",
                               money(v["collected"]) if v.get("collected") else "—",
                               visit_what(v), Text(v["rep_name"]))))
    return cols, rows


def deal_rows(cf):
    cols = (_("Deal"), _("Stage"), _("Status"), _("Amount"), _("Expected close"), _("Since"))
    rows = [(x["id"], (Text(x["title"] or "—"), stage_label(x["template"], x["stage"]),
                       i18n.vocab_label(stages.DEAL_STATUSES, x["status"]),
                       money(x["amount"]), d(x["expected_close"]), d(x["stage_since"])))
            for x in cf.deals]
    return cols, rows


def deal_history_text(deal: dict | None) -> Text:
    t = Text()
    if deal is None:
        return t
    t.append(_("Stage history of {deal}", deal=deal["title"] or "—") + "\n", style="bold")
    for h in deal["history"]:
        t.append(f"{d(h['changed_at'])}  {stage_label(deal['template'], h['from_stage'])} → "
                 f"{stage_label(deal['template'], h['to_stage'])}")
        if h["man_override"]:
            t.append("  " + _("(M-A-N override)"), style="yellow")
        if h["note"]:
            t.append("  ")
            t.append(h["note"])
        t.append("\n")
    if deal.get("lost_reason"):
        t.append(_("Lost because: ") + deal["lost_reason"] + "\n", style="red")
    return t


def trade_rows(cf):
    cols = (_("Date"), _("Direction"), _("Product"), _("Quantity"), _("Amount"), _("Note"))
    rows = [(x["id"], (d(x["day"]), _(x["direction"]), Text(x["product"]), str(x["quantity"]),
                       money(x["amount"]), Text(x["note"]))) for x in cf.trade]
    return cols, rows


def receivable_rows(cf, today: date):
    cols = (_("Number"), _("Issued"), _("Due date"), _("Amount"), _("Paid"), _("Written off"), _("Open amount"))
    rows = []
    for r in cf.receivables:
        due = r["due"] if isinstance(r["due"], date) else date.fromisoformat(str(r["due"])[:10])
        late = r["open"] > 0 and due < today
        rows.append((r["id"], (Text(r["number"]), d(r["issued"]), Text(d(r["due"]), style="red" if late else ""),
                               money(r["amount"]), money(r["paid"]), money(r["written_off"]),
                               Text(money(r["open"]), style="bold red" if late else ""))))
    return cols, rows


def _method(key: str) -> str:
    return i18n.vocab_label(collection.METHODS, key)


def payment_rows(cf):
    cols = (_("Date"), _("Amount"), _("Method"), _("Number"), _("Note"))
    rows = [(p["id"], (d(p["day"]), Text(money(p["amount"]), style="red" if p["amount"] < 0 else ""),
                       Text(_method(p["method"])), Text(p["number"] or ""), Text(p["note"]))) for p in cf.payments]
    return cols, rows


def promise_rows(cf):
    cols = (_("Made on"), _("Promised for"), _("Amount"), _("Status"), _("Note"))
    rows = [(p["id"], (d(p["made_on"]), d(p["promised_date"]), money(p["amount"]),
                       i18n.vocab_label(collection.PROMISE_STATUSES, p["status"]), Text(p["note"])))
            for p in cf.promises]
    rows += [(a["id"], (d(a["day"]), "", money(a["amount"]) if a["amount"] else "",
                        i18n.vocab_label(collection.OUTCOMES, a["outcome"]),
                        Text(a["note"]))) for a in cf.attempts]
    return cols, rows


def note_rows(cf):
    cols = (_("Date"), _("Kind"), _("Title"), _("Status"), _("Follow-up"))
    rows = [(n["id"], (d(n["written_on"]), i18n.vocab_label(notes_rules.KIND_LABELS, n["kind"]),
                       Text(n["title"] or n["body"][:40]), i18n.vocab_label(notes_rules.STATUS_LABELS, n["status"]),
                       d(n["follow_up"]))) for n in cf.notes]
    return cols, rows


def _timeline_text(e) -> Text:
    x = e.data
    if e.kind == "created":
        return Text(_("Customer file created"))
    if e.kind == "visit":
        text = Text(_("Visit ({status})", status=i18n.vocab_label(visit_rules.STATUSES, x["status"])) + "  ")
        return text.append_text(visit_what(x))
    if e.kind == "deal":
        return Text(_("Deal opened: ") + (x["title"] or "—") + f"  {money(x['amount'])}")
    if e.kind == "stage":
        return Text(_("Deal {deal}: stage {a} → {b}", deal=x["deal_title"] or "—",
                      a=stage_label("handbook", x["from_stage"]), b=stage_label("handbook", x["to_stage"])))
    if e.kind == "trade":
        return Text(f"{_(x['direction'])}: {x['product']} × {x['quantity']}  {money(x['amount'])}")
    if e.kind == "receivable":
        return Text(_("Receivable {number}: {amount}, due {due}", number=x["number"], amount=money(x["amount"]),
                      due=d(x["due"])))
    if e.kind == "payment":
        return Text(_("Payment received: {amount}", amount=money(x["amount"])) + f"  {x['method']} {x['note']}")
    if e.kind == "promise":
        return Text(_("Promised {amount} for {day} ({status})", amount=money(x["amount"]),
                      day=d(x["promised_date"]),
                      status=i18n.vocab_label(collection.PROMISE_STATUSES, x["status"])))
    if e.kind == "attempt":
        return Text(_("Collection attempt: {outcome}", outcome=i18n.vocab_label(collection.OUTCOMES, x["outcome"]))
                    + f"  {x['note']}")
    if e.kind == "note":
        return Text(_("Note: ") + (x["title"] or x["body"][:60]))
    if e.kind == "merge":
        return Text(_("Merged from {name} on {day}", name=x["loser_name"], day=d(x["merged_at"])))
    if e.kind == "audit":  # a change on the team server (store/team/audit.py): who, what, old → new
        who = f"{x.at.strftime('%H:%M')} {x.login} ({_(x.source)})"
        if x.action == "update":
            return Text(_("{who}: {table}.{field} {old} → {new}", who=who, table=x.table, field=x.field,
                          old=_short(x.old), new=_short(x.new)))
        return Text(_("{who}: {action} {table}", who=who, action=_(x.action), table=x.table))
    return Text(e.kind)


def _short(value) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def timeline_rows(cf):
    cols = (_("Date"), _("What"))
    return cols, [(f"t{i}", (d(e.day), _timeline_text(e))) for i, e in enumerate(cf.timeline)]
