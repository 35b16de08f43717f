"""salesterm aging [--by customer|rep] [--ranges 30,60,90] [--json]: receivables aging."""
from __future__ import annotations

from salesterm.cmds.context import print_json


def add_parser(sub) -> None:
    p = sub.add_parser("aging", help="receivables aging by days past the due date, exact to the fen")
    p.add_argument("--by", choices=["customer", "rep"], default="customer")
    p.add_argument("--ranges", default="30,60,90", metavar="30,60,90",
                   help="bucket edges in days (default 30,60,90)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run)


def run(args, ctx) -> int:
    from salesterm.domain.aging import parse_ranges
    from salesterm.domain.money import format_money
    from salesterm.i18n import _
    from salesterm.store.ledger import aging

    ranges = parse_ranges(args.ranges)
    ctx.open_db()
    report = aging.aging(by=args.by, ranges=ranges, as_of=ctx.today)
    if args.json:
        print_json(aging.to_json(report))
        return 0
    from salesterm.cmds.textable import print_table

    names = report["buckets"]
    heads = [_("Customer") if args.by == "customer" else _("Rep")]
    heads += [_("not due") if n == "not_due" else n for n in names] + [_("Total")]
    rows = [[r["key"]] + [format_money(r[n]) for n in names] + [format_money(r["total"])]
            for r in report["rows"]]
    t = report["totals"]
    rows.append([_("Total")] + [format_money(t[n]) for n in names] + [format_money(t["total"])])
    print(_("Aging as of {day}").format(day=report["as_of"]))
    print_table(heads, rows, right=set(range(1, len(heads))))
    return 0
