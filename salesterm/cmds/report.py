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
