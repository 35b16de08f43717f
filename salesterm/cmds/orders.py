"""salesterm orders [--rep NAME] [--status S] [--json]: orders with their lines, newest first."""
from __future__ import annotations

from salesterm.cmds.context import print_json
from salesterm.cmds.options import LARGEST, whole_number


def add_parser(sub) -> None:
    p = sub.add_parser("orders", help="sales orders with their lines, newest first")
    p.add_argument("--rep", dest="orders_rep", metavar="NAME", help="only this rep's orders")
    p.add_argument("--status", metavar="S",
                   help="placed, shipped, partial, delivered or cancelled (or 已下单 ... 已取消)")
    p.add_argument("--limit", type=whole_number(1, LARGEST), metavar="N", help="at most N orders")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run)


def to_json(order: dict) -> dict:
    """An order of store/orders/listing as DESIGN.md's JSON: money as strings, dates ISO."""
    from salesterm.domain.money import fen_to_json

    out = dict(order)
    out["date"] = order["date"].isoformat()
    for key in ("total", "receivable", "billed"):
        out[key] = fen_to_json(order[key])
    out["lines"] = [{**line, "price": fen_to_json(line["price"]), "amount": fen_to_json(line["amount"]),
                     "list_price": fen_to_json(line["list_price"])} for line in order["lines"]]
    return out


def _lines_text(order: dict) -> str:
    return "; ".join(f"{line['product']} {line['typed_qty']}{line['typed_unit']}" for line in order["lines"])


def run(args, ctx) -> int:
    from salesterm.domain import order_rules
    from salesterm.domain.money import format_money
    from salesterm.i18n import _
    from salesterm.store.orders import listing

    db = ctx.open_db()
    with db.atomic():
        rows = listing.list_orders(rep=args.orders_rep, status=args.status, limit=args.limit)
    if args.json:
        print_json([to_json(o) for o in rows])
        return 0
    if not rows:
        print(_("No orders."))
        return 0
    from salesterm.cmds.textable import print_table
    from salesterm.i18n import label

    def status(o: dict) -> str:
        words = order_rules.status_label(o["status"])
        held = _("held") if o["held"] else (_("price waits") if o["price_approval"] == "waiting" else "")
        text = label(words.zh, words.en)
        return f"{text} ({held})" if held else text

    print_table(
        [_("Number"), _("Date"), _("Customer"), _("Rep"), _("Status"), _("Order total"), _("Owed"), _("Lines")],
        [[o["number"], o["date"].isoformat(), o["customer"], o["rep"], status(o), format_money(o["total"]),
          format_money(o["receivable"]), _lines_text(o)] for o in rows],
        right={5, 6},
    )
    return 0
