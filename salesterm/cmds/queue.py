"""salesterm queue [--rep NAME] [--limit N] [--json]: the collection queue, most urgent first."""
from __future__ import annotations

from salesterm.cmds.context import print_json
from salesterm.cmds.options import LARGEST, whole_number


def add_parser(sub) -> None:
    p = sub.add_parser("queue", help="the collection queue, most urgent first, with reasons")
    p.add_argument("--rep", dest="queue_rep", metavar="NAME", help="only this rep's customers")
    p.add_argument("--limit", type=whole_number(0, LARGEST, command_checks_low=True), metavar="N",
                   help="at most N rows")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run)


def ladder(ctx):
    from salesterm.domain import followup

    return followup.parse_ladder(ctx.config.get("collections.ladder"))


def run(args, ctx) -> int:
    from salesterm.domain.errors import UserError
    from salesterm.domain.money import format_money
    from salesterm.i18n import _
    from salesterm.store.ledger import queue

    if args.limit is not None and args.limit < 0:
        raise UserError("queue.limit_negative")
    steps = ladder(ctx)
    db = ctx.open_db()
    with db.atomic():
        rows = queue.queue_rows(rep=args.queue_rep, limit=args.limit, ladder=steps)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        print(_("Nothing to collect: no customer has money overdue."))
        return 0
    from salesterm.cmds.textable import print_table

    print_table(
        [_("Priority"), _("Customer"), _("Rep"), _("Balance"), _("Days"), _("Slips"),
         _("Best time"), _("Reasons")],
        [[str(r.priority), r.customer, r.rep, format_money(r.balance), str(r.days_overdue),
          str(r.slips), r.best.text(ctx.today, _), "; ".join(r.reason_texts(_))] for r in rows],
        right={0, 3, 4, 5},
    )
    return 0
