"""salesterm report weekly [--week YYYY-MM-DD] [--rep NAME] [--out FILE.md]

The rep's weekly work report (个人工作周报) in Markdown: visits planned and done, new
customers, deals moved, money collected and still overdue, promises made and broken,
feedback sent, next week's plan. Without --rep: the team digest for the manager.
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


def run_weekly(args, ctx) -> int:
    from salesterm.store.reports.weekly import save_markdown, weekly_markdown

    week = parse_date(args.week) if args.week else ctx.today
    rep = args.report_rep or getattr(args, "rep", None)
    database = ctx.open_db()
    with database.connection_context():
        text = weekly_markdown(week, rep=rep, lang=ctx.lang)
    if args.out:  # a file that is read with cat as often as in an editor: no raw control characters either
        from salesterm.domain.safe_text import escaped

        dest = save_markdown(args.out, escaped(text))
        print(f"{dest}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
