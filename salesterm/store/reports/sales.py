"""What sold (销售分析): sales by product, category, customer or rep for a month, quarter or year,
from the order lines of orders not cancelled, net of returns; by rep against the rep's target.
The rules (what counts, delivered amounts, which figure the target compares) are in
domain/sales; this module reads the rows and builds the `Report` the reports section shows,
`salesterm report sales` prints and both export.

An order counts for the rep written on it, else the customer's rep, as everywhere else.
"""
from __future__ import annotations

from collections import defaultdict

from peewee import JOIN, fn

from salesterm.domain import order_rules
from salesterm.domain import sales as rules
from salesterm.domain.money import fen_to_json, format_money
from salesterm.domain.targets import percent
from salesterm.store.models import (
    Customer,
    OrderDelivery,
    OrderLine,
    OrderReturn,
    Product,
    Rep,
    SalesOrder,
    Target,
)
from salesterm.store.reports import Report
from salesterm.store.reps import find_rep

CANCELLED = order_rules.CANCELLED


def _l(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def line_facts(period: rules.Period, rep: str | None = None) -> list[rules.LineFact]:
    """The order lines of PERIOD's orders not cancelled (of REP's orders when given)."""
    rep_ids = [find_rep(rep).id] if rep else None
    owner = fn.COALESCE(SalesOrder.rep, Customer.rep)
    q = (OrderLine.select(OrderLine.id, OrderLine.qty, OrderLine.amount, SalesOrder.id.alias("oid"),
                          Product.name.alias("pname"), Product.spec.alias("pspec"),
                          Product.category.alias("pcat"), Customer.name.alias("cname"),
                          Rep.name.alias("rname"))
         .join(SalesOrder, on=(OrderLine.order == SalesOrder.id))
         .join(Customer, on=(SalesOrder.customer == Customer.id))
         .join(Rep, JOIN.LEFT_OUTER, on=(Rep.id == owner))
         .join_from(OrderLine, Product, on=(OrderLine.product == Product.id))
         .where(OrderLine.deleted_at.is_null() & SalesOrder.deleted_at.is_null()
                & (SalesOrder.status != CANCELLED)
                & (SalesOrder.day >= period.start) & (SalesOrder.day <= period.end)))
    if rep_ids is not None:
        q = q.where(owner.in_(rep_ids))
    lines = list(q.dicts())
    delivered, returned_qty, returned = _per_line(period, rep_ids)
    out = []
    for r in lines:
        product = f"{r['pname']} {r['pspec']}".strip()
        keys = {"product": product, "category": r["pcat"] or "", "customer": r["cname"], "rep": r["rname"] or ""}
        out.append(rules.LineFact(keys, r["qty"], r["amount"], delivered.get(r["id"], 0),
                                  returned_qty.get(r["id"], 0), returned.get(r["id"], 0), r["oid"]))
    return out


def _per_line(period: rules.Period, rep_ids):
    """Units delivered, units returned and the returns' credit, by order line, for PERIOD's orders."""
    owner = fn.COALESCE(SalesOrder.rep, Customer.rep)

    def scoped(model, *fields):
        q = (model.select(model.order_line, *fields)
             .join(SalesOrder, on=(model.order == SalesOrder.id))
             .join(Customer, on=(SalesOrder.customer == Customer.id))
             .where(model.deleted_at.is_null() & (SalesOrder.status != CANCELLED)
                    & (SalesOrder.day >= period.start) & (SalesOrder.day <= period.end)))
        if rep_ids is not None:
            q = q.where(owner.in_(rep_ids))
        return q.group_by(model.order_line)

    delivered = {r.order_line_id: int(r.n or 0) for r in scoped(
        OrderDelivery, fn.SUM(OrderDelivery.qty).alias("n")).where(OrderDelivery.stage == "delivered")}
    returned_qty: dict[str, int] = defaultdict(int)
    returned: dict[str, int] = defaultdict(int)
    for r in scoped(OrderReturn, fn.SUM(OrderReturn.qty).alias("n"), fn.SUM(OrderReturn.amount).alias("a")) \
            .where(OrderReturn.kind == "return"):
        returned_qty[r.order_line_id] += int(r.n or 0)
        returned[r.order_line_id] += int(r.a or 0)
    return delivered, returned_qty, returned


def _targets(period: rules.Period, rep: str | None) -> dict[str, int]:
    """Each rep's sales target for PERIOD: the target's months in it, summed."""
    q = (Target.select(Rep.name, fn.SUM(Target.sales).alias("s")).join(Rep, on=(Target.rep == Rep.id))
         .where(Target.deleted_at.is_null() & (Target.year == period.year) & Target.month.in_(list(period.months))))
    if rep:
        q = q.where(Target.rep == find_rep(rep).id)
    return {r.rep.name: int(r.s or 0) for r in q.group_by(Rep.name)}


def sales_rows(by: str, period: rules.Period, rep: str | None = None) -> list[rules.SalesRow]:
    rows = rules.aggregate(line_facts(period, rep), by)
    if by == "rep":
        targets = _targets(period, rep)
        found = {r.key for r in rows}
        rows += [rules.SalesRow(name) for name in sorted(targets) if name not in found]
        for r in rows:
            r.target = targets.get(r.key, 0)
    return rows


HEADERS = {
    "product": ("商品", "Product"),
    "category": ("品类", "Category"),
    "customer": ("客户", "Customer"),
    "rep": ("业务员", "Rep"),
}


def period_label(period: rules.Period, lang: str) -> str:
    if lang != "zh":
        return period.name
    if period.kind == "month":
        return f"{period.year}年{period.number}月"
    if period.kind == "quarter":
        return f"{period.year}年第{period.number}季度"
    return f"{period.year}年"


def sales_report(by: str = "product", period: rules.Period | None = None, *, rep: str | None = None,
                 lang: str = "zh", top: int = 12) -> Report:
    """The table (every group, then the total) and a chart of the TOP groups' delivered and
    ordered amounts (万元 in Chinese, yuan in English)."""
    from salesterm import clock

    period = period or rules.period_of("month", clock.today())
    rows = sales_rows(by, period, rep)
    total = rules.totals(rows)
    headers = [_l(*HEADERS[by], lang), _l("订单数", "Orders", lang), _l("数量", "Units", lang),
               _l("订货金额", "Ordered", lang), _l("签收金额", "Delivered", lang), _l("退货", "Returned", lang)]
    if by == "rep":
        headers += [_l("销售指标", "Target", lang), _l("完成率(签收)", "Done (delivered)", lang)]

    def cells(r: rules.SalesRow, name: str) -> list:
        out = [name, r.orders, r.qty, format_money(r.ordered), format_money(r.delivered), format_money(r.returned)]
        if by == "rep":
            out += [format_money(r.target or 0), percent(r.delivered, r.target or 0)]
        return out

    table = [cells(r, r.key) for r in rows]
    table.append(cells(total, _l("合计", "Total", lang)))
    shown = rows[:top]
    unit = _l("万元", "yuan", lang)
    series = {
        f"{_l('签收', 'Delivered', lang)} ({unit})": [rules.short_amount(r.delivered, lang) for r in shown],
        f"{_l('订货', 'Ordered', lang)} ({unit})": [rules.short_amount(r.ordered, lang) for r in shown],
    }
    if by == "rep":
        series[f"{_l('指标', 'Target', lang)} ({unit})"] = [rules.short_amount(r.target or 0, lang) for r in shown]
    note = (f"{period_label(period, lang)} ({period.start.isoformat()} ~ {period.end.isoformat()}) · "
            f"{_l('订货', 'ordered', lang)} ¥{format_money(total.ordered)} · "
            f"{_l('签收', 'delivered', lang)} ¥{format_money(total.delivered)} · "
            + _l("已扣退货，不含已取消订单；指标按签收金额比较",
                 "net of returns, cancelled orders left out; targets compare the delivered amount", lang))
    return Report(f"sales-{by}", [r.key for r in shown] if rows else [], series if rows else {}, headers, table, note)


def sales_json(by: str, period: rules.Period, rep: str | None = None) -> dict:
    """`salesterm report sales --json`: money as strings with two decimals, as in every JSON shape."""
    rows = sales_rows(by, period, rep)
    total = rules.totals(rows)

    def one(r: rules.SalesRow) -> dict:
        out = {"key": r.key, "orders": r.orders, "qty": r.qty, "ordered": fen_to_json(r.ordered),
               "delivered": fen_to_json(r.delivered), "returned": fen_to_json(r.returned)}
        if by == "rep":
            out["target"] = fen_to_json(r.target or 0)
        return out

    return {"by": by, "period": period.name, "from": period.start.isoformat(), "to": period.end.isoformat(),
            "rep": rep, "rows": [one(r) for r in rows], "total": one(total) | {"key": ""}}
