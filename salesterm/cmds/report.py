"""salesterm report weekly [--week YYYY-MM-DD] [--rep NAME] [--out FILE.md]
salesterm report sales [--by product|category|customer|rep] [--month YYYY-MM | --period P] [--rep NAME] [--json]

The rep's weekly work report (个人工作周报) in Markdown: visits planned and done, new
customers, deals moved, money collected and still overdue, promises made and broken,
feedback sent, next week's plan. Without --rep: the team digest for the manager.

What sold (销售分析): sales by product, category, customer or rep (against target) for a month
(default: this month), a quarter (--period 2026-Q1) or a year (--period 2026), from the orders not
cancelled, net of returns (store/reports/sales).
"""
from __future__ import annotations

import sys

from salesterm.domain.dates import parse_date


def add_parser(sub) -> None:
    p = sub.add_parser("report", help="reports: the weekly work report (个人工作周报)")
    kinds = p.add_subparsers(dest="report_kind", metavar="KIND", required=True, parser_class=type(p))
    w = kinds.add_parser("weekly", help="a rep's weekly work report, or the team digest without --rep")
    w.add_argument("--week", metavar="YYYY-MM-DD", help="any day of the week (Monday..Sunday; default: today)")
    w.add_argument("--rep", dest="report_rep", metavar="NAME", help="whose report (default: the team digest)")
    w.add_argument("--out", metavar="FILE.md", help="write the Markdown to FILE instead of printing it")
    w.set_defaults(run=run_weekly)
    s = kinds.add_parser("sales", help="what sold: by product, category, customer or rep against target")
    s.add_argument("--by", choices=("product", "category", "customer", "rep"), default="product",
                   help="group by (default: product)")
    when = s.add_mutually_exclusive_group()
    when.add_argument("--month", metavar="YYYY-MM", help="the month (default: this month)")
    when.add_argument("--period", metavar="P", help="a month 2026-03, a quarter 2026-Q1 or a year 2026")
    s.add_argument("--rep", dest="report_rep", metavar="NAME", help="one rep's orders (default: the team)")
    s.add_argument("--json", action="store_true", help="print JSON (money as strings, as everywhere)")
    s.set_defaults(run=run_sales)


def _signed_by(database, given: str | None) -> str | None:
    """Whose report without --rep after `weekly`: a rep's login on a team server gets their own
    (a manager's gets the team digest, of their team); elsewhere the global --rep, if any."""
    from salesterm.store.team.identity import identity, session_rep

    me = identity(database)
    if me is not None and me.role == "rep":
        return me.rep
    return session_rep(database, given, explicit=True) if given else None


def run_weekly(args, ctx) -> int:
    from salesterm.store.reports.weekly import save_markdown, weekly_markdown

    week = parse_date(args.week) if args.week else ctx.today
    database = ctx.open_db()
    with database.connection_context():
        rep = args.report_rep or _signed_by(database, getattr(args, "rep", None))
        text = weekly_markdown(week, rep=rep, lang=ctx.lang)
    if args.out:  # a file that is read with cat as often as in an editor: no raw control characters either
        from salesterm.domain.safe_text import escaped

        dest = save_markdown(args.out, escaped(text))
        print(f"{dest}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_sales(args, ctx) -> int:
    import json

    from salesterm.domain import sales as rules
    from salesterm.store.reports.sales import sales_json, sales_report

    if args.month:
        period = rules.parse_period(args.month)
        if period.kind != "month":
            from salesterm.domain.errors import UserError

            raise UserError("sales.bad_period", period=args.month)
    elif args.period:
        period = rules.parse_period(args.period)
    else:
        period = rules.period_of("month", ctx.today)
    database = ctx.open_db()
    with database.connection_context():
        rep = args.report_rep or _signed_by(database, getattr(args, "rep", None))
        if args.json:
            print(json.dumps(sales_json(args.by, period, rep), ensure_ascii=False))
            return 0
        report = sales_report(args.by, period, rep=rep, lang=ctx.lang, top=0)
    from salesterm.cmds.textable import print_table

    print(report.note)
    print_table(report.headers, [[str(c) for c in row] for row in report.rows],
                right=set(range(1, len(report.headers))))
    return 0
