"""The weekly work report (个人工作周报) as Markdown, assembled from plain figures.

No I/O: store/reports/weekly.py gathers the figures from the ledger, this module only
lays them out. Amounts are integer fen, printed with two decimals.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .collection import PROMISE_STATUSES
from .money import format_money
from .visit_rules import SLOTS
from .visit_rules import STATUSES as VISIT_STATUSES

WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass
class VisitLine:
    day: _dt.date
    customer: str
    status: str  # planned | done | cancelled | missed
    slot: str = ""
    grade: str = ""
    outcome: str = ""
    rep: str = ""


@dataclass
class DealMove:
    day: _dt.date
    customer: str
    title: str
    from_stage: str
    to_stage: str
    rep: str = ""


@dataclass
class MoneyLine:
    day: _dt.date
    customer: str
    amount: int
    detail: str = ""
    rep: str = ""


@dataclass
class OverdueLine:
    customer: str
    number: str
    due: _dt.date
    days: int
    open_amount: int
    rep: str = ""


@dataclass
class PromiseLine:
    customer: str
    made_on: _dt.date
    promised_date: _dt.date
    amount: int
    status: str
    rep: str = ""


@dataclass
class NoteLine:
    day: _dt.date
    kind: str
    title: str
    status: str
    customer: str = ""
    rep: str = ""


@dataclass
class OrderLine:
    """One of the week's sales orders (by order day); STATUS is its label in the report's language."""

    day: _dt.date
    number: str
    customer: str
    total: int
    status: str
    rep: str = ""
    cancelled: bool = False  # shown, but not counted in the week's order total


@dataclass
class TeamRow:
    rep: str
    visits_planned: int = 0
    visits_done: int = 0
    new_customers: int = 0
    deals_moved: int = 0
    collected: int = 0
    overdue: int = 0
    promises_made: int = 0
    promises_broken: int = 0
    notes: int = 0


#: the free-text sections a rep writes into the weekly report, in the report's order
NOTE_SECTIONS = ("problems", "support", "focus")


@dataclass
class RepNotes:
    """What a rep wrote for the week: problems met, support needed, next week's focus."""

    rep: str
    problems: str = ""
    support: str = ""
    focus: str = ""


@dataclass
class WeeklyData:
    week_start: _dt.date
    rep: str | None  # None: the team digest
    as_of: _dt.date
    visits: list[VisitLine] = field(default_factory=list)
    new_customers: list[str] = field(default_factory=list)
    deal_moves: list[DealMove] = field(default_factory=list)
    payments: list[MoneyLine] = field(default_factory=list)
    overdue: list[OverdueLine] = field(default_factory=list)
    promises_made: list[PromiseLine] = field(default_factory=list)
    promises_broken: list[PromiseLine] = field(default_factory=list)
    notes: list[NoteLine] = field(default_factory=list)
    next_week: list[VisitLine] = field(default_factory=list)
    team: list[TeamRow] = field(default_factory=list)
    written: list[RepNotes] = field(default_factory=list)  # the reps' own sections
    orders: list[OrderLine] = field(default_factory=list)  # the week's orders, by rep then day

    @property
    def week_end(self) -> _dt.date:
        return self.week_start + _dt.timedelta(days=6)

    @property
    def visits_planned(self) -> int:
        return sum(1 for v in self.visits if v.status != "cancelled")

    @property
    def visits_done(self) -> int:
        return sum(1 for v in self.visits if v.status == "done")

    @property
    def collected(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def orders_total(self) -> int:
        """The week's orders not cancelled, their totals added."""
        return sum(o.total for o in self.orders if not o.cancelled)

    @property
    def overdue_total(self) -> int:
        return sum(o.open_amount for o in self.overdue)


L = {
    "title_rep": ("个人工作周报", "Weekly work report"),
    "title_team": ("团队周报", "Team weekly digest"),
    "week": ("周期", "Week"),
    "rep": ("业务员", "Rep"),
    "as_of": ("截至", "As of"),
    "summary": ("概览", "Summary"),
    "visits": ("拜访", "Visits"),
    "planned": ("计划", "planned"),
    "done": ("完成", "done"),
    "new_customers": ("新客户", "New customers"),
    "deals": ("商机推进", "Deals moved"),
    "collected": ("回款", "Money collected"),
    "overdue": ("仍逾期", "Still overdue"),
    "promises": ("付款承诺", "Payment promises"),
    "made": ("新承诺", "made"),
    "broken": ("失约", "broken"),
    "notes": ("反馈", "Feedback sent"),
    "next_week": ("下周计划", "Next week's plan"),
    "orders": ("本周订单", "Orders"),
    "order_total": ("订单金额", "Total"),
    "team": ("各业务员", "By rep"),
    "none": ("无", "none"),
    "total": ("合计", "Total"),
    "day": ("日期", "Date"),
    "customer": ("客户", "Customer"),
    "status": ("状态", "Status"),
    "outcome": ("结果", "Outcome"),
    "amount": ("金额", "Amount"),
    "detail": ("说明", "Detail"),
    "number": ("单号", "Number"),
    "due": ("到期日", "Due"),
    "days": ("逾期天数", "Days late"),
    "open": ("未收", "Open"),
    "promised": ("承诺日", "Promised"),
    "kind": ("类型", "Kind"),
    "title": ("标题", "Title"),
    "stage": ("阶段", "Stage"),
    "slot": ("时段", "Slot"),
    "count": ("数量", "Count"),
    "written": ("本周小结", "In the rep's words"),
    "problems": ("遇到的问题", "Problems"),
    "support": ("需要的支持", "Support needed"),
    "focus": ("下周重点", "Next week's focus"),
}


def cell(text) -> str:
    """User text fit for one Markdown table cell: no pipes or line breaks can break the table."""
    s = " ".join(str(text if text is not None else "").split())
    return s.replace("\\", "\\\\").replace("|", "\\|") or "-"


def _t(key: str, lang: str) -> str:
    zh, en = L[key]
    return zh if lang == "zh" else en


def _pick(table: dict, key: str, lang: str) -> str:
    pair = table.get(key)
    return (pair[0] if lang == "zh" else pair[1]) if pair else key


def _day(d: _dt.date, lang: str) -> str:
    wd = WEEKDAYS_ZH[d.weekday()] if lang == "zh" else WEEKDAYS_EN[d.weekday()]
    return f"{d.isoformat()} ({'周' + wd if lang == 'zh' else wd})"


def _table(headers: list[str], rows: list[list], lang: str) -> list[str]:
    if not rows:
        return [f"_{_t('none', lang)}_", ""]
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out + [""]


def render(data: WeeklyData, lang: str = "zh") -> str:
    """The report as Markdown text."""
    t = lambda key: _t(key, lang)  # noqa: E731
    m = format_money
    title = t("title_team") if data.rep is None else f"{t('title_rep')}: {cell(data.rep)}"
    out = [f"# {title}", "",
           f"- {t('week')}: {data.week_start.isoformat()} ~ {data.week_end.isoformat()}",
           f"- {t('as_of')}: {data.as_of.isoformat()}", ""]
    out += [f"## {t('summary')}", "",
            f"| {t('visits')} {t('planned')} | {t('visits')} {t('done')} | {t('new_customers')} | "
            f"{t('deals')} | {t('collected')} | {t('overdue')} | {t('promises')} {t('made')} | "
            f"{t('promises')} {t('broken')} | {t('notes')} |",
            "|" + "---|" * 9,
            f"| {data.visits_planned} | {data.visits_done} | {len(data.new_customers)} | "
            f"{len(data.deal_moves)} | {m(data.collected)} | {m(data.overdue_total)} | "
            f"{len(data.promises_made)} | {len(data.promises_broken)} | {len(data.notes)} |", ""]
    if data.rep is None:
        out += [f"## {t('team')}", ""]
        out += _table(
            [t("rep"), f"{t('visits')} {t('planned')}", f"{t('visits')} {t('done')}", t("new_customers"),
             t("deals"), t("collected"), t("overdue"), t("made"), t("broken"), t("notes")],
            [[r.rep, r.visits_planned, r.visits_done, r.new_customers, r.deals_moved, m(r.collected),
              m(r.overdue), r.promises_made, r.promises_broken, r.notes] for r in data.team], lang)
    team = data.rep is None
    who = [t("rep")] if team else []

    def w(line):
        return [line.rep] if team else []

    out += [f"## {t('visits')} ({t('planned')} {data.visits_planned}, {t('done')} {data.visits_done})", ""]
    out += _table([t("day"), *who, t("customer"), t("status"), t("outcome")],
                  [[_day(v.day, lang), *w(v), v.customer, _pick(VISIT_STATUSES, v.status, lang), v.outcome]
                   for v in data.visits], lang)
    out += [f"## {t('new_customers')} ({len(data.new_customers)})", ""]
    out += [f"- {cell(n)}" for n in data.new_customers] + [""] if data.new_customers else [f"_{t('none')}_", ""]
    out += [f"## {t('deals')} ({len(data.deal_moves)})", ""]
    out += _table([t("day"), *who, t("customer"), t("title"), t("stage")],
                  [[d.day.isoformat(), *w(d), d.customer, d.title, f"{d.from_stage} → {d.to_stage}"]
                   for d in data.deal_moves], lang)
    live = sum(1 for o in data.orders if not o.cancelled)
    out += [f"## {t('orders')} ({live}, ¥{m(data.orders_total)})", ""]
    out += _table([t("day"), *who, t("number"), t("customer"), t("order_total"), t("status")],
                  [[o.day.isoformat(), *w(o), o.number, o.customer, m(o.total), o.status] for o in data.orders], lang)
    out += [f"## {t('collected')}: ¥{m(data.collected)}", ""]
    out += _table([t("day"), *who, t("customer"), t("amount"), t("detail")],
                  [[p.day.isoformat(), *w(p), p.customer, m(p.amount), p.detail] for p in data.payments], lang)
    out += [f"## {t('overdue')}: ¥{m(data.overdue_total)}", ""]
    out += _table([t("customer"), *who, t("number"), t("due"), t("days"), t("open")],
                  [[o.customer, *w(o), o.number, o.due.isoformat(), o.days, m(o.open_amount)]
                   for o in data.overdue], lang)
    out += [f"## {t('promises')} ({t('made')} {len(data.promises_made)}, "
            f"{t('broken')} {len(data.promises_broken)})", ""]
    rows = [[t("made"), *w(p), p.customer, p.promised_date.isoformat(), m(p.amount),
             _pick(PROMISE_STATUSES, p.status, lang)] for p in data.promises_made]
    rows += [[t("broken"), *w(p), p.customer, p.promised_date.isoformat(), m(p.amount),
              _pick(PROMISE_STATUSES, p.status, lang)] for p in data.promises_broken]
    out += _table(["", *who, t("customer"), t("promised"), t("amount"), t("status")], rows, lang)
    out += [f"## {t('notes')} ({len(data.notes)})", ""]
    out += _table([t("day"), *who, t("kind"), t("title"), t("customer"), t("status")],
                  [[n.day.isoformat(), *w(n), n.kind, n.title, n.customer, n.status] for n in data.notes], lang)
    out += [f"## {t('next_week')} ({len(data.next_week)})", ""]
    out += _table([t("day"), *who, t("slot"), t("customer"), t("detail")],
                  [[_day(v.day, lang), *w(v), _pick(SLOTS, v.slot, lang), v.customer, v.outcome]
                   for v in data.next_week], lang)
    out += _written(data, lang)
    return "\n".join(out).rstrip() + "\n"


def _paragraphs(text: str) -> list[str]:
    """A rep's free text as Markdown lines: their line breaks kept (a list they typed stays a
    list), but a leading # is not read as a heading that would break the report's outline."""
    lines = []
    for line in text.split("\n"):
        line = line.rstrip()
        lines.append("\\" + line.lstrip() if line.lstrip().startswith("#") else line)
    # a line followed by another of the same paragraph ends in two spaces: a line break
    out = [line + "  " if line and i + 1 < len(lines) and lines[i + 1] else line
           for i, line in enumerate(lines)]
    return [*out, ""]


def _written(data: WeeklyData, lang: str) -> list[str]:
    """The reps' own sections: a rep's report always shows its three headings (what was not
    written yet says so); the team digest shows what each rep wrote."""
    t = lambda key: _t(key, lang)  # noqa: E731
    if data.rep is not None:
        notes = data.written[0] if data.written else RepNotes(data.rep)
        out = []
        for key in NOTE_SECTIONS:
            text = getattr(notes, key)
            out += [f"## {t(key)}", ""] + (_paragraphs(text) if text else [f"_{t('none')}_", ""])
        return out
    if not data.written:
        return []
    out = [f"## {t('written')}", ""]
    for notes in data.written:
        out += [f"### {cell(notes.rep)}", ""]
        for key in NOTE_SECTIONS:
            text = getattr(notes, key)
            if text:
                out += [f"**{t(key)}**", ""] + _paragraphs(text)
    return out
