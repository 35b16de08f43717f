"""The Collections section: the collection queue (most urgent first, every row with its
reasons), a manager's triage of many rows at once, and the aging view (`v` toggles).

space marks a row (the cursor stays; `[collections] mark_moves_down = true` in the
config moves it down), `a` marks every row on the page; `g` assigns the marked rows (or the
current one) to a rep, `f` sets their next follow-up date, `e` escalates, `n` adds a note.
`enter` opens the customer's file; `p`/`m`/`l` record a payment, a promise or an attempt.
Filters: `r` rep, `R` region, `L` level, `E` escalated, `c` clears. `]`/`[` page.
`x` exports every row of the filtered queue (or the aging view) to CSV or XLSX.
"""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, Static

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money
from salesterm.i18n import _
from salesterm.screens.base import SectionScreen
from salesterm.screens.collections_aging import AgingTable
from salesterm.screens.forms.choice_prompt import ChoicePrompt, DatePrompt
from salesterm.screens.forms.money_base import app_ladder
from salesterm.store.ledger import triage
from salesterm.store.reps import rep_names
from salesterm.widgets.session import current_rep

PAGE = 100
COLUMNS = ("", "Priority", "Customer", "Rep", "Balance", "Overdue", "Days", "Level", "Slips",
           "Follow-up", "Best time", "Reasons")


def queue_cells(r, today) -> list[Text]:
    """A queue row's cells after the mark column, as the table shows them (and exports them)."""
    days = Text(str(r.days_overdue), style="bold red" if r.days_overdue > 90 else "")
    slips = Text(str(r.slips) + (" ⚑" if r.escalated else ""), style="bold red" if r.escalated else "")
    follow = r.next_follow_up.isoformat() if r.next_follow_up else ""
    return [Text(str(r.priority), justify="right"), Text(r.customer), Text(r.rep),
            Text(format_money(r.balance), justify="right"), Text(format_money(r.overdue), justify="right"),
            days, Text(str(r.level)), slips, Text(follow),
            Text(r.best.text(today, _) if r.best else r.best_time), Text("; ".join(r.reason_texts(_)))]


class CollectionsScreen(SectionScreen):
    SECTION = "collections"
    CSS = """
    CollectionsScreen #queue-filters { height: 1; padding: 0 1; background: $panel; }
    CollectionsScreen #queue-status { height: 1; padding: 0 1; color: $text-muted; }
    CollectionsScreen #queue-table { height: 1fr; }
    CollectionsScreen #queue-detail { height: auto; max-height: 5; padding: 0 1; border-top: solid $primary; }
    CollectionsScreen .-hidden { display: none; }
    """
    BINDINGS = [
        Binding("enter", "open", "Open", id="collections.open"),
        Binding("space", "mark", "Mark", id="collections.mark"),
        Binding("a", "mark_all", "Mark all", id="collections.mark_all"),
        Binding("g", "assign", "Assign", id="collections.assign"),
        Binding("f", "follow_up", "Follow-up", id="collections.follow_up"),
        Binding("e", "escalate", "Escalate", id="collections.escalate"),
        Binding("n", "note", "Note", id="collections.note"),
        Binding("p", "form('payment')", "Payment", id="collections.payment"),
        Binding("m", "form('promise')", "Promise", id="collections.promise"),
        Binding("l", "form('attempt')", "Log attempt", id="collections.attempt"),
        Binding("slash", "find", "Find", id="collections.find"),
        Binding("r", "filter_rep", "Rep", id="collections.filter_rep"),
        Binding("R", "filter_region", "Region", show=False, id="collections.filter_region"),
        Binding("L", "filter_level", "Level", show=False, id="collections.filter_level"),
        Binding("E", "filter_escalated", "Escalated", show=False, id="collections.filter_escalated"),
        Binding("x", "export", "Export", id="collections.export"),
        Binding("c", "clear_filters", "Clear", show=False, id="collections.clear"),
        Binding("v", "toggle_view", "Aging", id="collections.aging"),
        Binding("b", "aging_by", "By", show=False, id="collections.aging_by"),
        Binding("right_square_bracket", "page(1)", "Next page", show=False, id="collections.next_page"),
        Binding("left_square_bracket", "page(-1)", "Previous page", show=False, id="collections.prev_page"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue_filters: dict = {"rep": None, "region": None, "level": None, "escalated": None, "text": None}
        self.page_offset = 0
        self.queue: list = []
        self.marked: set[str] = set()
        self.queue_total_rows = 0
        self.queue_balance = 0
        self.showing_aging = False
        self._request = 0
        self._first_load = True

    def compose_body(self):
        yield Static("", id="queue-filters", markup=False)
        table = DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield AgingTable(id="aging-view", classes="-hidden")
        yield Static("", id="queue-detail", markup=False)
        yield Static(_("Loading…"), id="queue-status", markup=False)

    @property
    def table(self) -> DataTable:
        return self.query_one("#queue-table", DataTable)

    def on_mount(self) -> None:
        self.table.add_columns(*[_(c) if c else " " for c in COLUMNS])
        self.table.focus()
        self.db(triage.default_rep_filter, current_rep(self), then=self._start)

    def _start(self, rep) -> None:
        self.queue_filters["rep"] = rep
        self.reload()

    def on_screen_resume(self) -> None:
        if not self._first_load:
            self.reload(keep_cursor=True)

    # ---- loading --------------------------------------------------------------------------
    def reload(self, *, keep_cursor: bool = False) -> None:
        self._request += 1
        request = self._request
        cursor = self.table.cursor_row if keep_cursor else 0
        keep = self.queue[cursor].customer_id if keep_cursor and 0 <= cursor < len(self.queue) else None
        filters = {k: v for k, v in self.queue_filters.items() if v is not None}

        def show(result) -> None:
            if result is None or request != self._request:
                return
            self._first_load = False
            self.queue, self.queue_total_rows, self.queue_balance = result["rows"], result["count"], result["total"]
            self.marked &= {r.customer_id for r in self.queue}
            ids = [r.customer_id for r in self.queue]
            self._fill(ids.index(keep) if keep in ids else cursor)  # the same customer, where it moved

        self.db(triage.load_page, filters, limit=PAGE, offset=self.page_offset,
                ladder=app_ladder(self.app), then=show, group="collections-queue")
        if self.showing_aging:
            self.query_one(AgingTable).load(rep=self.queue_filters["rep"])

    def _fill(self, cursor: int = 0) -> None:
        table = self.table
        table.clear()
        today = clock.today()
        for r in self.queue:
            mark = Text("✓", style="bold green") if r.customer_id in self.marked else Text(" ")
            table.add_row(mark, *queue_cells(r, today), key=r.customer_id)
        if self.queue:
            table.move_cursor(row=min(cursor, len(self.queue) - 1))
        self._show_status()
        self._show_detail()

    def _show_status(self) -> None:
        f = self.queue_filters
        parts = [_("rep: {rep}", rep=f["rep"] or _("all reps"))]
        if f["region"]:
            parts.append(_("region: {region}", region=f["region"]))
        if f["level"] is not None:
            parts.append(_("level: {level}", level=f["level"]))
        if f["escalated"] is not None:
            parts.append(_("escalated only") if f["escalated"] else _("not escalated"))
        if f["text"]:
            parts.append(_("find: {text}", text=f["text"]))
        self.query_one("#queue-filters", Static).update(Text("  ·  ".join(parts)))
        if self.showing_aging:
            return
        if not self.queue_total_rows:
            text = _("Nothing to collect: no customer has money overdue.")
        else:
            last = min(self.page_offset + len(self.queue), self.queue_total_rows)
            text = _("{first}-{last} of {count} customers owing {total}",
                     first=self.page_offset + 1, last=last, count=f"{self.queue_total_rows:,}",
                     total=format_money(self.queue_balance))
            if self.marked:
                text += "  ·  " + _("{n} marked", n=len(self.marked))
        self.query_one("#queue-status", Static).update(text)

    # ---- the current row and the marked ones -----------------------------------------------
    def current(self):
        if not self.queue or self.showing_aging:
            return None
        row = self.table.cursor_row
        return self.queue[row] if 0 <= row < len(self.queue) else None

    def targets(self) -> list[str]:
        if self.marked:
            return [r.customer_id for r in self.queue if r.customer_id in self.marked]
        row = self.current()
        return [row.customer_id] if row else []

    def action_open(self) -> None:
        row = self.current()
        if row is not None:
            self.app.open_customer(row.customer_id)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "queue-table":
            self._show_detail()

    def _show_detail(self) -> None:
        row = self.current()
        detail = self.query_one("#queue-detail", Static)
        if row is None:
            detail.update("")
            return
        text = Text()
        text.append(row.customer, style="bold")  # user text: literal
        text.append("  " + _("priority {n}", n=row.priority) + ": ")
        text.append("; ".join(row.reason_texts(_)))
        step = row.action and _(dict((s.action, s.label_pair[1]) for s in app_ladder(self.app))
                                .get(row.action, row.action))
        line = [_("oldest due {day}", day=row.oldest_due.isoformat()) if row.oldest_due else ""]
        if step:
            line.append(_("level {level}: {action}", level=row.level, action=step))
        if row.next_follow_up:
            line.append(_("next follow-up {day}", day=row.next_follow_up.isoformat()))
        if row.rep:
            line.append(_("responsible: {rep}", rep=row.rep))
        best = row.best.text(clock.today(), _) if row.best else row.best_time
        if best:  # the handbook's etiquette, visible even when the table's column is scrolled off
            line.append(_("best time: {when}", when=best))
        text.append("\n" + "  ·  ".join(x for x in line if x), style="dim")
        if row.note:
            text.append("\n" + row.note.splitlines()[-1])
        detail.update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_mark(self) -> None:
        row = self.current()
        if row is None:
            return
        self.marked ^= {row.customer_id}
        cursor = self.table.cursor_row
        self._fill(cursor)
        # the cursor stays on the row it marked, unless [collections] mark_moves_down is set
        if self.app.settings.get("collections.mark_moves_down", False) is True \
                and cursor + 1 < len(self.queue):
            self.table.move_cursor(row=cursor + 1)

    def action_mark_all(self) -> None:
        ids = {r.customer_id for r in self.queue}
        self.marked = set() if ids and ids <= self.marked else ids
        self._fill(self.table.cursor_row)

    # ---- triage in bulk ---------------------------------------------------------------------
    def _bulk(self, fn, *args, done: str) -> None:
        if not self._has_targets():
            return
        ids = self.targets()

        def after(n) -> None:
            if n is None:
                return
            self.app.notify(done(n), markup=False)
            self.marked.clear()
            self.reload(keep_cursor=True)

        self.db(fn, ids, *args, then=after, group="collections-triage")

    def _has_targets(self) -> bool:
        """Rows to act on (the marked ones, else the cursor's); says so when there are none."""
        if self.targets():
            return True
        self.app.notify(_("No customer selected."), severity="warning")
        return False

    def action_assign(self) -> None:
        if not self._has_targets():
            return

        def chosen(rep) -> None:
            if rep:
                self._bulk(triage.assign, rep, done=lambda n: _("{n} customer(s) assigned to {rep}", n=n, rep=rep))

        def ask(names) -> None:
            self.app.push_screen(ChoicePrompt(_("Assign to which rep?"), [(n, n) for n in names]), chosen)

        self.db(rep_names, then=ask)

    def action_follow_up(self) -> None:
        if not self._has_targets():
            return
        today = clock.today()

        def check(day) -> None:
            if day < today:
                raise UserError("forms.date_already_past")

        def chosen(day) -> None:
            if day:
                self._bulk(triage.set_follow_up, day, done=lambda n: _("next follow-up set for {n} customer(s)", n=n))

        self.app.push_screen(DatePrompt(_("Next follow-up date"), check=check), chosen)

    def action_escalate(self) -> None:
        self._bulk(triage.escalate, done=lambda n: _("{n} customer(s) escalated to the manager", n=n))

    def action_note(self) -> None:
        if not self._has_targets():
            return
        from salesterm.screens.forms.prompt import TextPrompt

        def chosen(text) -> None:
            if text:
                self._bulk(triage.add_note, text, done=lambda n: _("note added to {n} customer(s)", n=n))

        self.app.push_screen(TextPrompt(_("Note for the selected customers"), required=True), chosen)

    def action_form(self, which: str) -> None:
        row = self.current()
        if row is None:
            return
        from salesterm.screens.forms import money as money_forms

        form = {"payment": money_forms.RecordPaymentScreen, "promise": money_forms.PromiseScreen,
                "attempt": money_forms.AttemptScreen}[which]
        self.app.push_screen(form(row.customer_id), lambda saved: saved and self.reload(keep_cursor=True))

    # ---- filters ----------------------------------------------------------------------------
    def _set(self, key: str, value) -> None:
        self.queue_filters[key] = value
        self.page_offset = 0
        self.marked.clear()
        self.reload()

    def _pick(self, key: str, load, everyone: str, question: str) -> None:
        """Offer "everyone" and the names LOAD() finds; the answer filters the queue by KEY."""
        def ask(names) -> None:
            choices = [(everyone, "")] + [(n, n) for n in names]
            self.app.push_screen(ChoicePrompt(question, choices),
                                 lambda v: v is not None and self._set(key, v or None))

        self.db(load, then=ask)

    def action_filter_rep(self) -> None:
        self._pick("rep", rep_names, _("All reps"), _("Show which rep?"))

    def action_filter_region(self) -> None:
        self._pick("region", triage.regions, _("All regions"), _("Show which region?"))

    def action_filter_level(self) -> None:
        ladder = app_ladder(self.app)
        choices = [(_("All levels"), -1), (_("0: nothing due yet"), 0)] + [
            (f"{i}: {_(s.label_pair[1])} ({s.days:+d})", i) for i, s in enumerate(ladder, start=1)]
        self.app.push_screen(ChoicePrompt(_("Show which follow-up level?"), choices),
                             lambda v: v is not None and self._set("level", None if v < 0 else v))

    def action_find(self) -> None:
        from salesterm.screens.forms.prompt import TextPrompt

        self.app.push_screen(
            TextPrompt(_("Find in the queue: name, pinyin or code (empty shows all)"),
                       value=self.queue_filters["text"] or ""),
            lambda text: text is not None and self._set("text", text or None))

    def action_filter_escalated(self) -> None:
        cycle = {None: True, True: False, False: None}
        self._set("escalated", cycle[self.queue_filters["escalated"]])

    def action_clear_filters(self) -> None:
        self.queue_filters = {"rep": None, "region": None, "level": None, "escalated": None, "text": None}
        self.page_offset = 0
        self.reload()

    def action_page(self, step: int) -> None:
        offset = self.page_offset + step * PAGE
        if 0 <= offset < max(self.queue_total_rows, 1):
            self.page_offset = offset
            self.reload()

    # ---- aging view -------------------------------------------------------------------------
    def action_toggle_view(self) -> None:
        self.showing_aging = not self.showing_aging
        self.table.set_class(self.showing_aging, "-hidden")
        aging = self.query_one(AgingTable)
        aging.set_class(not self.showing_aging, "-hidden")
        if self.showing_aging:
            aging.load(rep=self.queue_filters["rep"])
            aging.focus()
            self.query_one("#queue-status", Static).update(_("Aging · b: by customer / by rep · v: back to the queue"))
        else:
            self.table.focus()
            self._show_status()

    def action_aging_by(self) -> None:
        if self.showing_aging:
            self.query_one(AgingTable).toggle_by(rep=self.queue_filters["rep"])

    # ---- export -----------------------------------------------------------------------------
    def export_snapshot(self):
        """Every row of the filtered queue (all pages), or of the aging view, as shown."""
        if self.showing_aging:
            return self.query_one(AgingTable).export_snapshot()
        from salesterm.widgets.table_export import Snapshot, cell_text

        filters = {k: v for k, v in self.queue_filters.items() if v is not None}
        ladder, total, today = app_ladder(self.app), self.queue_total_rows, clock.today()

        def fetch():
            rows = triage.load_page(filters, limit=max(total, 1), offset=0, ladder=ladder)["rows"]
            return [[cell_text(c) for c in queue_cells(r, today)] for r in rows]

        return Snapshot([_(c) for c in COLUMNS[1:]], fetch=fetch, name="collections")

    def action_export(self) -> None:
        from salesterm.screens.forms.export_prompt import export_view

        export_view(self, "collections")

    def check_action(self, action: str, parameters) -> bool | None:
        if self.showing_aging and action in ("mark", "mark_all", "assign", "follow_up", "escalate",
                                             "note", "form", "open", "page", "find"):
            return False
        if action == "aging_by":
            return self.showing_aging
        return True
