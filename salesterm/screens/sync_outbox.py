"""The outbox (F6, or a click on the sync state in the section bar): every change on this laptop
not yet on the team server, one row per changed field (table, customer, field, old -> new, when),
the ones the server rejected first with its reason. `d` discards a rejected change (confirmed);
F5 syncs now, F7 opens the conflicts."""
from __future__ import annotations

import json

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, Static

from salesterm.i18n import _, counted, label, language
from salesterm.screens.base import SectionScreen

table_names = {
    "rep": ("业务员", "rep"), "customer": ("客户", "customer"), "contact": ("联系人", "contact"),
    "deal": ("商机", "deal"), "deal_stage_change": ("阶段变更", "stage change"), "script": ("话术", "script"),
    "script_revision": ("话术修订", "script revision"), "visit": ("拜访", "visit"),
    "visit_correction": ("拜访更正", "visit correction"), "script_use": ("话术使用", "script use"),
    "trade_line": ("交易", "trade line"), "receivable": ("应收", "receivable"), "payment": ("回款", "payment"),
    "payment_allocation": ("冲抵", "allocation"), "promise": ("承诺", "promise"),
    "collection_attempt": ("催收", "attempt"), "note": ("反馈", "note"), "target": ("目标", "target"),
    "weekly_note": ("周报", "weekly note"), "customer_merge": ("合并", "merge"),
    "sync_conflict": ("冲突", "conflict"), "sales_order": ("订单", "order"),
    "price_approval": ("价格审批", "price decision"),
}
kind_names = {"insert": ("新增", "new"), "update": ("修改", "edit"), "delete": ("删除", "delete")}


def table_label(table: str) -> str:
    pair = table_names.get(table)
    return label(*pair) if pair else table


# what the export's Chinese headers (store/io/export_zh) do not name, or name otherwise here
FIELD_NAMES = {"merged_into_id": "合并到", "deleted_at": "删除", "customer_id": "客户", "amount": "金额",
               "receivable_id": "应收单", "payment_id": "收款", "code": "客户编码", "name": "名称"}
ENGLISH_NAMES = {"deleted_at": "Deleted"}  # (a deletion's value is shown as a state: live, deleted DATE)
EXPORT_KINDS = {"customer": "customers", "contact": "contacts", "visit": "visits", "deal": "deals",
                "receivable": "receivables", "payment": "payments", "note": "notes"}


def field_label(table: str, field: str) -> str:
    """FIELD of TABLE as a user reads it in the sync views: in Chinese the header the export and
    the importer use (备注, 信用额度, 核销金额), in English the column's name in words (Credit
    limit, Merged into: the customer form's labels for its fields)."""
    if language() != "zh":
        return ENGLISH_NAMES.get(field) or field.removesuffix("_id").replace("_", " ").capitalize()
    if field in FIELD_NAMES:
        return FIELD_NAMES[field]
    kind = EXPORT_KINDS.get(table)
    if kind is None:
        return field
    from salesterm.store.io import export_zh

    return export_zh.header(kind, field)


def as_read(table: str, field: str, value):
    """VALUE of TABLE.FIELD as the user reads it: an amount of money (fen, store/models.MoneyField)
    in yuan, 144.39; any other value as it is."""
    from salesterm.domain.money import format_money
    from salesterm.store.models import money_columns

    if isinstance(value, int) and not isinstance(value, bool) and field in money_columns(table):
        return format_money(value)
    return value


def shown(value) -> str:
    """A value as one short line (user text stays text: the table cells are rich Text)."""
    if value is None:
        return "…"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def fitted(widths: list[int], screen_width: int) -> list[int]:
    """WIDTHS shrunk in proportion (to 4 cells at least) to fit a screen SCREEN_WIDTH wide (each
    column has a cell of padding on both sides)."""
    room = screen_width - 2 * len(widths) - 2
    total = sum(widths)
    if total <= room:
        return widths
    return [max(4, w * room // total) for w in widths]


def load_outbox():
    from salesterm.store.sync import status

    return status.state(), status.outbox()


def discard(op_id: str) -> bool:
    from salesterm.store.sync import replica

    return replica.discard_rejected(op_id)


class OutboxScreen(SectionScreen):
    SECTION = ""
    DEFAULT_CSS = """
    OutboxScreen #outbox-head { height: 1; padding: 0 1; color: $text-muted; }
    OutboxScreen #outbox-reason { height: auto; max-height: 3; padding: 0 1; color: $warning; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="outbox.back"),
        Binding("d", "discard", "Discard rejected", id="outbox.discard"),
        Binding("f5", "app.sync_now", "Sync now", id="outbox.sync"),
        Binding("f7", "app.sync_conflicts", "Conflicts", id="outbox.conflicts"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []

    def compose_body(self):
        yield Static("", id="outbox-head")
        yield DataTable(id="outbox-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="outbox-reason")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        titles = (_("When"), _("Change"), _("Customer"), _("Field"), _("Old value"), _("New value"), _("Status"))
        for title, width in zip(titles, fitted([11, 14, 14, 12, 14, 14, 8], self.app.size.width), strict=True):
            table.add_column(title, width=width)
        self.load()
        signal = getattr(self.app, "sync_signal", None)
        if signal is not None:  # a sync finished (or the state moved): the list follows
            signal.subscribe(self, lambda _line: self.load())

    def load(self) -> None:
        self.db(load_outbox, then=self.show, group="outbox-db")

    def show(self, loaded) -> None:
        state, rows = loaded
        self.rows = rows
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for r in rows:
            rejected = r.status == "rejected"
            table.add_row(
                Text(r.when[5:16]),  # MM-DD HH:MM
                Text(f"{label(*kind_names.get(r.kind, (r.kind, r.kind)))} {table_label(r.table)}"),
                Text(r.customer or "—"),
                Text(field_label(r.table, r.field)),
                Text(shown(as_read(r.table, r.field, r.old)) if r.kind == "update" else ""),
                Text(shown(as_read(r.table, r.field, r.new))),
                Text(_("rejected") if rejected else _("pending"), style="bold red" if rejected else ""),
            )
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        pending = state.pending if state else 0
        head = counted(pending, "{n} change waits to be sent to the team server",
                       "{n} changes wait to be sent to the team server") if pending else \
            _("Nothing waits: every change is on the team server.")
        if state and state.rejected:
            head += " · " + _("{n} rejected", n=state.rejected)
        self.query_one("#outbox-head", Static).update(Text(head))
        self._show_reason()

    def on_data_table_row_highlighted(self, _event) -> None:
        self._show_reason()

    def _current(self):
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _show_reason(self) -> None:
        row = self._current()
        text = ""
        if row is not None and row.status == "rejected":
            text = _("The server refused this change: {reason}", reason=row.reason or "?")
        self.query_one("#outbox-reason", Static).update(Text(text))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_discard(self) -> None:
        row = self._current()
        if row is None or row.status != "rejected":
            self.notify(_("Only a change the server rejected can be discarded."), markup=False)
            return
        from salesterm.screens.forms.choice_prompt import ChoicePrompt

        def answered(yes) -> None:
            if yes:
                self.db(discard, row.op_id, then=self._discarded, group="outbox-db")

        self.app.push_screen(ChoicePrompt(_("Discard this rejected change? It will never reach the server."),
                                          [(_("Keep it"), False), (_("Discard it"), True)]), answered)

    def _discarded(self, _done) -> None:
        self.notify(_("The rejected change was discarded."), markup=False)
        self.load()
        refresh = getattr(self.app, "sync_refresh_state", None)
        if refresh is not None:
            refresh()
