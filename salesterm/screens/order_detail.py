"""One order (订单详情): its lines (price, where it came from, promotion, delivered and returned),
its deliveries, returns, receivables, the manager's price decisions, the credit hold and the
complaints; and the keys that move it (store/orders/lifecycle, returns):

`s` ship (已发货), `d` deliver everything (已签收), `p` deliver part (per-line quantities: 部分签收),
`c` cancel with a reason, `t` return or exchange goods of the chosen line, `n` a complaint about
the order; a manager: `a` approve the price below the floor, `f` refuse it, `h` release the credit
hold. Dismisses with True when anything was written (the list reloads)."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from salesterm import clock
from salesterm.domain import order_rules
from salesterm.domain.errors import UserError
from salesterm.i18n import _, error_text, label
from salesterm.screens.base import SectionScreen
from salesterm.widgets import order_text
from salesterm.widgets.session import current_rep

RETURN_KIND_LABELS = {"return": ("退货", "Return"), "exchange": ("换货", "Exchange")}


def _load(order_id: str, rep: str | None):
    """The order, and whether REP may decide prices and release holds (a manager or an admin)."""
    from salesterm.store import reps
    from salesterm.store.orders.lifecycle import get_order
    from salesterm.store.orders.listing import order_detail

    who = reps.lookup(rep) if rep else None
    detail = order_detail(order_id)
    # the holds as messages, shown in the user's language (the listing gives their English text)
    detail["hold_messages"] = order_rules.hold_messages(get_order(order_id).credit_hold)
    return detail, who is not None and who.role in ("manager", "admin")


def _attempt(fn, *args, **kwargs):
    """(True, '') done, or (False, why not) for the status line."""
    try:
        fn(*args, **kwargs)
        return True, ""
    except UserError as exc:
        return False, error_text(exc)


def line_columns() -> list[str]:
    return [_("Product"), _("Quantity"), _("Price"), _("Amount"), _("Price from"), _("Promotion"), _("Delivered"),
            _("Returned")]


def line_rows(order: dict) -> list[tuple[str, list[Text]]]:
    rows = []
    for x in order["lines"]:
        name = Text(x["product"])
        if x["below_floor"]:
            name.append(" !", style="bold red")
        rows.append((x["id"], [
            name, Text(order_text.qty_text(x["typed_qty"], x["typed_unit"], x["qty"], x["unit"])),
            Text(order_text.yuan(x["price"])), Text(order_text.yuan(x["amount"]), justify="right"),
            Text(order_text.source_text(x["price_source"])),
            Text(order_text.promotion_text(x["promotion"], x["free_qty"], x["unit"])),
            Text(f"{x['delivered']}{x['unit']}"),
            Text(f"{x['returned'] + x['exchanged']}{x['unit']}" if x["returned"] or x["exchanged"] else ""),
        ]))
    return rows


def head_text(o: dict) -> Text:
    t = Text()
    t.append(o["number"], style="bold")
    t.append("  ")
    t.append(o["customer"], style="bold")
    t.append(f"   {o['date'].isoformat()}   {o['rep'] or '—'}   ")
    t.append_text(order_text.status_cell(o["status"]))
    t.append("\n" + _("Total") + f" ¥{order_text.yuan(o['total'])}   ")
    t.append(_("Billed") + f" ¥{order_text.yuan(o['billed'])}   ")
    t.append(_("Still owed") + f" ¥{order_text.yuan(o['receivable'])}")
    if o["status"] == order_rules.CANCELLED and o["cancel_reason"]:
        t.append("\n" + _("Cancelled: "), style="bold")
        t.append(o["cancel_reason"])
    if o["held"] and o["status"] != order_rules.CANCELLED:
        for why in o.get("hold_messages", o["credit_hold"]):
            t.append("\n" + _("Credit hold: "), style="bold red")
            t.append(error_text(why))
        t.append("\n" + _("Waits for the manager to release it before it ships."), style="dim")
    elif o.get("released_by"):
        t.append("\n" + _("Credit hold released by {who}", who=o["released_by"]), style="green")
    approval = o["price_approval"]
    if approval == "waiting" and o["status"] != order_rules.CANCELLED:
        t.append("\n" + _("A price below the floor waits for the manager's approval."), style="bold yellow")
    elif approval == "refused":
        t.append("\n" + _("The manager refused the price below the floor."), style="bold red")
    elif approval == "approved":
        t.append("\n" + _("The manager approved the price below the floor."), style="green")
    if o["note"]:
        t.append("\n" + _("Order note: "), style="bold")
        t.append(o["note"])
    return t


def history_text(o: dict) -> Text:
    """Deliveries, returns, receivables, price decisions and complaints, each under a heading."""
    names = {x["id"]: x["product"] for x in o["lines"]}
    units = {x["id"]: x["unit"] for x in o["lines"]}
    t = Text()

    def heading(title: str) -> None:
        t.append(("\n" if t.plain else "") + title + "\n", style="bold underline")

    if o["deliveries"]:
        heading(_("Deliveries"))
        for d in o["deliveries"]:
            t.append(f"{d['day'].isoformat()}  ")
            t.append(names.get(d["line_id"], ""))
            t.append(f"  {d['qty']}{units.get(d['line_id'], '')}  {order_text.status_text(d['stage'])}\n")
    if o["returns"]:
        heading(_("Returns and exchanges"))
        for r in o["returns"]:
            words = RETURN_KIND_LABELS.get(r["kind"], (r["kind"], r["kind"]))
            t.append(f"{r['day'].isoformat()}  {label(*words)}  ")
            t.append(names.get(r["line_id"], ""))
            t.append(f"  {r['qty']}{units.get(r['line_id'], '')}  ¥{order_text.yuan(r['amount'])}  ")
            t.append(r["reason"])
            t.append("\n")
    if o["receivable_rows"]:
        heading(_("Receivables"))
        for r in o["receivable_rows"]:
            t.append(f"{r['number']}  {r['issued'].isoformat()}  {_('due')} {r['due'].isoformat()}  "
                     f"¥{order_text.yuan(r['amount'])}  {_('paid')} ¥{order_text.yuan(r['paid'])}\n")
    if o["approvals"]:
        heading(_("Price decisions"))
        for a in o["approvals"]:
            word = _("approved the price") if a["decision"] == "approved" else _("refused the price")
            t.append(f"{str(a['at'])[:16]}  {a['rep'] or '—'}  {word}  ")
            t.append(a["note"] or "")
            t.append("\n")
    if o["complaints"]:
        heading(_("Complaints"))
        for n in o["complaints"]:
            t.append(f"{n['day'].isoformat()}  ")
            t.append(n["body"] or n["title"])
            t.append("\n")
    return t


class OrderDetailScreen(SectionScreen):
    SECTION = "pipeline"
    DEFAULT_CSS = """
    OrderDetailScreen #order-head { height: auto; padding: 0 1; }
    OrderDetailScreen #order-detail-lines { height: auto; max-height: 12; }
    OrderDetailScreen #order-history-scroll { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back", id="order.close"),
        Binding("s", "ship", "Ship", id="order.ship"),
        Binding("d", "deliver", "Deliver all", id="order.deliver"),
        Binding("p", "deliver_part", "Deliver part", id="order.deliver_part"),
        Binding("c", "cancel", "Cancel order", id="order.cancel"),
        Binding("t", "return_line", "Return/exchange", id="order.return"),
        Binding("n", "complaint", "Complaint", id="order.complaint"),
        Binding("a", "approve", "Approve price", id="order.approve"),
        Binding("f", "refuse", "Refuse price", id="order.refuse"),
        Binding("h", "release", "Release hold", id="order.release"),
        Binding("x", "export", "Export", id="order.export", show=False),
    ]

    def __init__(self, order_id: str) -> None:
        super().__init__()
        self.order_id = order_id
        self.order: dict | None = None
        self.manager = False
        self.changed = False

    def compose_body(self):
        yield Static(_("Loading…"), id="order-head", markup=False)
        yield DataTable(id="order-detail-lines", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="order-history-scroll"):
            yield Static("", id="order-history", markup=False)

    def on_mount(self) -> None:
        self.query_one("#order-detail-lines", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self.db(_load, self.order_id, current_rep(self), then=self._show, group="order-detail")

    def _show(self, answer) -> None:
        if not self.is_attached:
            return
        self.order, self.manager = answer
        o = self.order
        self.query_one("#order-head", Static).update(head_text(o))
        table = self.query_one("#order-detail-lines", DataTable)
        keep = table.cursor_row
        order_text.fill_table(table, line_columns(), line_rows(o))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.query_one("#order-history", Static).update(history_text(o))
        self.refresh_bindings()

    # ---- which keys apply --------------------------------------------------------------------
    def check_action(self, action: str, parameters) -> bool | None:
        o = self.order
        if action in ("close", "export") or action.startswith(("app.", "screen.")):
            return True
        if o is None:
            return action not in {b.action.split("(")[0] for b in self.BINDINGS}
        status = o["status"]
        waiting = o["held"] or o["price_approval"] in ("waiting", "refused")
        transitions = order_rules.TRANSITIONS
        moves = transitions.get(status, ())
        if action == "ship":
            return order_rules.SHIPPED in moves and not waiting
        if action in ("deliver", "deliver_part"):
            return order_rules.DELIVERED in moves and not waiting
        if action == "cancel":
            return order_rules.CANCELLED in moves
        if action == "return_line":
            return order_rules.can_return(status)
        if action in ("approve", "refuse"):
            return self.manager and o["price_approval"] == "waiting" and status != order_rules.CANCELLED  # once
        if action == "release":
            return self.manager and o["held"] and status != order_rules.CANCELLED
        return True

    # ---- actions -----------------------------------------------------------------------------
    def _run(self, fn, *args, done: str, **kwargs) -> None:
        def answered(result) -> None:
            ok, why = result
            if ok:
                self.changed = True
                self.notify(done, markup=False)
                self.reload()
            else:
                self.notify(why, severity="warning", markup=False)

        self.db(_attempt, fn, *args, then=answered, group="order-write", **kwargs)

    def action_close(self) -> None:
        self.dismiss(self.changed)

    def action_ship(self) -> None:
        from salesterm.store.orders import lifecycle

        self._run(lifecycle.ship, self.order_id, clock.today(), done=_("Shipped"))

    def action_deliver(self) -> None:
        from salesterm.store.orders import lifecycle

        self._run(lifecycle.deliver, self.order_id, clock.today(), done=_("Delivered"))

    def action_deliver_part(self) -> None:
        from salesterm.screens.forms.order_actions import DeliverLinesScreen
        from salesterm.store.orders import lifecycle

        def typed(quantities) -> None:
            if quantities:
                self._run(lifecycle.deliver, self.order_id, clock.today(), quantities, done=_("Delivery recorded"))

        if self.order is not None:
            self.app.push_screen(DeliverLinesScreen(self.order), typed)

    def action_cancel(self) -> None:
        from salesterm.screens.forms.prompt import TextPrompt
        from salesterm.store.orders import lifecycle

        def typed(reason) -> None:
            if reason:
                self._run(lifecycle.cancel, self.order_id, reason, done=_("Order cancelled"))

        self.app.push_screen(TextPrompt(_("Cancel the order: the reason"), required=True,
                                        placeholder=_("why the order is cancelled")), typed)

    def _line(self) -> dict | None:
        table = self.query_one("#order-detail-lines", DataTable)
        if self.order is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((x for x in self.order["lines"] if x["id"] == key), None)

    def action_return_line(self) -> None:
        from salesterm.screens.forms.order_actions import ReturnLineScreen
        from salesterm.store.orders import returns

        line = self._line()
        if line is None:
            return

        def typed(answer) -> None:
            if answer:
                qty, kind, reason = answer
                self._run(returns.return_goods, line["id"], qty, reason, clock.today(), kind=kind,
                          done=_("Return recorded") if kind == "return" else _("Exchange recorded"))

        self.app.push_screen(ReturnLineScreen(line), typed)

    def action_complaint(self) -> None:
        from salesterm.screens.forms.prompt import TextPrompt
        from salesterm.store.orders.complaints import add_complaint

        def typed(body) -> None:
            if body:
                self._run(add_complaint, self.order_id, body, rep=current_rep(self), day=clock.today(),
                          done=_("Complaint recorded"))

        self.app.push_screen(TextPrompt(_("A complaint about the order"), required=True,
                                        placeholder=_("what the customer complains about")), typed)

    def _decide(self, decision: str) -> None:
        from salesterm.screens.forms.prompt import TextPrompt
        from salesterm.store.orders import lifecycle

        def typed(note) -> None:
            if note is not None:
                self._run(lifecycle.decide_price, self.order_id, current_rep(self), decision, note=note,
                          done=_("Price approved") if decision == "approved" else _("Price refused"))

        title = _("Approve the price below the floor: a note (optional)") if decision == "approved" else \
            _("Refuse the price below the floor: a note (optional)")
        self.app.push_screen(TextPrompt(title), typed)

    def action_approve(self) -> None:
        self._decide("approved")

    def action_refuse(self) -> None:
        self._decide("refused")

    def action_release(self) -> None:
        from salesterm.screens.forms.prompt import TextPrompt
        from salesterm.store.orders import lifecycle

        def typed(note) -> None:
            if note is not None:
                self._run(lifecycle.release, self.order_id, current_rep(self), note=note,
                          done=_("Credit hold released"))

        self.app.push_screen(TextPrompt(_("Release the credit hold: a note (optional)")), typed)

    def action_export(self) -> None:
        from salesterm.screens.forms.export_prompt import export_view

        export_view(self, self.order["number"] if self.order else "order")
