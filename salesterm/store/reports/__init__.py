"""Data for the reports section: aging by bucket, the pipeline funnel, sales and collections
against target by month, visit coverage by grade, and the week's feedback digest. Each
report is a `Report`: chart series plus the table a user can export (CSV or XLSX).

Built on the other areas' store modules (store/ledger/aging.py, store/sales/deals.py,
store/visits/coverage.py, store/sales/targets.py, store/sales/notes.py); amounts are integer
fen, labels in the asked language.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from salesterm import clock
from salesterm.domain import notes_rules, stages
from salesterm.domain.dates import monday_of
from salesterm.domain.money import format_money
from salesterm.domain.targets import percent
from salesterm.store.ledger.aging import aging
from salesterm.store.sales.deals import funnel_stats
from salesterm.store.sales.notes import list_notes
from salesterm.store.sales.targets import progress
from salesterm.store.visits.coverage import coverage


@dataclass
class Report:
    key: str
    labels: list[str]  # the chart's x axis
    series: dict[str, list[float]]  # series name -> values (yuan or counts) for the chart
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""  # one line under the chart (totals, the period)


def _l(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def _yuan(fen: int) -> float:
    return fen / 100


BUCKET_ZH = {"not_due": "未到期"}


def aging_report(*, rep: str | None = None, as_of: _dt.date | None = None, lang: str = "zh") -> Report:

    data = aging(by="rep", rep=rep, as_of=as_of)
    buckets = data["buckets"]
    names = [BUCKET_ZH.get(b, b) if lang == "zh" else b.replace("_", " ") for b in buckets]
    totals = data["totals"]
    headers = [_l("业务员", "Rep", lang), *names, _l("合计", "Total", lang)]
    rows = [[r["key"], *(format_money(r[b]) for b in buckets), format_money(r["total"])] for r in data["rows"]]
    rows.append([_l("合计", "Total", lang), *(format_money(totals[b]) for b in buckets),
                 format_money(totals["total"])])
    return Report("aging", names, {_l("未收金额(元)", "Open (yuan)", lang): [_yuan(totals[b]) for b in buckets]},
                  headers, rows, f"{_l('截至', 'as of', lang)} {data['as_of']}  "
                                 f"{_l('合计', 'total', lang)} ¥{format_money(totals['total'])}")


def funnel_report(*, rep: str | None = None, template: str = "handbook", lang: str = "zh") -> Report:

    tpl = stages.get_template(template)
    rows_in = funnel_stats(rep=rep, template=template)
    labels, counts, rows = [], [], []
    for r in rows_in:
        label = tpl.label(r["stage"], lang)
        conv = r.get("conversion")
        median = r.get("median_days")
        rows.append([label, r.get("count", 0), r.get("reached", ""), format_money(int(r.get("amount", 0))),
                     "-" if conv is None else f"{conv * 100:.0f}%", "-" if median is None else median])
        if r["stage"] != stages.LOST:
            labels.append(label)
            counts.append(r.get("reached", r.get("count", 0)) or 0)
    headers = [_l("阶段", "Stage", lang), _l("当前商机", "Deals now", lang), _l("曾到达", "Reached", lang),
               _l("金额", "Amount", lang), _l("转化率", "Conversion", lang), _l("停留天数(中位)", "Median days", lang)]
    return Report("funnel", labels, {_l("到达该阶段的商机", "Deals reaching the stage", lang): counts},
                  headers, rows, _l(tpl.zh, tpl.en, lang))


def targets_report(*, rep: str | None = None, year: int | None = None, lang: str = "zh") -> Report:

    year = year or clock.today().year
    months = progress(rep, year)
    labels = [f"{m.month}{_l('月', '', lang)}" if lang == "zh" else f"{m.month:02d}" for m in months[:12]]
    series = {
        _l("销售指标", "Sales target", lang): [_yuan(m.sales_target) for m in months[:12]],
        _l("实际销售", "Sales", lang): [_yuan(m.sales) for m in months[:12]],
        _l("回款指标", "Collections target", lang): [_yuan(m.collections_target) for m in months[:12]],
        _l("实际回款", "Collected", lang): [_yuan(m.collected) for m in months[:12]],
    }
    headers = [_l("月份", "Month", lang), _l("销售指标", "Sales target", lang), _l("实际销售", "Sales", lang),
               _l("完成率", "Done", lang), _l("回款指标", "Collections target", lang),
               _l("实际回款", "Collected", lang), _l("完成率", "Done", lang)]
    rows = []
    for m, label in zip(months, labels + [_l("全年", "Year", lang)], strict=True):
        rows.append([label, format_money(m.sales_target), format_money(m.sales), percent(m.sales, m.sales_target),
                     format_money(m.collections_target), format_money(m.collected),
                     percent(m.collected, m.collections_target)])
    total = months[12]
    return Report("targets", labels, series, headers, rows,
                  f"{year} {rep or _l('全队', 'team', lang)}: {_l('销售', 'sales', lang)} "
                  f"{percent(total.sales, total.sales_target)}, {_l('回款', 'collections', lang)} "
                  f"{percent(total.collected, total.collections_target)}")


def coverage_report(*, rep: str | None = None, weeks: int = 4, as_of: _dt.date | None = None,
                    lang: str = "zh") -> Report:
    rows_in = coverage(weeks=weeks, rep=rep, as_of=as_of)
    by_grade: dict[str, list[int]] = {}
    for r in rows_in:
        g = by_grade.setdefault(r["grade"], [0, 0, 0, 0])
        g[0] += r["customers"]
        g[1] += r["due"]
        g[2] += r["done"]
        g[3] += r["missed_count"]
    grades = [g for g in ("A", "B", "C", "D") if g in by_grade]
    ratio = [round(100 * by_grade[g][2] / by_grade[g][1]) if by_grade[g][1] else 0 for g in grades]
    headers = [_l("业务员", "Rep", lang), _l("等级", "Grade", lang), _l("客户数", "Customers", lang),
               _l("应访", "Due", lang), _l("已访", "Done", lang), _l("覆盖率", "Coverage", lang),
               _l("漏访", "Missed", lang)]
    rows = [[r["rep"] or "-", r["grade"], r["customers"], r["due"], r["done"],
             "-" if r["ratio"] is None else f"{r['ratio'] * 100:.0f}%", r["missed_count"]] for r in rows_in]
    period = f"{rows_in[0]['from']} ~ {rows_in[0]['to']}" if rows_in else ""
    return Report("coverage", grades, {_l("覆盖率 %", "Coverage %", lang): ratio}, headers, rows, period)


def feedback_report(*, week: _dt.date | None = None, rep: str | None = None, lang: str = "zh") -> Report:

    start = monday_of(week or clock.today())
    end = start + _dt.timedelta(days=6)
    notes = list_notes(rep=rep, date_from=start, date_to=end, manager_view=True, limit=None)
    kinds = [k for k in notes_rules.KINDS]
    counts = {k.key: 0 for k in kinds}
    for n in notes:
        counts[n.kind] = counts.get(n.kind, 0) + 1
    labels = [_l(k.zh, k.en, lang) for k in kinds]
    headers = [_l("日期", "Date", lang), _l("类型", "Kind", lang), _l("状态", "Status", lang),
               _l("业务员", "Rep", lang), _l("客户", "Customer", lang), _l("标题", "Title", lang),
               _l("经理意见", "Manager's comment", lang)]
    rows = []
    for n in notes:
        k = notes_rules.kind_of(n.kind) if n.kind in notes_rules.KIND_KEYS else None
        s = notes_rules.status_of(n.status) if n.status in notes_rules.STATUS_KEYS else None
        last_comment = n.manager_comment.splitlines()[-1] if n.manager_comment else ""
        rows.append([n.written_on.isoformat(), _l(k.zh, k.en, lang) if k else n.kind,
                     _l(s.zh, s.en, lang) if s else n.status, n.rep, n.customer, n.title, last_comment])
    new = sum(1 for n in notes if n.status == "new")
    return Report("feedback", labels, {_l("条数", "Notes", lang): [counts[k.key] for k in kinds]}, headers, rows,
                  f"{start.isoformat()} ~ {end.isoformat()}: {len(notes)} {_l('条', 'notes', lang)}, "
                  f"{new} {_l('条未处理', 'new', lang)}")


REPORTS = {
    "aging": aging_report,
    "funnel": funnel_report,
    "targets": targets_report,
    "coverage": coverage_report,
    "feedback": feedback_report,
}


def build(key: str, *, rep: str | None = None, lang: str = "zh", **kwargs) -> Report:
    return REPORTS[key](rep=rep, lang=lang, **kwargs)

