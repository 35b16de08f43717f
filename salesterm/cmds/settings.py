"""salesterm settings [KEY VALUE] [--json]: the team's settings (synced to every laptop).

receivables_source: orders (a delivery creates its receivable) or import (receivables come from
the accounting system's import, linked to their orders by number; a delivery creates none).
"""
from __future__ import annotations

from salesterm.cmds.context import print_json


def add_parser(sub) -> None:
    p = sub.add_parser("settings", help="show the team's settings, or set one (KEY VALUE)")
    p.add_argument("key", nargs="?", metavar="KEY", help="receivables_source")
    p.add_argument("value", nargs="?", metavar="VALUE", help="orders or import")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run)


def run(args, ctx) -> int:
    from salesterm.domain.errors import UserError
    from salesterm.i18n import _
    from salesterm.store.orders import settings

    db = ctx.open_db()
    if args.key is not None:
        if args.key != settings.RECEIVABLES_SOURCE:
            raise UserError("settings.unknown_key", key=args.key, keys=settings.RECEIVABLES_SOURCE)
        if args.value is None:
            raise UserError("settings.value_missing", key=args.key, choices=", ".join(settings.SOURCES))
        settings.set_receivables_source(args.value)
    with db.atomic():
        current = {settings.RECEIVABLES_SOURCE: settings.receivables_source()}
    if args.json:
        print_json(current)
        return 0
    what = {"orders": _("a delivery creates its receivable"),
            "import": _("receivables come from the accounting system's import, linked to their orders by number")}
    for key, value in current.items():
        print(f"{key} = {value}  ({what[value]})")
    return 0
