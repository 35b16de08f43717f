"""salesterm handover --from REP --to REP [--query Q] [--reason TEXT] [--json]: move customers
(客户交接) from one rep to another: all of FROM's, or those the customers list's search syntax
Q matches (等级:A 城市:广州 ...). Open deals, planned visits, open promises and the collection
follow; history stays; the handover is recorded."""
from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("handover", help="move customers from one rep to another (客户交接)")
    p.add_argument("--from", dest="from_rep", required=True, metavar="REP", help="the rep handing over")
    p.add_argument("--to", dest="to_rep", required=True, metavar="REP", help="the rep taking over")
    p.add_argument("--query", metavar="Q", default="", help="only the customers this search matches "
                                                         "(the customers list's syntax, e.g. 等级:A)")
    p.add_argument("--reason", metavar="TEXT", default="", help="why (kept with the handover)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run)


def run(args, ctx) -> int:
    from salesterm.cmds.context import print_json
    from salesterm.i18n import _, counted
    from salesterm.store.team.handover import hand_over

    db = ctx.open_db()
    with db.connection_context():
        result = hand_over(args.to_rep, from_rep=args.from_rep, query=args.query, reason=args.reason,
                           done_by=ctx.rep or "")
    if args.json:
        print_json(result.to_json())
        return 0
    print(_("Handed over {customers} from {source} to {target}.",
            customers=counted(len(result.customers), "{n} customer", "{n} customers"),
            source=result.from_rep, target=result.to_rep))
    print(_("Followed: {deals} open deals, {visits} planned visits, {promises} open promises, "
            "{collections} collection assignments.", deals=result.deals, visits=result.visits,
            promises=result.promises, collections=result.collections))
    for name in result.customers:
        print(f"  {name}")
    return 0
