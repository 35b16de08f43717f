"""salesterm audit CUSTOMER [--json]: who changed what on a customer, field by field, on a team
server (store/team/audit.py). CUSTOMER is an id, a code, a name or a search."""
from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("audit", help="who changed what on a customer, field by field (team server)")
    p.add_argument("customer", metavar="CUSTOMER", help="the customer's id, code or name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run)


def run(args, ctx) -> int:
    from salesterm.cmds.context import print_json
    from salesterm.cmds.textable import print_table
    from salesterm.domain.errors import UserError
    from salesterm.i18n import _
    from salesterm.store.team import audit

    db = ctx.open_db()
    with db.connection_context():
        if not audit.kept(db):
            raise UserError("team.needs_postgresql")
        customer = audit.find_customer(args.customer)
        trail = audit.entries(customer.id)
    if args.json:
        print_json([e.to_json() for e in trail])
        return 0
    print(_("Audit trail of {name}", name=customer.name))
    if not trail:
        print(_("No changes recorded."))
        return 0
    print_table([_("When"), _("Login"), _("Source"), _("Table"), _("Field"), _("Old → new")],
                [[e.at.strftime("%Y-%m-%d %H:%M:%S"), e.login, _(e.source), e.table,
                  e.field or _(e.action), _change(e)] for e in trail])
    return 0


def _change(e) -> str:
    def short(value) -> str:
        text = "—" if value in (None, "") else " ".join(str(value).split())
        return text if len(text) <= 50 else text[:49] + "…"

    if e.action == "update":
        return f"{short(e.old)} → {short(e.new)}"
    return short(e.new if e.action == "insert" else e.old)
