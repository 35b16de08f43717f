"""The Today section (今日): the rep's agenda in the order of the day. Planned visits by slot
(A customers first in the morning), revisits due, promises falling due, customers best
collected today, and what is carried forward. One key starts logging the selected visit."""
from __future__ import annotations

from datetime import timedelta
from functools import partial

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from salesterm import clock
from salesterm.domain import visit_rules
from salesterm.domain.money import format_money
from salesterm.i18n import _, join_list, language
from salesterm.screens.base import SectionScreen
from salesterm.store.visits import today_read
from salesterm.widgets.column_fit import Fit, cut, fit_widths, widest
from salesterm.widgets.cycle import next_choice
from salesterm.widgets.selection import saved_index
from salesterm.widgets.session import current_rep

SECTION_LABELS = {
    "am": "Morning", "pm": "Afternoon", "revisit": "Revisit due", "promise": "Promise due",
    "collect": "Collect today", "carried": "Carried forward",
}
WEEKDAYS_ZH = "一二三四五六日"
FIRST_ROWS = 60  # agenda rows put in the table before its first paint, at most (a 40-line screenful)
MORE_ROWS = 200  # ... and after each paint, until all are in
# seconds after the agenda's first rows are shown before the whole agenda is read, if Today is
# still shown: a key pressed at once (`2` at the first sight of the app) is not slowed by the
# read's thread, and a section left meanwhile does not read it at all
WHOLE_AFTER = 0.25


def start_now(item, rep):
    from salesterm.store.visits import agenda

    return agenda.start_visit_now(item.customer_id, purpose=item.purpose, rep=rep)


def move(visit_id, day, slot):
    from salesterm.store import visits

    visits.move_visit(visit_id, day, slot)
    return True


def cancel(visit_id):
    from salesterm.store import visits

    visits.cancel_visit(visit_id)
    return True


def restore(visit_id):
    from salesterm.store import visits

    visits.restore_visit(visit_id)
    return True


COLUMNS = ("When", "Customer", "Grade", "City", "What", "Amount", "Detail")
WHEN, CUSTOMER, GRADE, CITY, WHAT, AMOUNT, DETAIL = range(len(COLUMNS))
WRAP_FROM = 90  # cells of room (a 120-column terminal has 104) from which a long What wraps


def agenda_widths(room: int, headers: list[str], rows: list[list[Text]]) -> list[int]:
    """The agenda's column widths in ROOM cells: When, Grade, City and Amount as wide as they
    need; then the customer up to 12 Chinese characters, What as wide as it needs, the rest of the
    customer's name, and the detail (also shown in full below the table) with what is left."""
    needs = [widest(h, [r[i] for r in rows]) for i, h in enumerate(headers)]
    fits = [Fit(n) for n in needs]
    fits[CUSTOMER] = Fit(needs[CUSTOMER], least=10, most=30)
    fits[WHAT] = Fit(needs[WHAT], least=10)
    fits[DETAIL] = Fit(needs[DETAIL], least=0, most=40)
    return fit_widths(room, fits, [(CUSTOMER, 24), (WHAT, None), (CUSTOMER, None), (DETAIL, None)])


class TodayScreen(SectionScreen):
    SECTION = "today"
    AUTO_FOCUS = "#agenda"  # not the hidden search box: a key typed at once goes to the agenda
    CSS = """
    TodayScreen #agenda { height: 1fr; }
    TodayScreen #today-detail { height: auto; max-height: 6; padding: 0 1; }
    TodayScreen.-empty #today-detail { max-height: 100%; height: 1fr; }
    TodayScreen.-empty #agenda { height: 2; }
    """
    BINDINGS = [
        Binding("enter,l", "log", "Log visit", id="today.log"),
        Binding("p", "plan_visit", "Plan visit", id="today.plan_visit"),
        Binding("n", "new_visit", "New visit", id="today.new"),
        Binding("e", "edit", "Edit", id="today.edit", show=False),
        Binding("d", "cancel_visit", "Cancel visit", id="today.cancel", show=False),
        Binding("x", "export", "Export", id="today.export", show=False),
        Binding("D", "demo", "Load demo data", id="today.demo", show=False),
        Binding("m", "move", "Move", id="today.move", show=False),
        Binding("u", "undo_cancel", "Undo cancel", id="today.undo_cancel", show=False),
        Binding("o", "open", "Customer", id="today.open"),
        Binding("left_square_bracket", "day(-1)", "Previous day", id="today.prev_day", show=False),
        Binding("right_square_bracket", "day(1)", "Next day", id="today.next_day", show=False),
        Binding("w", "week", "Week plan", id="today.week"),
        Binding("c", "coverage", "Coverage", id="today.coverage"),
        Binding("r", "rep", "Rep", id="today.rep", show=False),
        Binding("slash", "search", "Search", id="today.search", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day = clock.today()
        self.items: list = []
        self.all_items: list = []
        self.rep: str | None = None
        self.cycle_week: int | None = 0  # 0: not loaded yet; None: the reps' weeks differ
        self.reps: list[str] = []
        self._filling = 0  # bumped each time the table is filled anew
        self._fill: tuple = ([], [], [], False)  # rows, widths, columns used, wrap: what _add_rows adds
        self._shown_room = -1  # the room the agenda was last laid out in (_show)
        self._reading = 0  # bumped at each read of the agenda: a late second part of an older one is dropped
        self.complete = False  # all_items is the whole agenda (not only its first rows)

    def compose_body(self):
        yield Static("", id="today-head")
        yield Input(placeholder=_("Find on the agenda: customer or city (esc clears)"),
                    id="today-search", compact=True)
        table = DataTable(id="agenda", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="today-detail")

    def on_mount(self) -> None:
        table = self.query_one("#agenda", DataTable)
        table.add_columns(*[_(c) for c in COLUMNS])
        self.query_one("#today-search", Input).display = False
        self.rep = current_rep(self)
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the agenda's first rows (store/visits/today_read: a screenful), show them, then
        read the whole agenda when they are not all of it (at 100k for every rep, 60 of 1,749
        rows: reading them all held a usable Today ~100 ms after the first paint)."""
        self._reading += 1
        reading = self._reading
        load = today_read.load_agenda  # the store's read: the app started it early (early_read)
        early = getattr(self.app, "early_result", None)  # SalesTermApp reads the first one early
        then = partial(self._loaded, reading, self.day)
        if early is not None:
            self.db(early, load, self.day, self.rep, then=then, latest=True)
        else:
            self.db(load, self.day, self.rep, then=then, latest=True)

    def _loaded(self, reading: int, day, loaded) -> None:
        if reading != self._reading:
            return
        items, whole, self.reps, self.cycle_week, unknown = loaded
        if unknown:
            self.rep = None
            self.app.notify(_("No rep called {name} here: showing everyone's agenda", name=unknown),
                            severity="warning", markup=False)
        self.all_items = items
        self.complete = whole
        self._show(self._matching())
        if not whole:  # a moment after the paint that shows the first rows (not a thread beside it)
            self.set_timer(WHOLE_AFTER, partial(self._read_whole, reading, day, self.rep))

    def _read_whole(self, reading: int, day, rep) -> None:
        if reading == self._reading and self.is_current:  # else read when shown again (on_screen_resume)
            self.db(today_read.load_whole, day, rep, then=partial(self._whole, reading),
                    group="today-whole", latest=True)

    def _whole(self, reading: int, items) -> None:
        if reading != self._reading or not self.is_current:
            return  # read anew meanwhile; or left: shown again, it reads anew (on_screen_resume)
        self.all_items = items
        self.complete = True
        self._show(self._matching())

    def _matching(self) -> list:
        text = self.query_one("#today-search", Input).value.strip().lower()
        if not text:
            return list(self.all_items)
        return [i for i in self.all_items if text in i.customer.lower() or text in i.city.lower()]

    def _head(self) -> Text:
        d = self.day
        weekday = ("周" + WEEKDAYS_ZH[d.weekday()]) if language() == "zh" else d.strftime("%a")
        text = Text(f"{d.isoformat()} {weekday}", style="bold")
        text.append("   ")
        text.append(self.rep or _("all reps"))
        if self.cycle_week is None:
            text.append("   " + _("cycle weeks vary by rep"))
        elif self.cycle_week:
            text.append("   " + _("cycle week {n}", n=self.cycle_week))
        counts = {}
        for item in self.items:
            counts[item.section] = counts.get(item.section, 0) + 1
        visits = counts.get("am", 0) + counts.get("pm", 0)
        done = sum(1 for i in self.items if i.kind == "visit" and i.status == "done"
                   and i.section in ("am", "pm"))
        text.append("   " + _("{done}/{n} visits done", done=done, n=visits))
        if counts.get("carried"):
            text.append("   " + _("{n} carried forward", n=counts["carried"]), style="yellow")
        if d != clock.today():
            text.append("   " + _("(not today)"), style="reverse")
        return text

    def _what_text(self, item) -> str:
        if item.kind == "visit" and item.status == "done":
            return "✓ " + _("done")
        if item.kind == "promise":
            return _("promised payment")
        if item.kind == "collect":
            return _("payday: collect")
        if item.kind == "revisit":
            return _("revisit")
        return join_list(visit_rules.labels(item.purpose, visit_rules.PURPOSES, language()))

    def _when_text(self, item) -> str:
        name = _(SECTION_LABELS[item.section])
        if item.section == "carried":
            return f"{name} {item.day.isoformat()[5:]}"
        if item.section == "collect" and item.slot == "pm":
            return f"{name} ({_('afternoon')})"
        return name

    def _detail_text(self, item) -> str:
        if item.kind == "collect":
            text = _("payday today")
            return text + (", " + _("afternoon only (no money in the morning)") if item.slot == "pm" else "")
        return item.detail

    def _texts(self, item) -> list[str]:
        """The row's cells as plain text, in COLUMNS order: enough to size the columns. Only the
        rows put in the table become Text (a manager's agenda at 100k has 1,749 rows: a Text for
        each of their cells took 50 ms before the agenda could show)."""
        return [self._when_text(item), item.customer, item.grade or "-", item.city, self._what_text(item),
                f"¥{format_money(item.amount)}" if item.amount else "", self._detail_text(item)]

    def _cells(self, item, texts: list[str]) -> list[Text]:
        done = item.kind == "visit" and item.status == "done"
        return [Text(texts[WHEN], style="yellow" if item.section == "carried" else ""),
                Text(texts[CUSTOMER]), Text(texts[GRADE]), Text(texts[CITY]),
                Text(texts[WHAT], style="green" if done else ""), Text(texts[AMOUNT], justify="right"),
                Text(texts[DETAIL])]

    def _show(self, items) -> None:
        self.items = items or []
        if self.items:
            self.remove_class("-empty")
        self.query_one("#today-head", Static).update(self._head())
        table = self.query_one("#agenda", DataTable)
        keep = table.cursor_row
        rows = [self._texts(item) for item in self.items]
        headers = [_(c) for c in COLUMNS]
        room = self._shown_room = self._room(table)
        widths = agenda_widths(room, headers, rows)
        # the detail column only when a few cells are left for it (the line below shows it whole)
        used = [j for j in range(len(COLUMNS)) if j != DETAIL or widths[DETAIL] >= 6]
        table.clear(columns=True)
        for j in used:
            table.add_column(headers[j], width=widths[j])
        wrap = room >= WRAP_FROM  # wide enough: a long What wraps onto a second line, else it is cut
        found = saved_index(self.app, [getattr(item, "visit_id", None) or "" for item in self.items])
        self._filling += 1
        self._fill = (rows, widths, used, wrap)
        # a screenful first (a manager's agenda at 100k has thousands of rows, and the table
        # measures every cell it is given before it paints): the rest follows after each paint
        # (no more rows than the terminal has lines: the rest are below the table's bottom)
        first = max(min(FIRST_ROWS, self.app.size.height or FIRST_ROWS), keep + 1, (found or 0) + 1)
        self._add_rows(table, 0, first)
        if len(rows) > first:
            self.call_after_refresh(self._add_more, first, self._filling)
        if found is not None:  # a visit just planned or logged
            table.move_cursor(row=found)
        elif self.items:
            table.move_cursor(row=min(keep, len(self.items) - 1))
        if not self.items and not self.complete:
            return  # only the agenda's first rows are in: the rest may fill it
        if not self.items:
            search = self.query_one("#today-search", Input).value.strip()
            self.query_one("#today-detail", Static).update(
                Text(_("Nothing matches {text} (escape clears the search).", text=search) if search
                     else _("Nothing on the agenda. n plans a visit, w shows the week's plan."),
                     style="dim"))
            if not search and not self.all_items:
                from salesterm.screens.empty_db import has_customers

                self.db(has_customers, then=self._guide, group="today-empty")
        else:
            self._detail()

    def _guide(self, has_customers: bool) -> None:
        """An empty database: say how to import customers, and offer the demo."""
        self.app.database_empty = not has_customers
        self.set_class(not has_customers and not self.items, "-empty")  # the guide gets the room
        self.refresh_bindings()
        if not has_customers and not self.items:
            from salesterm.screens.empty_db import guide_text

            self.query_one("#today-detail", Static).update(guide_text(self.app))

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "demo":
            return bool(getattr(self.app, "database_empty", False))
        return True

    def action_demo(self) -> None:
        from salesterm.screens.empty_db import offer_demo

        offer_demo(self, after=self.reload)

    def _add_rows(self, table: DataTable, start: int, end: int) -> None:
        rows, widths, used, wrap = self._fill
        for i, texts in enumerate(rows[start:end], start=start):
            cells = self._cells(self.items[i], texts)
            long = wrap and cell_len(texts[WHAT]) > widths[WHAT]
            shown = [cells[j] if long and j == WHAT else cut(cells[j], widths[j]) for j in used]
            table.add_row(*shown, key=str(i), height=None if long else 1)

    def _add_more(self, start: int, filling: int) -> None:
        if filling != self._filling or not self.is_current:
            return  # shown again meanwhile, or left: it is shown again when it comes back
        end = start + MORE_ROWS
        self._add_rows(self.query_one("#agenda", DataTable), start, end)
        if len(self._fill[0]) > end:
            self.call_after_refresh(self._add_more, end, filling)

    def on_data_table_row_highlighted(self, event) -> None:
        self._detail()

    def _room(self, table: DataTable) -> int:
        """The table's width less the cell padding and a vertical scrollbar's room (the app's
        width before the table is laid out)."""
        return (table.size.width or self.app.size.width) - 2 * table.cell_padding * len(COLUMNS) - 2

    def on_resize(self, event) -> None:
        # laid out anew: shown again when the room changed (an agenda read early is shown before
        # the screen's first layout, with the app's width: the same room, not built twice)
        if (self.all_items or self.items) and self._room(self.query_one("#agenda", DataTable)) != self._shown_room:
            self._show(self.items)

    def on_data_table_row_selected(self, event) -> None:
        self.action_log()

    def _detail(self) -> None:
        item = self._item(quiet=True)
        text = Text(_("enter log · p plan · n new · e edit · m move · d cancel · o customer · "
                      "[ ] day · w week · c coverage · r rep · / find"), style="dim")
        if item is not None:
            parts = [p for p in (self._what_text(item), self._detail_text(item)) if p]
            if parts:
                text = Text(" · ".join(parts) + "\n") + text
        self.query_one("#today-detail", Static).update(text)

    def _item(self, quiet: bool = False):
        table = self.query_one("#agenda", DataTable)
        if not self.items or table.cursor_row < 0 or table.cursor_row >= len(self.items):
            if not quiet:
                self.app.notify(_("Nothing selected"), severity="warning")
            return None
        return self.items[table.cursor_row]

    def action_log(self) -> None:
        item = self._item()
        if item is None:
            return
        from salesterm.screens.forms.visit_plan import LogVisitScreen

        if item.kind == "visit":
            if item.status == "done":
                from salesterm.screens.forms.visit_record import already_logged

                already_logged(self.app, item.visit_id)
                return
            self.app.push_screen(LogVisitScreen(item.visit_id))
            return
        self.db(start_now, item, current_rep(self),
                then=lambda vid: vid and self.app.push_screen(LogVisitScreen(vid)),
                group="today-write", exclusive=False)

    def action_plan_visit(self) -> None:
        item = self._item()
        if item is not None:
            from salesterm.screens.forms.visit_plan import PlanVisitScreen

            self.app.push_screen(PlanVisitScreen(customer_id=item.customer_id))

    def action_new_visit(self) -> None:
        from salesterm.screens.forms.visit_plan import PlanVisitScreen

        self.app.push_screen(PlanVisitScreen(day=self.day))

    def action_edit(self) -> None:
        item = self._item()
        if item is None:
            return
        if item.kind != "visit" or item.status == "done":
            self.app.notify(_("Only a planned visit can be edited"), severity="warning")
            return
        from salesterm.screens.forms.visit_plan import PlanVisitScreen

        self.app.push_screen(PlanVisitScreen(visit_id=item.visit_id))

    def action_cancel_visit(self) -> None:
        item = self._item()
        if item is None:
            return
        if item.kind != "visit" or item.status == "done":
            self.app.notify(_("Only a planned visit can be cancelled"), severity="warning")
            return
        self.db(cancel, item.visit_id, then=lambda ok: ok and self._cancelled(item),
                group="today-write", exclusive=False)

    def action_move(self) -> None:
        item = self._item()
        if item is None:
            return
        if item.kind != "visit" or item.status == "done":
            self.app.notify(_("Only a planned visit can be moved"), severity="warning")
            return
        from salesterm.screens.forms.visit_plan import MoveVisitScreen

        def moved(answer):
            if answer:
                self.db(move, item.visit_id, *answer, then=lambda _ok: self.reload(),
                        group="today-write", exclusive=False)

        self.app.push_screen(MoveVisitScreen(item.customer, item.day, item.slot or "am"), moved)

    def _cancelled(self, item) -> None:
        self.cancelled = item
        self.app.notify(_("Visit cancelled: {name} (u undoes)", name=item.customer), markup=False)
        self.reload()

    def action_undo_cancel(self) -> None:
        item, self.cancelled = getattr(self, "cancelled", None), None
        if item is None:
            self.app.notify(_("Nothing to undo"), severity="warning")
            return

        def restored(ok) -> None:
            if ok:
                self.app.notify(_("Visit planned again: {name}", name=item.customer), markup=False)
                self.reload()

        self.db(restore, item.visit_id, then=restored, group="today-write", exclusive=False)

    def action_open(self) -> None:
        item = self._item()
        if item is not None:
            self.app.open_customer(item.customer_id)

    def action_day(self, step: int) -> None:
        self.day = self.day + timedelta(days=step)
        self.reload()

    def action_week(self) -> None:
        from salesterm.screens.plan import PlanScreen

        self.app.push_screen(PlanScreen(week=self.day, rep=self.rep))

    def action_rep(self) -> None:
        self.rep = next_choice(self.rep, self.reps)
        self.reload()

    def action_search(self) -> None:
        box = self.query_one("#today-search", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#today-search")
    def _search_changed(self) -> None:
        self._show(self._matching())

    @on(Input.Submitted, "#today-search")
    def _search_done(self) -> None:
        self.query_one("#agenda", DataTable).focus()

    def on_key(self, event) -> None:
        box = self.query_one("#today-search", Input)
        if event.key == "escape" and (box.has_focus or box.value):
            box.value = ""
            box.display = False
            self.query_one("#agenda", DataTable).focus()
            event.stop()

    def action_export(self) -> None:
        from salesterm.screens.forms.export_prompt import export_view

        export_view(self, "today")

    def action_coverage(self) -> None:
        from salesterm.screens.coverage import CoverageScreen

        self.app.push_screen(CoverageScreen())
