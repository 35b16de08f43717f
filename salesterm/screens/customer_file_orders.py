"""The customer file's Orders tab: the customer's orders with their status, total and what is
still owed on them (store/orders/listing), newest first."""
from __future__ import annotations

from rich.text import Text

from salesterm.i18n import _
from salesterm.widgets import order_text


def customer_orders(customer_id: str) -> list[dict]:
    from salesterm.store.orders.listing import list_orders

    return list_orders(customer_id=customer_id, limit=500)


def order_rows(orders: list[dict]):
    columns = [_("Number"), _("Date"), _("Status"), _("Total"), _("Receivable"), _("Products")]
    rows = []
    for o in orders:
        products = "、".join(x["product"] for x in o["lines"][:3]) + ("…" if len(o["lines"]) > 3 else "")
        rows.append((o["id"], [Text(o["number"]), o["date"].isoformat(), order_text.status_cell(o["status"]),
                               Text(order_text.yuan(o["total"]), justify="right"),
                               Text(order_text.yuan(o["receivable"]), justify="right"), Text(products)]))
    return columns, rows
