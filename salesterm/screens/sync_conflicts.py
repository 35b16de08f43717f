"""The conflicts screen (F7): fields changed on two laptops to different values. For the chosen
one, base, mine (who, when) and theirs (who, when) side by side; `m` takes mine, `t` takes theirs,
`e` edits the value, `b` keeps both (free text, joined). Each resolution is an ordinary edit
(store.sync.conflicts.resolve), captured and synced like any other."""
from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from salesterm.i18n import _, counted
from salesterm.screens.base import SectionScreen
from salesterm.screens.sync_outbox import as_read, field_label, fitted, shown, table_label

JOIN = " / "  # keep both: the two texts, mine first


def load_conflicts():
    from salesterm.store.sync import status

    return status.conflicts()


def resolve(conflict_id: str, value, table: str = "", field: str = "") -> None:
    """Resolve with VALUE; a refusal that names the conflict's FIELD names it as the views do
    (field_label: 删除, not deleted_at)."""
    from salesterm.domain.errors import UserError
    from salesterm.store.sync import conflicts

    try:
        conflicts.resolve(conflict_id, value)
    except UserError as exc:
        if field and exc.params.get("field") == field:
            raise UserError(exc.msgid, **{**exc.params, "field": field_label(table, field)}) from None
        raise


def full(value) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _read(r: dict, side: str):
    """A side of the conflict as the user reads it: a customer by name (status.conflicts), a
    deletion as "live" or "deleted" with its time, money in yuan."""
    if r["field"] == "deleted_at" and side != "base":
        return _("live") if r[side] is None else _("deleted {when}", when=str(r[side])[:16])
    named = r.get("named", {}).get(side)
    return named if named != r[side] else as_read(r["table"], r["field"], r[side])


def is_money(r: dict) -> bool:
    from salesterm.store.sync import conflicts

    return conflicts.is_money(r)


def both(mine, theirs):
    """The two free texts joined (None when either is not text)."""
    if not isinstance(mine, str) or not isinstance(theirs, str):
        return None
    return mine if mine == theirs else f"{mine}{JOIN}{theirs}"


def typed_back(text: str, like, money: bool = False):
    """The edited TEXT as the type of the values in conflict (a number stays a number; an amount
    of money typed in yuan, 144.39, is fen again)."""
    if money and isinstance(like, int) and not isinstance(like, bool):
        from salesterm.domain.money import parse_money

        return parse_money(text)  # its MoneyError is a ValueError: "Not a number"
    if isinstance(like, bool):
        return text.strip().lower() in ("1", "true", "yes", "y", "是")
    if isinstance(like, int):
        return int(text.strip())
    if isinstance(like, float):
        return float(text.strip())
    return text


class ConflictsScreen(SectionScreen):
    SECTION = ""
    DEFAULT_CSS = """
    ConflictsScreen #conflicts-head { height: 1; padding: 0 1; color: $text-muted; }
    ConflictsScreen #conflicts-table { height: 1fr; }
    ConflictsScreen #conflicts-side { height: auto; max-height: 12; padding: 0 1; border-top: solid $panel; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="conflicts.back"),
        Binding("m", "take('mine')", "Take mine", id="conflicts.mine"),
        Binding("t", "take('theirs')", "Take theirs", id="conflicts.theirs"),
        Binding("e", "edit", "Edit", id="conflicts.edit"),
        Binding("b", "both", "Keep both", id="conflicts.both"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []

    def compose_body(self):
        yield Static("", id="conflicts-head")
        with Horizontal(id="conflicts-main"):
            yield DataTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="conflicts-side")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        titles = (_("Customer"), _("Change"), _("Field"), _("Mine"), _("Theirs"), _("Who"))
        for title, width in zip(titles, fitted([16, 10, 12, 18, 18, 12], self.app.size.width), strict=True):
            table.add_column(title, width=width)
        self.load()

    def load(self) -> None:
        self.db(load_conflicts, then=self.show, group="conflicts-db")

    def show(self, rows) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for r in rows:
            table.add_row(Text(r.get("customer") or "—"), Text(table_label(r["table"])),
                          Text(field_label(r["table"], r["field"])),
                          Text(shown(_read(r, "mine"))), Text(shown(_read(r, "theirs"))),
                          Text(f"{r['mine_by']} / {r['theirs_by']}"))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        head = counted(len(rows), "{n} open conflict", "{n} open conflicts") if rows else _("No open conflicts.")
        self.query_one("#conflicts-head", Static).update(Text(head))
        self._show_side()

    def on_data_table_row_highlighted(self, _event) -> None:
        self._show_side()

    def _current(self) -> dict | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _show_side(self) -> None:
        r = self._current()
        side = self.query_one("#conflicts-side", Static)
        if r is None:
            side.update("")
            return
        grid = Table.grid(padding=(0, 2), expand=True)
        for _i in range(3):
            grid.add_column(ratio=1)
        grid.add_row(Text(_("Base"), style="bold"), Text(_("Mine"), style="bold"), Text(_("Theirs"), style="bold"))
        grid.add_row(*(Text(full(_read(r, k))) for k in ("base", "mine", "theirs")))
        grid.add_row(Text(""), Text(f"{r['mine_by'] or '?'} {r['mine_at'][:16]}", style="dim"),
                     Text(f"{r['theirs_by'] or '?'} {r['theirs_at'][:16]}", style="dim"))
        side.update(grid)

    def _resolve(self, r: dict, value) -> None:
        self.db(resolve, r["id"], value, r["table"], r["field"], then=lambda _done: self._resolved(),
                group="conflicts-db")

    def _resolved(self) -> None:
        self.notify(_("Resolved: the value is saved and will be synced."), markup=False)
        self.load()
        refresh = getattr(self.app, "sync_refresh_state", None)
        if refresh is not None:
            refresh()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_take(self, side: str) -> None:
        r = self._current()
        if r is not None:
            self._resolve(r, r[side])

    def action_both(self) -> None:
        r = self._current()
        if r is None:
            return
        joined = both(r["mine"], r["theirs"])
        if joined is None:
            self.notify(_("Keep both is for free text; take one side or edit the value."), markup=False)
            return
        self._resolve(r, joined)

    def action_edit(self) -> None:
        r = self._current()
        if r is None:
            return
        from salesterm.screens.forms.prompt import TextPrompt

        like = r["mine"] if r["mine"] is not None else r["theirs"]

        def typed(text) -> None:
            if text is None:
                return
            try:
                value = typed_back(text, like, is_money(r))
            except ValueError:
                self.notify(_("Not a number: {text}", text=text), severity="warning", markup=False)
                return
            self._resolve(r, value)

        self.app.push_screen(TextPrompt(_("The value of {field}", field=field_label(r["table"], r["field"])),
                                        value=full(as_read(r["table"], r["field"], r["mine"]))
                                        if r["mine"] is not None else ""),
                           typed)
