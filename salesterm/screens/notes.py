"""The Notes section (`5`): feedback from the field (信息反馈).

A list with full-text search (two-character Chinese words included) and filters by kind,
status, rep, customer and period; the selected note's text, competitor fields and comment log
below. A manager (or the office, no rep set) sees the new notes of all reps first. Write,
edit, forward, resolve, send back, reopen and comment from the keyboard; export the list.
"""
from __future__ import annotations

import datetime as _dt

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from salesterm import clock
from salesterm.domain import notes_rules
from salesterm.domain.dates import monday_of
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money
from salesterm.i18n import _, counted, error_text, label
from salesterm.screens.base import SectionScreen
from salesterm.screens.forms.export_prompt import export_view
from salesterm.screens.forms.prompt import TextPrompt
from salesterm.widgets.column_fit import Fit, fit_widths, widest
from salesterm.widgets.cycle import next_choice
from salesterm.widgets.selection import saved_index
from salesterm.widgets.session import current_rep

PERIODS = ("all", "week", "month", "follow_up")
PERIOD_NAMES = {"all": "any time", "week": "this week", "month": "this month", "follow_up": "follow-up due"}
ACTION_TITLES = {"forward": "Forward to the manager: comment (optional)",
                 "resolve": "Resolve: the manager's comment (optional)",
                 "send_back": "Send back to the rep: what is missing?",
                 "reopen": "Reopen: why? (optional)"}


def _kind_label(key: str) -> str:
    k = notes_rules.kind_of(key) if key in notes_rules.KIND_KEYS else None
    return label(k.zh, k.en) if k else key


def _status_label(key: str) -> str:
    s = notes_rules.status_of(key) if key in notes_rules.STATUS_KEYS else None
    return label(s.zh, s.en) if s else key


class NotesScreen(SectionScreen):
    SECTION = "notes"
    # the list has the keys from the start: Textual would focus the first focusable widget, the
    # search box (hidden, yet focusable), and a key typed before the list took focus went in it
    AUTO_FOCUS = "#notes-table"
    DEFAULT_CSS = """
    NotesScreen #notes-filters { height: 1; padding: 0 1; color: $text-muted; }
    NotesScreen #notes-search { display: none; }
    NotesScreen #notes-search.searching { display: block; }
    NotesScreen #notes-table { height: 1fr; }
    NotesScreen #notes-detail { height: 12; border-top: solid $panel; padding: 0 1; overflow-y: auto; }
    """
    BINDINGS = [
        Binding("slash", "search", "Search", id="notes.search"),
        Binding("escape", "leave_search", "Back", show=False, id="notes.leave_search"),
        Binding("n", "new", "New", id="notes.new"),
        Binding("e", "edit", "Edit", id="notes.edit"),
        Binding("f", "move('forward')", "Forward", id="notes.forward"),
        Binding("r", "move('resolve')", "Resolve", id="notes.resolve"),
        Binding("b", "move('send_back')", "Send back", show=False, id="notes.send_back"),
        Binding("o", "move('reopen')", "Reopen", show=False, id="notes.reopen"),
        Binding("c", "comment", "Comment", id="notes.comment"),
        Binding("d", "delete", "Delete", show=False, id="notes.delete"),
        Binding("u", "undo", "Undo", show=False, id="notes.undo"),
        Binding("k", "cycle_kind", "Kind", id="notes.kind"),
        Binding("s", "cycle_status", "Status", id="notes.status"),
        Binding("m", "cycle_rep", "Rep", id="notes.rep"),
        Binding("t", "cycle_period", "Period", show=False, id="notes.period"),
        Binding("C", "customer_filter", "Customer", show=False, id="notes.customer"),
        Binding("p", "scripts", "Scripts", id="notes.scripts"),
        Binding("x", "export", "Export", id="notes.export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []
        self.query_text = ""
        self.kind: str | None = None
        self.status: str | None = None
        self.rep: str | None = None
        self.reps: list[str] = []
        self.period = "all"
        self.customer_text = ""
        self.manager_view = True
        self.deleted: list[str] = []
        self.ready = False
        self._column_widths: list[tuple[str, int]] | None = None

    def compose_body(self):
        yield Static("", id="notes-filters")
        yield Input(placeholder=_("Search notes (any words; two Chinese characters are enough)"), id="notes-search")
        table = DataTable(id="notes-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="notes-detail")

    def on_mount(self) -> None:
        self._add_columns()
        self.db(self._who, then=self._start)

    def _widths(self) -> list[tuple[str, int]]:
        """The columns and their widths (widgets/column_fit): date, kind, status, rep and follow-up
        as wide as their longest word in this language (never cut: Competitor, Forwarded, 客户意见);
        the customer (up to 18) and then the title share what is left of the screen."""
        kinds = [_kind_label(k.key) for k in notes_rules.KINDS]
        statuses = [_status_label(s.key) for s in notes_rules.STATUSES]
        titles = [_("Date"), _("Kind"), _("Status"), _("Rep"), _("Customer"), _("Title"), _("Follow up")]
        fits = [Fit(widest(titles[0], ["2026-01-01"])), Fit(widest(titles[1], kinds)),
                Fit(widest(titles[2], statuses)), Fit(widest(titles[3], [r.rep for r in self.rows])),
                Fit(widest(titles[4], [r.customer for r in self.rows]), least=10, most=18),
                Fit(widest(titles[5], [r.title for r in self.rows]), least=12),
                Fit(widest(titles[6], ["2026-01-01"]))]
        room = self.size.width - 2 * len(titles) - 2  # cell padding, the scroll bar
        return list(zip(titles, fit_widths(room, fits, [(4, None), (5, None)]), strict=True))

    def _add_columns(self) -> None:
        table = self.query_one("#notes-table", DataTable)
        self._column_widths = self._widths()
        for title, width in self._column_widths:
            table.add_column(title, width=width)

    def on_resize(self) -> None:
        """Size the columns to the screen (and the reps' names) again, keeping the selection."""
        if self._column_widths is not None and self._widths() != self._column_widths:
            current = self.current()
            table = self.query_one("#notes-table", DataTable)
            table.clear(columns=True)
            self._add_columns()
            self._show(self.rows, keep=current.id if current else None)

    def _who(self):
        from salesterm.store.reps import rep_names
        from salesterm.store.sales import notes

        return notes.is_manager(current_rep(self)), rep_names()

    def _start(self, result) -> None:
        manager, reps = result
        self.manager_view = manager
        self.reps = reps
        if not manager and current_rep(self):
            self.rep = " ".join(current_rep(self).split())
        self.ready = True
        self.reload()
        self.query_one("#notes-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        if self.ready:
            self.reload()

    # ----- loading
    def filters(self) -> dict:
        today = clock.today()
        f = {"query": self.query_text, "kind": self.kind, "status": self.status, "rep": self.rep,
             "manager_view": self.manager_view}
        if self.period == "week":
            f["date_from"], f["date_to"] = monday_of(today), monday_of(today) + _dt.timedelta(days=6)
        elif self.period == "month":
            f["date_from"], f["date_to"] = today.replace(day=1), today
        elif self.period == "follow_up":
            f["follow_up_by"] = today
        return f

    def reload(self) -> None:
        from salesterm.store.sales import notes

        f = self.filters()
        customer_text = self.customer_text

        def load():
            try:
                customer_id = notes.resolve_customer(customer_text) if customer_text else None
            except UserError as exc:  # the list stays whole; the user reads why the filter was dropped
                self.app.call_from_thread(self._drop_customer_filter, error_text(exc))
                customer_id = None
            return notes.list_notes(**f, customer_id=customer_id)

        self.db(load, then=self._show, latest=True)  # an older reload never paints over it

    def _drop_customer_filter(self, message: str) -> None:
        self.customer_text = ""
        self.app.notify(message, severity="warning", markup=False)

    def _show(self, rows, keep: str | None = None) -> None:
        table = self.query_one("#notes-table", DataTable)
        current = self.current()
        keep = keep or (current.id if current else None)
        self.rows = rows
        if self._widths() != self._column_widths:  # a rep's name longer than the column
            table.clear(columns=True)
            self._add_columns()
        table.clear()
        for r in rows:
            status = Text(_status_label(r.status), style="bold" if r.status == "new" else
                          ("dim" if r.status == "resolved" else ""))
            table.add_row(r.written_on.isoformat(), _kind_label(r.kind), status, Text(r.rep), Text(r.customer),
                          Text(r.title), r.follow_up.isoformat() if r.follow_up else "", key=r.id)
        found = saved_index(self.app, [r.id for r in rows])  # a note just written or edited
        if found is not None:
            table.move_cursor(row=found)
        elif keep:
            for i, r in enumerate(rows):
                if r.id == keep:
                    table.move_cursor(row=i)
        self._filters_line()
        self._detail()

    def _filters_line(self) -> None:
        parts = [counted(len(self.rows), "{n} note", "{n} notes")]
        if self.query_text:
            parts.append(_("search: {q}", q=self.query_text))
        parts.append(_("kind: {k}", k=_kind_label(self.kind) if self.kind else _("all")))
        parts.append(_("status: {s}", s=_status_label(self.status) if self.status else _("all")))
        parts.append(_("rep: {r}", r=self.rep or _("all reps")))
        parts.append(_(PERIOD_NAMES[self.period]))
        if self.customer_text:
            parts.append(_("customer: {c}", c=self.customer_text))
        if self.manager_view:
            parts.append(_("new first"))
        self.query_one("#notes-filters", Static).update(Text(" · ".join(parts)))

    def current(self):
        table = self.query_one("#notes-table", DataTable)
        if not self.rows or table.cursor_row is None or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def _detail(self) -> None:
        n = self.current()
        box = self.query_one("#notes-detail", Static)
        if n is None:
            box.update(Text(_("No notes here. Press n to write one."), style="dim"))
            return
        t = Text()
        t.append(n.title, style="bold")
        t.append(f"   {_kind_label(n.kind)} · {_status_label(n.status)} · {n.written_on.isoformat()}", style="dim")
        if n.customer:
            t.append(f" · {n.customer}", style="dim")
        t.append("\n")
        if n.competitor or n.product or n.price is not None or n.promotion:
            bits = [f"{_('Competitor')}: {n.competitor}" if n.competitor else "",
                    f"{_('Product')}: {n.product}" if n.product else "",
                    f"{_('Price')}: ¥{format_money(n.price)}" if n.price is not None else "",
                    f"{_('Promotion')}: {n.promotion}" if n.promotion else ""]
            t.append(" · ".join(b for b in bits if b) + "\n", style="cyan")
        if n.body:
            t.append(n.body + "\n")
        if n.tags:
            t.append(" ".join(f"#{tag}" for tag in notes_rules.tag_list(n.tags)) + "\n", style="magenta")
        if n.manager_comment:
            t.append(_("Comments") + ":\n", style="bold")
            t.append(n.manager_comment + "\n", style="italic")
        box.update(t)

    # ----- search and filters
    def action_search(self) -> None:
        box = self.query_one("#notes-search", Input)
        box.add_class("searching")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "notes-search":
            self.query_text = event.value.strip()
            self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "notes-search":
            self.query_one("#notes-table", DataTable).focus()

    def action_leave_search(self) -> None:
        box = self.query_one("#notes-search", Input)
        if box.has_focus or self.query_text:
            box.value = ""
            self.query_text = ""
            box.remove_class("searching")
            self.query_one("#notes-table", DataTable).focus()
            self.reload()

    def action_cycle_kind(self) -> None:
        self.kind = next_choice(self.kind, notes_rules.KIND_KEYS)
        self.reload()

    def action_cycle_status(self) -> None:
        self.status = next_choice(self.status, notes_rules.STATUS_KEYS)
        self.reload()

    def action_cycle_rep(self) -> None:
        self.rep = next_choice(self.rep, self.reps)
        self.reload()

    def action_cycle_period(self) -> None:
        self.period = next_choice(self.period, PERIODS, with_all=False)
        self.reload()

    def action_customer_filter(self) -> None:
        def chosen(text):
            if text is not None:
                self.customer_text = text
                self.reload()

        self.app.push_screen(TextPrompt(_("Only the notes of the customer (empty: all customers)"),
                                        value=self.customer_text), chosen)

    # ----- writing
    def _after_form(self, saved) -> None:
        if saved:
            self.reload()

    def action_new(self) -> None:
        from salesterm.screens.forms.note import NoteFormScreen

        self.app.push_screen(NoteFormScreen(), self._after_form)

    def action_edit(self) -> None:
        from salesterm.screens.forms.note import NoteFormScreen

        n = self.current()
        if n is not None:
            self.app.push_screen(NoteFormScreen(note_id=n.id), self._after_form)

    def write(self, fn, *args, then=None, **kwargs):
        """A change to the database: its own worker, never cancelled by a reload of the list."""
        return self.db(fn, *args, then=then, group="notes-write", exclusive=False, **kwargs)

    def _who_signs(self) -> str:
        return current_rep(self) or _("manager")

    def action_move(self, action: str) -> None:
        from salesterm.store.sales import notes

        n = self.current()
        if n is None:
            return
        if n.status not in notes_rules.ACTIONS[action][0]:
            allowed = ", ".join(_(a.replace("_", " ")) for a in notes_rules.allowed_actions(n.status))
            self.app.notify(_("This note is {status}: you can {allowed}", status=_status_label(n.status),
                              allowed=allowed), severity="warning", markup=False)
            return
        who = self._who_signs()

        def chosen(comment):
            if comment is None:
                return
            self.write(notes.move_note, n.id, action, comment=comment, who=who, then=lambda _r: self.reload())

        self.app.push_screen(TextPrompt(_(ACTION_TITLES[action]), required=action == "send_back"), chosen)

    def action_comment(self) -> None:
        from salesterm.store.sales import notes

        n = self.current()
        if n is None:
            return
        who = self._who_signs()

        def chosen(comment):
            if comment:
                self.write(notes.add_comment, n.id, comment, who=who, then=lambda _r: self.reload())

        self.app.push_screen(TextPrompt(_("Comment"), required=True), chosen)

    def action_delete(self) -> None:
        from salesterm.store.sales import notes

        n = self.current()
        if n is None:
            return
        self.deleted.append(n.id)
        self.write(notes.delete_note, n.id, then=lambda _r: (self.reload(), self.app.notify(
            _("Note deleted: press u to undo"))))

    def action_undo(self) -> None:
        from salesterm.store.sales import notes

        if self.deleted:
            self.write(notes.restore_note, self.deleted.pop(), then=lambda _r: self.reload())

    def action_scripts(self) -> None:
        from salesterm.screens.scripts import ScriptsScreen

        self.app.push_screen(ScriptsScreen())

    def action_export(self) -> None:
        export_view(self, "notes")
